"""``python manage.py seed_demo``: demo users (one per role), a sample application to review, the ports'
agreement and Rule 4001 data (``ports_agreement.demo``) with ``port_la`` representing the Port of Los Angeles, and a
SOON funding round where the money runs out part way (``funding.demo``), the awards, agreements, payments and reports
since 2022 that the Board's dashboards show (``dashboards.demo``, replayed in the original windows), and the
applicant's agreements in every state (``agreements.demo``); usage reports, one short, some overdue and one
project closed out (``reporting.demo``); a conversation on the applicant's application under review and on an
executed agreement (``conversations.demo``).

The seeded announcements' windows and dates are in the past (they close in 2022 and 2025), so the demo re-issues
each one as staff would (001_ea26778b00a7e017.txt, Recommended Actions 1): a current round whose window opened a
week ago and whose dated terms are moved to match (``programs.demo``). Never run this against production data.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.mfa import enrol_authenticator_app
from accounts.roles import Role
from accounts.services import create_user_with_role, grant_role
from agreements.demo import seed_agreement_history, seed_agreements_demo
from applications import services
from applications.demo import seed_review_demo
from communities.demo import seed_communities_demo
from conversations.demo import seed_conversations_demo
from dashboards.demo import seed_dashboards_demo
from funding.demo import seed_funding_demo
from inspections.demo import seed_inspections_demo
from mywork.demo import read_the_demos_history
from payments.demo import seed_fleet_agreement, seed_payments_demo, seed_second_approvals
from ports_agreement.demo import seed_ports_demo
from programs.demo import current_example, reissue_for_demo
from programs.models import Program
from reporting.demo import seed_reporting_demo
from reporting.services import sync_all

DEMO_PASSWORD = "demo-pass-2026"
DEMO_AUTHENTICATOR_SECRET = "CLEANAIRGRANTSDEMOKEYTWENTYSIX22"
"""The district's demo accounts sign in with a second factor (issue 26): this secret in any authenticator app, or
``python manage.py demo_code``. A demo's, printed for anyone: never a real account's."""
DISTRICT_DEMO_USERS = ("staff", "signatory", "supervisor", "finance", "inspector", "board", "auditor", "admin")
SIGN_IN_HINT = (
    "Demo ready. Sign in at http://127.0.0.1:8000/accounts/login/ as applicant, consultant, staff, signatory, "
    f"supervisor, finance, inspector, board, auditor or port_la (password {DEMO_PASSWORD}); the admin site is /admin/ "
    f"(admin / {DEMO_PASSWORD}).\n"
    f"The district's accounts ({', '.join(DISTRICT_DEMO_USERS)}) then ask for an authenticator code: add the key "
    f"{DEMO_AUTHENTICATOR_SECRET} to an authenticator app, or run `python manage.py demo_code`."
)
DEMO_USERS = (
    ("applicant", Role.APPLICANT),
    ("staff", Role.STAFF),
    ("inspector", Role.INSPECTOR),
    ("board", Role.BOARD_MEMBER),
    ("port_la", Role.PORT_REPRESENTATIVE),
    ("finance", Role.FINANCE),
    ("auditor", Role.AUDITOR),  # a CARB or State auditor: reads decided records and exports audit trails (issue 26)
)
DEMO_CONTROLS = (
    # Staff members with a second role, distinct from ``staff`` who approves (issue 21, Controls): ``signatory``
    # countersigns agreements in the name and title below; ``supervisor`` gives the second approval above a program's
    # amount. Illustrative names and titles.
    ("signatory", Role.SIGNATORY, ("Ana", "Ruiz"), "Deputy Executive Officer"),
    ("supervisor", Role.SUPERVISOR, ("Rosa", "Diaz"), "Program Supervisor"),
)


class Command(BaseCommand):
    help = "Create demo users (password demo-pass-2026), a current re-issue of every program, a sample application."

    def handle(self, *args, **options):
        """Seed in one transaction, quietly: the tasks it runs eagerly (evaluations, e-mail) log each run at INFO,
        which is the worker's log, not the demo's. The sign-in hint is the last line, after the commit's tasks."""
        previous = logging.root.manager.disable
        logging.disable(logging.WARNING)  # and the broker client's "No hostname was supplied" in eager mode
        try:
            with transaction.atomic():
                self._seed()
        finally:
            logging.disable(previous)
        self.stdout.write(self.style.SUCCESS(SIGN_IN_HINT))

    def _seed(self):
        users = get_user_model().objects
        for username, role in DEMO_USERS:
            if not users.filter(username=username).exists():
                create_user_with_role(
                    username=username,
                    email=f"{username}@example.com",
                    password=DEMO_PASSWORD,
                    role=role,
                    first_name=username.capitalize(),
                )
        for username, role, (first, last), title in DEMO_CONTROLS:
            if not users.filter(username=username).exists():
                user = create_user_with_role(
                    username=username,
                    email=f"{username}@example.com",
                    password=DEMO_PASSWORD,
                    role=Role.STAFF,
                    first_name=first,
                    last_name=last,
                )
                grant_role(user, role, title=title)
        if not users.filter(username="admin").exists():
            users.create_superuser("admin", "admin@example.com", DEMO_PASSWORD)
        for user in users.filter(username__in=DISTRICT_DEMO_USERS):
            enrol_authenticator_app(user, DEMO_AUTHENTICATOR_SECRET)
        now = timezone.now()
        self._demo_organization(users.get(username="applicant"))
        seed_communities_demo()  # the sample SB 535 and AB 1550 lists, labelled as samples (issue 23)
        seed_dashboards_demo(timezone.localdate(now))  # the past, in the original windows: before the re-issues
        seed_reporting_demo(timezone.localdate(now))  # its reports, and a contract closed out (same windows)
        # Agreements executed months ago were applied for in the original windows too (issue 20: execution follows
        # application, approval and signature).
        seed_agreement_history(timezone.localdate(now))
        seed_fleet_agreement(timezone.localdate(now))
        for program in Program.objects.order_by("code"):
            round_ = reissue_for_demo(program, by=users.get(username="admin"), now=now)
            if round_ is not None:
                self.stdout.write(
                    f"{round_} issued: open {timezone.localtime(round_.opens_at):%B %-d, %Y} to "
                    f"{timezone.localtime(round_.closes_at):%B %-d, %Y} (demo dates, illustrative)."
                )
        self._sample_application(users.get(username="applicant"))
        seed_ports_demo(now)
        seed_funding_demo(timezone.localdate(now))
        seed_agreements_demo(timezone.localdate(now))
        # Inspections first: the payment gate clears trucks 1 and 2 only on their recorded inspections (issue 26).
        seed_inspections_demo(timezone.localdate(now))
        seed_payments_demo(timezone.localdate(now))
        seed_review_demo()  # staff's assigned applications and a note (applications.demo)
        seed_second_approvals(users.get(username="supervisor"))
        self._conversations(users.get(username="applicant"), users.get(username="staff"))
        sync_all()  # every project's usage-report schedule, as the daily task keeps it (a report is due this week)
        # A fresh session opens on today's work: the notices of the replayed history are marked read (issue 21).
        read_the_demos_history()

    def _demo_organization(self, applicant):
        """The applicant owns a fleet; ``consultant`` (same password) prepares its applications (issue 14)."""
        from accounts.models import MemberRole
        from accounts.services import add_member, mark_email_verified, own_organization

        organization = own_organization(applicant)
        if organization.name == applicant.get_full_name() or organization.name == applicant.username:
            organization.name = "Harbor Freight Lines LLC"
            organization.save(update_fields=["name"])
        mark_email_verified(applicant)
        if not organization.memberships.filter(user__username="consultant").exists():
            membership, _ = add_member(
                organization, email="consultant@example.com", role=MemberRole.CONSULTANT, added_by=applicant
            )
            consultant = membership.user
            consultant.username, consultant.first_name = "consultant", "Consultant"
            consultant.set_password(DEMO_PASSWORD)
            consultant.save()
            mark_email_verified(consultant)

    def _conversations(self, applicant, staff):
        """A short exchange on the applicant's latest application under review and on its latest executed
        agreement (``conversations.demo``); before ``read_the_demos_history``, so their notices stay news."""
        from agreements.models import Agreement
        from applications.models import OPEN_FOR_REVIEW, Application, Status

        submitted = Application.objects.filter(applicant=applicant).exclude(status=Status.DRAFT)
        seed_conversations_demo(
            applicant=applicant,
            staff=staff,
            application=(
                submitted.filter(status__in=OPEN_FOR_REVIEW).order_by("-submitted_at", "-pk").first()
                or submitted.order_by("-submitted_at", "-pk").first()
            ),
            agreement=Agreement.objects.filter(application__applicant=applicant, status=Agreement.Status.EXECUTED)
            .order_by("-pk")
            .first(),
        )

    def _sample_application(self, applicant):
        if applicant.applications.filter(status="draft").exists():
            return
        example = current_example("PA2026-02")
        application = services.start_application(applicant=applicant, program=Program.objects.get(code="PA2026-02"))
        services.save_details(application, example["application"])
        services.save_project(application, example["project"])
        self.stdout.write(f"Sample draft {application.reference} created for the applicant (attachments to add).")
