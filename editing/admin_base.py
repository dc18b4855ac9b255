"""What every pmroles admin page shares: change reasons, safe view-on-site links, reverts
that bring back many-to-many evidence, and a page of deleted objects to restore.

The history views themselves (list with a diff per version, revert form) come from
django-simple-history's SimpleHistoryAdmin; this base adds what editors asked for on top.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from editing.admin_versions import guarded
from responsibilities.history import REASON_ATTRIBUTE, REASON_MAX_LENGTH, clip_reason
from roles.inputs import is_whole_number


def set_request_reason(request, reason: str | None) -> None:
    """Let the historical rows written during this request carry the editor's reason."""
    setattr(request, REASON_ATTRIBUTE, clip_reason(reason))


class ReasonForm(forms.ModelForm):
    """Adds the optional "why" that history shows next to each version."""

    change_reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Why you make this change; shown in the history.",
    )


class EditorAdmin(SimpleHistoryAdmin):
    form = ReasonForm
    change_list_template = "admin/pmroles/change_list.html"

    def view_on_site(self, obj):
        """The public page, or no link while that page does not exist in this build."""
        try:
            return obj.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            return None

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("change_reason", "")
        version = getattr(request, "_pmroles_revert_version", None)
        if not reason and version is not None:
            reason = (
                f"Reverted to the version of {date_format(version.history_date, 'DATETIME_FORMAT')}"
            )
        set_request_reason(request, reason)
        obj._change_reason = getattr(request, "pmroles_change_reason", "")
        super().save_model(request, obj, form, change)

    # -- history: addresses an editor can type must give a 404, never a 500 ------------------
    def _checked_pk(self, object_id: str) -> object:
        """The primary key in `object_id`, or a 404 for text that cannot be one.

        simple-history passes the raw path to the ORM, so `/admin/roles/role/x/history/` and
        `/admin/roles/role/1/change/history/` (object id "1/change") raised a ValueError.
        """
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except (ValidationError, ValueError) as exc:
            raise Http404(f"No {self.model._meta.verbose_name} with id {object_id!r}.") from exc

    def history_view(self, request, object_id, extra_context=None):
        self._checked_pk(object_id)
        return super().history_view(request, object_id, extra_context)

    # -- revert: bring back the version's many-to-many values too --------------------------
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._checked_pk(object_id)
        if not is_whole_number(version_id):
            raise Http404(f"No version {version_id!r}.")
        # simple-history lets anyone who may *view* history submit the revert form; a revert
        # is a change (or, for a deleted object, an addition), so it needs that permission.
        if request.method == "POST" and not (
            self.has_change_permission(request) and self.has_add_permission(request)
        ):
            raise PermissionDenied
        history = self.model.history.model
        version = history.objects.filter(
            **{self.model._meta.pk.attname: unquote(object_id), "history_id": version_id}
        ).first()
        request._pmroles_revert_version = version
        missing = _missing_relations(version.instance) if version is not None else []
        if missing:
            # Its role (say) was deleted with it: restoring it first is the only way back.
            messages.error(
                request,
                f"This {self.model._meta.verbose_name} cannot be restored before "
                + " and ".join(missing)
                + ", deleted too: restore "
                + ("it" if len(missing) == 1 else "them")
                + " first from its Deleted page, then this one.",
            )
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_deleted")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _m2m_names(self) -> list[str]:
        return [f.name for f in getattr(self.model.history.model, "_history_m2m_fields", [])]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = self._revert_form(request, obj, change, **kwargs)
        if (
            obj is None
            or obj.pk is None
            or not self.model._default_manager.filter(pk=obj.pk).exists()
        ):
            return form_class
        return guarded(form_class, self, request, obj)

    def _revert_form(self, request, obj, change, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        version = getattr(request, "_pmroles_revert_version", None)
        if version is None or request.method != "GET":
            return form_class
        initial = {}
        for name in self._m2m_names():
            target = self.model._meta.get_field(name).related_model._meta.model_name
            initial[name] = [getattr(row, f"{target}_id") for row in getattr(version, name).all()]

        class VersionForm(form_class):  # type: ignore[valid-type,misc]  # built per request
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.initial.update(initial)

        return VersionForm

    # -- deleted objects --------------------------------------------------------------------
    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{opts.app_label}_{opts.model_name}_deleted",
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        """Objects whose last version is a deletion, each with a link to restore it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        history = self.model.history
        live = self.model.objects.values("pk")
        pk_name = self.model._meta.pk.attname
        records = (
            history.filter(history_type="-")
            .exclude(**{f"{pk_name}__in": live})
            .select_related("history_user")
            .order_by("-history_date")[:200]
        )
        opts = self.model._meta
        deletions: dict[object, Any] = {}
        for record in records:
            deletions.setdefault(getattr(record, pk_name), record)
        # The deletion row has no many-to-many values left (they go first), so restore from
        # the last version before it.
        last_versions: dict[object, Any] = {}
        for version in (
            history.filter(**{f"{pk_name}__in": list(deletions)})
            .exclude(history_type="-")
            .order_by("-history_date", "-history_id")
        ):
            last_versions.setdefault(getattr(version, pk_name), version)
        rows = [
            {
                "record": record,
                "label": deleted_label(record),
                "restore_url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                    args=[pk, (last_versions.get(pk) or record).history_id],
                ),
            }
            for pk, record in deletions.items()
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": f"Deleted {opts.verbose_name_plural}",
            "rows": rows,
        }
        return TemplateResponse(request, "admin/pmroles/deleted.html", context)


def deleted_label(record) -> str:
    """What a deletion row is called, even when what it pointed at went with it.

    A cascade (a role deleted with its assignments) removes the rows an object's name is
    made of (`Assignment.__str__` names its role), so the name is built from the last
    recorded version of each missing related object; failing that, the model and its id.
    """
    instance = record.history_object
    for field in instance._meta.concrete_fields:
        if not field.is_relation or not getattr(instance, field.attname, None):
            continue
        try:
            getattr(instance, field.name)
        except ObjectDoesNotExist:
            last = _last_version(field.related_model, getattr(instance, field.attname))
            if last is not None:
                setattr(instance, field.name, last)
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return f"{instance._meta.verbose_name} {instance.pk}"


def _missing_relations(instance) -> list[str]:
    """Each related object the instance points at that no longer exists, named ("its role
    “Product Manager”"), from its last recorded version when there is one."""
    missing = []
    for field in instance._meta.concrete_fields:
        pk = getattr(instance, field.attname, None) if field.is_relation else None
        if pk is None or field.related_model._default_manager.filter(pk=pk).exists():
            continue
        last = _last_version(field.related_model, pk)
        name = f"“{last}”" if last is not None else str(pk)
        missing.append(f"its {field.verbose_name} {name}")
    return missing


def _last_version(model, pk):
    """The object as its history last recorded it, or None without a history."""
    history = getattr(model, "history", None)
    if history is None:
        return None
    row = history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date").first()
    return row.instance if row is not None else None
