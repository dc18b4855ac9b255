"""The admin's import page: upload a file, check it, dry-run it, apply it.

The page is the same import as `import_roles` (editing.services), with the same refusals.
A dry run's answer carries the map's revision it saw in the form (`seen_revision`, hidden),
so an apply after someone else changed the map is refused (editing/import_guard.py); a
file exported from an older revision of the map is refused unless the editor ticks
"Replace newer changes".
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from . import services
from .interchange import FORMATS, FormatError, Problem, check_size, detect_format, load
from .interchange.xlsx import XLSX, WorkbookRefused, max_bytes, size_in_words

OVERWRITE_LABEL = "Replace newer changes"


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A pmroles-rolemap file (.json, .yaml or .csv), or an XLSX workbook as the "
        "matrix page exports it."
    )
    format = forms.ChoiceField(
        choices=[("", "From the file name"), *[(f, f.upper()) for f in (*FORMATS, XLSX)]],
        required=False,
    )
    map = forms.SlugField(
        required=False,
        help_text="XLSX only: the map to import into (created when it does not exist).",
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, help_text="Report what would change; write nothing."
    )
    overwrite_newer = forms.BooleanField(
        required=False,
        label=OVERWRITE_LABEL,
        help_text="Import even if the map changed after the file was exported: those later "
        "changes are replaced by the file's values.",
    )
    change_reason = forms.CharField(required=False, max_length=100)
    # The map and revision the last dry run saw; an apply refuses a map changed since.
    seen_revision = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)


def import_view(modeladmin, request):
    """Upload a file; problems are listed and nothing changes, as with import_roles."""
    if not may_import(request.user):
        raise PermissionDenied
    problems, report = [], None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            workbook = _is_xlsx(upload.name, data["format"])
            if workbook:
                document = _workbook_document(upload, data["map"])
            else:
                fmt = detect_format(upload.name, data["format"] or None)
                check_size(upload.size)  # before reading: the upload is on disk until then
                document = load(upload.read().decode("utf-8-sig"), fmt)
            report = services.import_role_map(
                document=document,
                dry_run=data["dry_run"],
                user=request.user,
                reason=data["change_reason"] or f"Admin import {upload.name}",
                remove_missing=workbook,
                overwrite_newer=data["overwrite_newer"],
                seen_at_dry_run=None if data["dry_run"] else data["seen_revision"] or None,
            )
        except UnicodeDecodeError:
            problems = ["file: not UTF-8 text."]
        except FormatError as exc:
            problems = [f"file: {exc}"]
        except services.StaleImport as stale:
            problems = [stale.sentence(f"tick “{OVERWRITE_LABEL}” and import it again")]
        except (services.ImportRefused, WorkbookRefused) as refused:
            problems = [str(p) for p in refused.problems]
        if report is not None and report.dry_run:
            # The confirm form: the same choices, not a dry run, the revision seen now.
            form = ImportForm(
                initial={
                    **{k: data[k] for k in ("format", "map", "change_reason")},
                    "dry_run": False,
                    "seen_revision": report.revision,
                }
            )
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": "Import a role map",
        "form": form,
        "problems": problems,
        "report": report,
    }
    return TemplateResponse(request, "admin/pmroles/import.html", context)


def _is_xlsx(name: str, fmt: str) -> bool:
    return fmt == XLSX or (not fmt and name.lower().endswith(".xlsx"))


def _workbook_document(upload, map_slug: str) -> dict:
    """The document of an uploaded workbook; its size is checked before it is read."""
    if not map_slug:
        raise WorkbookRefused([Problem("map", "an XLSX import needs the map to import into.")])
    if upload.size > max_bytes():
        raise WorkbookRefused(
            [
                Problem(
                    "file",
                    f"the file is {size_in_words(upload.size)}; an XLSX import takes at most "
                    f"{size_in_words(max_bytes())}.",
                )
            ]
        )
    return services.workbook_document(upload.read(), map_slug=map_slug)


def may_import(user) -> bool:
    perms = [
        f"{m._meta.app_label}.{action}_{m._meta.model_name}"
        for m in apps.get_models()
        # The content editors curate: every domain model the admin shows (not history, not
        # bookkeeping such as the data version).
        if m._meta.app_label in {"roles", "responsibilities"} and admin.site.is_registered(m)
        for action in ("add", "change")
    ]
    return user.is_active and user.is_staff and user.has_perms(perms)
