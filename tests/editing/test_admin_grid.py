"""The admin's "Edit as a grid" (editing/admin_grid.py): the page, the save, the refusals.

The form is posted as a browser without JavaScript would post it: every cell's fields as the
page rendered them (grid_form_data), with the editor's changes on top.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from responsibilities.levels import Level
from responsibilities.models import Assignment
from roles.models import RoleMap
from tests.factories import ResponsibilityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _grid_url(role_map, **params):
    url = reverse("admin:roles_rolemap_grid", args=[role_map.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def grid_form_data(response) -> dict:
    """Every field of the grid as the page shows it (hidden states, selects, rationales)."""
    window = response.context["window"]
    data = {"area": window.area_param, "page": str(window.page), "change_reason": ""}
    for row in response.context["rows"]:
        for cell in row["cells"]:
            data[f"was-{cell.name}"] = cell.was.encode()
            data[f"level-{cell.name}"] = cell.value.level
            data[f"basis-{cell.name}"] = cell.value.basis
            data[f"rationale-{cell.name}"] = cell.value.rationale
    return data


def _cell(sample, role, duty):
    return f"{sample.roles[role].pk}-{sample.responsibilities[duty].pk}"


@pytest.fixture
def role_map(sample):
    return RoleMap.objects.get()


def test_the_map_page_links_to_the_grid_for_editors_only(sample, role_map, client, staff_editor):
    change = reverse("admin:roles_rolemap_change", args=[role_map.pk])
    reader = UserFactory(username="reader", is_staff=True)
    reader.groups.add(Group.objects.get(name="Readers"))

    client.force_login(staff_editor)
    assert _grid_url(role_map) in client.get(change).content.decode()
    client.force_login(reader)
    page = client.get(change)
    assert page.status_code == 200
    assert "Edit as a grid" not in page.content.decode()


def test_only_those_who_may_edit_the_map_open_or_save_the_grid(sample, role_map, client):
    reader = UserFactory(username="reader", is_staff=True)
    reader.groups.add(Group.objects.get(name="Readers"))
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    url = _grid_url(role_map)

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(reader)
    assert client.get(url).status_code == 403
    assert client.post(url, {"area": "strategy"}).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_the_grid_shows_one_area_with_a_labelled_control_per_cell(
    sample, role_map, client, staff_editor
):
    client.force_login(staff_editor)
    page = client.get(_grid_url(role_map, area="delivery"))
    html = page.content.decode()

    assert page.status_code == 200
    assert [row["responsibility"].slug for row in page.context["rows"]] == [
        "product-backlog",
        "project-schedule",
        "status-reports",
    ]
    backlog_po = _cell(sample, "po", "product-backlog")
    assert re.search(
        rf'<select name="level-{backlog_po}"[^>]*aria-label="Product Owner, Order the product '
        rf'backlog: level">.*?<option value="A" selected>',
        html,
        re.S,
    )
    assert 'src="/static/admin/pmroles/map-grid.js"' in html
    assert "<script>" not in html  # CSP: no inline script


def test_saving_applies_the_changed_cells_with_one_reason(sample, role_map, client, staff_editor):
    client.force_login(staff_editor)
    data = grid_form_data(client.get(_grid_url(role_map, area="delivery")))
    data[f"level-{_cell(sample, 'prj', 'product-backlog')}"] = "I"
    data[f"rationale-{_cell(sample, 'prj', 'product-backlog')}"] = "hears in the review"
    data[f"level-{_cell(sample, 'pm', 'status-reports')}"] = ""
    data["change_reason"] = "Delivery workshop"

    response = client.post(_grid_url(role_map), data)

    assert response.status_code == 302
    assert response["Location"].endswith("area=delivery&page=1&cols=1")
    prj = Assignment.objects.get(
        role=sample.roles["prj"], responsibility=sample.responsibilities["product-backlog"]
    )
    assert (prj.level, prj.basis, prj.rationale) == ("I", "inferred", "hears in the review")
    assert not Assignment.objects.filter(
        role=sample.roles["pm"], responsibility=sample.responsibilities["status-reports"]
    ).exists()
    reasons = Assignment.history.filter(history_change_reason="Delivery workshop")
    assert sorted(h.history_type for h in reasons) == ["+", "-"]
    assert {h.history_user_id for h in reasons} == {staff_editor.pk}
    follow = client.get(response["Location"])
    assert "Saved 2 cells (1 added, 0 changed, 1 removed)." in follow.content.decode()


def test_refused_cells_show_their_sentences_and_keep_the_editors_values(
    sample, role_map, client, staff_editor
):
    client.force_login(staff_editor)
    data = grid_form_data(client.get(_grid_url(role_map, area="delivery")))
    no_quote = _cell(sample, "pmm", "product-backlog")
    second_a = _cell(sample, "pm", "product-backlog")
    fine = _cell(sample, "prj", "status-reports")
    data[f"level-{no_quote}"] = "R"
    data[f"level-{second_a}"] = "A"
    data[f"basis-{second_a}"] = "stated"
    data[f"level-{fine}"] = "C"
    before = list(Assignment.objects.values_list("pk", "level", "basis", "rationale"))

    response = client.post(_grid_url(role_map), data)

    assert response.status_code == 400
    assert list(Assignment.objects.values_list("pk", "level", "basis", "rationale")) == before
    html = response.content.decode()
    assert "Nothing was saved: 2 cells break a rule" in html
    cells = {c.name: c for row in response.context["rows"] for c in row["cells"]}
    assert "needs at least one quote" in cells[no_quote].errors[0]
    assert "at most one Accountable role" in " ".join(cells[second_a].errors)
    assert cells[fine].errors == [] and cells[fine].value.level == "C"  # kept, not saved
    assert re.search(
        rf'id="cell-{no_quote}".*?<ul class="errorlist"><li>An assignment at level '
        "Responsible needs at least one quote",
        html,
        re.S,
    )


def test_a_conflict_refuses_the_save_shows_both_versions_and_a_second_save_applies_it(
    sample, role_map, client, staff_editor
):
    """GIVEN editor 1 opened the delivery grid
    WHEN editor 2 (the ORM here) changes a cell, and editor 1 saves changes to that cell and
    another
    THEN nothing is written (409), both versions of the conflicting cell are shown, editor 1's
    values are kept in the form, and saving that re-shown form applies editor 1's values."""
    client.force_login(staff_editor)
    data = grid_form_data(client.get(_grid_url(role_map, area="delivery")))
    reports = Assignment.objects.get(
        role=sample.roles["prj"], responsibility=sample.responsibilities["status-reports"]
    )
    reports.level, reports.rationale = Level.CONSULTED, "editor 2"
    reports.save()
    mine = _cell(sample, "prj", "status-reports")
    other = _cell(sample, "pmm", "status-reports")
    data[f"level-{mine}"] = "I"
    data[f"rationale-{mine}"] = "editor 1"
    data[f"level-{other}"] = "I"

    response = client.post(_grid_url(role_map), data)

    assert response.status_code == 409
    reports.refresh_from_db()
    assert (reports.level, reports.rationale) == ("C", "editor 2")
    assert not Assignment.objects.filter(
        role=sample.roles["pmm"], responsibility=sample.responsibilities["status-reports"]
    ).exists()
    html = response.content.decode()
    assert "someone else changed 1 cell" in html
    assert re.search(r"Their version:</strong> C, described: “editor 2”", html)
    assert re.search(r"Yours:</strong> I, described: “editor 1”", html)
    cells = {c.name: c for row in response.context["rows"] for c in row["cells"]}
    assert cells[other].value.level == "I"  # the editor's other change is kept too

    again = client.post(_grid_url(role_map), grid_form_data(response))

    assert again.status_code == 302
    reports.refresh_from_db()
    assert (reports.level, reports.rationale) == ("I", "editor 1")
    assert Assignment.objects.filter(
        role=sample.roles["pmm"],
        responsibility=sample.responsibilities["status-reports"],
        level="I",
    ).exists()


def test_a_form_that_does_not_match_the_grid_is_a_400_that_changes_nothing(
    sample, role_map, client, staff_editor
):
    client.force_login(staff_editor)
    data = grid_form_data(client.get(_grid_url(role_map, area="delivery")))
    del data[f"was-{_cell(sample, 'pm', 'product-backlog')}"]
    data[f"level-{_cell(sample, 'prj', 'status-reports')}"] = "I"

    response = client.post(_grid_url(role_map), data)

    assert response.status_code == 400
    assert "does not match the grid shown" in response.content.decode()
    assert (
        Assignment.objects.get(
            role=sample.roles["prj"], responsibility=sample.responsibilities["status-reports"]
        ).level
        == "R"
    )


def test_unknown_map_is_a_404(db, client, staff_editor):
    client.force_login(staff_editor)
    assert client.get(reverse("admin:roles_rolemap_grid", args=[999])).status_code == 404
    assert client.get(reverse("admin:roles_rolemap_grid", args=["x"])).status_code == 404


@pytest.mark.parametrize("extra_rows", [0, 150])
def test_the_grid_costs_a_fixed_number_of_queries(
    sample, role_map, client, staff_editor, extra_rows, django_assert_num_queries
):
    for i in range(extra_rows):
        ResponsibilityFactory(area=sample.areas["delivery"], order=100 + i)
    client.force_login(staff_editor)
    url = _grid_url(role_map, area="delivery")
    # the `readers` stamp (a GET's signed-in reader is remembered for the next one), session,
    # user, the map, areas with counts, roles, the rows, their assignments
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == (3 if not extra_rows else 60)


def test_pasted_lines_set_cells_like_the_controls_and_are_checked_the_same(
    sample, role_map, client, staff_editor
):
    """GIVEN the grid of all areas
    WHEN the editor pastes three lines (tab-, semicolon- and bar-separated, names, slugs and
    abbreviations) and saves
    THEN the three cells are saved as if chosen in their controls, with one reason."""
    client.force_login(staff_editor)
    data = grid_form_data(client.get(_grid_url(role_map, area="all")))
    data["paste"] = (
        "Project Manager\tOrder the product backlog\tI\n"
        "pmm; status-reports; Consulted; inferred; reads them for launch dates\n"
        "PO | launch-messaging | i\n"
    )
    data["change_reason"] = "Pasted from our sheet"

    response = client.post(_grid_url(role_map), data)

    assert response.status_code == 302
    parts = {
        (a.role.slug, a.responsibility.slug): (a.level, a.basis, a.rationale)
        for a in Assignment.history.filter(history_change_reason="Pasted from our sheet")
    }
    assert parts == {
        ("project-manager", "product-backlog"): ("I", "inferred", ""),
        ("product-marketing-manager", "status-reports"): (
            "C",
            "inferred",
            "reads them for launch dates",
        ),
        ("product-owner", "launch-messaging"): ("I", "inferred", ""),
    }


def test_a_pasted_line_that_cannot_be_read_saves_nothing_and_keeps_the_text(
    sample, role_map, client, staff_editor
):
    client.force_login(staff_editor)
    data = grid_form_data(client.get(_grid_url(role_map, area="delivery")))
    data["paste"] = (
        "Project Manager; Order the product backlog; I\n"
        "Scrum Master; Order the product backlog; R\n"
        "PM; Set the product vision; C\n"
        "PM; Order the product backlog; X\n"
    )
    before = Assignment.history.count()

    response = client.post(_grid_url(role_map), data)

    assert response.status_code == 400
    assert Assignment.history.count() == before
    assert response.context["paste_problems"] == [
        "Line 2: no role “Scrum Master” in this map.",
        "Line 3: “Set the product vision” is not on this page of the grid; open its area "
        "(or All areas) first.",
        "Line 4: “X” is not a level: A, R, C, I, N or -.",
    ]
    assert "Scrum Master; Order the product backlog; R" in response.content.decode()


def test_a_team_map_grid_adds_an_own_role_and_an_own_responsibility(sample, client, staff_editor):
    from roles.services import copy_role_map

    acme = copy_role_map(source=RoleMap.objects.get(slug="reference"), name="Acme", slug="acme")
    client.force_login(staff_editor)
    url = _grid_url(acme)

    added = client.post(url, {"_add_role": "1", "role_name": "Scrum Master", "area": "delivery"})
    row = client.post(
        url,
        {
            "_add_row": "1",
            "responsibility_name": "Run the retrospective",
            "row_area": "delivery",
            "area": "delivery",
        },
    )
    again = client.post(url, {"_add_role": "1", "role_name": "Scrum Master", "area": "delivery"})

    assert added.status_code == row.status_code == again.status_code == 302
    page = client.get(_grid_url(acme, area="delivery"))
    assert [r.slug for r in page.context["window"].roles][-1] == "scrum-master"
    assert "Run the retrospective" in [r["responsibility"].name for r in page.context["rows"]]
    html = page.content.decode()
    assert "Added “Run the retrospective” to Acme." in html
    assert "Nothing was added: " in html  # the second Scrum Master
    reference = client.get(_grid_url(RoleMap.objects.get(slug="reference"), area="delivery"))
    assert "scrum-master" not in [r.slug for r in reference.context["window"].roles]
    assert "Add a role of this map" not in reference.content.decode()  # reference: no own
