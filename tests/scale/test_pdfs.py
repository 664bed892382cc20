"""The Board report and an agreement's draft are rendered by a task, never in the web worker (issue 25): the first
request queues the task once and answers with a page that reloads itself; once the task has kept the PDF under the
data's fingerprint, the same address answers with it; a change to the data makes a new one."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.roles import Role
from agreements import tasks as agreement_tasks
from dashboards import tasks as dashboard_tasks
from tests.conftest import STUB_PDF
from tests.factories import UserFactory, approved_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, monkeypatch):
    """A broker: each ``delay`` recorded, not run (the worker runs it later, ``run_all``)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.clear()
    calls = []
    for task in (dashboard_tasks.render_board_report, agreement_tasks.render_document):
        monkeypatch.setattr(task, "delay", lambda *args, task=task: calls.append((task, args)))
    return calls


def run_all(calls) -> None:
    while calls:
        task, args = calls.pop(0)
        task(*args)


def test_the_board_report_waits_on_a_page_while_a_task_renders_it(client, queued):
    client.force_login(UserFactory(role=Role.BOARD_MEMBER, username="board-member"))
    url = reverse("dashboards:report_pdf") + "?start=2026-01-01&end=2026-12-31"
    waiting = client.get(url)
    page = waiting.content.decode()
    assert waiting.status_code == 202 and '<meta http-equiv="refresh" content="3">' in page
    assert "The PDF is being prepared" in page and waiting["Cache-Control"] == "no-store"
    assert client.get(url).status_code == 202 and len(queued) == 1  # one rendering for everyone asking
    assert queued[0][1][:2] == ("2026-01-01", "2026-12-31")
    run_all(queued)
    done = client.get(url)
    assert done.status_code == 200 and done["Content-Type"] == "application/pdf" and done.content == STUB_PDF
    assert done["Content-Disposition"].startswith('inline; filename="board-report')
    assert not queued
    assert client.get(reverse("dashboards:report_pdf")).status_code == 202 and len(queued) == 1  # another period


def test_a_draft_agreement_is_rendered_again_only_when_its_data_changed(client, queued):
    staff = UserFactory(role=Role.STAFF, username="grants-officer")
    agreement = approved_application("PA2026-02", staff=staff).agreement
    client.force_login(staff)
    url = reverse("agreements:document", args=[agreement.pk])
    assert client.get(url).status_code == 202 and len(queued) == 1
    run_all(queued)
    assert client.get(url).content == STUB_PDF and not queued
    agreement.awardee_name = "Harbor Freight Lines LLC"
    agreement.save()  # a new history row: a new fingerprint
    assert client.get(url).status_code == 202 and len(queued) == 1
    spanish = client.get(reverse("agreements:translation", args=[agreement.pk]))
    assert spanish.status_code == 202 and len(queued) == 2 and queued[1][1][1] == "es"
