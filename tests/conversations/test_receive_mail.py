"""Replies by e-mail (issue 22): ``manage.py receive_mail`` stores a reply sent from the recipient's own address to
the signed address of their notice, without the quoted message, its files checked as on the page; a forged token,
another sender, an automatic reply or a bad file is refused with a log line and a non-zero exit."""

import logging
from email.message import EmailMessage

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conversations import services
from conversations.inbound import fresh_text
from conversations.models import Message
from notices.kinds import Kind
from notices.models import Notice
from tests.conversations.conftest import REPLY_DOMAIN
from tests.factories import PDF_BYTES, UserFactory

pytestmark = pytest.mark.django_db

QUOTED = """Thank you, I will send the signed quote on Monday.

On Mon, Dec 7, 2026 at 9:00 AM Clean Air Grants <no-reply@localhost> wrote:
> Hello Maria Lopez,
> ##- Reply above this line to answer by e-mail -##
> Yes: a signed quote.
"""


@pytest.fixture
def answered(application, staff):
    """Staff answered the applicant: the applicant's notice carries the reply address."""
    services.post("application", application, author=staff, body="Yes: a signed quote.")
    [notice] = Notice.objects.filter(recipient=application.applicant, kind=Kind.CONVERSATION_MESSAGE)
    return notice


def reply(notice, *, sender=None, body=QUOTED, to=None, files=(), headers=None) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"Maria Lopez <{sender or notice.recipient.email}>"
    mail["To"] = to or notice.reply_to
    mail["Subject"] = "Re: " + notice.subject
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    for name, data, subtype in files:
        maintype, _, sub = subtype.partition("/")
        mail.add_attachment(data, maintype=maintype, subtype=sub, filename=name)
    return mail.as_bytes()


def receive(tmp_path, raw: bytes):
    path = tmp_path / "message.eml"
    path.write_bytes(raw)
    call_command("receive_mail", str(path))


def test_a_reply_from_the_recipient_is_stored_without_the_quoted_message(tmp_path, answered, application, staff):
    assert answered.reply_to.endswith("@" + REPLY_DOMAIN)
    receive(tmp_path, reply(answered, files=[("signed-quote.pdf", PDF_BYTES, "application/pdf")]))
    message = Message.objects.latest("pk")
    assert message.author == application.applicant and message.side == "applicant" and message.by_email
    assert message.body == "Thank you, I will send the signed quote on Monday."
    assert [item.original_name for item in message.files.all()] == ["signed-quote.pdf"]
    assert message.conversation.last_to_staff_at == message.created_at
    # staff are told, and may answer by e-mail in turn
    [notice] = Notice.objects.filter(recipient=staff, kind=Kind.CONVERSATION_MESSAGE)
    assert "Thank you, I will send the signed quote on Monday." in notice.body_text and notice.reply_to


def test_the_address_is_case_insensitive(tmp_path, answered):
    receive(tmp_path, reply(answered, to=answered.reply_to.upper()))
    assert Message.objects.filter(by_email=True).count() == 1


@pytest.mark.parametrize(
    "change,code,logged",
    [
        (lambda notice: {"to": notice.reply_to.replace("reply+", "reply+9")}, 67, "forged or damaged token"),
        (lambda notice: {"sender": "someone.else@example.com"}, 77, "is not an address of user"),
        (lambda notice: {"to": f"staff@{REPLY_DOMAIN}"}, 67, "no reply address of this portal"),
        (lambda notice: {"headers": {"Auto-Submitted": "auto-replied"}}, 65, "automatic message"),
        (
            lambda notice: {"files": [("quote.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")]},
            65,
            "does not contain a valid PDF file",
        ),
        (lambda notice: {"body": "> only the quote\n"}, 65, "write your message"),
    ],
    ids=["forged-token", "other-sender", "no-token", "auto-reply", "bad-file", "nothing-new"],
)
def test_anything_else_is_refused_with_a_log_line(tmp_path, caplog, answered, change, code, logged):
    before = Message.objects.count()
    with caplog.at_level(logging.WARNING, logger="conversations.inbound"), pytest.raises(CommandError) as refused:
        receive(tmp_path, reply(answered, **change(answered)))
    assert refused.value.returncode == code
    assert any(logged in record.getMessage() for record in caplog.records), caplog.text
    assert Message.objects.count() == before


def test_a_token_sent_to_one_person_is_no_use_to_another(tmp_path, answered, application):
    """Another member of the organization replying from their own address to Maria's token is refused: the token
    names the recipient, and the sender must be theirs."""
    colleague = UserFactory(email="luis@fleet.example")
    with pytest.raises(CommandError) as refused:
        receive(tmp_path, reply(answered, sender=colleague.email))
    assert refused.value.returncode == 77 and Message.objects.filter(by_email=True).count() == 0


def test_a_reply_is_never_a_staff_only_note(tmp_path, application, staff):
    services.post("application", application, author=application.applicant, body="A question.")
    [notice] = Notice.objects.filter(recipient=staff, kind=Kind.CONVERSATION_MESSAGE)
    receive(tmp_path, reply(notice, body="Answer by mail."))
    message = Message.objects.latest("pk")
    assert (message.author, message.side, message.staff_only) == (staff, "staff", False)


def test_quoted_text_is_cut_in_the_usual_forms():
    assert fresh_text("Yes.\n\n-----Original Message-----\nFrom: x\n") == "Yes."
    assert fresh_text("Sí, gracias.\n\nEl lun, 7 dic 2026 a las 9:00, Clean Air Grants escribió:\n> Hola\n") == (
        "Sí, gracias."
    )
    assert fresh_text("Fine.\n-- \nMaria Lopez\nFleet Manager\n") == "Fine."
    assert fresh_text("Two lines\nof text.\r\n##- Reply above this line -##\n") == "Two lines\nof text."
    assert fresh_text("OK.\nOn Mon, Dec 7, 2026 at 9:00 AM Clean Air Grants\n<no-reply@localhost> wrote:\n") == "OK."


def test_the_mail_system_pipes_the_message_on_standard_input(monkeypatch, capsys, answered):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(reply(answered, body="Piped reply."))))
    call_command("receive_mail")
    message = Message.objects.get(by_email=True)
    assert message.body == "Piped reply."
    assert f"Stored message {message.pk} in conversation {message.conversation_id}." in capsys.readouterr().out
