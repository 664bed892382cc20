"""factory_boy factories shared by the tests."""

import datetime as dt
import json
from pathlib import Path

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.mfa import enrol_authenticator_app
from accounts.roles import DISTRICT_ROLES, Role
from accounts.services import mark_email_verified, own_organization, profile_of
from applications.models import Application, Attachment, Project, Status
from demo.management.commands.seed_demo import DEMO_AUTHENTICATOR_SECRET
from programs.demo import sample_pdf
from programs.models import Program

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
PASSWORD = "correct-horse-battery"
PDF_BYTES = sample_pdf()  # a PDF pypdf reads: every uploaded PDF is parsed (core.uploads)


def image_bytes(image_format: str = "JPEG", size=(8, 6), colour=(40, 90, 140)) -> bytes:
    """A small real image (Pillow): every uploaded image is decoded and re-encoded (core.uploads)."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


JPEG_BYTES = image_bytes("JPEG")
PNG_BYTES = image_bytes("PNG")


def example(code: str) -> dict:
    return json.loads((EXAMPLES / f"{code}.json").read_text(), parse_float=str)


class UserFactory(factory.django.DjangoModelFactory):
    """A user in one role group: ``UserFactory(role=Role.STAFF)``; applicants by default. The district's people come
    with an authenticator app, as the demo's do (its secret, DEMO_AUTHENTICATOR_SECRET; ``second_factor=False`` for
    none): ``client.login()`` signs them in directly, a sign-in through the page asks for ``totp_code()``."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, role=Role.APPLICANT, second_factor=None, **kwargs):
        kwargs.setdefault("is_staff", role in (Role.STAFF, Role.BOARD_MEMBER, Role.AUDITOR))
        user = super()._create(model_class, *args, **kwargs)
        user.groups.add(Group.objects.get(name=role.value))
        mark_email_verified(user)
        if second_factor or (second_factor is None and (role in DISTRICT_ROLES or user.is_staff)):
            enrol_authenticator_app(user, DEMO_AUTHENTICATOR_SECRET)
        return user


def superuser(username="root"):
    """An admin with every permission, enrolled with the second factor every admin needs (issue 26)."""
    user = get_user_model().objects.create_superuser(username, f"{username}@example.com", PASSWORD)
    enrol_authenticator_app(user, DEMO_AUTHENTICATOR_SECRET)
    return user


def signatory(username=None, *, name=("Ana", "Ruiz"), title="Deputy Executive Officer", role=Role.SIGNATORY):
    """A staff member with signature authority (or, with ``role=Role.SUPERVISOR``, the supervisor permission), named
    and titled on their profile."""
    extra = {"username": username} if username else {}
    user = UserFactory(role=Role.STAFF, first_name=name[0], last_name=name[1], **extra)
    user.groups.add(Group.objects.get(name=role.value))
    profile = profile_of(user)
    profile.title = title
    profile.save(update_fields=["title"])
    return type(user).objects.get(pk=user.pk)  # permissions read afresh


def totp_code(at: float | None = None) -> str:
    """The authenticator code of the district's test and demo accounts at ``at`` (now by default)."""
    from demo.management.commands.demo_code import demo_code

    return demo_code(at)


def open_program(code: str) -> Program:
    """The seeded announcement, its current round re-opened around now (the seeded windows are past); the
    program's window follows its round."""
    program = Program.objects.get(code=code)
    now = timezone.now()
    current = program.current_round
    current.opens_at = now - dt.timedelta(days=1)
    current.closes_at = now + dt.timedelta(days=30)
    current.save()
    program.refresh_from_db()
    return program


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    program = factory.LazyFunction(lambda: open_program("PA2026-02"))
    applicant = factory.SubFactory(UserFactory)
    organization = factory.LazyAttribute(lambda app: own_organization(app.applicant))
    details = factory.LazyAttribute(lambda app: example(app.program.code)["application"])
    county = factory.LazyAttribute(lambda app: app.details.get("county", ""))


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    application = factory.SubFactory(ApplicationFactory)
    position = factory.LazyAttribute(lambda project: project.application.projects.count() + 1)
    data = factory.LazyAttribute(
        lambda project: {
            **example(project.application.program.code)["project"],
            "quote_date": timezone.localdate().isoformat(),
        }
    )


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    application = factory.SubFactory(ApplicationFactory)
    slot = "vehicle_quote"
    file = factory.LazyFunction(lambda: SimpleUploadedFile("quote.pdf", PDF_BYTES, content_type="application/pdf"))
    original_name = "quote.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.LazyAttribute(lambda attachment: attachment.application.applicant)


def complete_draft(application: Application) -> Application:
    """Fill every attachment slot (each project's own slots for every project) and certify, so the draft can be
    submitted."""
    for slot in application.rule_set.attachments:
        if not slot.per_project:
            AttachmentFactory(application=application, slot=slot.key)
        for project in application.projects.all() if slot.per_project else ():
            AttachmentFactory(application=application, project=project, slot=slot.key)
    application.certified_name = "Maria Lopez"
    application.certified_title = "Fleet Manager"
    application.certified_at = timezone.now()
    application.save()
    return application


def complete_application(code="PA2026-02", *, staff, projects=({},), details=None, submitted_at=None) -> Application:
    """An application submitted at ``submitted_at``, evaluated, and marked complete by staff: ready for funding.

    ``projects`` holds each project's answers that differ from the program's example."""
    from applications import services  # imports models: only once Django is set up

    application = ApplicationFactory(program=open_program(code))
    application.details = {**application.details, **(details or {})}
    application.save()
    submitted_at = submitted_at or timezone.now() - dt.timedelta(hours=1)
    for changes in projects:
        project = ProjectFactory(application=application)
        project.data = {**project.data, "quote_date": timezone.localdate(submitted_at).isoformat(), **changes}
        project.save()
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED, submitted_at=submitted_at)
    application.refresh_from_db()
    services.evaluate_application(application)
    services.mark_complete(application, staff)
    application.refresh_from_db()
    return application


def approved_application(code="PA2026-02", *, staff, projects=({},), details=None):
    """A complete application approved by ``staff``: its award encumbered and its agreement drafted. SOON's fleet is
    small (Tier 2 fundable until 2029) and the program gets a demo fund, which the announcement does not name."""
    from decimal import Decimal

    from applications import services
    from funding import services as funding

    if code == "PA2025-04":
        program = Program.objects.get(code=code)
        if not program.fund_sources.exists():
            funding.create_fund(
                program,
                name="Carl Moyer Program (test)",
                budget=Decimal("5000000.00"),
                actor=staff,
                reason="Test fund: PA2025-04 names no amount.",
            )
        details = {"fleet_size_class": "small", "fleet_total_hp": 2200, **(details or {})}
    application = complete_application(code, staff=staff, projects=projects, details=details)
    services.approve(application, staff, "Approved (test).")
    application.refresh_from_db()
    return application


def executed_agreement(code="PA2026-02", *, staff, on=None, projects=({},), details=None):
    """An approved application's agreement sent by ``staff``, signed by the applicant and countersigned on ``on``
    (default today) by a signatory (never the approver): executed, with its obligations dated from ``on``."""
    from agreements import services

    application = approved_application(code, staff=staff, projects=projects, details=details)
    agreement = application.agreement
    services.send(agreement, actor=staff)
    services.sign(
        agreement, actor=application.applicant, name="Maria Lopez", title="Fleet Manager", consent=True, ip="192.0.2.10"
    )
    services.countersign(agreement, actor=signatory(), today=on)
    agreement.refresh_from_db()
    return agreement


def approve_on_page(client, application, reason=""):
    """Open the approve page as ``client`` and approve with the figures it shows (posted back, as the browser does);
    returns the POST's response."""
    import html
    import re

    from django.urls import reverse

    url = reverse("funding:approve_application", args=[application.pk])
    page = client.get(url).content.decode()
    found = re.search(r'name="shown" value="([^"]*)"', page)
    shown = html.unescape(found.group(1)) if found else "{}"
    return client.post(url, {"reason": reason, "shown": shown})
