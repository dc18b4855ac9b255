import pytest

from tests.factories import RoleMapFactory


@pytest.fixture
def reference_map(db):
    return RoleMapFactory()


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(username="editor", is_staff=True, is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


from tests.browser import browser_page  # noqa: E402, F401  (fixture for @pytest.mark.browser)
