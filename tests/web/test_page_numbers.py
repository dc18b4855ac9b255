"""Page numbers are ASCII digits: a superscript or other Unicode digit is a 400/404, never a 500.

str.isdigit() accepts "²", which int() refuses; every page parameter goes through
roles.inputs.is_whole_number.
"""

import pytest

from roles.inputs import is_whole_number

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample")]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/roles/?page_size=%C2%B2",
        "/api/v1/roles/?page=%C2%B2",
        "/compare/?roles=product-manager,product-owner&page=%C2%B2",
        "/matrix/?page=%C2%B2",
        "/matrix/?cols=%D9%A3",
    ],
)
def test_unicode_digits_in_a_page_number_are_refused_plainly(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3", True),
        ("0", True),
        ("²", False),
        ("٣", False),
        ("", False),
        ("-1", False),
        ("9" * 19, False),
    ],
)
def test_is_whole_number(raw, expected):
    assert is_whole_number(raw) is expected
