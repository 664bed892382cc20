"""One real SMTP delivery of an agreement notice: the executed agreement's notice reaches a local SMTP server
(aiosmtpd, started by the test) in text and HTML, naming the program and the agreement, with its link."""

import datetime as dt

import pytest

from agreements import services
from notices import services as notices
from notices.models import Notice
from tests.factories import approved_application, signatory
from tests.notices.test_smtp import smtp_server  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.smtp]


def test_the_executed_notice_is_delivered_over_smtp(smtp_server, staff_user, settings):  # noqa: F811
    inbox, port = smtp_server
    agreement = approved_application("PA2026-03", staff=staff_user).agreement
    services.send(agreement, actor=staff_user)
    services.sign(
        agreement, actor=agreement.application.applicant, name="Maria Lopez", title="Director", consent=True, ip=None
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    services.countersign(agreement, actor=signatory(), today=dt.date(2026, 2, 10))
    notice = Notice.objects.get(kind="agreement_executed")
    assert notices.send(notice.pk) is True

    [message] = inbox.messages()
    assert message["To"] == agreement.application.applicant.email
    assert message["Subject"] == f"Agreement executed: Rebate agreement {agreement.number}"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Program: PA2026-03 Charging Infrastructure Deployment Incentive Program" in text
    assert f"See the agreement and its due dates: http://127.0.0.1:8000/agreements/{agreement.pk}/" in text
    assert f"<strong>Rebate agreement {agreement.number}</strong>" in html
