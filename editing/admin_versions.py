"""No silent overwrite in the admin: a change form carries the version it was loaded at.

Two editors who opened the same object both saw "saved", and the first one's change was
undone (issue 17, finding 1). The change form now carries a hidden `loaded_version`: the
object's latest history id and, for each inline model, the latest history id among its
rows pointing at the object. Saving compares it with the version now, with the row locked
(the admin's save runs in a transaction), so of two saves based on the same version the
second is refused: the form comes back with the editor's values still in it, a message
saying who changed what, and the current version, so pressing Save again applies theirs.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.db.models import Max
from django.utils.formats import date_format

VERSION_FIELD = "loaded_version"


def _latest_history_id(model, **filters) -> int:
    history = getattr(model, "history", None)
    if history is None:
        return 0
    return history.filter(**filters).aggregate(latest=Max("history_id"))["latest"] or 0


def version_of(obj, inline_models) -> str:
    """The object's version: its latest history id, then one per inline model."""
    parts = [str(_latest_history_id(type(obj), **{obj._meta.pk.attname: obj.pk}))]
    for model in inline_models:
        fk = next(
            (
                f
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is type(obj)
            ),
            None,
        )
        if fk is not None:
            parts.append(str(_latest_history_id(model, **{fk.attname: obj.pk})))
    return ":".join(parts)


def _versions(obj, loaded: str):
    """(the version the editor loaded or None, the current one) from the object's history."""
    records = type(obj).history.filter(**{obj._meta.pk.attname: obj.pk})
    loaded_id = loaded.split(":", 1)[0]
    before = records.filter(history_id=loaded_id).first() if loaded_id.isdigit() else None
    return before, records.order_by("-history_id").first()


def _describe_change(obj, before, current, changes) -> str:
    """Who changed the object since the loaded version, and what, in a sentence."""
    model = type(obj)
    if current is None or (before is not None and current.history_id == before.history_id):
        return f"Rows shown inside this {model._meta.verbose_name} were changed."
    who = current.history_user or "Someone"
    when = date_format(current.history_date, "DATETIME_FORMAT")
    what = "; ".join(
        f"{model._meta.get_field(c.field).verbose_name}: “{c.old}” → “{c.new}”" for c in changes
    )
    return f"{who} saved this {model._meta.verbose_name} at {when}: {what or 'see its history'}."


def _field_changes(before, current) -> list:
    if before is None or current is None or before.history_id == current.history_id:
        return []
    return list(current.diff_against(before).changes)


def guarded(form_class, admin, request, obj):
    """The admin's change form for `obj`, carrying and checking its loaded version."""
    inline_models = [inline.model for inline in admin.get_inline_instances(request, obj)]

    class VersionGuardedForm(form_class):  # type: ignore[valid-type,misc]  # built per request
        data: Any  # the submitted QueryDict, copied when the version is replaced

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields[VERSION_FIELD] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=version_of(obj, inline_models)
            )

        def clean(self):
            cleaned = super().clean()
            if connection.in_atomic_block:
                # Wait for a save of the same object in progress, then compare.
                list(type(obj)._default_manager.select_for_update().filter(pk=obj.pk).values("pk"))
            current = version_of(obj, inline_models)
            loaded = (self.data.get(self.add_prefix(VERSION_FIELD)) or "").strip()
            if loaded != current:
                before, latest = _versions(obj, loaded)
                changes = _field_changes(before, latest)
                self.data = self.data.copy()
                self.data[self.add_prefix(VERSION_FIELD)] = current
                self._take_theirs_where_untouched(changes)
                raise forms.ValidationError(
                    "Someone else saved this since you opened it, so nothing of yours was "
                    "saved. "
                    + _describe_change(obj, before, latest, changes)
                    + " Your values are still in the form below, with their changes to the "
                    "fields you left alone: check it and press Save again to apply yours.",
                    code="stale",
                )
            return cleaned

        def _take_theirs_where_untouched(self, changes) -> None:
            """A field the other editor changed and this one left as loaded shows the
            other's value, so saving again applies this editor's changes, not the old
            values of everything else."""
            for change in changes:
                name = self.add_prefix(change.field)
                if isinstance(change.old, list) or change.field not in self.fields:
                    continue  # many-to-many: left as this editor submitted it
                old = "" if change.old is None else str(change.old)
                if str(self.data.get(name, "")) == old:
                    self.data[name] = "" if change.new is None else str(change.new)

    return VersionGuardedForm
