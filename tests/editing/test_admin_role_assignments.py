"""A role's assignments in the admin: one area of one map at a time, labelled, bounded."""

import re

import pytest
from django.urls import reverse

from editing.admin_inlines import MAX_ROWS
from responsibilities.models import Assignment, Level
from tests.editing.admin_helpers import add_inline_row, form_data
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(reference_map):
    role = RoleFactory(slug="pm", name="Product manager")
    for slug, order, count in (("strategy", 1, 3), ("delivery", 2, 2)):
        area = AreaFactory(slug=slug, name=slug.title(), order=order)
        for i in range(count):
            AssignmentFactory(
                role=role,
                responsibility=ResponsibilityFactory(area=area, slug=f"{slug}-{i}"),
                level=Level.CONSULTED,
            )
    return role


def _url(role) -> str:
    return reverse("admin:roles_role_change", args=[role.pk])


def _rows(response) -> list:
    formset = response.context["inline_admin_formsets"][1].formset
    return [f.instance.responsibility.slug for f in formset.forms]


def test_area_links_with_counts_and_the_current_one_marked(staff_editor_client, role):
    html = staff_editor_client.get(_url(role)).content.decode()
    assert 'href="?area=strategy" aria-current="page">Strategy (3)</a>' in html
    assert 'href="?area=delivery">Delivery (2)</a>' in html
    assert "in the map “Map reference”" in html


def test_unknown_area_or_map_falls_back_instead_of_failing(staff_editor_client, role):
    response = staff_editor_client.get(_url(role) + "?area=nowhere&map=nope")
    assert response.status_code == 200
    response = staff_editor_client.get(_url(role) + "?area=delivery")
    assert _rows(response) == ["delivery-0", "delivery-1"]


def test_every_inline_widget_has_a_label(staff_editor_client, role):
    html = staff_editor_client.get(_url(role) + "?area=delivery").content.decode()
    for name in ("level", "basis", "responsibility", "quotes", "DELETE"):
        widgets = re.findall(rf'<(?:select|input)[^>]*name="assignments-\d+-{name}"[^>]*>', html)
        assert widgets, name
        assert all("aria-label=" in w for w in widgets), (name, widgets)
    assert '<th class="original"><span class="pmroles-hidden">Open</span></th>' in html


def test_saving_one_area_leaves_the_others_alone(staff_editor_client, role):
    url = _url(role) + "?area=delivery"
    data = form_data(staff_editor_client.get(url))
    data["assignments-0-level"] = Level.INFORMED
    response = staff_editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    levels = dict(Assignment.objects.filter(role=role).values_list("responsibility__slug", "level"))
    assert levels == {
        "strategy-0": "C",
        "strategy-1": "C",
        "strategy-2": "C",
        "delivery-0": "I",
        "delivery-1": "C",
    }


def test_a_new_row_goes_to_the_map_shown(staff_editor_client, role):
    other = RoleMapFactory(slug="other", name="Other")
    duty = ResponsibilityFactory(area=role.assignments.first().responsibility.area)
    url = _url(role) + "?area=strategy&map=other"
    data = form_data(staff_editor_client.get(url))
    assert data["assignments-TOTAL_FORMS"] == "0"  # nothing in the other map yet
    add_inline_row(
        data,
        "assignments",
        {
            "role_map": str(other.pk),
            "responsibility": str(duty.pk),
            "level": "I",
            "basis": "described",
        },
    )
    response = staff_editor_client.post(url, {**data, "_continue": "1"})
    assert response.status_code == 302, response.context and response.context["errors"]
    assert response["Location"].endswith("?area=strategy&map=other")
    created = Assignment.objects.get(responsibility=duty)
    assert (created.role_map, created.role) == (other, role)


def test_the_map_column_is_hidden_and_preset(staff_editor_client, role):
    html = staff_editor_client.get(_url(role)).content.decode()
    field = re.search(r'<input[^>]*name="assignments-__prefix__-role_map"[^>]*>', html).group(0)
    assert 'type="hidden"' in field and f'value="{role.assignments.first().role_map_id}"' in field


def test_rows_are_capped_with_a_link_to_the_rest(staff_editor_client, role):
    area = AreaFactory(slug="big", name="Big")
    for _ in range(MAX_ROWS + 3):
        AssignmentFactory(role=role, responsibility=ResponsibilityFactory(area=area))
    response = staff_editor_client.get(_url(role) + "?area=big")
    assert len(_rows(response)) == MAX_ROWS
    html = response.content.decode()
    assert f"This area holds {MAX_ROWS + 3} of the role's assignments" in html
    assert f"?role__id__exact={role.pk}&amp;responsibility__area__id__exact={area.pk}" in html


def test_quote_labels_name_source_text_and_key(staff_editor_client, role):
    source = SourceFactory(title="Escaping the Build Trap")
    quote = QuoteFactory(key="po-backlog", source=source, text="The product owner " + "x" * 200)
    assert str(quote) == (f"Escaping the Build Trap: “The product owner {'x' * 71}…” (po-backlog)")
    url = reverse("admin:autocomplete")
    response = staff_editor_client.get(
        url,
        {
            "term": "product owner",
            "app_label": "responsibilities",
            "model_name": "assignment",
            "field_name": "quotes",
        },
    )
    assert response.status_code == 200
    assert {"id": str(quote.pk), "text": str(quote)} in response.json()["results"]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/roles/role/abc/change/",
        "/admin/roles/role/999999/change/",
        "/admin/roles/role/{role}/change/?area=%00&map=%ff",
        "/admin/roles/role/{role}/history/999999/",
        "/admin/roles/role/{role}/history/abc/",
        "/admin/roles/role/?assignments__level=ZZ",
        "/admin/roles/role/?focus__exact=nope&o=99",
        "/admin/responsibilities/assignment/?role__id__exact=abc",
        "/admin/responsibilities/assignment/?responsibility__area__id__exact=1%27",
        "/admin/responsibilities/quote/?source__id__exact=-1&p=999",
        "/admin/responsibilities/quote/deleted/?page=abc",
        "/admin/autocomplete/?app_label=nope&model_name=x&field_name=y",
        "/admin/autocomplete/?app_label=responsibilities&model_name=assignment&field_name=nope",
        "/admin/roles/rolemap/import/?format=zip",
        "/admin/responsibilities/responsibility/{role}/change/?_changelist_filters=%ZZ",
    ],
)
def test_no_typed_admin_address_is_a_server_error(staff_editor_client, role, path):
    response = staff_editor_client.get(path.format(role=role.pk))
    assert response.status_code < 500, path


def _typed_paths():
    from django.contrib import admin

    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in {"roles", "responsibilities"}:
            continue
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        yield from (
            f"{base}abc/change/",
            f"{base}abc/history/",
            f"{base}abc/delete/",
            f"{base}1/history/abc/",
            f"{base}?q=%00",
            f"{base}?o=abc.1",
            f"{base}?p=-1",
            f"{base}?all=&_popup=x&_to_field=nope",
            f"{base}deleted/",
        )


def test_no_typed_address_of_any_content_admin_is_a_server_error(staff_editor_client, role):
    failures = [
        (path, status)
        for path in _typed_paths()
        if (status := staff_editor_client.get(path).status_code) >= 500
    ]
    assert failures == []
