"""Every kind of notice the portal sends, with the label people see on their Notices page.

Each kind has three templates under ``templates/notices/email/<kind>/``: ``subject.txt``, ``body.txt`` and
``body.html`` (both bodies extend ``notices/email/base.*``, which add the greeting, the program, what the notice
is about and the link). A new kind is a new member here plus its three templates; the stored ``Notice.kind`` is a
plain string, so adding one needs no migration. ``docs/notices.md`` lists each kind's context.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # Applications (applications.notices), to the applicant unless noted.
    SUBMISSION_RECEIVED = "submission_received", _("Application received")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    INFORMATION_RECEIVED = "information_received", _("Response to a request for information (staff)")
    APPLICATION_COMPLETE = "application_complete", _("Application complete")
    APPLICATION_APPROVED = "application_approved", _("Application approved")
    APPLICATION_REJECTED = "application_rejected", _("Application rejected")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("Application withdrawn")
    # Funding rounds (issue 21, funding.notices): a project excluded, held, waitlisted or below the cut line.
    ROUND_NOT_SELECTED = "round_not_selected", _("Not selected in a funding round")
    # Agreements (issue 9), to the awardee unless noted.
    AGREEMENT_READY = "agreement_ready", _("Agreement ready to sign")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed by the awardee (staff)")
    AGREEMENT_EXECUTED = "agreement_executed", _("Agreement executed")
    CHANGE_REQUESTED = "change_requested", _("Awardee's request to change an agreement (staff)")
    CHANGE_REQUEST_DECIDED = "change_request_decided", _("Decision on your request to change the agreement")
    # Dated obligations (notices.services.remind).
    OBLIGATION_DUE_SOON = "obligation_due_soon", _("Reminder of a due date")
    OBLIGATION_OVERDUE = "obligation_overdue", _("Overdue")
    # Payments (issue 11): to the awardee unless noted.
    PAYMENT_SUBMITTED = "payment_submitted", _("Payment request to review (staff)")
    PAYMENT_RETURNED = "payment_returned", _("Payment request returned")
    PAYMENT_REJECTED = "payment_rejected", _("Payment request rejected")
    PAYMENT_APPROVED = "payment_approved", _("Payment approved")
    PAYMENT_TO_RELEASE = "payment_to_release", _("Payment to release (finance)")
    PAYMENT_SENT_BACK = "payment_sent_back", _("Approved payment sent back (staff)")
    PAYMENT_RELEASED = "payment_released", _("Payment made")
    # Usage reporting and closeout (issue 12): to the awardee unless noted.
    USAGE_REPORT_SUBMITTED = "usage_report_submitted", _("Usage report to review (staff)")
    USAGE_REPORT_RETURNED = "usage_report_returned", _("Usage report returned")
    USAGE_REPORT_ACCEPTED = "usage_report_accepted", _("Usage report accepted")
    USAGE_REPORT_OVERDUE = "usage_report_overdue", _("Usage report overdue (staff)")
    REMEDY_RECORDED = "remedy_recorded", _("Decision on a usage shortfall")
    PROJECT_CLOSED = "project_closed", _("Project closed out")
    # Inspections (issue 10, inspections.notify): to the awardee unless noted.
    INSPECTION_ASSIGNED = "inspection_assigned", _("Inspection assigned to you (inspector)")
    INSPECTION_SCHEDULED = "inspection_scheduled", _("Inspection scheduled")
    INSPECTION_REPORT_SUBMITTED = "inspection_report_submitted", _("Inspection report to review (staff)")
    INSPECTION_REPORT_RETURNED = "inspection_report_returned", _("Inspection report returned (inspector)")
    INSPECTION_ACCEPTED = "inspection_accepted", _("Inspection result")
    DESTRUCTION_NOTICE_RECEIVED = "destruction_notice_received", _("Destruction notice received (staff)")
    # Conversations (issue 22, conversations.services): a message from the other side of an application's or an
    # agreement's conversation, to the applicant's people or to staff. Staff-only notes are never sent.
    CONVERSATION_MESSAGE = "conversation_message", _("New message")
