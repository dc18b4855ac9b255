"""Editing in the admin: inlines save, and each rule stops the save with a clear message."""

import pytest
from django.urls import reverse

from responsibilities.models import Assignment, Level, Quote
from tests.editing.admin_helpers import add_inline_row, form_data
from tests.editing.interchange_helpers import snapshot
from tests.factories import (
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def _role_page(client, role):
    url = reverse("admin:roles_role_change", args=[role.pk])
    return url, client.get(url)


def test_role_page_lists_assignments_by_area(staff_editor_client, reference_map):
    role = RoleFactory()
    later = AssignmentFactory(role=role, responsibility__area__order=9, quotes=[QuoteFactory()])
    first = AssignmentFactory(role=role, responsibility__area__order=1, quotes=[QuoteFactory()])
    # One area at a time: the first area with assignments, then the one asked for.
    url, response = _role_page(staff_editor_client, role)
    rows = [f.instance for f in response.context["inline_admin_formsets"][1].formset.forms]
    assert rows == [first]
    response = staff_editor_client.get(f"{url}?area={later.responsibility.area.slug}")
    rows = [f.instance for f in response.context["inline_admin_formsets"][1].formset.forms]
    assert rows == [later]


def test_inline_assignment_saves_from_the_role_page(staff_editor_client, reference_map):
    assignment = AssignmentFactory(level=Level.CONSULTED)
    quote = QuoteFactory()
    url, response = _role_page(staff_editor_client, assignment.role)
    data = form_data(response)
    data["assignments-0-level"] = Level.RESPONSIBLE
    data["assignments-0-quotes"] = [str(quote.pk)]
    data["change_reason"] = "Source says so"
    response = staff_editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assignment.refresh_from_db()
    assert assignment.level == Level.RESPONSIBLE
    assert list(assignment.quotes.all()) == [quote]
    assert assignment.history.latest("history_date").history_change_reason == "Source says so"


def test_r_or_a_without_a_quote_is_an_error(staff_editor_client, reference_map):
    assignment = AssignmentFactory(level=Level.CONSULTED)
    url, response = _role_page(staff_editor_client, assignment.role)
    data = form_data(response)
    data["assignments-0-level"] = Level.ACCOUNTABLE
    before = snapshot()
    response = staff_editor_client.post(url, data)
    assert response.status_code == 200
    assert "needs at least one quote from a source" in response.content.decode()
    assert snapshot() == before


def test_two_accountable_rows_on_one_page_are_refused(staff_editor_client, reference_map):
    responsibility = ResponsibilityFactory(name="Roadmap")
    quote = QuoteFactory()
    AssignmentFactory(responsibility=responsibility, role=RoleFactory(name="PM"), level="C")
    AssignmentFactory(responsibility=responsibility, role=RoleFactory(name="PO"), level="I")
    url = reverse("admin:responsibilities_responsibility_change", args=[responsibility.pk])
    data = form_data(staff_editor_client.get(url))
    for n in (0, 1):
        data[f"assignments-{n}-level"] = Level.ACCOUNTABLE
        data[f"assignments-{n}-quotes"] = [str(quote.pk)]
    before = snapshot()
    response = staff_editor_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "are both marked Accountable for “Roadmap”" in html
    assert snapshot() == before


def test_second_accountable_against_the_database_is_refused(staff_editor_client, reference_map):
    responsibility = ResponsibilityFactory(name="Pricing")
    quote = QuoteFactory()
    AssignmentFactory(
        responsibility=responsibility, role=RoleFactory(name="PMM"), level="A", quotes=[quote]
    )
    role = RoleFactory()
    url, response = _role_page(staff_editor_client, role)
    data = form_data(response)
    add_inline_row(
        data,
        "assignments",
        {
            "role_map": str(reference_map.pk),
            "responsibility": str(responsibility.pk),
            "level": "A",
            "quotes": [str(quote.pk)],
        },
    )
    before = snapshot()
    response = staff_editor_client.post(url, data)
    assert "PMM is already Accountable for “Pricing”" in response.content.decode()
    assert snapshot() == before
    assert not Assignment.objects.filter(role=role).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "   "}, "A quote needs its verbatim text."),
        ({"source": ""}, "A quote needs its source"),
    ],
)
def test_quote_without_text_or_source_is_refused(staff_editor_client, change, message):
    quote = QuoteFactory(text="Original words.")
    url = reverse("admin:responsibilities_quote_change", args=[quote.pk])
    data = {**form_data(staff_editor_client.get(url)), **change}
    response = staff_editor_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    quote.refresh_from_db()
    assert quote.text == "Original words."


def test_new_quote_needs_a_source(staff_editor_client):
    response = staff_editor_client.post(
        reverse("admin:responsibilities_quote_add"), {"key": "k", "text": "Words."}
    )
    assert "A quote needs its source" in response.content.decode()
    assert not Quote.objects.exists()


def test_quote_page_shows_what_it_supports(staff_editor_client, reference_map):
    quote = QuoteFactory(source=SourceFactory())
    assignment = AssignmentFactory(quotes=[quote], level="R")
    url = reverse("admin:responsibilities_quote_change", args=[quote.pk])
    html = staff_editor_client.get(url).content.decode()
    assert f"Assignment: {assignment}" in html


def test_lists_count_and_filter(staff_editor_client, reference_map):
    quote = QuoteFactory()
    assignment = AssignmentFactory(level="A", quotes=[quote])
    AssignmentFactory(responsibility=assignment.responsibility, level="C")
    url = reverse("admin:responsibilities_responsibility_changelist")
    response = staff_editor_client.get(url, {"assignments__level__exact": "A"})
    rows = list(response.context["cl"].result_list)
    assert rows == [assignment.responsibility]
    assert rows[0].assignment_count == 2
    response = staff_editor_client.get(reverse("admin:responsibilities_source_changelist"))
    assert [s.quote_count for s in response.context["cl"].result_list] == [1]
