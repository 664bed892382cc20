"""Demo data for payments, called by ``python manage.py seed_demo`` (never against production data).

The demo applicant's fleet (Harbor Freight Lines LLC) replaces five trucks under PA2026-02: one application, started
and signed by the fleet's manager (``fleet_manager``, a staff member of the organization, so ``applicant``'s own sample
draft stays its only application), approved (each truck's $400,000 award encumbered in the INVEST CLEAN fund), its
rebate agreement sent, signed by the fleet manager and countersigned four months ago. ``applicant``, the owner,
requests the payments. Each truck's payment request stands at a different step, so every role sees every
state:

1. paid: approved by ``staff``, released by ``finance`` (ACH), a disbursement in the fund ledger;
2. approved, awaiting release: ``finance`` can release it;
3. rejected once, then submitted again: waiting for the inspections (held, "inspection not recorded yet");
4. withdrawn once, then returned to the awardee with what to correct;
5. a draft the applicant is still preparing.

Trucks 1 and 2 are approved because their inspections were recorded and accepted first (``inspections.demo``, which
``seed_demo`` runs before this): the payment gate has no switch to pass them otherwise (issue 26). Skipped when the
applicant already has a payment request.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services as agreements
from agreements.models import Agreement
from applications import services as applications
from programs.demo import current_example, in_original_window, numbered_vin, on_day, sample_pdf
from programs.models import Program

from . import services
from .models import PaymentRequest
from .rules.base import Needed
from .rules.programs import PAYMENT_RULES

PDF = sample_pdf()
TRUCKS = 5
INVOICE = (Decimal("412300.00"), Decimal("26200.00"))  # truck and body, tax and fees: $438,500 paid


def seed_payments_demo(today: dt.date) -> None:
    users = get_user_model().objects
    applicant, staff, finance = (users.get(username=name) for name in ("applicant", "staff", "finance"))
    if PaymentRequest.objects.filter(created_by=applicant).exists():
        return
    agreement = seed_fleet_agreement(today)
    funded = list(agreement.funded_projects.select_related("project").order_by("position"))
    invoice_date = today - dt.timedelta(days=6)

    paid, approved, resubmitted, returned, draft = funded
    request = _submitted(paid, applicant, invoice_date)
    services.approve(request, actor=staff, note="Invoices, proof of payment and dismantler receipt checked.")
    request.refresh_from_db()
    services.release(request, actor=finance, paid_on=today, method=PaymentRequest.Method.ACH, reference="ACH 0912-4471")
    request = _submitted(approved, applicant, invoice_date)
    services.approve(request, actor=staff, note="Ready to pay.")

    request = _submitted(resubmitted, applicant, invoice_date)
    services.reject(request, actor=staff, reason="The invoice is for a truck under another agreement.")
    _submitted(resubmitted, applicant, invoice_date)

    request = _submitted(returned, applicant, invoice_date)
    services.withdraw(request, actor=applicant, reason="Uploaded the wrong truck's documents.")
    request = _submitted(returned, applicant, invoice_date)
    services.return_to_awardee(
        request,
        actor=staff,
        reason="The registration uploaded is for another vehicle; upload the new truck's registration.",
    )

    request = services.start_request(draft, actor=applicant)
    services.save_request(request, {"invoice_date": invoice_date.isoformat()}, actor=applicant)
    services.add_line(
        request,
        kind="cost",
        description="New battery-electric truck",
        reference="INV-5",
        amount=INVOICE[0],
        actor=applicant,
    )
    services.add_document(request, slot="itemized_invoice", upload=_pdf("invoice-5.pdf"), actor=applicant)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _fleet_manager(owner):
    """A staff member of the owner's organization, who prepares and signs its applications and agreements."""
    from accounts.models import MemberRole
    from accounts.services import add_member, own_organization

    organization = own_organization(owner)
    membership = organization.memberships.filter(user__username="fleet_manager").first()
    if membership is None:
        membership, _ = add_member(
            organization, email="fleet_manager@example.com", role=MemberRole.STAFF, added_by=owner
        )
        manager = membership.user
        manager.username, manager.first_name, manager.last_name = "fleet_manager", "Maria", "Lopez"
        manager.save(update_fields=["username", "first_name", "last_name"])
    return membership.user


def seed_fleet_agreement(today: dt.date):
    """The fleet's five-truck agreement, executed 120 days ago (run before the demo re-issues the announcements, so
    it is applied for in the original window); the payments and inspections demos work on it."""
    existing = Agreement.objects.filter(application__applicant__username="fleet_manager").first()
    if existing is not None:
        return existing
    users = get_user_model().objects
    applicant, staff = users.get(username="applicant"), users.get(username="staff")
    return _executed_agreement(_fleet_manager(applicant), staff, executed_on=today - dt.timedelta(days=120))


def _executed_agreement(applicant, staff, *, executed_on: dt.date):
    """The fleet's PA2026-02 application for five trucks, through the services: submitted, evaluated, complete,
    approved, and its agreement sent, signed and countersigned."""
    made_on = in_original_window("PA2026-02", days=30)  # applied for in the original window, long ago
    with on_day(made_on):
        program = Program.objects.get(code="PA2026-02")
        example = current_example("PA2026-02", made_on)
        application = applications.start_application(
            applicant=applicant, program=program, organization=applicant.memberships.get().organization
        )
        applications.save_details(application, example["application"])
        for number in range(1, TRUCKS + 1):
            vin = numbered_vin(example["project"]["existing_vin"], number)
            project = applications.save_project(application, {**example["project"], "existing_vin": vin})
            for slot in application.rule_set.attachments:
                if slot.required and slot.per_project:
                    applications.add_attachment(
                        application,
                        slot=slot.key,
                        uploaded_by=applicant,
                        project=project,
                        upload=_pdf(f"{slot.key}-{number}.pdf"),
                    )
        for slot in application.rule_set.attachments:
            if slot.required and not slot.per_project:
                applications.add_attachment(
                    application, slot=slot.key, uploaded_by=applicant, upload=_pdf(f"{slot.key}.pdf")
                )
        applications.certify(application, name="Maria Lopez", title="Fleet Manager")
        applications.submit(application, applicant)
        applications.evaluate_application(application)
        applications.mark_complete(application, staff, "All documents received (demo).")
        applications.approve(application, staff, "Approved (demo).")
    application.refresh_from_db()
    agreement = application.agreement
    with on_day(executed_on - dt.timedelta(days=7)):
        agreements.send(agreement, actor=staff)
    with on_day(executed_on - dt.timedelta(days=2)):
        agreements.sign(
            agreement, actor=applicant, name="Maria Lopez", title="Fleet Manager", consent=True, ip="192.0.2.10"
        )
    with on_day(executed_on):
        signatory = get_user_model().objects.get(username="signatory")  # never the approver (issue 21)
        agreements.countersign(agreement, actor=signatory, today=executed_on)
    agreement.refresh_from_db()
    return agreement


def _submitted(funded, applicant, invoice_date: dt.date) -> PaymentRequest:
    """A request with the truck's invoice lines and every document the program always asks, submitted."""
    request = services.start_request(funded, actor=applicant)
    services.save_request(request, {"invoice_date": invoice_date.isoformat()}, actor=applicant)
    services.add_line(
        request,
        kind="cost",
        description="New battery-electric truck",
        reference=f"INV-{funded.position}",
        amount=INVOICE[0],
        actor=applicant,
    )
    services.add_line(
        request,
        kind="cost",
        description="Sales tax and registration fees",
        reference=f"INV-{funded.position}",
        amount=INVOICE[1],
        actor=applicant,
    )
    for document in PAYMENT_RULES["PA2026-02"].documents:
        if document.needed is Needed.ALWAYS:
            services.add_document(request, slot=document.key, upload=_pdf(f"{document.key}.pdf"), actor=applicant)
    services.submit(request, actor=applicant, certified=True)
    request.refresh_from_db()
    return request


DEMO_SECOND_APPROVAL = ("PA2026-02", Decimal("300000.00"))
"""The demo's second-approval amount: PA2026-02's $400,000 trucks need the supervisor's approval too. A district
setting per program (``Program.second_approval_above``); the announcements name no such amount, so it is illustrative."""


def seed_second_approvals(supervisor) -> None:
    """Set the demo's second-approval amount (after the history, which was approved without one); the payment
    approved and awaiting release gets the supervisor's second approval, so finance can still release it."""
    code, amount = DEMO_SECOND_APPROVAL
    program = Program.objects.get(code=code)
    if program.second_approval_above is None:
        program.second_approval_above = amount
        program.save(update_fields=["second_approval_above"])
    waiting = PaymentRequest.objects.filter(
        status=PaymentRequest.Status.APPROVED, second_approved_at__isnull=True, approved_amount__gt=amount
    )
    for request in waiting.filter(project__application__program=program):
        services.second_approve(request, actor=supervisor, note="Second approval (demo).")
