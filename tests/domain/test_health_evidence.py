"""Map health's evidence check read through each role's kept thinness (roles.thinness,
roles.pieces): after a write to one role only that role is counted again, a role with
plenty of evidence passes without its counts being read, and a threshold above what a
thinness settles is counted exactly. The findings are always those of a computation with
nothing kept (PMROLES_READ_CACHE=False)."""

import pytest

from responsibilities import version_writes
from responsibilities.models import Assignment
from roles import thinness
from roles.coverage import THIN_QUOTES
from roles.health import map_health
from tests.factories import QuoteFactory, SourceFactory
from tests.health_world import build_health_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PMROLES_HEALTH_MAX_A_SHARE = 40
    settings.PMROLES_HEALTH_MIN_QUOTES = 3
    settings.PMROLES_READ_CACHE = True
    return build_health_map()


@pytest.fixture
def sampled(monkeypatch):
    """The role ids whose evidence is sampled, one list per query (thinness._samples)."""
    calls: list[list[int]] = []
    real = thinness._samples

    def spy(role_map, role_ids):
        calls.append(sorted(role_ids))
        return real(role_map, role_ids)

    monkeypatch.setattr(thinness, "_samples", spy)
    return calls


def _messages(health, kind="thin-evidence"):
    return [f.message for f in health.findings if f.kind == kind]


def _uncached(settings, role_map, **thresholds):
    settings.PMROLES_READ_CACHE = False
    try:
        return map_health(role_map, **thresholds)
    finally:
        settings.PMROLES_READ_CACHE = True


def test_a_write_to_one_roles_part_counts_only_that_roles_evidence_again(world, sampled, settings):
    """GIVEN the health computed once (every role's thinness kept)
    WHEN a quote from another source is added to Builder's part
    THEN the next health samples Builder alone, says what its evidence now is, and agrees
    finding by finding with a health computed with nothing kept."""
    another = QuoteFactory(source=SourceFactory())  # made first: a new quote moves every role
    version_writes.ensure_rows()
    builder, lead = world.roles["builder"], world.roles["lead"]
    first = map_health(world.role_map)
    assert sampled == [sorted([builder.pk, lead.pk, world.roles["advisor"].pk])]
    assert "Builder's parts rest on 1 quote from 1 source" in _messages(first)[0]
    sampled.clear()
    assert map_health(world.role_map).findings == first.findings
    assert sampled == []  # every role's thinness was kept
    Assignment.objects.filter(role_map=world.role_map, role=builder).first().quotes.add(another)
    again = map_health(world.role_map)
    assert sampled == [[builder.pk]]
    assert "Builder's parts rest on 2 quotes from 2 sources" in _messages(again)[0]
    assert again.findings == _uncached(settings, world.role_map).findings


def test_plenty_of_evidence_passes_and_a_higher_threshold_is_counted_exactly(world, settings):
    """GIVEN Lead's parts resting on THIN_QUOTES + 1 quotes from two sources (its thinness
    says "not thin", without counts)
    THEN at the default threshold no finding names Lead; at THIN_QUOTES + 2 its exact
    counts are read and the finding says them, as with nothing kept."""
    lead = world.roles["lead"]
    part = Assignment.objects.filter(role_map=world.role_map, role=lead).first()
    source = part.quotes.first().source
    part.quotes.add(*QuoteFactory.create_batch(THIN_QUOTES + 1 - 3, source=source))
    assert all("Lead" not in m for m in _messages(map_health(world.role_map)))
    higher = THIN_QUOTES + 2
    strict = map_health(world.role_map, min_quotes=higher)
    assert (
        f"Lead's parts rest on {THIN_QUOTES + 1} quotes from 2 sources (fewer than {higher} "
        "quotes or a single source)."
    ) in _messages(strict)
    assert strict.findings == _uncached(settings, world.role_map, min_quotes=higher).findings
    assert map_health(world.role_map).findings == _uncached(settings, world.role_map).findings
