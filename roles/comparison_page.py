"""The comparison, bounded like the compare page: the summary over everything, one page of rows.

`roles.comparison.compare()` reads every part of the chosen roles with their evidence,
which the downloads (CSV, Markdown, XLSX) want; answered as JSON it grew with the map (2 MiB
and a second for four roles of a large map). This is what the API's JSON reads instead:
the counts, overlaps and "where each role stands alone" from the holder masks' one GROUP BY
(roles.holder_masks, the same numbers as the page), and one page of rows in the order the
full comparison lists them (responsibilities by area, then shared qualities). The paging
rule is the pages' (roles.inputs); the queries are the same at any size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, Value, When

from responsibilities.models import Kind, Quote

from .comparison import AttributeRow, Cell, RoleSummary, Row, attribute_rows
from .holder_masks import Summary, contrasts, parts_of, stated_for, summarise
from .inputs import check_page
from .models import Contrast, Role, RoleMap

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


@dataclass
class ComparisonPage:
    roles: list[Role]
    summary: Summary
    attributes: list[AttributeRow]
    rows: list[Row]  # this page's
    count: int  # rows in the whole comparison (responsibilities and shared qualities)
    page: int
    pages: int
    page_size: int
    contrasts: list[Contrast]  # the first MAX_CONTRASTS
    contrast_count: int

    @property
    def shared_count(self) -> int:
        return self.summary.shared_by_all

    @property
    def union_count(self) -> int:
        return self.summary.union

    @property
    def overlap(self) -> float:
        """Jaccard index over the responsibilities each role holds at R or A."""
        return self.shared_count / self.union_count if self.union_count else 0.0

    @property
    def pairwise(self) -> list[tuple[Role, Role, float]]:
        return [(p.first, p.second, p.overlap) for p in self.summary.pairs]

    @property
    def summaries(self) -> list[RoleSummary]:
        """Per role: held, held alone, and the (at most two) areas where it stands alone most."""
        alone = {s.index: [name for name, _ in s.areas] for s in self.summary.standouts}
        return [
            RoleSummary(role, held, only, alone.get(i, []))
            for i, (role, held, only) in enumerate(self.summary.per_role)
        ]

    @property
    def differences_in_words(self) -> str:
        return "; ".join(s.in_words for s in self.summaries)


def comparison_page(
    role_map: RoleMap, roles: Sequence[Role], *, page: int, page_size: int = PAGE_SIZE
) -> ComparisonPage:
    """Page `page` (from roles.inputs.parse_page) of the comparison of `roles`; an InputError
    past the last page. Rows carry their parts (level, basis, rationale, quote ids)."""
    stated = stated_for(role_map, roles)
    count = stated.count()
    pages = check_page(page, count, page_size)
    quality_last = Case(
        When(kind=Kind.SHARED_QUALITY, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    parts = parts_of(role_map, roles).prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.only("pk"))
    )
    start = (page - 1) * page_size
    fetched = (
        stated.select_related("area")
        .prefetch_related(Prefetch("assignments", queryset=parts, to_attr="chosen_parts"))
        .annotate(quality_last=quality_last)
        .order_by("quality_last", "area__order", "area__name", "order", "name", "pk")[
            start : start + page_size
        ]
    )
    rows = []
    for responsibility in fetched:
        by_role = {a.role_id: a for a in getattr(responsibility, "chosen_parts")}  # noqa: B009
        rows.append(Row(responsibility, [Cell(role, by_role.get(role.pk)) for role in roles]))
    found, contrast_count = contrasts(role_map, roles)
    return ComparisonPage(
        roles=list(roles),
        summary=summarise(role_map, roles),
        attributes=attribute_rows(roles),
        rows=rows,
        count=count,
        page=page,
        pages=pages,
        page_size=page_size,
        contrasts=found,
        contrast_count=contrast_count,
    )
