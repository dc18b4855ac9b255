"""No silent overwrite by an import (issue 17): a file exported before someone changed the
map, or an apply after a dry run the map has moved on from, is refused with who changed it
and when, and nothing is written; `--overwrite-newer` (the admin's "Replace newer changes")
applies it anyway. A file that records no revision still imports, with a warning."""

import json
import threading

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from editing.interchange import dump
from responsibilities.history import recording
from responsibilities.models import Assignment
from tests.editing.admin_helpers import form_data
from tests.editing.interchange_helpers import export_text, run_import, snapshot, write
from tests.factories import RoleMapFactory, UserFactory, small_role_map

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/roles/rolemap/import/"


def _asked(role_map) -> Assignment:
    """The Consulted part whose note the file and another editor both change."""
    return Assignment.objects.get(
        role_map=role_map, role__slug="product-manager", responsibility__slug="backlog"
    )


def _edited_export(fmt: str) -> str:
    """The map exported as `fmt`, with the Consulted part's note edited in the file."""
    document = json.loads(export_text("json"))
    for part in document["assignments"]:
        if (part["role"], part["responsibility"]) == ("product-manager", "backlog"):
            part["note"] = "Edited in the file."
    return dump(document, fmt)


def _ann_changes(role_map, note="Ann's note.") -> None:
    ann = UserFactory(username="ann")
    with recording(user=ann, reason="A later change"):
        part = _asked(role_map)
        part.note = note
        part.save()


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv"])
def test_a_file_exported_before_a_change_is_refused(reference_map, tmp_path, fmt):
    """GIVEN the map exported as JSON, YAML or CSV and a note edited in the file
    WHEN Ann then changes the same note in the map, and the file is imported
    THEN the import is refused saying the map changed after the export, by ann, and how to
    go on; Ann's note is kept and nothing else changed (history included)."""
    small_role_map(reference_map)
    text = _edited_export(fmt)
    _ann_changes(reference_map)
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        run_import(write(tmp_path, text, f"map.{fmt}"))
    message = str(refused.value)
    assert "The map 'reference' changed after this file was exported" in message
    assert "ann changed it at" in message and "Nothing was changed" in message
    assert "or run the import again with --overwrite-newer to replace those changes" in message
    assert snapshot() == before
    assert _asked(reference_map).note == "Ann's note."


def test_overwrite_newer_replaces_the_later_change(reference_map, tmp_path):
    small_role_map(reference_map)
    path = write(tmp_path, _edited_export("json"))
    _ann_changes(reference_map)
    with pytest.raises(CommandError):
        run_import(path, "--dry-run")  # the dry run says the same
    run_import(path, "--overwrite-newer")
    assert _asked(reference_map).note == "Edited in the file."


def test_a_file_exported_after_the_change_imports(reference_map, tmp_path):
    small_role_map(reference_map)
    _ann_changes(reference_map)
    run_import(write(tmp_path, _edited_export("json")))
    assert _asked(reference_map).note == "Edited in the file."


def test_importing_an_applied_file_again_is_not_stale(reference_map, tmp_path):
    """The first import moved the map on; the second changes nothing, so overwrites nothing."""
    small_role_map(reference_map)
    path = write(tmp_path, _edited_export("json"))
    run_import(path)
    before = snapshot()
    run_import(path)
    assert snapshot() == before


def test_a_change_to_another_map_does_not_make_the_file_stale(reference_map, tmp_path):
    small_role_map(reference_map)
    path = write(tmp_path, _edited_export("yaml"), "map.yaml")
    other = RoleMapFactory(slug="other")
    other.name = "Other, renamed"
    other.save()
    run_import(path)
    assert _asked(reference_map).note == "Edited in the file."


def test_a_file_without_a_revision_imports_with_a_warning(reference_map, tmp_path):
    small_role_map(reference_map)
    document = json.loads(_edited_export("json"))
    del document["revision"], document["exported_at"]
    _ann_changes(reference_map)
    out, err = run_import(write(tmp_path, document), "--dry-run")
    assert "records no revision of the map" in err and "cannot be detected" in err
    assert "would change assignments 'product-manager/backlog' (note)" in out
    run_import(write(tmp_path, document))
    assert _asked(reference_map).note == "Edited in the file."


def test_a_revision_that_is_not_text_is_a_problem(reference_map, tmp_path):
    small_role_map(reference_map)
    document = yaml.safe_load(_edited_export("yaml"))
    document["revision"] = 7
    with pytest.raises(CommandError, match="1 problem"):
        run_import(write(tmp_path, document))


# --- the admin's import page, two sessions -------------------------------------------------


def _session(username: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, is_staff=True, is_superuser=True))
    return client


def _upload(client, text: str, **fields):
    upload = SimpleUploadedFile("map.json", text.encode(), content_type="application/json")
    return client.post(IMPORT_URL, {"file": upload, **fields})


def _bob_edits_in_the_admin(role_map) -> None:
    bob = _session("bob")
    url = reverse("admin:responsibilities_assignment_change", args=[_asked(role_map).pk])
    data = form_data(bob.get(url))
    data["note"] = "Bob's note."
    assert bob.post(url, data).status_code == 302


def test_an_apply_after_the_map_changed_since_the_dry_run_is_refused(reference_map):
    """GIVEN Ann's dry run of a file on the admin's import page (the confirm form carries
    the revision her dry run saw)
    WHEN Bob then changes the map in his own session, and Ann applies the file
    THEN Ann's apply is refused: the map changed after her dry run, by bob; Bob's note is
    kept. Her second dry run and apply go through."""
    small_role_map(reference_map)
    text = _edited_export("json")
    ann = _session("ann")
    dry = _upload(ann, text, dry_run="on")
    assert dry.status_code == 200 and "Dry run: nothing was changed." in dry.content.decode()
    seen = dry.context["form"]["seen_revision"].value()
    assert seen.startswith("reference e")
    assert dry.context["form"]["dry_run"].value() is False

    _bob_edits_in_the_admin(reference_map)
    before = snapshot()
    refused = _upload(ann, text, seen_revision=seen, overwrite_newer="on")
    html = refused.content.decode()
    assert "The map &#x27;reference&#x27; changed after your dry run: bob changed it at" in html
    assert "run the dry run again" in html
    assert snapshot() == before
    assert _asked(reference_map).note == "Bob's note."

    again = _upload(ann, text, dry_run="on", overwrite_newer="on")
    applied = _upload(
        ann,
        text,
        overwrite_newer="on",
        seen_revision=again.context["form"]["seen_revision"].value(),
    )
    assert "Imported." in applied.content.decode()
    assert _asked(reference_map).note == "Edited in the file."


def test_the_admin_refuses_a_stale_file_unless_told_to_replace_newer_changes(reference_map):
    small_role_map(reference_map)
    text = _edited_export("json")
    ann = _session("ann")
    _bob_edits_in_the_admin(reference_map)
    refused = _upload(ann, text)
    html = refused.content.decode()
    assert "changed after this file was exported" in html and "bob changed it at" in html
    assert "or tick “Replace newer changes” and import it again to replace those changes" in html
    assert _asked(reference_map).note == "Bob's note."
    applied = _upload(ann, text, overwrite_newer="on")
    assert "Imported." in applied.content.decode()
    assert _asked(reference_map).note == "Edited in the file."


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite lets one writer in at a time; the row lock is PostgreSQL's (CI runs it).",
)
@pytest.mark.django_db(transaction=True)
def test_an_import_waits_for_a_save_in_progress_and_then_refuses(reference_map, tmp_path):
    """GIVEN a file exported from the map, and Ann's save of the same note in progress in
    her own thread and transaction (not yet committed)
    WHEN the file is imported meanwhile from another thread
    THEN the import waits for Ann's commit (the version rows are locked), sees her change
    and is refused; her note is kept. Without the lock the import would read the old
    revision, queue behind her row and then write over it."""
    small_role_map(reference_map)
    path = write(tmp_path, _edited_export("json"))
    ann = UserFactory(username="ann")
    saved, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def ann_saves():
        try:
            with transaction.atomic(), recording(user=ann, reason="A later change"):
                part = _asked(reference_map)
                part.note = "Ann's note."
                part.save()
                saved.set()
                release.wait(10)
        finally:
            connections.close_all()

    def import_file():
        try:
            run_import(path)
            outcome["result"] = "imported"
        except CommandError as exc:
            outcome["result"] = str(exc)
        finally:
            connections.close_all()

    saver = threading.Thread(target=ann_saves)
    saver.start()
    assert saved.wait(10)
    importer = threading.Thread(target=import_file)
    importer.start()
    importer.join(1.0)
    assert importer.is_alive(), "the import did not wait for the save in progress"
    release.set()
    saver.join()
    importer.join(20)
    assert "changed after this file was exported" in outcome["result"]
    assert _asked(reference_map).note == "Ann's note."
