from contextlib import contextmanager

import pytest

from accounts.roles import Role
from applications import services
from portal.celery import app
from tests.applications.test_celery_worker import _drop_cached_connections, redis_worker  # noqa: F401 (a fixture)
from tests.factories import ApplicationFactory, ProjectFactory, UserFactory, complete_draft


@pytest.fixture
def person(db):
    return UserFactory(
        role=Role.APPLICANT, username="maria", first_name="Maria", last_name="Lopez", email="maria@fleet.example"
    )


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF, username="reviewer", email="reviewer@district.example")


@pytest.fixture
def submitted(db, django_capture_on_commit_callbacks):
    """A PA2026-02 application with one truck, submitted and evaluated (its receipt sent)."""
    application = ApplicationFactory(
        applicant=UserFactory(username="fleetowner", email="owner@fleet.example", first_name="Ana", last_name="Ruiz")
    )
    ProjectFactory(application=application)
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, application.applicant)
    application.refresh_from_db()
    return application


@contextmanager
def broker(url: str, **conf):
    """Publish to ``url`` instead of running tasks eagerly, then restore Celery's conf and forget the connections."""
    overrides = {"broker_url": url, "task_always_eager": False, **conf}
    app.conf.update(overrides)
    _drop_cached_connections()
    try:
        yield
    finally:
        for key in overrides:
            app.conf.changes.pop(key, None)
        _drop_cached_connections()
