"""The permission matrix of the emission factor override (issue 23): only staff who decide applications set a
project's factors, by POST, on a PA2022-01 application; readers of the admin (Board members, inspectors, auditors)
are refused; applicants and anonymous visitors are refused or sent to sign in; nobody changes a project of another program."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory, complete_application

pytestmark = pytest.mark.django_db

FACTORS = {"baseline_nox": "2.0", "baseline_rog": "0", "baseline_pm10": "0", "reason": "ECM download"}


@pytest.fixture
def truck():
    return complete_application("PA2022-01", staff=UserFactory(role=Role.STAFF)).projects.get()


def url(project):
    return reverse("admin:applications_application_factors", args=[project.application_id, project.pk])


def refused_or_sent_to_sign_in(response):
    return response.status_code == 403 or (response.status_code == 302 and "login" in response["Location"])


def test_anonymous_visitors_and_applicants_are_refused_or_sent_to_sign_in(client, truck):
    assert refused_or_sent_to_sign_in(client.post(url(truck), FACTORS))
    client.force_login(truck.application.applicant)
    assert refused_or_sent_to_sign_in(client.post(url(truck), FACTORS))
    assert not truck.factor_overrides.exists()


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.INSPECTOR, Role.AUDITOR])
def test_readers_of_the_admin_are_refused(client, truck, role):
    client.force_login(UserFactory(role=role))
    assert client.post(url(truck), FACTORS).status_code == 403
    assert not truck.factor_overrides.exists()


def test_staff_set_them_by_post_only_and_only_on_pa2022_01(client, truck):
    staff = UserFactory(role=Role.STAFF)
    client.force_login(staff)
    assert client.get(url(truck)).status_code == 403
    other = complete_application("PA2026-02", staff=staff).projects.get()
    assert client.post(url(other), FACTORS).status_code == 404
    assert client.post(url(truck), FACTORS).status_code == 302
    assert truck.factor_overrides.get().set_by == staff
