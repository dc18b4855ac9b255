"""Admin forms with the editorial rules, checked before anything is saved.

Rule chosen for "R or A without a quote": an error, not a warning. Every Responsible or
Accountable claim is the site's main statement about a role, and pmroles promises that each
claim has verbatim evidence; a claim without a quote would be published as unsupported.
(Consulted and Informed need no quote.) Imports report such rows as warnings only, so that
older files still load; the admin is where claims are made and checked.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError

from .admin_base import ReasonForm
from .models import Assignment, Level, Quote

NEEDS_EVIDENCE = (Level.RESPONSIBLE, Level.ACCOUNTABLE)
EVIDENCE_MESSAGE = (
    "A Responsible or Accountable part needs at least one quote as evidence. "
    "Add the quote that says so, or choose Consulted or Informed."
)


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["role_map", "role", "responsibility", "level", "note", "quotes"]

    def clean(self):
        cleaned = super().clean()
        quotes = cleaned.get("quotes")
        if cleaned.get("level") in NEEDS_EVIDENCE and not quotes:
            self.add_error("quotes", EVIDENCE_MESSAGE)
        return cleaned


class AssignmentAdminForm(ReasonForm, AssignmentForm):
    class Meta(AssignmentForm.Meta):
        pass


class AssignmentFormSet(forms.BaseInlineFormSet):
    """Catches two Accountable rows for one responsibility submitted together on one page.

    Each form's model clean() only sees the database, where neither row exists yet.
    """

    def clean(self):
        super().clean()
        accountable = defaultdict(list)
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if not form.has_changed() and form.instance.pk is None:
                continue
            assignment = form.instance
            if form.cleaned_data.get("level") == Level.ACCOUNTABLE:
                key = (assignment.role_map_id, assignment.responsibility_id)
                accountable[key].append(assignment)
        problems = []
        for rows in accountable.values():
            if len(rows) > 1:
                roles = " and ".join(f"“{row.role}”" for row in rows)
                problems.append(
                    f"{roles} are both marked Accountable for “{rows[0].responsibility}” in "
                    f"map “{rows[0].role_map}”. A responsibility has at most one Accountable "
                    "role per map: make all but one Responsible."
                )
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
