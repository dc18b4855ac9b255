"""Roles and responsibilities that only the generated benchmark map uses become its own.

Before team maps every role and responsibility was shared, so `generate_data` put its
`gen-` roles and responsibilities in the catalogue every map shows. Forward, an entry with
parts in the `generated` map and in no other map becomes that map's own (`map` set); an
entry with no parts anywhere stays shared (it may be a responsibility "not stated in the
sources"). Backward, every own entry goes back to the shared catalogue, because the schema
before 0009 has one catalogue with unique names and slugs: an own entry whose name or slug
another entry already has gets the map's slug appended (nothing is deleted).

Plain queryset updates, so no history record is written: nobody edited these rows.
"""

from django.db import migrations
from django.db.models import Q

GENERATED = "generated"


def own_generated(apps, schema_editor):
    RoleMap = apps.get_model("roles", "RoleMap")
    Role = apps.get_model("roles", "Role")
    Responsibility = apps.get_model("responsibilities", "Responsibility")
    Assignment = apps.get_model("responsibilities", "Assignment")
    generated = RoleMap.objects.filter(slug=GENERATED).first()
    if generated is None:
        return
    here = Assignment.objects.filter(role_map=generated)
    elsewhere = Assignment.objects.exclude(role_map=generated)
    for model, column in ((Role, "role_id"), (Responsibility, "responsibility_id")):
        model.objects.filter(map__isnull=True, pk__in=here.values(column)).exclude(
            pk__in=elsewhere.values(column)
        ).update(map=generated)


def share_all(apps, schema_editor):
    Role = apps.get_model("roles", "Role")
    Responsibility = apps.get_model("responsibilities", "Responsibility")
    for model in (Role, Responsibility):
        shared = model.objects.filter(map__isnull=True)
        taken_slugs = {slug.lower() for slug in shared.values_list("slug", flat=True)}
        taken_names = set(shared.values_list("name", flat=True))
        own = model.objects.filter(map__isnull=False).select_related("map").order_by("pk")
        renamed = []
        for entry in own.only("pk", "slug", "name", "map__slug"):
            if entry.slug.lower() in taken_slugs or entry.name in taken_names:
                entry.slug = _free(f"{entry.slug}-{entry.map.slug}"[:110], taken_slugs)
                entry.name = _free(f"{entry.name} ({entry.map.slug})", taken_names, lower=False)
                renamed.append(entry)
            taken_slugs.add(entry.slug.lower())
            taken_names.add(entry.name)
        for entry in renamed:
            model.objects.filter(pk=entry.pk).update(slug=entry.slug, name=entry.name)
        model.objects.filter(map__isnull=False).update(map=None)


def _free(wanted, taken, lower=True):
    found, n = wanted, 2
    while (found.lower() if lower else found) in taken:
        found = f"{wanted}-{n}"
        n += 1
    return found


class Migration(migrations.Migration):
    dependencies = [
        ("responsibilities", "0009_team_maps"),
        ("roles", "0003_team_maps"),
    ]

    operations = [migrations.RunPython(own_generated, share_all)]
