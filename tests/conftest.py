import pytest

from tests.factories import RoleMapFactory


@pytest.fixture
def reference_map(db):
    return RoleMapFactory()
