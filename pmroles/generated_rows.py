"""Which rows are generated data (pmroles/benchdata.py), and the housekeeping around them.

Generated rows are told apart by their slugs (and quote keys), which start ``gen-``, and by
their map, ``generated``: existing() counts them, delete() removes exactly them and every
many-to-many row pointing at them (around signals, cascades and history, as they were
written), and analyze() refreshes the planner's statistics of the tables written after a
bulk load.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models

from responsibilities import version_writes
from responsibilities.models import Area, Assignment, Quote, Responsibility, Source
from roles.models import Role, RoleMap

PREFIX = "gen-"
MAP_SLUG = "generated"


def existing() -> dict[str, int]:
    """How many generated rows of each kind are in the database (all zero: none)."""
    return {
        "role maps": RoleMap.objects.filter(slug=MAP_SLUG).count(),
        "roles": Role.objects.filter(slug__startswith=PREFIX).count(),
        "areas": Area.objects.filter(slug__startswith=PREFIX).count(),
        "responsibilities": Responsibility.objects.filter(slug__startswith=PREFIX).count(),
        "sources": Source.objects.filter(slug__startswith=PREFIX).count(),
        "quotes": Quote.objects.filter(key__startswith=PREFIX).count(),
    }


def delete() -> None:
    """Remove the generated rows and every many-to-many row that points at them."""
    role_map = RoleMap.objects.filter(slug=MAP_SLUG)
    generated = {
        RoleMap: role_map,
        Role: Role.objects.filter(slug__startswith=PREFIX),
        Area: Area.objects.filter(slug__startswith=PREFIX),
        Responsibility: Responsibility.objects.filter(slug__startswith=PREFIX),
        Source: Source.objects.filter(slug__startswith=PREFIX),
        Quote: Quote.objects.filter(key__startswith=PREFIX),
    }
    assignments = Assignment.objects.filter(
        models.Q(role_map__in=role_map)
        | models.Q(role__in=generated[Role])
        | models.Q(responsibility__in=generated[Responsibility])
    )
    generated[Assignment] = assignments
    # Many-to-many rows first: any through table of our apps with a side that is generated.
    for model in [*apps.get_app_config("roles").get_models(), *_responsibility_models()]:
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            condition = models.Q()
            if model in generated:
                condition |= models.Q(**{f"{source}__in": generated[model].values("pk")})
            if field.related_model in generated:
                condition |= models.Q(
                    **{f"{target}__in": generated[field.related_model].values("pk")}
                )
            if condition:
                _raw_delete(through.objects.filter(condition))
    # Then the rows, children before parents; raw deletes skip history and cascades.
    for model in (Assignment, Quote, Source, Responsibility, Area, Role, RoleMap):
        # Evaluate the ids first: a DELETE whose subquery reads the same table is not
        # allowed everywhere (MySQL), and the filters above join across tables.
        ids = list(generated[model].values_list("pk", flat=True))
        for start in range(0, len(ids), 10_000):
            _raw_delete(model.objects.filter(pk__in=ids[start : start + 10_000]))
    version_writes.bump()


def _responsibility_models():
    return apps.get_app_config("responsibilities").get_models()


WRITTEN = (Role, RoleMap, Area, Responsibility, Assignment, Source, Quote)


def analyze() -> str:
    """Refresh the planner's statistics of every table generate() writes; say what was done.

    PostgreSQL plans from statistics that autovacuum refreshes only some time after a bulk
    load; until then it plans 100,000 assignments as if the table were empty (a 4-role
    comparison once took 3.8 s for want of them, 21 ms after ANALYZE). SQLite keeps no
    statistics unless asked and plans well enough without: nothing to do there.
    """
    if connection.vendor != "postgresql":
        return f"Statistics: nothing to refresh on {connection.vendor}."
    tables = []
    for model in WRITTEN:
        tables.append(model._meta.db_table)
        tables += [field.m2m_db_table() for field in model._meta.many_to_many]
    quoted = ", ".join(connection.ops.quote_name(table) for table in sorted(set(tables)))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {quoted}")
    return f"Statistics: ANALYZE of the {len(set(tables))} tables written."


def _raw_delete(queryset) -> int:
    # QuerySet._raw_delete issues one DELETE without collecting related objects or sending
    # signals; every relation to these rows is removed explicitly above.
    return queryset._raw_delete(queryset.db)
