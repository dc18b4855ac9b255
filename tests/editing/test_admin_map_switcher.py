"""The admin role page's map switcher: a GET form above the change form listing the maps, so
nobody types `?map=` into the address."""

import re

import pytest
from django.urls import reverse

from responsibilities.models import Level
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(reference_map):
    role = RoleFactory(slug="pm", name="Product manager")
    area = AreaFactory(slug="strategy", name="Strategy", order=1)
    other = RoleMapFactory(slug="acme", name="Acme")
    AssignmentFactory(
        role=role,
        responsibility=ResponsibilityFactory(area=area, slug="in-reference"),
        level=Level.CONSULTED,
    )
    AssignmentFactory(
        role_map=other,
        role=role,
        responsibility=ResponsibilityFactory(area=area, slug="in-acme"),
        level=Level.INFORMED,
    )
    return role


def _rows(response) -> list:
    formset = response.context["inline_admin_formsets"][1].formset
    return [f.instance.responsibility.slug for f in formset.forms]


def test_the_switcher_lists_the_maps_and_marks_the_one_shown(staff_editor_client, role):
    url = reverse("admin:roles_role_change", args=[role.pk])
    html = staff_editor_client.get(url).content.decode()

    switcher = re.search(r'<form method="get" class="pmroles-map-switcher".*?</form>', html, re.S)
    assert switcher, "the map switcher is on the page"
    options = re.findall(r'<option value="([^"]+)"( selected)?>', switcher.group(0))
    assert options == [("acme", ""), ("reference", " selected")]
    assert '<input type="hidden" name="area" value="strategy">' in switcher.group(0)
    # Not nested in the change form: it comes before it.
    assert html.index("pmroles-map-switcher") < html.index('id="role_form"')


def test_choosing_a_map_shows_its_assignments(staff_editor_client, role):
    url = reverse("admin:roles_role_change", args=[role.pk])

    assert _rows(staff_editor_client.get(url)) == ["in-reference"]
    response = staff_editor_client.get(url, {"map": "acme", "area": "strategy"})

    assert _rows(response) == ["in-acme"]
    assert '<option value="acme" selected>' in response.content.decode()
