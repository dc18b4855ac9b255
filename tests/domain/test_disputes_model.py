"""Disputes: a question the sources disagree on, its quoted positions, with history."""

import pytest
from django.db import IntegrityError, transaction

from responsibilities.models import Dispute, DisputePosition
from tests.factories import (
    DisputeFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispute():
    pm = RoleFactory(slug="product-manager", name="Product manager")
    po = RoleFactory(slug="product-owner", name="Product owner")
    source = SourceFactory(slug="a-source")
    one = QuoteFactory(source=source, key="pm-closer")
    two = QuoteFactory(source=source, key="po-closer")
    dispute = Dispute.objects.create(
        slug="closer-to-customer", topic="Who is closer to the customer: PM or PO?", order=1
    )
    dispute.roles.set([pm, po])
    dispute.responsibilities.set([ResponsibilityFactory(slug="talk-to-customers")])
    first = DisputePosition.objects.create(
        dispute=dispute, key="pm-is-closer", statement="The PM is.", order=1
    )
    first.roles.set([pm])
    first.quotes.set([one])
    second = DisputePosition.objects.create(
        dispute=dispute, key="po-is-closer", statement="The PO is.", order=2
    )
    second.roles.set([po])
    second.quotes.set([two])
    return dispute


def test_natural_keys(dispute):
    assert dispute.natural_key() == ("closer-to-customer",)
    assert Dispute.objects.get_by_natural_key("closer-to-customer") == dispute
    position = DisputePosition.objects.get_by_natural_key("po-is-closer")
    assert position.natural_key() == ("po-is-closer",)
    assert position.dispute == dispute
    assert str(dispute) == "Who is closer to the customer: PM or PO?"


def test_position_keys_are_unique(dispute):
    with pytest.raises(IntegrityError), transaction.atomic():
        DisputePosition.objects.create(dispute=dispute, key="pm-is-closer", statement="Again.")


def test_with_evidence_prefetches_positions_roles_quotes_and_sources(
    dispute, django_assert_num_queries
):
    with django_assert_num_queries(6):
        loaded = list(Dispute.objects.with_evidence())
        positions = [
            (
                p.key,
                [r.slug for r in p.roles.all()],
                [(q.key, q.source.slug) for q in p.quotes.all()],
            )
            for d in loaded
            for p in d.positions.all()
        ]
        roles = [r.slug for d in loaded for r in d.roles.all()]
        rows = [r.slug for d in loaded for r in d.responsibilities.all()]
    assert positions == [
        ("pm-is-closer", ["product-manager"], [("pm-closer", "a-source")]),
        ("po-is-closer", ["product-owner"], [("po-closer", "a-source")]),
    ]
    assert sorted(roles) == ["product-manager", "product-owner"]
    assert rows == ["talk-to-customers"]


def test_positions_go_with_their_dispute(dispute):
    dispute.delete()
    assert not DisputePosition.objects.exists()


def test_history_records_changes_and_links(dispute):
    dispute.topic = "Who talks to customers more directly?"
    dispute.save()
    assert dispute.history.first().topic == "Who talks to customers more directly?"
    assert dispute.history.count() >= 2  # creation, m2m changes, the edit
    position = DisputePosition.objects.get(key="pm-is-closer")
    position.statement = "The PM, at a higher level."
    position.save()
    latest = position.history.first()
    assert latest.statement == "The PM, at a higher level."
    assert [q.quote.key for q in latest.quotes.all()] == ["pm-closer"]


def test_a_roles_and_a_responsibilitys_disputes_never_come_from_another_maps_own_entry(sample):
    """GIVEN two team maps with an own role and an own responsibility of the same slugs,
    and a dispute naming the other map's pair
    WHEN the disputes of each map's entry are asked for
    THEN only the map whose entries the dispute names gets it, and the shared entries keep
    theirs in any map."""
    acme = RoleMapFactory(slug="acme", kind="team")
    other = RoleMapFactory(slug="other", kind="team")
    RoleFactory(slug="coach", map=acme)
    ResponsibilityFactory(slug="rituals", map=acme)
    theirs = DisputeFactory(
        roles=[RoleFactory(slug="coach", map=other)],
        responsibilities=[ResponsibilityFactory(slug="rituals", map=other)],
    )
    shared = DisputeFactory(roles=[sample.roles["pm"]])

    assert list(Dispute.objects.involving_role("coach", acme)) == []
    assert list(Dispute.objects.affecting("rituals", acme)) == []
    assert list(Dispute.objects.involving_role("coach", other)) == [theirs]
    assert list(Dispute.objects.affecting("rituals", "other")) == [theirs]
    assert shared in Dispute.objects.involving_role(sample.roles["pm"].slug, acme)
