"""``python manage.py seed_demo``: demo users (one per role), a sample application to review, the ports'
agreement and Rule 4001 data (``ports_agreement.demo``) with ``port_la`` representing the Port of Los Angeles, and a
SOON funding round where the money runs out part way (``funding.demo``).

The seeded announcements' solicitation windows are in the past (they close in 2022 and 2025), so
for a click-through the demo re-opens each for 90 days from today, as staff would when they
re-issue a PA ("authorize the Executive Officer to re-issue any of the PAs",
001_ea26778b00a7e017.txt, Recommended Actions 1). Never run this against production data.
"""

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.services import create_user_with_role
from applications import services
from funding.demo import seed_funding_demo
from ports_agreement.demo import seed_ports_demo
from programs.models import Program

DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS = (
    ("applicant", Role.APPLICANT),
    ("staff", Role.STAFF),
    ("inspector", Role.INSPECTOR),
    ("board", Role.BOARD_MEMBER),
    ("port_la", Role.PORT_REPRESENTATIVE),
)
EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "PA2026-02.json"


class Command(BaseCommand):
    help = "Create demo users (password demo-pass-2026), re-open the programs for 90 days, add a sample application."

    @transaction.atomic
    def handle(self, *args, **options):
        users = get_user_model().objects
        for username, role in DEMO_USERS:
            if not users.filter(username=username).exists():
                create_user_with_role(username=username, email=f"{username}@example.com", password=DEMO_PASSWORD,
                                      role=role, first_name=username.capitalize())
        if not users.filter(username="admin").exists():
            users.create_superuser("admin", "admin@example.com", DEMO_PASSWORD)
        now = timezone.now()
        Program.objects.filter(closes_at__lt=now).update(opens_at=now - dt.timedelta(days=1),
                                                         closes_at=now + dt.timedelta(days=90))
        self._sample_application(users.get(username="applicant"))
        seed_ports_demo(now)
        seed_funding_demo(timezone.localdate(now))
        self.stdout.write(self.style.SUCCESS(
            "Demo ready. Sign in at /accounts/login/ as applicant, staff, inspector, board or port_la "
            f"(password {DEMO_PASSWORD}); the admin site is /admin/ (admin / {DEMO_PASSWORD})."
        ))

    def _sample_application(self, applicant):
        if applicant.applications.exists():
            return
        example = json.loads(EXAMPLE.read_text(), parse_float=str)
        application = services.start_application(applicant=applicant, program=Program.objects.get(code="PA2026-02"))
        services.save_details(application, example["application"])
        services.save_project(application, {**example["project"], "quote_date": timezone.localdate().isoformat()})
        self.stdout.write(f"Sample draft {application.reference} created for the applicant (attachments to add).")
