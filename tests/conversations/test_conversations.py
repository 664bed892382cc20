"""One conversation per application and per agreement (issue 22): the applicant asks with a file, staff answer and
keep notes to staff only, which never reach the applicant (page, e-mail, API, files); each message goes out as a
notice with a signed Reply-To; files are checked as every upload is; pages read a fixed number of queries; My work
lists the unread; Spanish readers get Spanish."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations import services
from conversations.models import Conversation, Message, MessageFile
from notices.kinds import Kind
from notices.models import Notice
from tests.conversations.conftest import REPLY_DOMAIN, pdf, post_url, signed_in, thread_url
from tests.factories import executed_agreement
from tests.security.test_hostile_uploads import pdf_with_javascript

pytestmark = pytest.mark.django_db

QUESTION = "Does the quote need the dealer signature?"
ANSWER = "Yes: a signed quote, dated within 90 days."
NOTE = "Dealer is on the watch list; check the date of the quote closely."


def conversation_notices(user):
    return list(Notice.objects.filter(recipient=user, kind=Kind.CONVERSATION_MESSAGE).order_by("pk"))


def test_the_applicant_asks_with_a_pdf_and_staff_are_told_with_a_signed_reply_to(
    client, application, staff, django_capture_on_commit_callbacks
):
    applicant = signed_in(client, application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant.post(post_url("application", application.pk), {"body": QUESTION, "attachment": pdf()})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.pk]) + "#conversation"
    message = Message.objects.get()
    assert (message.side, message.body, message.staff_only, message.author) == (
        "applicant",
        QUESTION,
        False,
        application.applicant,
    )
    [stored] = message.files.all()
    assert stored.original_name == "question.pdf" and stored.file.read().startswith(b"%PDF")
    [notice] = conversation_notices(staff)
    assert notice.subject == f"Message from the applicant: Application {application.reference}"
    assert QUESTION in notice.body_text and "Attached: question.pdf" in notice.body_text
    assert notice.link.endswith(reverse("admin:applications_application_review", args=[application.pk]))
    token = services.reply_token(message.conversation, staff)
    assert notice.reply_to == f"reply+{token}@{REPLY_DOMAIN}"
    [sent] = [item for item in mail.outbox if item.to == [staff.email]]
    assert sent.reply_to == [notice.reply_to] and sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert services.read_token(token) == (message.conversation.pk, staff.pk)
    # the applicant's own page shows it; the file downloads for them
    page = applicant.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert QUESTION in page and "question.pdf" in page
    download = applicant.get(reverse("conversations:file", args=["application", application.pk, stored.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_staff_only_note_never_reaches_the_applicant(client, application, staff, django_capture_on_commit_callbacks):
    services.post("application", application, author=application.applicant, body=QUESTION)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post("application", application, author=staff, body=ANSWER)
        note = services.post("application", application, author=staff, body=NOTE, staff_only=True, files=[pdf("x.pdf")])
    # e-mail and notices: the answer only
    notices = conversation_notices(application.applicant)
    assert [ANSWER in notice.body_text for notice in notices] == [True]
    assert all(NOTE not in item.body and NOTE not in str(item.alternatives) for item in mail.outbox)
    assert not Notice.objects.filter(body_text__contains=NOTE).exists()
    # pages: the applicant's status page and the whole conversation
    applicant = signed_in(client, application.applicant)
    for url in (reverse("applications:detail", args=[application.pk]), thread_url("application", application.pk)):
        page = applicant.get(url).content.decode()
        assert ANSWER in page and QUESTION in page and NOTE not in page and "x.pdf" not in page
    # the note's file is not theirs to download; the API says nothing of it
    [file] = note.files.all()
    assert (
        applicant.get(reverse("conversations:file", args=["application", application.pk, file.pk])).status_code == 404
    )
    api = applicant.get("/api/applications/").content.decode()
    assert NOTE not in api and "x.pdf" not in api
    # staff read all three, the note marked
    client.logout()
    review = signed_in(client, staff).get(reverse("admin:applications_application_review", args=[application.pk]))
    page = review.content.decode()
    assert QUESTION in page and ANSWER in page and NOTE in page and 'data-staff-only="true"' in page


def test_only_staff_keep_notes_to_staff(application, staff):
    with pytest.raises(services.ConversationError, match="Only district staff"):
        services.post("application", application, author=application.applicant, body="Hidden?", staff_only=True)
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "name,content,fault",
    [
        ("quote.pdf", b"not a pdf at all", "does not contain a valid PDF file"),
        ("quote.pdf", pdf_with_javascript(), "contains scripts or actions"),
        ("quote.docx", b"PK\x03\x04word", "compressed archive"),
    ],
)
def test_a_bad_file_is_refused_with_the_text_kept(client, application, name, content, fault):
    applicant = signed_in(client, application.applicant)
    response = applicant.post(
        post_url("application", application.pk),
        {"body": QUESTION, "attachment": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert fault in page and QUESTION in page
    assert not Message.objects.exists() and not MessageFile.objects.exists()


def test_an_empty_message_is_refused_in_words(client, application):
    response = signed_in(client, application.applicant).post(post_url("application", application.pk), {"body": " "})
    assert response.status_code == 400 and "Message: write your message." in response.content.decode()


def test_the_agreement_has_its_own_conversation(client, staff, django_capture_on_commit_callbacks):
    agreement = executed_agreement("PA2026-01", staff=staff)
    awardee = agreement.application.applicant
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(client, awardee).post(post_url("agreement", agreement.pk), {"body": "When is the visit?"})
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url() + "#conversation"
    conversation = Conversation.objects.get()
    assert conversation.agreement == agreement and conversation.application is None
    [notice] = conversation_notices(staff)  # the officer who sent the agreement
    assert notice.subject == f"Message from the applicant: {agreement}"
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "When is the visit?" in page and 'id="conversation"' in page


def test_the_panel_shows_the_latest_and_reads_in_a_fixed_number_of_queries(client, application, staff):
    applicant = signed_in(client, application.applicant)
    url = reverse("applications:detail", args=[application.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert applicant.get(url).status_code == 200
        return len(captured)

    services.post("application", application, author=staff, body="Answer 1", files=[pdf("one.pdf")])
    queries()  # the first visit makes the read mark and fills the caches of the session
    few = queries()
    for number in range(2, 13):
        services.post("application", application, author=staff, body=f"Answer {number}", files=[pdf(f"{number}.pdf")])
        services.post("application", application, author=staff, body=f"Note {number}", staff_only=True)
    assert queries() == few
    page = applicant.get(url).content.decode()
    shown = re.findall(r"Answer (\d+)\b", page)
    assert shown == ["8", "9", "10", "11", "12"]  # the latest five, oldest of them first
    assert "Show earlier messages" in page
    assert f'href="{thread_url("application", application.pk)}" id="conversation-earlier"' in page
    earlier = applicant.get(thread_url("application", application.pk)).content.decode()
    assert re.findall(r"Answer (\d+)\b", earlier) == [str(number) for number in range(1, 13)]
    assert "Note" not in earlier


def test_my_work_lists_an_unread_message_until_it_is_read(client, application, staff):
    from mywork.selectors import work_of

    def messages(user):
        [section] = [section for section in work_of(user).sections if section.key == "messages"]
        return section

    assert messages(application.applicant).count == 0
    services.post("application", application, author=application.applicant, body=QUESTION)
    assert messages(application.applicant).count == 0  # one's own message is read
    [row] = messages(staff).rows
    assert row.label == application.reference and row.url.endswith("#conversation")
    services.post("application", application, author=staff, body=NOTE, staff_only=True)
    assert messages(application.applicant).count == 0  # a staff-only note is nothing to read for the applicant
    services.post("application", application, author=staff, body=ANSWER)
    [row] = messages(application.applicant).rows
    assert row.url == reverse("applications:detail", args=[application.pk]) + "#conversation"
    signed_in(client, application.applicant).get(reverse("applications:detail", args=[application.pk]))
    assert messages(application.applicant).count == 0


def test_a_spanish_reader_gets_the_notice_and_the_page_in_spanish(
    client, application, staff, django_capture_on_commit_callbacks
):
    applicant = application.applicant
    applicant.profile.language = "es"
    applicant.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.post("application", application, author=staff, body=ANSWER)
    [notice] = conversation_notices(applicant)
    assert notice.subject == f"Mensaje del distrito: Solicitud {application.reference}"
    assert "Responda encima de esta línea para contestar por correo electrónico" in notice.body_text
    assert ANSWER in notice.body_text
    page = signed_in(client, applicant).get(
        reverse("applications:detail", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="es"
    )
    text = page.content.decode()
    assert "Conversación con el distrito" in text and "Personal del distrito" in text and "Enviar" in text


def test_files_leave_storage_only_when_their_deletion_commits(application, staff, django_capture_on_commit_callbacks):
    message = services.post("application", application, author=staff, body=ANSWER, files=[pdf("kept.pdf")])
    stored = message.files.get().file
    storage, name = stored.storage, stored.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Conversation.objects.filter(pk=message.conversation_id).delete()
    assert storage.exists(name) and not MessageFile.objects.exists()  # nothing removed before the commit
    for callback in callbacks:
        callback()
    assert not storage.exists(name)


def test_staff_read_the_messages_of_what_they_hold_and_everyone_the_unassigned(application, staff):
    """Routed as the notices are (``notices.services.staff_users``): the reviewer alone for their application, the
    officer who sent the agreement for it, every staff member when nobody on active staff holds it."""
    from accounts.roles import Role
    from conversations import registry, selectors
    from tests.factories import UserFactory

    other = UserFactory(role=Role.STAFF, username="colleague")
    agreement = executed_agreement("PA2026-01", staff=other)
    services.post("application", application, author=application.applicant, body=QUESTION)
    services.post("agreement", agreement, author=agreement.application.applicant, body="When is the visit?")

    def waiting(user):
        return sorted(conversation.kind for conversation in selectors.unread(user, registry.STAFF))

    assert agreement.sent_by == other
    assert waiting(staff) == ["application"] and waiting(other) == ["agreement"]
    application.assigned_to = None
    application.save(update_fields=["assigned_to"])
    assert waiting(staff) == ["application"] and waiting(other) == ["agreement", "application"]
    other.is_active = False
    other.save(update_fields=["is_active"])  # the officer left: the agreement's messages go to everyone
    assert waiting(staff) == ["agreement", "application"]
