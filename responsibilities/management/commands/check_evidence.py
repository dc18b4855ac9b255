"""Check the evidence rules over the stored data: assignments, positions, role attributes."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from responsibilities.evidence_audit import (
    ATTRIBUTE_WORDING,
    AccountablePart,
    PositionView,
    disputed_attribute_problems,
    ownership_wording_problems,
    shared_ownership_quote_problems,
)
from responsibilities.models import Assignment, Basis, DisputePosition, Level, Quote
from responsibilities.rules import agreed_problem, assignment_evidence_problems, basis_quote_problem


class Command(BaseCommand):
    help = (
        "Check every assignment against the rules in responsibilities/rules.py (R, A and N "
        "need a quote; a stated or described basis cites one; inferred is never Accountable; "
        "questions alone never make an Accountable; an Accountable part names ownership "
        "wording in its rationale and its quotes; one quote backs one role's Accountable "
        "parts) and for a rationale, every dispute position for at least one quote, and every "
        "role in a dispute for attributes set on the disputed point. Exits non-zero with one "
        "sentence per problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("--map", dest="role_map", help="Only this role map (slug).")

    def handle(self, *args, role_map: str | None = None, **options):
        assignments = (
            Assignment.objects.select_related("role_map", "role", "responsibility")
            .prefetch_related(Prefetch("quotes", queryset=Quote.objects.only("pk", "key", "text")))
            .order_by("role_map__slug", "responsibility__slug", "role__slug")
        )
        positions = DisputePosition.objects.select_related("dispute").prefetch_related(
            "roles", Prefetch("quotes", queryset=Quote.objects.only("pk", "text"))
        )
        if role_map:
            assignments = assignments.filter(role_map__slug=role_map)

        problems: list[str] = []
        by_basis = {choice: 0 for choice in Basis.values}
        accountable: list[AccountablePart] = []
        for assignment in assignments:
            problems.extend(self._assignment_problems(assignment))
            by_basis[assignment.basis] = by_basis.get(assignment.basis, 0) + 1
            if assignment.level == Level.ACCOUNTABLE and assignment.basis != Basis.AGREED:
                accountable.append(
                    AccountablePart(
                        role_map=assignment.role_map.slug,
                        role=assignment.role.slug,
                        responsibility=assignment.responsibility.slug,
                        quotes=tuple(quote.key for quote in assignment.quotes.all()),
                    )
                )
        problems.extend(shared_ownership_quote_problems(accountable))

        views, roles = [], {}
        for position in positions.order_by("dispute__slug", "key"):
            if not position.quotes.all():
                problems.append(
                    f"Dispute {position.dispute.slug}, position {position.key}: the position "
                    "cites no quote; every position must be taken by at least one quote."
                )
            named = list(position.roles.all())
            roles.update({role.slug: role for role in named})
            views.append(
                PositionView(
                    dispute=position.dispute.slug,
                    key=position.key,
                    roles=frozenset(role.slug for role in named),
                    quote_texts=tuple(quote.text for quote in position.quotes.all()),
                )
            )
        for slug, role in sorted(roles.items()):
            attributes = {name: getattr(role, name) for name in ATTRIBUTE_WORDING}
            problems.extend(
                disputed_attribute_problems(role=slug, attributes=attributes, positions=views)
            )

        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} evidence problem(s) found.")
        # The team's own decisions are counted only where there are some (team maps).
        counts = ", ".join(
            f"{count} {basis}"
            for basis, count in by_basis.items()
            if count or basis != Basis.AGREED
        )
        total = sum(by_basis.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Evidence holds: {total} assignments ({counts}), {len(views)} dispute "
                f"positions and the attributes of {len(roles)} role(s) in disputes all meet the "
                "rules."
            )
        )

    @staticmethod
    def _assignment_problems(assignment: Assignment) -> list[str]:
        """Every rule one assignment breaks, each as a sentence that says where."""
        where = (
            f"{assignment.role_map.slug}: {assignment.role.slug} / "
            f"{assignment.responsibility.slug} ({assignment.level}, {assignment.basis})"
        )
        texts = [quote.text for quote in assignment.quotes.all()]
        found = assignment_evidence_problems(
            level=assignment.level,
            basis=assignment.basis,
            quote_count=len(texts),
            quote_texts=texts,
        )
        agreed = agreed_problem(
            basis=assignment.basis,
            map_kind=assignment.role_map.kind,
            rationale=assignment.rationale,
        )
        if agreed:
            found.append(agreed)
        basis_quote = basis_quote_problem(basis=assignment.basis, quote_count=len(texts))
        # R, A and N without a quote already have their sentence; say it once.
        if basis_quote and not found:
            found.append(basis_quote)
        if assignment.basis != Basis.AGREED:  # the team's decision claims no source wording
            found.extend(
                ownership_wording_problems(
                    level=assignment.level, rationale=assignment.rationale, quote_texts=texts
                )
            )
        if not assignment.rationale.strip():
            found.append("the assignment has no rationale naming the wording it rests on.")
        return [f"{where}: {problem}" for problem in found]
