import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from applications import services
from applications.models import Application, Status
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, UserFactory, open_program


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF)


@pytest.fixture
def staff_client(client, staff_user):
    client.login(username=staff_user.username, password=PASSWORD)
    return client


def complete_application(code="PA2026-02", *, staff, projects=({},), details=None, submitted_at=None) -> Application:
    """An application submitted at ``submitted_at``, evaluated, and marked complete by staff: ready for funding.

    ``projects`` holds each project's answers that differ from the program's example."""
    application = ApplicationFactory(program=open_program(code))
    application.details = {**application.details, **(details or {})}
    application.save()
    submitted_at = submitted_at or timezone.now() - dt.timedelta(hours=1)
    for changes in projects:
        project = ProjectFactory(application=application)
        project.data = {**project.data, "quote_date": timezone.localdate(submitted_at).isoformat(), **changes}
        project.save()
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED, submitted_at=submitted_at)
    application.refresh_from_db()
    services.evaluate_application(application)
    services.mark_complete(application, staff)
    application.refresh_from_db()
    return application
