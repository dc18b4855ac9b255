"""What RecordedHistory (responsibilities/history.py) leaves out of simple-history's work,
and that what it records is unchanged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from responsibilities.models import Assignment, Level
from roles.models import Role
from tests.factories import AssignmentFactory, QuoteFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_the_history_manager_class_is_built_once():
    first, second = type(Role.history), type(Role.history)
    assert first is second
    role = RoleFactory()
    assert type(role.history) is first
    assert list(role.history.values_list("history_type", flat=True)) == ["+"]


def test_a_new_row_reads_no_many_to_many_rows_and_later_changes_record_them():
    """
    GIVEN a part created without quotes, then given two quotes, then one taken away
    WHEN its history is read
    THEN the created row holds no quotes, and each later row holds the quotes it had then;
    creating the part read nothing from its many-to-many table.
    """
    base = AssignmentFactory()  # the map, role and responsibility, made outside the count
    first, second = QuoteFactory(), QuoteFactory()
    through = Assignment.quotes.through._meta.db_table
    with CaptureQueriesContext(connection) as created:
        part = Assignment.objects.create(
            role_map=base.role_map,
            role=RoleFactory(),
            responsibility=base.responsibility,
            level=Level.RESPONSIBLE,
        )
    assert not [q for q in created.captured_queries if through in q["sql"]]
    part.quotes.add(first, second)
    part.quotes.remove(first)
    rows = part.history.order_by("history_id")
    recorded = [
        (row.history_type, sorted(row.quotes.values_list("quote_id", flat=True))) for row in rows
    ]
    assert recorded == [
        ("+", []),
        ("~", sorted([first.pk, second.pk])),
        ("~", [second.pk]),
    ]


def test_a_change_still_records_the_many_to_many_rows_it_has():
    quote = QuoteFactory()
    part = AssignmentFactory(quotes=[quote])
    part.rationale = "Changed"
    part.save()
    latest = part.history.latest()
    assert latest.history_type == "~"
    assert list(latest.quotes.values_list("quote_id", flat=True)) == [quote.pk]
