"""Fixtures shared by the page tests."""

import pytest

from responsibilities.models import Assignment, Level
from tests.factories import AgreedAssignmentFactory, QuoteFactory


@pytest.fixture
def awkward(sample, team_maps):
    """Text that escaping must get right (a note over two lines, a rationale with quotes and
    brackets), a quote without a locator, and a team map (acme) with an agreed part and parts
    that depart from the sources: what the HTML written in Python (web.grid_cells,
    web.role_parts) is held to the templates with."""
    research = Assignment.objects.get(
        role=sample.roles["pm"], responsibility=sample.responsibilities["customer-research"]
    )
    research.note = 'First line & <more>\nSecond "line" it\'s'
    research.rationale = 'Says <talks> & "listens"'
    research.save()
    research.quotes.add(
        QuoteFactory(key="awkward", text='Say "no" & <mean> it\'s', locator=""),
        QuoteFactory(key="plain", text="Plain words.", locator="p. 3"),
    )
    AgreedAssignmentFactory(
        role_map=team_maps.acme,
        role=sample.roles["po"],
        responsibility=sample.responsibilities["product-vision"],
        level=Level.RESPONSIBLE,
    )
    return sample
