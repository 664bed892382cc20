import pytest

from accounts.roles import Role
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, UserFactory


@pytest.fixture
def applicant(db):
    return UserFactory(role=Role.APPLICANT)


@pytest.fixture
def applicant_client(client, applicant):
    client.login(username=applicant.username, password=PASSWORD)
    return client


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF)


@pytest.fixture
def draft(applicant):
    application = ApplicationFactory(applicant=applicant)
    ProjectFactory(application=application)
    return application
