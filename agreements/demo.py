"""Demo agreements for ``python manage.py seed_demo`` (never against production data).

Six applications of the demo ``applicant``, each made in its program's current (demo) round, evaluated, marked
complete and approved by ``staff``, then taken to a different point of the agreement's life:

- PA2026-02, drafted: staff review what it states and send it;
- PA2026-03, sent: the applicant reads and signs it;
- PA2026-01, signed by the applicant: staff countersign it;
- PA2026-02, executed four months ago, the new truck delivered 80 days ago: the surrender to a dismantler is due in
  ten days (its 14-day reminder is sent);
- PA2026-01, executed eight months ago, delivered, commissioned 205 days ago (its first semi-annual usage report is
  due in about a week), the old equipment destroyed; the Certificate of Destruction is overdue and the final invoice
  was extended by amendment 1;
- PA2022-01, terminated before execution (the award declined), its money released to the fund.

Skipped when the applicant already has an agreement. The daily reminder task then runs once, so the applicant's
Notices page and ``tmp/mail/`` show a reminder and an overdue notice.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.services import own_organization
from applications import services as application_services
from programs.demo import current_example, in_original_window, on_day, sample_pdf
from programs.models import Program

from . import services
from .models import Agreement
from .tasks import remind_obligations

PDF = sample_pdf()
SIGNER = {"name": "Alex Rivera", "title": "Chief Operating Officer", "consent": True, "ip": "203.0.113.5"}


def _signatory():
    """The demo's signatory (``seed_demo``): never ``staff``, who approved the award (issue 21, Controls)."""
    return get_user_model().objects.get(username="signatory")


def _approved(code: str, applicant, staff, today: dt.date, name: str, *, made_on: dt.date | None = None):
    """An approved application of ``name`` (the applicant's organization), made today, or on ``made_on`` in the
    original announcement's window for an agreement executed long ago."""
    with on_day(made_on):
        return _made(code, applicant, staff, made_on or today, name)


def _made(code: str, applicant, staff, today: dt.date, name: str):
    example = current_example(code, today)
    application = application_services.start_application(applicant=applicant, program=Program.objects.get(code=code))
    application_services.save_details(application, {**example["application"], "applicant_name": name})
    project = application_services.save_project(application, example["project"])
    for slot in application.rule_set.attachments:
        if slot.required:
            # A slot asked per project (organizations branch: ``AttachmentSlot.per_project``) names the project.
            per_project = {"project": project} if getattr(slot, "per_project", False) else {}
            application_services.add_attachment(
                application,
                slot=slot.key,
                uploaded_by=applicant,
                **per_project,
                upload=SimpleUploadedFile(f"{slot.key}.pdf", PDF, content_type="application/pdf"),
            )
    application_services.certify(application, name=SIGNER["name"], title=SIGNER["title"])
    application_services.submit(application, applicant)
    application_services.evaluate_application(application)
    application_services.mark_complete(application, staff, "All documents received (demo).")
    application_services.approve(application, staff, "Approved for funding (demo).")
    return Agreement.objects.get(application=application)


def _executed(agreement: Agreement, applicant, staff, on: dt.date) -> Agreement:
    """Sent a week before ``on``, signed three days before, countersigned (executed) on ``on``."""
    with on_day(on - dt.timedelta(days=7)):
        services.send(agreement, actor=staff)
    with on_day(on - dt.timedelta(days=3)):
        services.sign(agreement, actor=applicant, **SIGNER)
    with on_day(on):
        services.countersign(agreement, actor=_signatory(), today=on)
    services.refresh_obligations(agreement)
    return agreement


def seed_agreement_history(today: dt.date) -> None:
    """The applicant's two agreements executed months ago, applied for in the original announcements' windows (run
    before the demo re-issues them, as ``dashboards.demo`` is): approved, sent, signed, then countersigned."""
    users = get_user_model().objects
    applicant, staff = users.get(username="applicant"), users.get(username="staff")
    if Agreement.objects.filter(application__applicant=applicant).exists():
        return
    name = own_organization(applicant).name  # one organization, one name on all its agreements
    trucks = _executed(
        _approved("PA2026-02", applicant, staff, today, name, made_on=in_original_window("PA2026-02")),
        applicant,
        staff,
        today - dt.timedelta(days=120),
    )
    truck = trucks.funded_projects.get().project
    services.record_event(
        truck, "delivered", today - dt.timedelta(days=80), actor=staff, note="Delivery reported by the awardee (demo)."
    )

    cargo = _executed(
        _approved("PA2026-01", applicant, staff, today, name, made_on=in_original_window("PA2026-01", days=21)),
        applicant,
        staff,
        today - dt.timedelta(days=240),
    )
    yard_truck = cargo.funded_projects.get().project
    # Commissioned 205 days ago: its first semi-annual usage report's period ended three weeks ago, so the report is
    # due in about a week, for the awardee to file live (issue 20).
    for event, days_ago in (("delivered", 215), ("commissioned", 205), ("destroyed", 185)):
        services.record_event(yard_truck, event, today - dt.timedelta(days=days_ago), actor=staff)
    services.complete_obligation(yard_truck, "destruction_notice", on=today - dt.timedelta(days=200), actor=staff)
    invoice = cargo.obligations.get(project=yard_truck, key="final_invoice")
    services.extend_milestone(
        cargo,
        yard_truck,
        "final_invoice",
        invoice.due + dt.timedelta(days=92),
        actor=staff,
        reason="Final invoice extended at the district's discretion (Section 6.1): the vendor's "
        "invoice was delayed (demo).",
    )


def seed_agreements_demo(today: dt.date) -> None:
    """The applicant's agreements of today's round: drafted, sent, signed, and one declined; then the daily
    reminders run."""
    users = get_user_model().objects
    applicant, staff = users.get(username="applicant"), users.get(username="staff")
    if Agreement.objects.filter(application__applicant=applicant).exclude(status=Agreement.Status.EXECUTED).exists():
        return
    name = own_organization(applicant).name
    _approved("PA2026-02", applicant, staff, today, name)

    services.send(_approved("PA2026-03", applicant, staff, today, name), actor=staff)

    signed = _approved("PA2026-01", applicant, staff, today, name)
    services.send(signed, actor=staff)
    services.sign(signed, actor=applicant, **SIGNER)

    declined = _approved("PA2022-01", applicant, staff, today, name)
    services.terminate(declined, actor=staff, reason="The awardee declined the award in writing (demo).")
    remind_obligations.delay(today.isoformat())
