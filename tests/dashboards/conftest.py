import pytest

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.STAFF, username="grants-officer")


@pytest.fixture
def board_member(db):
    return UserFactory(role=Role.BOARD_MEMBER, username="board-member")
