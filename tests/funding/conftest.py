import pytest

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF)
