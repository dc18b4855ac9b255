"""Pages as people use them on the reference data."""

import re

import pytest

from responsibilities.models import Responsibility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]


def test_the_reference_matrix_has_every_row_on_one_page(client, reference_data_once):
    total = Responsibility.objects.count()
    html = client.get("/matrix/").content.decode()
    assert len(re.findall(r'<tr id="r-', html)) == total
    assert f"Responsibilities 1–{total} of {total}." in html
    assert 'aria-label="Pages of the matrix"' not in html
    # No scroll box of its own: the page scrolls.
    assert "matrix-scroll" not in html and 'class="matrix-wrap"' in html
