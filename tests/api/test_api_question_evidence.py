"""The API applies the rule book's question rule: questions alone never make an Accountable."""

import pytest

from responsibilities.models import Assignment, Level
from tests.factories import AssignmentFactory, QuoteFactory, ResponsibilityFactory, RoleFactory

pytestmark = pytest.mark.django_db

QUESTION = "Who decides whether to build or to buy?"


@pytest.fixture
def po_and_work(reference_map):
    return RoleFactory(slug="po"), ResponsibilityFactory(slug="build-or-buy")


def test_accountable_resting_only_on_a_question_is_a_400(editor_client, po_and_work):
    question = QuoteFactory(text=QUESTION)
    response = editor_client.post(
        "/api/v1/assignments/",
        {"role": "po", "responsibility": "build-or-buy", "level": "A", "quotes": [question.pk]},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "only quotes are questions" in response.json()["quotes"][0]
    assert not Assignment.objects.exists()


def test_a_statement_beside_the_question_is_enough(editor_client, po_and_work):
    quotes = [QuoteFactory(text=QUESTION), QuoteFactory(text="The product owner decides.")]
    response = editor_client.post(
        "/api/v1/assignments/",
        {
            "role": "po",
            "responsibility": "build-or-buy",
            "level": "A",
            "quotes": [q.pk for q in quotes],
        },
        format="json",
    )
    assert response.status_code == 201, response.content


def test_raising_a_question_backed_part_to_accountable_is_a_400(editor_client, po_and_work):
    role, work = po_and_work
    part = AssignmentFactory(
        role=role, responsibility=work, level=Level.CONSULTED, quotes=[QuoteFactory(text=QUESTION)]
    )
    response = editor_client.patch(f"/api/v1/assignments/{part.pk}/", {"level": "A"}, format="json")
    assert response.status_code == 400, response.content
    assert "only quotes are questions" in response.json()["quotes"][0]
    part.refresh_from_db()
    assert part.level == Level.CONSULTED
