from decimal import Decimal

import pytest
from django.urls import reverse

from applications import services
from applications.models import Status
from tests.factories import ApplicationFactory, ProjectFactory, complete_draft

pytestmark = pytest.mark.django_db


def test_submitting_a_complete_draft_evaluates_it(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    ProjectFactory(application=application)
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, application.applicant)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.award_total == Decimal("400000.00")


def test_home_lists_the_five_announcements(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    for code in ("PA2026-01", "PA2026-02", "PA2026-03", "PA2022-01", "PA2025-04"):
        assert code in response.content.decode()
