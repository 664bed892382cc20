"""``python manage.py demo_code``: the authenticator code of the demo's district accounts, now (issue 26), for a demo
without an authenticator app. It knows only the demo's printed secret (``seed_demo``), no account's."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand

from .seed_demo import DEMO_AUTHENTICATOR_SECRET


def demo_code(at: float | None = None) -> str:
    counter = int(time.time() if at is None else at) // settings.MFA_TOTP_PERIOD
    return format_hotp_value(hotp_value(DEMO_AUTHENTICATOR_SECRET, counter))


class Command(BaseCommand):
    help = "Print the current authenticator code of the demo's district accounts (staff, finance, inspector, board, admin)."

    def handle(self, *args, **options):
        seconds = settings.MFA_TOTP_PERIOD - int(time.time()) % settings.MFA_TOTP_PERIOD
        self.stdout.write(f"{demo_code()}  (valid for {seconds} more seconds, and the next period)")
