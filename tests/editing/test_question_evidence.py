"""A question is no evidence of ownership: the admin and the import refuse such an A."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from responsibilities.models import Level
from tests.editing.admin_helpers import form_data
from tests.editing.interchange_helpers import export_text, snapshot, write
from tests.factories import AssignmentFactory, QuoteFactory, small_role_map

pytestmark = pytest.mark.django_db

QUESTION = "What makes sense to build versus buy?"
REFUSAL = "whose only quotes are questions cannot be Accountable"


def test_admin_refuses_an_accountable_part_resting_only_on_a_question(
    staff_editor_client, reference_map
):
    assignment = AssignmentFactory(role_map=reference_map, level=Level.CONSULTED)
    question = QuoteFactory(text=QUESTION)
    url = reverse("admin:roles_role_change", args=[assignment.role.pk])
    data = form_data(staff_editor_client.get(url))
    data["assignments-0-level"] = Level.ACCOUNTABLE
    data["assignments-0-quotes"] = [str(question.pk)]
    before = snapshot()
    response = staff_editor_client.post(url, data)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert snapshot() == before
    # the same question beside a statement is fine: the statement carries the claim
    statement = QuoteFactory(text="They decide what to build versus buy.")
    data["assignments-0-quotes"] = [str(question.pk), str(statement.pk)]
    response = staff_editor_client.post(url, data)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.level == Level.ACCOUNTABLE


def _import_refused(path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_roles", path, stderr=err, stdout=io.StringIO())
    return err.getvalue()


def test_import_refuses_an_accountable_part_citing_a_question_in_the_file(reference_map, tmp_path):
    small_role_map(reference_map)
    document = json.loads(export_text())
    accountable = next(a for a in document["assignments"] if a["level"] == "A")
    cited = accountable["quotes"]
    for quote in document["quotes"]:
        if quote["key"] in cited:
            quote["text"] = QUESTION
    before = snapshot()
    err = _import_refused(write(tmp_path, document))
    assert snapshot() == before
    assert REFUSAL in err


def test_import_refuses_an_accountable_part_citing_a_stored_question(reference_map, tmp_path):
    small_role_map(reference_map)
    QuoteFactory(key="stored-question", text=QUESTION)
    document = json.loads(export_text())
    accountable = next(a for a in document["assignments"] if a["level"] == "A")
    accountable["quotes"] = ["stored-question"]  # in the database, not in the file
    before = snapshot()
    err = _import_refused(write(tmp_path, document))
    assert snapshot() == before
    assert REFUSAL in err
