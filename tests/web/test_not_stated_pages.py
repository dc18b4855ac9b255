"""Pages tell "not stated in the sources" (no assignment) from "no part (stated)" (level N)."""

import pytest

from tests.world import NO_PART_QUOTE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def test_responsibility_page_shows_stated_no_part_with_its_quote_apart_from_silence(client, sample):
    html = client.get("/responsibilities/product-vision/").content.decode()
    parts, unstated = html.split('<ul class="parts">', 1)[1].split('<p class="unstated">', 1)
    project = parts.split("Project Manager</a>", 1)[1].split("<h3>", 1)[0]
    assert '<span class="level level-N">' in project and "No part (stated)" in project
    assert NO_PART_QUOTE in project
    assert "Not stated in the sources" not in project
    assert unstated.startswith("Not stated in the sources: ")
    assert "Product Marketing Manager" in unstated.split("</p>", 1)[0]
    assert "Project Manager<" not in unstated.split("</p>", 1)[0]


def test_compare_page_cells_differ_for_silence_and_stated_no_part(client, sample):
    url = "/compare/?roles=project-manager,product-marketing-manager"
    html = client.get(url).content.decode()
    vision = html.split('data-responsibility="product-vision"', 1)[1].split("</tr>", 1)[0]
    project, marketing = vision.split("<td", 2)[1:]
    # The grid: a letter N in its own class for the stated no part, an empty cell otherwise.
    assert 'class="lv lv-N' in project and "No part (stated)" in project
    assert NO_PART_QUOTE in project
    assert 'class="cell not-stated"' in marketing and "not stated" in marketing
    assert "No part" not in marketing


def test_role_page_lists_a_stated_no_part_with_its_quote(client, sample):
    html = client.get("/roles/project-manager/").content.decode()
    vision = html.split('href="/responsibilities/product-vision/"', 1)[1]
    vision = vision.split('href="/responsibilities/', 1)[0]
    assert '<span class="level level-N">' in vision and "No part (stated)" in vision
    assert NO_PART_QUOTE in vision
