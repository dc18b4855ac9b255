"""Model page addresses are memoised (responsibilities.links) but still follow the script
prefix and the URLconf: a site served under /roles-app/ links under it."""

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from responsibilities.links import page_url
from tests.factories import ResponsibilityFactory, RoleFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_the_memoised_address_is_reverse_and_follows_the_script_prefix():
    role, work, source = RoleFactory(slug="pm"), ResponsibilityFactory(), SourceFactory()
    assert role.get_absolute_url() == reverse("web:role-detail", kwargs={"slug": "pm"})
    assert work.get_absolute_url() == reverse("web:responsibility-detail", args=[work.slug])
    assert source.get_absolute_url() == reverse("web:source-detail", args=[source.pk])
    set_script_prefix("/roles-app/")
    try:
        assert role.get_absolute_url() == reverse("web:role-detail", kwargs={"slug": "pm"})
        assert role.get_absolute_url().startswith("/roles-app/")
        assert page_url("web:role-detail", slug="pm") == role.get_absolute_url()
    finally:
        clear_script_prefix()
    assert not role.get_absolute_url().startswith("/roles-app/")


def test_a_new_urlconf_forgets_the_memoised_addresses(settings):
    role = RoleFactory(slug="pm")
    before = role.get_absolute_url()
    with override_settings(ROOT_URLCONF="tests.urls_prefixed"):
        assert role.get_absolute_url() == "/prefixed" + before
    assert role.get_absolute_url() == before
