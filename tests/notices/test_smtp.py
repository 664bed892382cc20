"""Real SMTP: notices delivered to a local SMTP server (aiosmtpd) started by the test, and the e-mail settings
read from EMAIL_URL as production sets them."""

import email
import email.policy
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

from notices import services
from notices.kinds import Kind
from programs.models import Program

ROOT = Path(django_settings.BASE_DIR)
pytestmark = pytest.mark.smtp


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [email.message_from_bytes(envelope.content, policy=email.policy.default) for envelope in self.envelopes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.mark.django_db
def test_a_notice_is_delivered_over_smtp_in_text_and_html(smtp_server, person, settings):
    inbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.DEFAULT_FROM_EMAIL = "Clean Air Grants <grants@district.example>"
    notice = services.notify(
        person,
        Kind.AGREEMENT_READY,
        regarding="Agreement 2026-014",
        program=Program.objects.get(code="PA2026-03"),
        link="/agreements/14/",
    )
    assert services.send(notice.pk) is True

    [envelope] = inbox.envelopes
    assert (envelope.mail_from, envelope.rcpt_tos) == ("grants@district.example", ["maria@fleet.example"])
    [message] = inbox.messages()
    assert message["Subject"] == "Your agreement is ready to sign: Agreement 2026-014"
    assert message["To"] == "maria@fleet.example"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Program: PA2026-03 Charging Infrastructure Deployment Incentive Program" in text
    assert "Read and sign the agreement: http://127.0.0.1:8000/agreements/14/" in text
    assert '<a href="http://127.0.0.1:8000/agreements/14/"' in html and "<strong>Agreement 2026-014</strong>" in html
    notice.refresh_from_db()
    assert notice.sent_to == "maria@fleet.example" and notice.failure == ""


@pytest.mark.django_db
def test_an_smtp_server_that_is_down_leaves_the_notice_unsent_with_the_reason(person, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    notice = services.notify(person, Kind.AGREEMENT_READY, regarding="Agreement 2026-014", link="/")
    assert services.send(notice.pk) is False
    notice.refresh_from_db()
    assert notice.sent_at is None and notice.attempts == 1
    assert notice.failure.startswith("ConnectionRefusedError")


def configured(environment: dict, send: bool = False) -> dict:
    """Settings as a fresh process reads them from the environment (and, with ``send``, one message sent)."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        + (
            "from django.core.mail import send_mail; send_mail('Test', 'Body', None, ['to@fleet.example']); "
            if send
            else ""
        )
        + "print(json.dumps({k: str(getattr(s, k, '')) for k in ('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', "
        "'EMAIL_HOST_USER', 'EMAIL_USE_TLS', 'EMAIL_FILE_PATH', 'DEFAULT_FROM_EMAIL')}))"
    )
    base = {key: value for key, value in os.environ.items() if not key.startswith(("EMAIL_", "DEFAULT_FROM"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, "DJANGO_SETTINGS_MODULE": "portal.settings", **environment},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_email_url_configures_smtp_and_delivers(smtp_server):
    inbox, port = smtp_server
    values = configured(
        {"EMAIL_URL": f"smtp://127.0.0.1:{port}", "DEFAULT_FROM_EMAIL": "Clean Air Grants <grants@district.example>"},
        send=True,
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("127.0.0.1", str(port))
    [message] = inbox.messages()
    assert (message["From"], message["To"], message["Subject"]) == (
        "Clean Air Grants <grants@district.example>",
        "to@fleet.example",
        "Test",
    )


def test_email_url_with_tls_and_a_login():
    values = configured({"EMAIL_URL": "smtp+tls://grants%40district.example:s3cret@smtp.district.example:587"})
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_HOST_USER"], values["EMAIL_USE_TLS"]) == (
        "smtp.district.example",
        "587",
        "grants@district.example",
        "True",
    )


def test_the_usual_email_variables():
    values = configured({"EMAIL_HOST": "smtp.district.example", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "false"})
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (
        "smtp.district.example",
        "2525",
        "False",
    )


def test_without_configuration_the_demo_writes_mail_to_tmp_mail():
    values = configured({})
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["EMAIL_FILE_PATH"] == str(ROOT / "tmp" / "mail")
