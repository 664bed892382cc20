"""The permission matrix of the eligibility check (issue 22): anyone may run it, in every role, and it reveals no
data (no application, organization or other visitor's answers) and writes nothing to the database."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import Organization
from accounts.roles import Role
from applications.models import Application, Project
from tests.applications.test_eligibility_check import HARBOR_DIESEL, KERN_GASOLINE
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, UserFactory, example, open_program

pytestmark = pytest.mark.django_db

ROLES = [None, Role.APPLICANT, Role.STAFF, Role.INSPECTOR, Role.BOARD_MEMBER]


@pytest.fixture
def someone_elses():
    """Another organization's draft for the same program, with the example's answers (a distinctive yard)."""
    program = open_program("PA2026-02")
    application = ApplicationFactory(program=program, details=example("PA2026-02")["application"])
    ProjectFactory(
        application=application, data={**example("PA2026-02")["project"], "existing_vin": "1XKYD49X0MJ440567"}
    )
    return application


def counts():
    return tuple(model.objects.count() for model in (get_user_model(), Organization, Application, Project))


@pytest.mark.parametrize("role", ROLES, ids=lambda role: str(role or "anonymous"))
def test_every_role_may_check_and_sees_nothing_of_anyone_else(client, someone_elses, role):
    if role is not None:
        client.login(username=UserFactory(role=role).username, password=PASSWORD)
    before = counts()
    url = reverse("eligibility", args=["PA2026-02"])
    pages = [client.get(url), client.post(url, KERN_GASOLINE), client.post(url, HARBOR_DIESEL)]
    assert [page.status_code for page in pages] == [200, 200, 200]
    for page in pages:
        text = page.content.decode()
        for secret in ("Harbor Freight Lines", "1XKYD49X0MJ440567", "562-555-0100", someone_elses.reference):
            assert secret not in text
    assert counts() == before


def test_one_visitors_answers_are_not_anothers(db):
    open_program("PA2026-02")
    first, second = Client(), Client()
    first.post(reverse("eligibility", args=["PA2026-02"]), {**HARBOR_DIESEL, "miles_prior_12_months": "61234"})
    assert "61234" in first.get(reverse("eligibility", args=["PA2026-02"])).content.decode()
    assert "61234" not in second.get(reverse("eligibility", args=["PA2026-02"])).content.decode()


def test_an_unknown_program_is_404(client, db):
    assert client.get(reverse("eligibility", args=["PA1999-99"])).status_code == 404


def test_anonymous_checks_are_rate_limited_like_evaluations_and_keep_the_answers(client):
    """API_EVALUATE_RATE, 30 a minute per address, as the API's anonymous evaluations."""
    open_program("PA2026-02")
    url = reverse("eligibility", args=["PA2026-02"])
    statuses = [client.post(url, KERN_GASOLINE).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    last = client.post(url, KERN_GASOLINE).content.decode()
    assert "Too many checks from your address" in last and 'value="42000"' in last


@pytest.mark.parametrize("role", ROLES, ids=lambda role: str(role or "anonymous"))
def test_only_the_organizations_people_reuse_its_documents(client, role):
    """Issue 22's document reuse: no one outside the organization attaches its W-9 to anything (404, or sign in)."""
    from tests.factories import AttachmentFactory

    w9 = AttachmentFactory(slot="w9")
    draft = ApplicationFactory(applicant=w9.application.applicant, organization=w9.application.organization)
    if role is not None:
        client.login(username=UserFactory(role=role).username, password=PASSWORD)
    response = client.post(reverse("applications:attachment_reuse", args=[draft.pk, w9.pk]))
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
    assert not draft.attachments.exists()
