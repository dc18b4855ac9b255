"""Check the evidence rules over the stored data: every assignment and every dispute position."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Prefetch

from responsibilities.models import Assignment, Basis, DisputePosition, Quote
from responsibilities.rules import (
    agreed_problem,
    assignment_evidence_problems,
    basis_quote_problem,
)


class Command(BaseCommand):
    help = (
        "Check every assignment against the rules in responsibilities/rules.py (R, A and N "
        "need a quote; a stated or described basis cites one; inferred is never Accountable; "
        "questions alone never make an Accountable) and for a rationale, and every dispute "
        "position for at least one quote. Exits non-zero with one sentence per problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("--map", dest="role_map", help="Only this role map (slug).")

    def handle(self, *args, role_map: str | None = None, **options):
        assignments = (
            Assignment.objects.select_related("role_map", "role", "responsibility")
            .prefetch_related(Prefetch("quotes", queryset=Quote.objects.only("pk", "text")))
            .order_by("role_map__slug", "responsibility__slug", "role__slug")
        )
        positions = (
            DisputePosition.objects.select_related("dispute")
            .annotate(quote_count=Count("quotes", distinct=True))
            .order_by("dispute__slug", "key")
        )
        if role_map:
            assignments = assignments.filter(role_map__slug=role_map)

        problems = []
        by_basis = {choice: 0 for choice in Basis.values}
        for assignment in assignments:
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
            for problem in found:
                problems.append(f"{where}: {problem}")
            if not assignment.rationale.strip():
                problems.append(
                    f"{where}: the assignment has no rationale naming the wording it rests on."
                )
            by_basis[assignment.basis] = by_basis.get(assignment.basis, 0) + 1
        position_count = 0
        for position in positions:
            position_count += 1
            if position.quote_count < 1:
                problems.append(
                    f"Dispute {position.dispute.slug}, position {position.key}: the position "
                    "cites no quote; every position must be taken by at least one quote."
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
                f"Evidence holds: {total} assignments ({counts}) and {position_count} dispute "
                "positions all meet the rules."
            )
        )
