"""The data version: every kind of domain write advances it; reading it costs 0–1 queries."""

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from responsibilities import versioning
from responsibilities.models import Area, Assignment, DataVersion, Level
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    RoleFactory,
    RoleVariantFactory,
)

pytestmark = pytest.mark.django_db


def _advances(write) -> bool:
    before = versioning.current()
    write()
    after = versioning.current()
    return after.number > before.number and after.changed_at >= before.changed_at


def test_saves_deletes_and_many_to_many_changes_advance_it():
    area = AreaFactory()
    assignment = AssignmentFactory(responsibility__area=area)
    quote = QuoteFactory()
    assert _advances(lambda: AreaFactory())
    assert _advances(lambda: Area.objects.filter(pk=area.pk).first().save())
    assert _advances(lambda: assignment.quotes.add(quote))
    assert _advances(lambda: assignment.quotes.clear())
    assert _advances(lambda: RoleVariantFactory(quotes=[quote]))
    assert _advances(lambda: Assignment.objects.filter(pk=assignment.pk).delete())
    assert _advances(lambda: RoleFactory())


def test_loaddata_and_generate_data_advance_it(reference_map, tmp_path):
    fixture = tmp_path / "one_area.json"
    fixture.write_text(
        json.dumps([{"model": "responsibilities.area", "fields": {"slug": "x", "name": "X"}}])
    )
    assert _advances(lambda: call_command("loaddata", str(fixture), verbosity=0))
    assert _advances(
        lambda: call_command(
            "generate_data", "--scale", "0.01", stdout=io.StringIO(), stderr=io.StringIO()
        )
    )


def test_a_rolled_back_write_leaves_it_where_it_was():
    before = versioning.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        AreaFactory()
        raise RuntimeError("abandon")
    assert versioning.current() == before


def test_reading_costs_one_query_then_none(django_assert_num_queries):
    AreaFactory()
    cache.clear()
    with django_assert_num_queries(1):  # SELECT number, changed_at FROM the version row
        first = versioning.current()
    with django_assert_num_queries(0):  # from the cache
        assert versioning.current() == first


def test_historical_rows_do_not_count_twice():
    # One save writes the row and its history row: the version moves by exactly one.
    before = versioning.current().number
    AreaFactory()
    assert versioning.current().number == before + 1


def test_a_missing_row_starts_again():
    DataVersion.objects.all().delete()
    cache.clear()
    assert versioning.current().number == 0
    AssignmentFactory(level=Level.CONSULTED)
    assert versioning.current().number >= 1
