"""What pages, the API and the domain read of assignments: AssignmentQuerySet, beside the
model (assignments.py), which makes it its manager."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import RowNumber

from ..levels import HOLDING_LEVELS, Basis, Level
from .catalogue import Kind
from .evidence import Quote
from .kept_order import by_ids
from .visibility import visible_in_q

if TYPE_CHECKING:
    from roles.models import Role, RoleMap

    from .assignments import Assignment
    from .visibility import MapRef


# A role page's order: by area, then the responsibility's place in it.
ROLE_PAGE_ORDER = (
    "responsibility__area__order",
    "responsibility__order",
    "responsibility__name",
    "pk",
)


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def get_by_natural_key(self, role_map: str, role: str, responsibility: str):
        """Role and responsibility slugs are unique among what the map sees."""
        return self.get(
            Q(role__map__isnull=True) | Q(role__map__slug=role_map),
            Q(responsibility__map__isnull=True) | Q(responsibility__map__slug=role_map),
            role_map__slug=role_map,
            role__slug=role,
            responsibility__slug=responsibility,
        )

    def in_map(self, role_map: MapRef) -> AssignmentQuerySet:
        return self.filter(role_map=role_map)

    def health_parts(self, role_map: RoleMap) -> AssignmentQuerySet:
        """The parts of one map that map health (roles/health.py) can name in a finding: every
        Accountable or inferred part, and every part of a responsibility that no role the map
        sees is Accountable for. The others (nine in ten in a generated map) are only counted."""
        # NOT IN, not NOT EXISTS: PostgreSQL hashes the subquery once either way, but
        # estimates the correlated form at a cost that sets off its JIT compiler (0.6 s).
        accountable = self.model.objects.filter(
            visible_in_q(role_map, "role__"), role_map=role_map, level=Level.ACCOUNTABLE
        ).values("responsibility_id")
        return self.filter(role_map=role_map).filter(
            Q(level=Level.ACCOUNTABLE)
            | Q(basis=Basis.INFERRED)
            | ~Q(responsibility_id__in=accountable)
        )

    def accountable_for(self, role_map_id: int, responsibility_id: int) -> AssignmentQuerySet:
        """The Accountable assignment (at most one) for a responsibility in a map."""
        return self.filter(
            role_map_id=role_map_id, responsibility_id=responsibility_id, level=Level.ACCOUNTABLE
        ).select_related("role")

    def with_evidence(self) -> AssignmentQuerySet:
        return self.select_related(
            "role_map__based_on", "role", "responsibility__area"
        ).prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))

    def for_role_list(self, role_map: MapRef) -> AssignmentQuerySet:
        """Assignments in one map in a role page's order (area, responsibility), with evidence."""
        return (
            self.filter(role_map=role_map)
            .select_related("responsibility__area")
            .prefetch_related(Prefetch("quotes", queryset=Quote.objects.with_source()))
            .order_by(*ROLE_PAGE_ORDER)
        )

    def role_page_order(
        self, role_map: MapRef, role_ids: list[int]
    ) -> models.QuerySet[Assignment, tuple[int, int]]:
        """These roles' parts in one map as (role id, part id), each role's in its page's order:
        what a role page keeps of its parts (roles/role_page.py)."""
        return (
            self.filter(role_map=role_map, role_id__in=role_ids)
            .order_by(*ROLE_PAGE_ORDER)
            .values_list("role_id", "pk")
        )

    def by_ids(self, ids: list[int]) -> list[Assignment]:
        """These among `ids`, in the order of `ids` (a role page's, kept per role)."""
        return by_ids(self, ids)

    def level_counts(self, role_map: MapRef, role_ids: list[int]) -> dict[int, dict[str, int]]:
        """{role id: {level: number of assignments}} in one map, in one aggregate query."""
        counts: dict[int, dict[str, int]] = {pk: {} for pk in role_ids}
        rows = (
            self.filter(role_map=role_map, role_id__in=role_ids)
            .order_by()
            .values_list("role_id", "level")
            .annotate(n=Count("pk"))
        )
        for role_id, level, n in rows:
            counts[role_id][level] = n
        return counts

    def area_counts(self, role_map: MapRef, role: Role) -> list[dict[str, Any]]:
        """How many assignments a role has in each area of one map, in area order."""
        rows = (
            self.filter(role_map=role_map, role=role)
            .order_by()
            .values_list(
                "responsibility__area__order",
                "responsibility__area__slug",
                "responsibility__area__name",
            )
            .annotate(n=Count("pk"))
        )
        return [
            {"area": slug, "area_name": name, "count": n}
            for _, slug, name, n in sorted(rows, key=lambda row: (row[0], row[1]))
        ]

    def parts_by_role(self):
        """Rows of role_id, level, basis, how many assignments, how many without a quote.

        One grouped query whatever the number of roles (roles.coverage reads it).
        """
        return (
            self.values("role_id", "level", "basis")
            .annotate(
                count=Count("id", distinct=True),
                unquoted=Count("id", filter=Q(quotes__isnull=True), distinct=True),
            )
            .order_by()
        )

    def tally_by_role(self):
        """Rows of role_id, its parts and its holding (R or A) parts: no join and no DISTINCT,
        so one hashed pass over the parts (map health's tally: 60 ms for 300,000 parts, where
        counting them beside their quotes took 600)."""
        return (
            self.values("role_id")
            .annotate(
                parts=Count("id"), holding=Count("id", filter=Q(level__in=sorted(HOLDING_LEVELS)))
            )
            .order_by()
            .values_list("role_id", "parts", "holding")
        )

    def evidence_by_role(self):
        """Rows of role_id, its assignments, distinct quotes and sources behind them."""
        return (
            self.values("role_id")
            .annotate(
                parts_count=Count("id", distinct=True),
                quotes_count=Count("quotes", distinct=True),
                sources_count=Count("quotes__source", distinct=True),
            )
            .order_by()
        )

    def parts_in(self, role_map: MapRef, responsibility_ids: list[int]) -> AssignmentQuerySet:
        """Every role's level in the given responsibilities (the finder): no evidence, no
        joins, only the columns a score and its explanation (level and basis) need."""
        return self.filter(role_map=role_map, responsibility_id__in=responsibility_ids).only(
            "id", "role_id", "responsibility_id", "level", "basis"
        )

    def holders_of(self, role_map: MapRef, responsibility_ids: list[int]):
        """Who has a part in each of the given responsibilities (search and finder results
        say who holds what), as plain rows: responsibility id, level, the role's
        abbreviation, name and order. A stated "no part" is not a holder. One query, and no
        model instances: a finder area has 2,000 of them, whose building cost more than
        the query."""
        return (
            self.filter(role_map=role_map, responsibility_id__in=responsibility_ids)
            .exclude(level=Level.NO_PART)
            .order_by()
            .values_list(
                "responsibility_id",
                "level",
                "role__abbreviation",
                "role__name",
                "role__order",
            )
        )

    def also_holding(
        self, role_map: MapRef, excluding: list[int], per_role: int
    ) -> AssignmentQuerySet:
        """Work each role holds (R or A) besides `excluding`: its first `per_role` (the
        oldest), each row carrying `held`, the role's total, so a role holding thousands
        costs `per_role` rows (one query with window functions; ordering the window by id,
        not by name, keeps the sort narrow)."""
        partition = [models.F("role_id")]
        return (
            self.filter(
                role_map=role_map,
                level__in=sorted(HOLDING_LEVELS),
                responsibility__kind=Kind.RESPONSIBILITY,
            )
            .exclude(responsibility_id__in=excluding)
            .annotate(
                position=models.Window(
                    RowNumber(),
                    partition_by=partition,
                    order_by=[models.F("responsibility_id").asc()],
                ),
                held=models.Window(Count("id"), partition_by=partition),
            )
            .filter(position__lte=per_role)
            .select_related("responsibility")
            .only("id", "role_id", "level", "responsibility__slug", "responsibility__name")
            .order_by("role_id", "position")
        )
