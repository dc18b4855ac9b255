"""Admin forms: they ask responsibilities.rules before anything is saved.

An R or A part without a quote is an error (the rule book says why); two Accountable rows
for one responsibility submitted together on one page are caught here, because each row's
own clean() only sees the database, where neither row exists yet.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from responsibilities.models import Assignment, Quote
from responsibilities.rules import (
    Claim,
    accountable_batch_problems,
    evidence_problem,
    question_problem,
    team_change,
)

from .admin_base import ReasonForm


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = [
            "role_map",
            "role",
            "responsibility",
            "level",
            "basis",
            "rationale",
            "decided_on",
            "decided_by",
            "note",
            "quotes",
        ]

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        quotes = list(cleaned.get("quotes") or [])
        level = cleaned.get("level")
        self._apply_team_change(cleaned, quotes)
        basis = cleaned.get("basis")
        for problem in (
            evidence_problem(level=level, quote_count=len(quotes), basis=basis),
            question_problem(
                level=level, quote_texts=[quote.text for quote in quotes], basis=basis
            ),
        ):
            if problem:
                self.add_error("quotes", problem)
        return cleaned

    def _apply_team_change(self, cleaned, quotes) -> None:
        """In a team map, a changed level without a new quote is the team's decision."""
        before = self.instance
        if before.pk is None or "basis" not in cleaned:
            return
        role_map = cleaned.get("role_map")
        change = team_change(
            map_kind=getattr(role_map, "kind", None),
            before_level=before.level,
            before_basis=before.basis,
            before_rationale=before.rationale,
            before_quote_ids=before.quotes.values_list("pk", flat=True),
            level=cleaned.get("level"),
            basis=cleaned["basis"],
            rationale=cleaned.get("rationale") or "",
            quote_ids=[quote.pk for quote in quotes],
        )
        cleaned["basis"], cleaned["rationale"] = change.basis, change.rationale
        if "rationale" not in self.fields:  # inline rows without the column still get it
            self.instance.rationale = change.rationale


class AssignmentAdminForm(ReasonForm, AssignmentForm):
    class Meta(AssignmentForm.Meta):
        pass


class AssignmentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        claims = []
        for form in self.forms:
            # _should_delete_form is BaseFormSet's own helper; the stubs leave it out.
            deleted = self._should_delete_form(form)  # type: ignore[attr-defined]
            if not hasattr(form, "cleaned_data") or deleted:
                continue
            if not form.has_changed() and form.instance.pk is None:
                continue
            assignment = form.instance
            claims.append(
                Claim(
                    role=assignment.role,
                    responsibility=assignment.responsibility,
                    role_map=assignment.role_map,
                    level=form.cleaned_data.get("level"),
                )
            )
        problems = accountable_batch_problems(claims)
        if problems:
            raise ValidationError(problems)


class QuoteAdminForm(ReasonForm):
    class Meta:
        model = Quote
        fields = ["key", "source", "text", "locator"]
        error_messages = {
            "source": {"required": "A quote needs its source: choose the article it comes from."},
            "text": {"required": "A quote needs its verbatim text."},
        }

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        if not text.strip():
            raise ValidationError("A quote needs its verbatim text.")
        return text
