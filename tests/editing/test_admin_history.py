"""History in the admin: who changed what and why, a diff per version, revert, restore."""

import pytest
from django.urls import reverse

from responsibilities.models import Assignment, Quote
from tests.editing.admin_helpers import form_data
from tests.factories import AssignmentFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def _edit_quote(client, quote, text, reason=""):
    url = reverse("admin:responsibilities_quote_change", args=[quote.pk])
    data = {**form_data(client.get(url)), "text": text, "change_reason": reason}
    response = client.post(url, data)
    assert response.status_code == 302
    return response


def test_history_shows_the_change_its_author_and_reason(staff_editor_client, staff_editor):
    quote = QuoteFactory(text="First words.")
    _edit_quote(staff_editor_client, quote, "Second words.", reason="Typo in the source copy")
    url = reverse("admin:responsibilities_quote_history", args=[quote.pk])
    html = staff_editor_client.get(url).content.decode()
    assert "Typo in the source copy" in html
    assert ">staff_editor<" in html
    # the readable diff: field, old value, new value
    assert "First words." in html and "Second words." in html
    latest = quote.history.latest("history_date")
    assert (latest.history_user, latest.text) == (staff_editor, "Second words.")


def test_revert_restores_the_earlier_text(staff_editor_client):
    quote = QuoteFactory(text="First words.")
    first = quote.history.earliest("history_date")
    _edit_quote(staff_editor_client, quote, "Second words.")
    url = reverse("admin:responsibilities_quote_simple_history", args=[quote.pk, first.pk])
    response = staff_editor_client.get(url)
    assert "First words." in response.content.decode()
    response = staff_editor_client.post(url, form_data(response))
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.text == "First words."
    assert quote.history.latest("history_date").history_change_reason.startswith(
        "Reverted to the version of"
    )


def test_revert_brings_back_the_quotes_of_an_assignment(staff_editor_client, reference_map):
    old, new = QuoteFactory(), QuoteFactory()
    assignment = AssignmentFactory(quotes=[old], level="R")
    version = assignment.history.latest("history_date")
    assignment.quotes.set([new])
    url = reverse(
        "admin:responsibilities_assignment_simple_history", args=[assignment.pk, version.pk]
    )
    response = staff_editor_client.post(url, form_data(staff_editor_client.get(url)))
    assert response.status_code == 302
    assert list(assignment.quotes.all()) == [old]


def test_a_deleted_object_can_be_restored(staff_editor_client, reference_map):
    quote = QuoteFactory()
    assignment = AssignmentFactory(quotes=[quote], level="R", note="Keep me")
    pk = assignment.pk
    delete_url = reverse("admin:responsibilities_assignment_delete", args=[pk])
    assert staff_editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Assignment.objects.filter(pk=pk).exists()

    listing = staff_editor_client.get(reverse("admin:responsibilities_assignment_deleted"))
    (row,) = listing.context["rows"]
    response = staff_editor_client.get(row["restore_url"])
    response = staff_editor_client.post(row["restore_url"], form_data(response))
    assert response.status_code == 302
    restored = Assignment.objects.get(pk=pk)
    assert (restored.note, list(restored.quotes.all())) == ("Keep me", [quote])
    listing = staff_editor_client.get(reverse("admin:responsibilities_assignment_deleted"))
    assert listing.context["rows"] == []


def test_readers_cannot_revert(client, db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    reader = UserFactory(username="reader", is_staff=True)
    reader.groups.add(Group.objects.get(name="Readers"))
    client.force_login(reader)
    quote = QuoteFactory(text="Stay.")
    version = quote.history.earliest("history_date")
    url = reverse("admin:responsibilities_quote_simple_history", args=[quote.pk, version.pk])
    assert (
        client.get(reverse("admin:responsibilities_quote_history", args=[quote.pk])).status_code
        == 200
    )
    response = client.post(url, {"key": quote.key, "text": "Changed", "source": quote.source_id})
    assert response.status_code == 403
    assert Quote.objects.get(pk=quote.pk).text == "Stay."
