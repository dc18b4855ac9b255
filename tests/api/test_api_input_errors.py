"""An API view never catches the domain's InputError: DRF's EXCEPTION_HANDLER (api.errors)
turns it into a 400 in DRF's error shape, the message under the field it names."""

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.input_error_urls")]


def test_an_api_view_raising_an_input_error_gets_a_400_naming_the_field():
    # A plain client: this test view is not in the published schema.
    response = APIClient().get("/api/raising/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"widget": ["Unknown widget “x”."]}
