"""A page view never catches the domain's InputError: one middleware (web.errors) turns it
into a 400 page with its sentence, or into the view's own form page when it names one."""

import pytest

from responsibilities.models import Source

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.input_error_urls")]


def test_a_view_raising_an_input_error_gets_the_400_page_with_its_sentence(client):
    response = client.get("/plain/")
    assert response.status_code == 400
    assert "Unknown widget “x”." in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_view_that_names_its_error_page_gets_it(client):
    response = client.get("/with-form/")
    assert response.status_code == 400
    assert response.content.decode() == "Our form, saying: Unknown gadget “y”."


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/roles/product-owner/?page=abc", "Page “abc” is not a page number."),
        ("/compare/?roles=product-manager,product-owner&page=²", "is not a page number"),
        ("/matrix/?page=-1", "Page “-1” is not a page number."),
        ("/sources/?map=nowhere", "Unknown map “nowhere”"),
    ],
)
def test_the_real_pages_answer_a_bad_page_number_with_a_400(client, sample, url, says):
    response = client.get(url)
    assert response.status_code == 400
    assert says in response.content.decode()


def test_a_source_page_past_its_last_page_is_a_400(client, sample):
    source = Source.objects.order_by("pk").first()
    response = client.get(f"/sources/{source.pk}/?page=7")
    assert response.status_code == 400
    assert "There is no page 7; the last page is 1." in response.content.decode()
