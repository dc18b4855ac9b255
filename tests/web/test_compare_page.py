"""The side-by-side comparison page: columns, rows, evidence, summary, switches, downloads."""

import re

import pytest

from responsibilities.models import Level
from tests.factories import AreaFactory, AssignmentFactory, ResponsibilityFactory
from tests.web.pages_data import ROLE_SLUGS, build_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return build_sample()


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def _column_headers(html):
    head = html.split('<table class="grid compare-table', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col"><a href="/roles/([\w-]+)/">', head)


def test_columns_follow_the_url_order(client, sample):
    html = _html(client, "/compare/?roles=product-owner,product-manager")
    assert _column_headers(html) == ["product-owner", "product-manager"]
    assert "<title>Product Owner vs Product Manager: responsibilities compared" in html


def test_repeated_parameters_from_the_picker_work_like_a_list(client, sample):
    html = _html(client, "/compare/?roles=product-manager&roles=product-owner")
    assert _column_headers(html) == ["product-manager", "product-owner"]
    # The canonical permalink is the comma form.
    assert "/compare/?roles=product-manager,product-owner" in html


def test_four_roles_get_four_columns_and_pairwise_overlap(client, sample):
    html = _html(client, "/compare/?roles=" + ",".join(ROLE_SLUGS))
    assert _column_headers(html) == ROLE_SLUGS
    assert "Overlap by pair:" in html
    assert "PM–PO 33%" in html


def test_rows_grouped_by_area_with_levels_and_quotes_in_details(client, sample):
    html = _html(client, "/compare/?roles=product-manager,product-owner")
    grid = html.split('<table class="grid compare-table', 1)[1]
    assert grid.index("Strategy and vision") < grid.index("Set the product vision")
    assert grid.index("Set the product vision") < grid.index("Delivery and backlog")
    assert grid.index("Delivery and backlog") < grid.index("Order the product backlog")
    vision = grid.split('data-responsibility="product-vision"', 1)[1].split("</tr>", 1)[0]
    pm_cell, po_cell = vision.split("<td", 2)[1:]
    assert "<details" in pm_cell and "Accountable" in pm_cell
    assert "The product manager owns the product vision." in pm_cell
    assert "Jane Doe, “Product manager vs product owner”, Example Press" in pm_cell
    assert f'href="{sample.source.get_absolute_url()}#quote-' in pm_cell
    assert "Consulted" in po_cell and "<details" not in po_cell
    launch = grid.split('data-responsibility="launch-messaging"', 1)[1].split("</tr>", 1)[0]
    assert "Not stated in the sources" in launch.split("<td", 2)[2]


def test_shared_and_unique_rows_carry_text_not_only_colour(client, sample):
    html = _html(client, "/compare/?roles=product-manager,product-owner")
    research = html.split('data-responsibility="customer-research"', 1)[1].split("</tr>", 1)[0]
    vision = html.split('data-responsibility="product-vision"', 1)[1].split("</tr>", 1)[0]
    reports = html.split('data-responsibility="status-reports"', 1)[1].split("</tr>", 1)[0]
    assert "◆ Shared" in research
    assert "● Only PM" in vision
    assert "Shared" not in reports and "Only" not in reports
    assert '<tr class="row status-shared is-same" data-responsibility="customer-research">' in html
    assert '<tr class="row status-unique" data-responsibility="product-vision">' in html


def test_summary_counts_overlap_and_differences_in_words(client, sample):
    html = _html(client, "/compare/?roles=product-manager,product-owner")
    summary = html.split('id="summary-heading"', 1)[1].split("</section>", 1)[0]
    # PM holds vision (A) and research (R); PO holds research (R) and backlog (A).
    assert "<strong>2</strong> responsibilities held by the PM" in summary
    assert "<strong>2</strong> responsibilities held by the PO" in summary
    assert "<strong>1</strong> held by both" in summary
    assert "<strong>33%</strong> overlap" in summary
    assert "Time horizon: PM Long-term, PO Short- to mid-term" in summary
    assert "PM: long-term, strategic; strategy and vision" in summary


def test_attributes_contrasts_and_shared_qualities(client, sample):
    html = _html(client, "/compare/?roles=product-manager,product-owner")
    attributes = html.split('id="attributes-heading"', 1)[1].split("</section>", 1)[0]
    assert "Framework-independent" in attributes and "Scrum" in attributes
    assert "≠ differs" in attributes
    assert "The product manager thinks in years, the product owner in sprints." in html
    assert "Both listen to customers." in html
    qualities = html.split('id="qualities-heading"', 1)[1].split("</section>", 1)[0]
    assert "Customer focus" in qualities and "PM" in qualities and "PO" in qualities


def test_contrasts_need_two_of_the_chosen_roles(client, sample):
    html = _html(client, "/compare/?roles=product-manager,project-manager")
    assert "Time horizon</strong>: The product manager looks years ahead" not in html


def test_only_differences_rerenders_without_rows_where_all_parts_are_equal(client, sample):
    full = _html(client, "/compare/?roles=product-manager,product-owner")
    assert 'data-responsibility="status-reports"' in full
    assert "5 responsibilities, 3 where the roles differ." in full
    diff = _html(client, "/compare/?roles=product-manager,product-owner&diff=1")
    assert 'data-responsibility="status-reports"' not in diff
    assert 'data-responsibility="product-vision"' in diff
    assert 'id="diff" name="diff" value="1" checked' in diff
    assert "Showing the 3 of 5 responsibilities where the roles differ." in diff


def test_csv_download(client, sample):
    response = client.get("/compare/?roles=product-manager,product-owner&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="product-manager-vs-product-owner.csv"'
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("area,responsibility,Product Manager,Product Owner,status")
    assert "Delivery and backlog,Order the product backlog,C,A,unique," in response.content.decode()


def test_markdown_download(client, sample):
    response = client.get("/compare/?roles=product-owner,product-manager&format=md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].endswith(
        'filename="product-owner-vs-product-manager.md"'
    )
    assert response.content.decode().startswith("# Product Owner vs Product Manager")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Choose at least 2 roles to compare (you chose 0)."),
        ("?roles=product-manager", "Choose at least 2 roles to compare (you chose 1)."),
        (
            "?roles=" + ",".join([*ROLE_SLUGS, "extra"]),
            "Choose at most 4 roles to compare (you chose 5).",
        ),
        (
            "?roles=product-manager&roles=product-manager",
            "Each role can appear only once; repeated: product-manager.",
        ),
        ("?roles=product-manager,ceo", "Unknown role: ceo. Pick roles from the list."),
        (
            "?roles=product-manager,product-owner&format=pdf",
            "Unknown format “pdf”; choose one of: html, csv, md.",
        ),
    ],
)
def test_bad_input_is_a_400_with_the_form_and_what_to_fix(client, sample, query, message):
    html = _html(client, "/compare/" + query, status=400)
    assert 'role="alert"' in html
    assert message.replace("“", "&ldquo;") in html or message in html
    assert '<form class="picker"' in html
    assert 'name="roles" value="product-owner"' in html


def test_the_form_keeps_what_was_ticked(client, sample):
    html = _html(client, "/compare/?roles=product-manager", status=400)
    assert 'value="product-manager" id="pick-product-manager" checked' in html
    assert 'value="product-owner" id="pick-product-owner">' in html


def test_comparison_escapes_content(client, sample):
    sample.roles["pm"].name = "<script>alert(1)</script>"
    sample.roles["pm"].save()
    html = _html(client, "/compare/?roles=product-manager,product-owner")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_differences_drops_areas_where_every_row_is_the_same(client, sample):
    area = AreaFactory(name="Meetings", slug="meetings", order=9)
    duty = ResponsibilityFactory(name="Attend the review", area=area)
    for key in ("pm", "po"):
        AssignmentFactory(role=sample.roles[key], responsibility=duty, level=Level.INFORMED)
    url = "/compare/?roles=product-manager,product-owner"
    assert '<th scope="colgroup" colspan="3">Meetings</th>' in _html(client, url)
    assert "Meetings" not in _html(client, url + "&diff=1")
