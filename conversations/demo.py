"""Demo conversations (issue 22): the demo applicant's application under review and one of its executed agreements
each carry a short exchange with staff, written through ``services.post`` as people would, so the application's
status page, the review page, the agreement's page and both sides' My work ("Messages to read") have something to
show. The application's also holds a staff-only note, which the applicant never sees.

This app imports no stage (``pyproject.toml``): ``seed_demo`` picks the application and the agreement. Idempotent:
a subject whose conversation already has messages is left as it is.
"""

from __future__ import annotations

from . import services

APPLICATION_QUESTION = (
    "Our fleet manager changed last month. Should the new contact's name and phone go on this application, "
    "or will you update them?"
)
APPLICATION_ANSWER = (
    "Send them here and we update the contact on the application; nothing else about your application changes."
)
APPLICATION_NOTE = "Contact change only; no effect on the review. Update the contact once the applicant replies."
AGREEMENT_QUESTION = (
    "Your agreement is executed. Please upload the dismantler's receipt on this page once the old truck is scrapped."
)
AGREEMENT_ANSWER = "Thank you. The dismantler is booked; we will upload the receipt as soon as we have it."


def _started(kind: str, obj) -> bool:
    conversation = services.conversation_for(kind, obj)
    return conversation is not None and conversation.messages.exists()


def seed_conversations_demo(*, applicant, staff, application=None, agreement=None) -> None:
    """The applicant asks and staff answer on ``application`` (plus a note to staff only); on ``agreement`` staff
    write and the applicant replies, so it waits, unread, on the staff member who sent it."""
    if application is not None and not _started("application", application):
        services.post("application", application, author=applicant, body=APPLICATION_QUESTION)
        services.post("application", application, author=staff, body=APPLICATION_ANSWER)
        services.post("application", application, author=staff, body=APPLICATION_NOTE, staff_only=True)
    if agreement is not None and not _started("agreement", agreement):
        services.post("agreement", agreement, author=staff, body=AGREEMENT_QUESTION)
        services.post("agreement", agreement, author=applicant, body=AGREEMENT_ANSWER)
