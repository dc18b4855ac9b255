"""Shared helpers for the import/export tests: a snapshot of everything an import could touch."""

import io
import json

from django.apps import apps
from django.core.management import call_command

from editing.interchange import build_document
from roles.models import RoleMap


def snapshot() -> dict:
    """Row counts of every content and history table, plus every map as a document."""
    labels = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in {"roles", "responsibilities"}
    ]
    return {
        "counts": {label: apps.get_model(label).objects.count() for label in labels},
        "maps": {
            m.slug: _without_time(build_document(m)) for m in RoleMap.objects.order_by("slug")
        },
    }


def _without_time(document: dict) -> dict:
    """The document less when it was built (its revision stays: a write would move it)."""
    document.pop("exported_at", None)
    return document


def unstamped(exported):
    """An export less its stamp (the map's revision and the time): what two exports of the
    same data in different databases, or at different moments, share. A document, or the
    text of a JSON, YAML or CSV export."""
    if isinstance(exported, dict):
        return {k: v for k, v in exported.items() if k not in ("revision", "exported_at")}
    stamps = ("revision:", "exported_at:", "meta,,revision,", "meta,,exported_at,")
    lines = exported.splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith(stamps))
    if text.lstrip().startswith("{"):
        return unstamped(json.loads(text))
    return text


def export_text(fmt: str = "json", map_slug: str = "reference") -> str:
    out = io.StringIO()
    call_command("export_roles", "--format", fmt, "--map", map_slug, stdout=out)
    return out.getvalue()


def write(tmp_path, document, name: str = "map.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return str(path)


def run_import(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
