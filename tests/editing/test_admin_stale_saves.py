"""No silent overwrite in the admin: two editors, one object (issue 17, finding 1).

Both editors load the change form, both save: the second save is refused with a message
naming who changed what, their values stay in the form, and saving again applies them.
Two real sessions (two test clients, each logged in); and real threads on PostgreSQL.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from responsibilities.models import Assignment, Quote
from tests.editing.admin_helpers import form_data
from tests.factories import AssignmentFactory, QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db


def _session(username: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, is_staff=True, is_superuser=True))
    return client


def test_the_second_of_two_editors_is_refused_and_keeps_their_values(reference_map):
    """GIVEN Ann and Bob with the same quote's change form open
    WHEN Ann saves a new locator, then Bob saves a new text
    THEN Bob's save is refused (200, the form again) with Ann's name and her change, Bob's
    text is still in the form, Ann's change is kept; Bob's second save applies his text."""
    quote = QuoteFactory(text="Original words.", locator="p. 1")
    url = reverse("admin:responsibilities_quote_change", args=[quote.pk])
    ann, bob = _session("ann"), _session("bob")
    ann_form, bob_form = form_data(ann.get(url)), form_data(bob.get(url))

    assert ann.post(url, {**ann_form, "locator": "p. 2"}).status_code == 302
    refused = bob.post(url, {**bob_form, "text": "Bob's words."})

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone else saved this since you opened it" in html
    assert "ann saved this quote" in html
    assert "“p. 1” → “p. 2”" in html
    assert refused.context["adminform"].form["text"].value() == "Bob's words."
    quote.refresh_from_db()
    assert (quote.text, quote.locator) == ("Original words.", "p. 2")

    again = bob.post(url, form_data(refused))
    assert again.status_code == 302
    quote.refresh_from_db()
    assert (quote.text, quote.locator) == ("Bob's words.", "p. 2")


def test_a_save_without_the_loaded_version_is_refused(staff_editor_client, reference_map):
    quote = QuoteFactory(text="Original words.")
    url = reverse("admin:responsibilities_quote_change", args=[quote.pk])
    data = form_data(staff_editor_client.get(url))
    del data["loaded_version"]
    response = staff_editor_client.post(url, {**data, "text": "Changed."})
    assert response.status_code == 200
    assert Quote.objects.get(pk=quote.pk).text == "Original words."


@pytest.mark.parametrize("model", ["responsibilities_quote", "roles_role"])
def test_the_change_page_sends_the_loaded_version(staff_editor_client, reference_map, model):
    """The hidden field is in the page's HTML, not only in the form object: a browser sends
    only what the page draws, and without it every save would be refused as stale."""
    assignment = AssignmentFactory(quotes=[QuoteFactory()])
    obj = assignment.quotes.first() if model == "responsibilities_quote" else assignment.role
    response = staff_editor_client.get(reverse(f"admin:{model}_change", args=[obj.pk]))
    version = response.context["adminform"].form["loaded_version"].value()
    html = response.content.decode()
    assert f'<input type="hidden" name="loaded_version" value="{version}"' in html


def test_the_revert_page_sends_the_loaded_version(staff_editor_client, reference_map):
    """The history's revert form (its own template) draws the hidden field too."""
    quote = QuoteFactory()
    first = quote.history.earliest("history_id")
    url = reverse("admin:responsibilities_quote_simple_history", args=[quote.pk, first.history_id])
    response = staff_editor_client.get(url)
    version = response.context["adminform"].form["loaded_version"].value()
    html = response.content.decode()
    assert f'<input type="hidden" name="loaded_version" value="{version}"' in html


def test_an_inline_change_makes_the_parent_form_stale(reference_map):
    """GIVEN two editors with the same role open (its assignments inline)
    WHEN one changes an assignment on its own page
    THEN the other's save of the role is refused: it would write back the old rows."""
    assignment = AssignmentFactory(level="C")
    role_url = reverse("admin:roles_role_change", args=[assignment.role.pk])
    assignment_url = reverse("admin:responsibilities_assignment_change", args=[assignment.pk])
    ann, bob = _session("ann"), _session("bob")
    bob_form = form_data(bob.get(role_url))
    ann_form = form_data(ann.get(assignment_url))
    assert ann.post(assignment_url, {**ann_form, "note": "Ann's note"}).status_code == 302
    refused = bob.post(role_url, bob_form)
    assert refused.status_code == 200
    assert "Someone else saved this since you opened it" in refused.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).note == "Ann's note"


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite lets one writer in at a time; the row lock is PostgreSQL's (CI runs it).",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_the_same_version_one_wins(reference_map):
    """GIVEN eight editors with the same quote's form loaded (same version)
    WHEN they all save at once, each their own text, from their own thread and connection
    THEN exactly one save is a redirect (saved) and seven get the form back; the quote
    holds the winner's text and its history one change."""
    quote = QuoteFactory(text="Original words.")
    url = reverse("admin:responsibilities_quote_change", args=[quote.pk])
    editors = [_session(f"editor{i}") for i in range(8)]
    forms = [form_data(client.get(url)) for client in editors]
    barrier = threading.Barrier(len(editors))
    statuses: list = [None] * len(editors)

    def save(i):
        try:
            barrier.wait()
            statuses[i] = editors[i].post(url, {**forms[i], "text": f"Editor {i}."}).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(editors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 7 + [302], statuses
    winner = statuses.index(302)
    assert Quote.objects.get(pk=quote.pk).text == f"Editor {winner}."
    assert Quote.history.filter(id=quote.pk, history_type="~").count() == 1
