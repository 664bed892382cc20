"""Drafted -> sent -> signed by the awardee -> countersigned by staff = executed: who may move it, what is kept, and
what people are told."""

import datetime as dt
import hashlib

import pytest
from django.core import mail

from accounts.roles import Role
from agreements import services
from agreements.models import Agreement, Obligation, ProjectEvent
from notices.models import Notice
from tests.factories import UserFactory, approved_application, signatory

pytestmark = pytest.mark.django_db

EXECUTED = dt.date(2026, 2, 10)


@pytest.fixture
def drafted(staff_user):
    return approved_application("PA2026-02", staff=staff_user).agreement


def sign(agreement, person=None, **overrides):
    values = {"name": "Maria Lopez", "title": "Fleet Manager", "consent": True, "ip": "192.0.2.10", **overrides}
    return services.sign(agreement, actor=person or agreement.application.applicant, **values)


@pytest.mark.pdf
def test_the_whole_journey(staff_user, drafted, django_capture_on_commit_callbacks):
    applicant = drafted.application.applicant
    with django_capture_on_commit_callbacks(execute=True):
        services.send(drafted, actor=staff_user)
    assert drafted.status == Agreement.Status.SENT and drafted.sent_by == staff_user
    assert drafted.sent_document.read().startswith(b"%PDF")
    ready = Notice.objects.get(recipient=applicant, kind="agreement_ready")
    assert ready.subject == f"Your agreement is ready to sign: Rebate agreement {drafted.number}"

    with django_capture_on_commit_callbacks(execute=True):
        sign(drafted)
    assert drafted.status == Agreement.Status.SIGNED
    assert (drafted.signer_name, drafted.signer_title, drafted.signer_consent, drafted.signer_ip) == (
        "Maria Lopez",
        "Fleet Manager",
        True,
        "192.0.2.10",
    )
    told = Notice.objects.get(recipient=staff_user, kind="agreement_signed")
    assert "Maria Lopez, Fleet Manager signed the agreement" in told.body_text

    with django_capture_on_commit_callbacks(execute=True):
        services.countersign(drafted, actor=(deputy := signatory()), today=EXECUTED)
    drafted.refresh_from_db()
    assert drafted.status == Agreement.Status.EXECUTED and drafted.executed_on == EXECUTED
    assert drafted.countersigned_by == deputy
    assert (drafted.countersigner_name, drafted.countersigner_title) == ("Ana Ruiz", "Deputy Executive Officer")
    stored = drafted.executed_document.read()
    assert hashlib.sha256(stored).hexdigest() == drafted.executed_sha256
    assert Notice.objects.filter(recipient=applicant, kind="agreement_executed").count() == 1
    assert [step.action for step in drafted.steps.all()] == ["draft", "send", "sign", "countersign"]
    event = ProjectEvent.objects.get(agreement=drafted)
    assert (event.key, event.on) == ("agreement_executed", EXECUTED)
    # PA2026-02: the payment request "by February 2028", read as February 29, 2028 (SECTION 5).
    assert Obligation.objects.get(agreement=drafted, key="payment_request").due == dt.date(2028, 2, 29)
    assert {message.to[0] for message in mail.outbox} >= {applicant.email, staff_user.email}


def test_an_applicant_can_never_countersign(staff_user, drafted):
    services.send(drafted, actor=staff_user)
    sign(drafted)
    applicant = drafted.application.applicant
    with pytest.raises(services.AgreementError, match="Only program staff"):
        services.countersign(drafted, actor=applicant)
    # Even an account that is both the awardee and in the Staff role cannot countersign its own agreement.
    applicant.groups.add(*UserFactory(role=Role.STAFF).groups.all())
    applicant.is_staff = True
    applicant.save()
    with pytest.raises(services.AgreementError, match="awardee's own account"):
        services.countersign(drafted, actor=type(applicant).objects.get(pk=applicant.pk))
    drafted.refresh_from_db()
    assert drafted.status == Agreement.Status.SIGNED and drafted.executed_on is None


def test_only_the_awardee_signs(staff_user, drafted):
    services.send(drafted, actor=staff_user)
    for person in (UserFactory(role=Role.APPLICANT), staff_user, UserFactory(role=Role.BOARD_MEMBER)):
        with pytest.raises(services.AgreementError, match="Only a person authorized for the awardee"):
            sign(drafted, person)
    drafted.refresh_from_db()
    assert drafted.status == Agreement.Status.SENT


def test_a_signature_needs_a_name_a_title_and_consent(staff_user, drafted):
    services.send(drafted, actor=staff_user)
    with pytest.raises(services.AgreementError) as error:
        sign(drafted, name=" ", title="", consent=False)
    assert str(error.value) == (
        "To sign, type your full name; give your title; confirm that you are authorized to "
        "sign for the awardee and agree to sign electronically."
    )


def test_nothing_is_signed_before_it_is_sent_or_countersigned_before_it_is_signed(staff_user, drafted):
    with pytest.raises(services.AgreementError, match="that is drafted cannot be signed"):
        sign(drafted)
    services.send(drafted, actor=staff_user)
    with pytest.raises(services.AgreementError, match="that is sent to the awardee to sign cannot be countersigned"):
        services.countersign(drafted, actor=signatory())


def test_staff_return_a_signature_and_the_awardee_is_asked_again(staff_user, drafted):
    services.send(drafted, actor=staff_user)
    sign(drafted)
    services.return_signature(drafted, actor=staff_user, reason="The signer is not an officer of the company.")
    assert drafted.status == Agreement.Status.SENT and drafted.signed_at is None
    assert Notice.objects.filter(recipient=drafted.application.applicant, kind="agreement_ready").count() == 2
    assert drafted.history.filter(signer_name="Maria Lopez").exists()  # the refused signature stays on record


def test_a_recalled_agreement_can_be_corrected_and_sent_again(staff_user):
    agreement = approved_application("PA2026-03", staff=staff_user).agreement
    services.send(agreement, actor=staff_user)
    with pytest.raises(services.AgreementError, match="Only a draft"):
        services.set_values(agreement, agreement.funded_projects.get().project, {}, actor=staff_user)
    services.recall(agreement, actor=staff_user, reason="Commissioning date agreed as June 30, 2027.")
    services.set_values(
        agreement,
        agreement.funded_projects.get().project,
        {**agreement.funded_projects.get().values, "commissioning_date": "2027-06-30"},
        actor=staff_user,
    )
    services.send(agreement, actor=staff_user)
    assert agreement.status == Agreement.Status.SENT


def test_the_executed_pdf_is_kept_unchanged(staff_user, drafted):
    services.send(drafted, actor=staff_user)
    sign(drafted)
    services.countersign(drafted, actor=signatory(), today=EXECUTED)
    drafted.refresh_from_db()
    before = drafted.executed_document.read()
    Agreement.objects.filter(pk=drafted.pk).update(awardee_name="Someone Else LLC")
    drafted.refresh_from_db()
    assert drafted.executed_document.read() == before
    assert hashlib.sha256(before).hexdigest() == drafted.executed_sha256


def test_a_consultant_of_the_organization_sees_the_agreement_but_cannot_sign(staff_user, drafted):
    """The applicant performs "the first and final steps"; a consultant only fills in (001, PA2026-02 SECTION 2)."""
    from accounts.models import MemberRole
    from accounts.services import add_member
    from agreements import selectors

    services.send(drafted, actor=staff_user)
    organization = drafted.application.organization
    consultant, _ = add_member(
        organization, email="consultant@example.com", role=MemberRole.CONSULTANT, added_by=drafted.application.applicant
    )
    person = consultant.user
    assert selectors.is_awardee(person, drafted) and not selectors.may_sign(person, drafted)
    with pytest.raises(services.AgreementError, match="not a consultant"):
        sign(drafted, person)
    drafted.refresh_from_db()
    assert drafted.status == Agreement.Status.SENT
    sign(drafted)  # the owner who applied signs
    assert drafted.status == Agreement.Status.SIGNED
