"""The daily tasks do work in proportion to what is due, not to what is open (issue 25): once the day's reminders are
out, running again reads the same few statements with three agreements in force as with one, and a project whose
schedule nothing moved is not synced again."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from agreements import services as agreements
from agreements.models import FundedProject
from agreements.tasks import remind_obligations
from reporting import services as reporting
from reporting.tasks import remind_reports
from tests.factories import PDF_BYTES, UserFactory, executed_agreement

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2027, 3, 30)


@pytest.fixture(autouse=True)
def _quick_agreement_pdfs(monkeypatch):
    from agreements import documents

    monkeypatch.setattr(documents, "render_agreement", lambda *args, **kwargs: PDF_BYTES)


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF, username="grants-officer")


def _in_reporting(staff) -> FundedProject:
    """PA2026-02 executed February 10, 2026 and commissioned August 31, 2026: obligations open, a report overdue by
    March 30, 2027."""
    agreement = executed_agreement("PA2026-02", staff=staff, on=D(2026, 2, 10))
    funded = agreement.funded_projects.get()
    agreements.record_event(funded.project, "delivered", D(2026, 6, 1), actor=staff, today=D(2026, 6, 2))
    agreements.record_event(funded.project, "commissioned", D(2026, 8, 31), actor=staff, today=D(2026, 9, 1))
    return funded


def _statements(task) -> tuple[int, int]:
    """(notices sent, statements run) by ``task`` on ``TODAY``."""
    with CaptureQueriesContext(connection) as queries:
        sent = task(TODAY.isoformat())
    return sent, len(queries)


def test_a_second_run_reads_as_much_with_three_agreements_as_with_one(staff_user, django_capture_on_commit_callbacks):
    _in_reporting(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert _statements(remind_obligations)[0] > 0 and _statements(remind_reports)[0] > 0
    one = (_statements(remind_obligations), _statements(remind_reports))
    assert one[0][0] == one[1][0] == 0  # nothing new is due

    for _ in range(2):
        _in_reporting(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        first = (_statements(remind_obligations), _statements(remind_reports))
    assert first[0][0] > 0 and first[1][0] > 0
    assert (_statements(remind_obligations), _statements(remind_reports)) == one
    assert one[0][1] <= 6 and one[1][1] <= 6  # roll the statuses, find what is due, find what staff have not heard


def test_a_schedule_is_synced_again_only_when_something_moved_it(staff_user):
    funded = _in_reporting(staff_user)
    assert reporting.sync_all() > 0
    assert reporting.sync_all() == 0  # nothing moved
    funded.refresh_from_db()
    synced = funded.schedule_synced_at
    assert synced is not None
    agreements.extend_term(funded.agreement, funded.project, 6, actor=staff_user, reason="Down for repairs.")
    funded.refresh_from_db()
    assert funded.schedule_synced_at is None  # the extension changed the project
    assert reporting.sync_all() > 0 and reporting.sync_all() == 0
