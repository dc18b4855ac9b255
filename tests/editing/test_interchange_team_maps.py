"""Interchange version 2 carries team maps: kind, status, review fields, own roles and
responsibilities, agreed parts; version 1 files still import."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from responsibilities.models import Area, Assignment, Quote, Responsibility, Source
from roles.models import Contrast, Role, RoleMap, RoleVariant
from tests.editing.interchange_helpers import unstamped

pytestmark = pytest.mark.django_db


def _export(slug: str, fmt: str = "json") -> str:
    out = io.StringIO()
    call_command("export_roles", "--format", fmt, "--map", slug, stdout=out)
    return out.getvalue()


def _import(tmp_path, text: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    err = io.StringIO()
    try:
        call_command("import_roles", str(path), stdout=io.StringIO(), stderr=err)
    except Exception:
        raise AssertionError(err.getvalue()) from None


def _empty_the_database() -> None:
    for model in (Assignment, Contrast, RoleVariant, Role, Responsibility, Quote, Source, Area):
        model.objects.all().delete()
    RoleMap.objects.filter(based_on__isnull=False).delete()
    RoleMap.objects.all().delete()


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv"])
def test_export_then_import_into_an_empty_database_reproduces_a_team_map(tmp_path, team_maps, fmt):
    """GIVEN the acme team map (own role and responsibility, agreed parts, a review date)
    WHEN acme is exported, the database emptied (but for the empty map acme is based on)
    and the file imported
    THEN exporting acme again gives exactly the same document
    """
    RoleMap.objects.filter(slug="acme").update(
        status="draft", last_reviewed=datetime.date(2026, 11, 1), review_every_days=90
    )
    Assignment.objects.filter(role_map__slug="acme").update(
        decided_on=datetime.date(2026, 11, 5), decided_by="Product leadership"
    )
    acme = _export("acme", fmt)
    document = json.loads(_export("acme"))
    assert document["map"]["kind"] == "team" and document["map"]["status"] == "draft"
    own = {r["slug"] for r in document["roles"] if r["own"]}
    assert own == {"scrum-master"}
    assert "eng-manager" not in {r["slug"] for r in document["roles"]}
    _empty_the_database()
    RoleMap.objects.create(slug="reference", name="Map reference")
    _import(tmp_path, acme, f"acme.{fmt}")
    assert unstamped(_export("acme", fmt)) == unstamped(acme)
    scrum = Role.objects.get(slug="scrum-master")
    assert scrum.map.slug == "acme"
    part = Assignment.objects.get(role=scrum)
    assert (part.basis, part.decided_on, part.decided_by) == (
        "agreed",
        datetime.date(2026, 11, 5),
        "Product leadership",
    )


def test_a_version_1_file_still_imports_as_a_published_reference_map(tmp_path, sample):
    document = json.loads(_export("reference"))
    document["version"] = 1
    for key in ("kind", "status", "last_reviewed", "review_every_days"):
        del document["map"][key]
    for section in ("roles", "responsibilities"):
        for record in document[section]:
            del record["own"]
    # The sample has R and A parts without quotes, which an import refuses: leave them out.
    document["assignments"] = [
        a for a in document["assignments"] if a["quotes"] or a["level"] in ("C", "I")
    ]
    for record in document["assignments"]:
        del record["decided_on"], record["decided_by"]
    document["map"].update(slug="old", name="Old map")
    _import(tmp_path, json.dumps(document), "old.json")
    old = RoleMap.objects.get(slug="old")
    assert (old.kind, old.status, old.last_reviewed) == ("reference", "published", None)
    assert old.assignments.count() == len(document["assignments"]) > 0
    assert not Role.objects.filter(map__isnull=False).exists()


def test_an_own_flag_that_is_not_yes_or_no_is_refused(tmp_path, team_maps):
    document = json.loads(_export("acme"))
    document["roles"][0]["own"] = "perhaps"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    err = io.StringIO()
    with pytest.raises(Exception):  # noqa: B017  (CommandError: the command exits non-zero)
        call_command("import_roles", str(path), stdout=io.StringIO(), stderr=err)
    assert "must be true (the map's own) or false (shared)" in err.getvalue()


@pytest.mark.parametrize("slug", ["product-manager", "Product-Manager"])
def test_an_own_slug_that_repeats_a_shared_one_is_refused(tmp_path, team_maps, slug):
    """GIVEN acme's export with its own Scrum Master renamed to the slug of the shared product
    manager (in any case) WHEN it is imported THEN the command exits non-zero with a sentence
    naming the slug and where it is in the file, and nothing changes (the shared role stays
    shared, acme keeps its Scrum Master)."""
    from tests.editing.interchange_helpers import snapshot

    document = json.loads(_export("acme"))
    index = next(i for i, r in enumerate(document["roles"]) if r["own"])
    document["roles"][index]["slug"] = slug
    document["roles"] = [r for r in document["roles"] if r["own"] or r["slug"] != slug.lower()]
    index = next(i for i, r in enumerate(document["roles"]) if r["own"])
    for part in document["assignments"]:
        if part["role"] == "scrum-master":
            part["role"] = slug
    path = tmp_path / "clash.json"
    path.write_text(json.dumps(document))
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(Exception):  # noqa: B017  (CommandError: the command exits non-zero)
        call_command("import_roles", str(path), stdout=io.StringIO(), stderr=err)
    assert (
        f"roles[{index}].slug: The slug “{slug}” is already used by the role “Product Manager” "
        "in the shared catalogue"
    ) in err.getvalue()
    assert "A map's own entry cannot repeat a shared one." in err.getvalue()
    assert snapshot() == before
    assert Role.objects.get(slug="product-manager").map_id is None
