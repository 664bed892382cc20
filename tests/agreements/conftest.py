import pytest

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def staff_user(db):
    return UserFactory(
        role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park", email="lena@district.example"
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.login(username=staff_user.username, password=PASSWORD)
    return client
