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


@pytest.fixture
def fleet_draft(applicant):
    """A PA2026-02 draft with Harbor Freight Lines' answers (docs/examples/PA2026-02.json) and no vehicle yet."""
    from tests.factories import example

    return ApplicationFactory(applicant=applicant, details=example("PA2026-02")["application"])
