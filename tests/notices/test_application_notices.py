"""Each step of an application tells the applicant (and staff, for an answer) in words: receipt, request for
information with its due date, and every decision."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from applications import services
from core.deadlines import add_business_days
from notices.kinds import Kind
from notices.models import Notice
from notices.templatetags.notice_format import in_words
from programs.demo import current_example
from tests.factories import ApplicationFactory, ProjectFactory, UserFactory, complete_draft, open_program

pytestmark = pytest.mark.django_db

INTERNAL_CODES = re.compile(
    r"info_requested|mark_complete|request_information|award_cap|binding_limit|"
    r"cost_less_other_incentives|\bsubmitted\b:|\{\{|\{%|None\b"
)


def only_notice(application, kind):
    [notice] = Notice.objects.filter(related_id=application.pk, kind=kind)
    return notice


def assert_in_words(notice):
    for body in (notice.subject, notice.body_text, notice.body_html):
        assert not INTERNAL_CODES.search(body), body


def test_submission_receipt(submitted):
    notice = only_notice(submitted, Kind.SUBMISSION_RECEIVED)
    assert notice.recipient == submitted.applicant
    assert notice.subject == f"Application {submitted.reference} received"
    at = timezone.localtime(submitted.submitted_at)
    assert f"We received your application {submitted.reference} on {at:%A, %B} {at.day}, {at.year} at " in (
        notice.body_text
    )
    assert re.search(r" at \d{1,2}:\d\d [AP]M P[SD]T\.", notice.body_text)
    for line in (
        "Hello Ana Ruiz,",
        "Program: PA2026-02 Battery Electric Freight Vehicle Deployment Incentive Program",
        f"Regarding: Application {submitted.reference}",
        "Projects: 1 vehicle",
        "Signed by: Maria Lopez, Fleet Manager",
        f"See your application: http://127.0.0.1:8000/applications/{submitted.pk}/",
    ):
        assert line in notice.body_text
    assert_in_words(notice)
    [message] = mail.outbox
    assert message.to == ["owner@fleet.example"] and message.subject == notice.subject


def test_request_for_information_gives_the_due_date_in_words(submitted, staff_user):
    services.request_information(submitted, staff_user, "The GVWR label photo is unreadable.\nPlease retake it.")
    notice = only_notice(submitted, Kind.INFORMATION_REQUESTED)
    due = timezone.localdate() + dt.timedelta(days=14)  # 001_ea26778b00a7e017.txt, PA2026-02: 14 calendar days
    assert submitted.deficiency_response_due == due
    assert notice.subject == f"Information needed for application {submitted.reference} by {in_words(due)}"
    assert "The GVWR label photo is unreadable.\nPlease retake it." in notice.body_text
    assert (
        f"Please answer by {in_words(due)}: the program gives 14 calendar days to answer a request for information."
    ) in notice.body_text
    assert f"Please answer by <strong>{in_words(due)}</strong>" in notice.body_html
    assert 'white-space:pre-line">The GVWR label photo is unreadable.\nPlease retake it.</blockquote>' in (
        notice.body_html
    )
    assert_in_words(notice)


def test_pa2022_01_gives_seven_business_days(db, staff_user, django_capture_on_commit_callbacks):
    application = ApplicationFactory(program=open_program("PA2022-01"))
    # The example truck with its dates moved to an application made today (the quote comes before the in-operation
    # date, as the program's cross-checks ask before submission).
    ProjectFactory(application=application, data=current_example("PA2022-01")["project"])
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, application.applicant)
    services.request_information(application, staff_user, "Attach the engine label photo.")
    notice = only_notice(application, Kind.INFORMATION_REQUESTED)
    due = add_business_days(timezone.localdate(), 7)  # 002_93fe1fbed5faf247.txt, "Missing Information"
    assert f"Please answer by {in_words(due)}: the program gives 7 business days" in notice.body_text


def test_staff_hear_of_the_answer(submitted, staff_user, django_capture_on_commit_callbacks):
    other_staff = UserFactory(role=Role.STAFF)
    services.request_information(submitted, staff_user, "Upload the 12 months of GPS records.")
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_request(submitted, submitted.applicant, "Uploaded gps-2025.pdf.")
    notices = Notice.objects.filter(kind=Kind.INFORMATION_RECEIVED).order_by("recipient_id")
    assert [notice.recipient for notice in notices] == [staff_user, other_staff]
    notice = notices[0]
    assert notice.subject == f"{submitted.reference}: the applicant answered the request for information"
    assert notice.link == f"http://127.0.0.1:8000/admin/applications/application/{submitted.pk}/change/"
    assert "Uploaded gps-2025.pdf." in notice.body_text
    assert "it came in time. The application is back under review" in notice.body_text
    assert "Request: Upload the 12 months of GPS records." in notice.body_text
    assert_in_words(notice)
    assert not Notice.objects.filter(kind=Kind.INFORMATION_RECEIVED, recipient=submitted.applicant).exists()


def test_only_the_reviewer_hears_of_the_answer(submitted, staff_user, django_capture_on_commit_callbacks):
    """Issue 21: notices go to the people who act on them; everyone on staff only while nobody is assigned."""
    UserFactory(role=Role.STAFF)
    type(submitted).objects.filter(pk=submitted.pk).update(assigned_to=staff_user)
    submitted.refresh_from_db()
    services.request_information(submitted, staff_user, "Upload the 12 months of GPS records.")
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_request(submitted, submitted.applicant, "Uploaded gps-2025.pdf.")
    notices = Notice.objects.filter(kind=Kind.INFORMATION_RECEIVED)
    assert [notice.recipient for notice in notices] == [staff_user]


def test_a_late_answer_says_how_late(submitted, staff_user):
    services.request_information(submitted, staff_user, "Upload the title.")
    type(submitted).objects.filter(pk=submitted.pk).update(
        deficiency_response_due=timezone.localdate() - dt.timedelta(days=3)
    )
    submitted.refresh_from_db()
    services.respond_to_request(submitted, submitted.applicant, "Here it is.")
    notice = Notice.objects.get(kind=Kind.INFORMATION_RECEIVED)
    assert "it came 3 days late." in notice.body_text


def test_complete_approved_with_the_award_in_dollars(submitted, staff_user):
    services.mark_complete(submitted, staff_user, "All documents in order.")
    complete = only_notice(submitted, Kind.APPLICATION_COMPLETE)
    assert complete.subject == f"Application {submitted.reference} is complete"
    assert "Note from staff: All documents in order." in complete.body_text

    services.approve(submitted, staff_user)
    approved = only_notice(submitted, Kind.APPLICATION_APPROVED)
    assert submitted.award_total == Decimal("400000.00")
    assert approved.subject == f"Application {submitted.reference} approved"
    assert f"Your application {submitted.reference} is approved for an award of $400,000.00." in approved.body_text
    project = submitted.projects.get()
    assert f"- Vehicle 1 ({project.summary}): $400,000.00" in approved.body_text
    assert "Award: $400,000.00" in approved.body_text
    assert "fully executed by both parties" in approved.body_text
    assert "Note from staff" not in approved.body_text
    assert_in_words(complete)
    assert_in_words(approved)


def test_rejection_gives_the_reason(submitted, staff_user):
    services.reject(submitted, staff_user, "The truck is not registered in the South Coast Air Basin.")
    notice = only_notice(submitted, Kind.APPLICATION_REJECTED)
    assert notice.subject == f"Decision on application {submitted.reference}: not approved"
    assert "Reason: The truck is not registered in the South Coast Air Basin." in notice.body_text
    assert_in_words(notice)


def test_withdrawal_is_confirmed(submitted):
    services.withdraw(submitted, submitted.applicant, "We bought a different truck.")
    notice = only_notice(submitted, Kind.APPLICATION_WITHDRAWN)
    assert notice.subject == f"Application {submitted.reference} withdrawn"
    assert "Reason given: We bought a different truck." in notice.body_text
    assert_in_words(notice)


def test_html_is_escaped(submitted, staff_user):
    services.reject(submitted, staff_user, "<script>alert(1)</script> & more")
    notice = only_notice(submitted, Kind.APPLICATION_REJECTED)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in notice.body_html
    assert "<script>alert(1)</script> & more" in notice.body_text


def test_a_refused_transition_tells_nobody(submitted, staff_user):
    with pytest.raises(services.WorkflowError):
        services.approve(submitted, staff_user)
    assert list(Notice.objects.values_list("kind", flat=True)) == [Kind.SUBMISSION_RECEIVED]


def test_the_organizations_owners_and_staff_are_told_each_in_their_language(db, django_capture_on_commit_callbacks):
    """Notices about an application go to the people who act for the applicant (owners and staff), each in the
    language they chose; a consultant who only prepares it, and a former member, are not told."""
    from accounts.models import MemberRole, Membership
    from accounts.services import add_member, remove_member, set_language

    owner = UserFactory(username="owner", email="owner@lopez.example", first_name="Maria", last_name="Lopez")
    application = ApplicationFactory(applicant=owner)
    organization = application.organization
    staff_member, _ = add_member(organization, email="luis@lopez.example", role=MemberRole.STAFF, added_by=owner)
    set_language(staff_member.user, "es")
    consultant, _ = add_member(organization, email="help@consult.example", role=MemberRole.CONSULTANT, added_by=owner)
    former, _ = add_member(organization, email="gone@lopez.example", role=MemberRole.STAFF, added_by=owner)
    remove_member(Membership.objects.get(pk=former.pk))
    ProjectFactory(application=application)
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, owner)
    receipts = {notice.recipient.email: notice for notice in Notice.objects.filter(kind=Kind.SUBMISSION_RECEIVED)}
    assert set(receipts) == {"owner@lopez.example", "luis@lopez.example"}
    assert receipts["owner@lopez.example"].subject == f"Application {application.reference} received"
    spanish = receipts["luis@lopez.example"]
    assert spanish.subject == f"Solicitud {application.reference} recibida"
    assert f"Recibimos su solicitud {application.reference} el " in spanish.body_text
    assert "Proyectos: 1 vehículo" in spanish.body_text and "Asunto: Solicitud" in spanish.body_text
    assert sorted(message.to[0] for message in mail.outbox) == ["luis@lopez.example", "owner@lopez.example"]
    assert consultant.user.notices.count() == 0
