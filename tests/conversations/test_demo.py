"""``seed_demo`` gives the applicant's application under review and an executed agreement a conversation (issue 22),
through the services, once however often it runs; the applicant never sees the staff-only note."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from agreements.models import Agreement
from conversations import demo as conversation_demo
from conversations import registry, selectors
from conversations.models import Conversation, Message
from mywork.selectors import work_of

pytestmark = pytest.mark.django_db


def test_the_demo_has_conversations_and_keeps_the_staff_note_from_the_applicant(demo):
    users = get_user_model().objects
    applicant, staff = users.get(username="applicant"), users.get(username="staff")
    about_application = Conversation.objects.get(application__applicant=applicant)
    about_agreement = Conversation.objects.get(agreement__application__applicant=applicant)
    assert about_agreement.agreement.status == Agreement.Status.EXECUTED

    def thread(conversation, side):
        return [(m.author.username, m.body, m.staff_only) for m in selectors.visible_messages(conversation, side)]

    assert thread(about_application, registry.STAFF) == [
        ("applicant", conversation_demo.APPLICATION_QUESTION, False),
        ("staff", conversation_demo.APPLICATION_ANSWER, False),
        ("staff", conversation_demo.APPLICATION_NOTE, True),
    ]
    assert thread(about_application, registry.APPLICANT) == thread(about_application, registry.STAFF)[:2]
    assert thread(about_agreement, registry.APPLICANT) == [
        ("staff", conversation_demo.AGREEMENT_QUESTION, False),
        ("applicant", conversation_demo.AGREEMENT_ANSWER, False),
    ]
    # Each side has the other's latest message to read on My work.
    messages = {
        user.username: next(s for s in work_of(user).sections if s.key == "messages") for user in (applicant, staff)
    }
    assert [row.label for row in messages["applicant"].rows] == [about_application.application.reference]
    assert about_agreement.agreement.number in [row.label for row in messages["staff"].rows]

    first = Message.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Message.objects.count() == first == 5
    assert Conversation.objects.count() == 2
