"""The inspection notices (inspections.notify, docs/notices.md): each goes to the right person with the right content,
in their language, once; nothing is sent when a change is refused."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import set_language
from agreements.services import AgreementError
from core.workflow import WorkflowError
from inspections import services
from inspections.models import Inspection
from notices.models import Notice
from programs.rules.fields import InputError

from .conftest import awardee_of, funded, inspected

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def notices(kind, to=None):
    """The notices of ``kind`` (to ``to`` only, when given: every staff user hears of some, the signatory who
    countersigned the agreement included)."""
    found = Notice.objects.filter(kind=kind).select_related("recipient").order_by("pk")
    return list(found if to is None else found.filter(recipient=to))


def test_assigned_to_the_inspector_and_scheduled_to_the_awardee(
    staff_user, inspector, other_inspector, django_capture_on_commit_callbacks
):
    line = funded("PA2026-02", staff=staff_user)
    project, awardee = line.project, awardee_of(line)
    post = services.report_ready(project, "post", TODAY() - dt.timedelta(days=3), actor=awardee)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(post, inspector, actor=staff_user)
    [assigned] = notices("inspection_assigned")
    assert assigned.recipient == inspector
    number = line.agreement.number
    assert assigned.subject == f"Inspection assigned to you: Post-inspection of project 1 of agreement {number}"
    assert "Staff assigned Post-inspection of project 1 of agreement" in assigned.body_text
    assert assigned.link.endswith(post.get_absolute_url())
    assert [message.to for message in mail.outbox] == [[inspector.email]]  # the e-mail went after the commit

    when = timezone.make_aware(dt.datetime.combine(TODAY() + dt.timedelta(days=4), dt.time(10, 30)))
    services.schedule(post, actor=inspector, when=when, mode="virtual")
    [scheduled] = notices("inspection_scheduled")
    assert scheduled.recipient == awardee
    day = f"{when.date():%B} {when.day}, {when.year}"
    assert day in scheduled.subject
    assert f"Date and time: {day}, 10:30" in scheduled.body_text
    assert "How: Virtual (video or photographs)" in scheduled.body_text

    # Refused: another inspector cannot schedule it; staff reassigning tells only the new inspector.
    with pytest.raises(WorkflowError):
        services.schedule(post, actor=other_inspector, when=when, mode="on_site")
    assert len(notices("inspection_scheduled")) == 1
    services.assign(post, other_inspector, actor=staff_user)
    assert [notice.recipient for notice in notices("inspection_assigned")] == [inspector, other_inspector]


def test_submitted_to_staff_returned_to_the_inspector_with_the_reason(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    project, awardee = line.project, awardee_of(line)
    post = services.report_ready(project, "post", TODAY() - dt.timedelta(days=3), actor=awardee)
    inspected(post, inspector, staff=staff_user, result="failed", findings="The odometer reads 12 miles.")
    [submitted] = notices("inspection_report_submitted", to=staff_user)
    assert submitted.recipient == staff_user
    assert submitted.subject.startswith("Inspection report to review: Post-inspection of project 1")
    assert "Ana Ruiz submitted the report" in submitted.body_text
    assert "Result: Failed" in submitted.body_text and "Findings: The odometer reads 12 miles." in submitted.body_text

    with pytest.raises(WorkflowError):
        services.return_report(post, actor=staff_user, reason="  ")
    assert notices("inspection_report_returned") == []
    correction = services.return_report(post, actor=staff_user, reason="The odometer photo is blurred.")
    [returned] = notices("inspection_report_returned")
    assert returned.recipient == inspector
    assert "What to correct: The odometer photo is blurred." in returned.body_text
    assert returned.link.endswith(correction.get_absolute_url())
    assert notices("inspection_accepted") == []  # the awardee hears only the accepted result


def test_accepted_to_the_awardee_with_the_result_and_the_payment_clearance(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    project, awardee = line.project, awardee_of(line)
    post = services.report_ready(project, "post", TODAY() - dt.timedelta(days=3), actor=awardee)
    inspected(post, inspector, staff=staff_user)
    with pytest.raises(WorkflowError):  # the inspector never reviews
        services.accept(post, actor=inspector)
    assert notices("inspection_accepted") == []
    services.accept(post, actor=staff_user)
    [first] = notices("inspection_accepted")
    assert first.recipient == awardee
    assert first.subject.startswith("Inspection passed: Post-inspection of project 1")
    assert "Result: Passed" in first.body_text
    assert "cleared for payment" not in first.body_text  # the old vehicle's scrapping is still to verify

    from .conftest import pdf

    services.add_document(project, "dismantler_receipt", TODAY() - dt.timedelta(days=2), pdf("r.pdf"), actor=awardee)
    destruction = Inspection.objects.get(project=project, kind="destruction")
    inspected(destruction, inspector, staff=staff_user)
    services.accept(destruction, actor=staff_user)
    second = notices("inspection_accepted")[1]
    assert second.subject.startswith("Inspection passed: Destruction inspection of project 1")
    assert "Every inspection your payment needs has now passed: the project is cleared for payment." in second.body_text


def test_a_failed_inspection_says_so_in_spanish(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    project, awardee = line.project, awardee_of(line)
    set_language(awardee, "es")
    post = services.report_ready(project, "post", TODAY() - dt.timedelta(days=3), actor=awardee)
    services.accept(
        inspected(post, inspector, staff=staff_user, result="failed", findings="No arranca."), actor=staff_user
    )
    [notice] = notices("inspection_accepted")
    assert notice.subject.startswith("Inspección no aprobada")
    assert "No arranca." in notice.body_text and "Post-inspection" not in notice.body_text
    assert "cleared" not in notice.body_text


def test_destruction_notice_to_staff_once_and_nothing_when_refused(staff_user):
    line = funded("PA2026-01", staff=staff_user)
    project, awardee = line.project, awardee_of(line)
    today = TODAY()
    services.report_ready(project, "post", today - dt.timedelta(days=10), actor=awardee, today=today)
    with pytest.raises(InputError):  # PA2026-01 Section 2.3: at least 14 days ahead
        services.give_destruction_notice(project, today + dt.timedelta(days=13), actor=awardee, today=today)
    assert notices("destruction_notice_received") == []
    planned = today + dt.timedelta(days=14)
    inspection = services.give_destruction_notice(project, planned, actor=awardee, today=today)
    [notice] = notices("destruction_notice_received", to=staff_user)
    assert notice.recipient == staff_user and notice.link.endswith(inspection.get_absolute_url())
    assert f"{planned:%B} {planned.day}, {planned.year}" in notice.subject
    assert "the awardee gave notice that the old equipment will be destroyed on" in notice.body_text
    with pytest.raises(AgreementError):  # the same notice again is refused, and tells no one
        services.give_destruction_notice(project, planned, actor=awardee, today=today)
    assert len(notices("destruction_notice_received", to=staff_user)) == 1
