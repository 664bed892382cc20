"""Demo inspections for ``python manage.py seed_demo`` (never against production data), run before the payments demo.

The demo fleet's PA2026-02 rebate agreement (``payments.demo.seed_fleet_agreement``: five trucks, executed four months
ago) gets its inspections for real, so the ``inspector`` user has assignments in every state and trucks 1 and 2 are
cleared for payment by recorded inspections before ``payments.demo`` approves and pays them:

1. and 2. delivered 100 days ago, post-inspection accepted; dismantler's receipt 60 days ago, scrapping inspected
   and accepted: cleared for payment;
3. post-inspection submitted by ``inspector``, waiting for staff's review; scrapping inspection scheduled tomorrow,
   virtually;
4. post-inspection returned by staff (the odometer photo was missing) and its correction, version 2, due today;
5. delivered last week: the post-inspection needs an inspector (staff's "Needing an inspector" list), and the
   fleet's scrapping inspection of truck 5 is assigned to ``inspector``, still to schedule.

Skipped when ``inspector`` already has an assignment.
"""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements.models import Agreement
from programs.demo import sample_pdf

from . import selectors, services
from .models import Inspection

PDF = sample_pdf()


def _jpeg(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A small real JPEG (Pillow, a WeasyPrint dependency), so the demo's thumbnails show."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (96, 64), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _observed(inspection: Inspection, today: dt.date) -> dict:
    """What the inspector saw: the application's declared values, the checks verified."""
    values = {}
    for check in selectors.rule_of(inspection).checklist:
        field = check.field
        declared = (inspection.project.data or {}).get(check.declared) if check.declared else None
        if declared not in (None, ""):
            values[field.name] = declared
        elif field.kind == "boolean":
            values[field.name] = True
        elif field.kind == "date":
            values[field.name] = (today - dt.timedelta(days=20)).isoformat()
        elif field.name == "vin":
            values[field.name] = f"4V4NC9EH5SN00{inspection.project.position:04d}"
        elif field.kind in ("integer", "decimal"):
            values[field.name] = "565" if field.name == "battery_capacity_kwh" else "40"
        else:
            values[field.name] = "Harbor Auto Dismantling, Wilmington" if field.name == "dismantler" else "Volvo"
    return values


def _filled(inspection, inspector, staff, today: dt.date, *, when: dt.datetime, mode="on_site", photos=None):
    services.assign(inspection, inspector, actor=staff)
    services.schedule(inspection, actor=inspector, when=when, mode=mode)
    services.save_checklist(inspection, _observed(inspection, today), actor=inspector)
    captions = selectors.rule_of(inspection).photos if photos is None else photos
    colours = [(40 + 25 * number, 90, 140) for number in range(len(captions))]
    if captions:
        services.add_photos(
            inspection,
            [(caption, _jpeg(f"photo-{number + 1}.jpg", colours[number])) for number, caption in enumerate(captions)],
            actor=inspector,
        )
    services.attach_report(inspection, _pdf("inspection-report-signed.pdf"), actor=inspector)
    return inspection


def _submitted(inspection, inspector, staff, today, *, when):
    _filled(inspection, inspector, staff, today, when=when)
    services.submit(inspection, actor=inspector, result="passed", findings="As declared; operational.", today=today)
    return inspection


def seed_inspections_demo(today: dt.date) -> None:
    users = get_user_model().objects
    inspector, staff = users.get(username="inspector"), users.get(username="staff")
    if Inspection.objects.filter(inspector=inspector).exists():
        return
    agreement = (
        Agreement.objects.filter(
            program__code="PA2026-02", status=Agreement.Status.EXECUTED, funded_projects__position=5
        )
        .order_by("pk")
        .first()
    )
    if agreement is None:
        return
    owner = agreement.application.applicant
    lines = list(agreement.funded_projects.select_related("project__application").order_by("position"))
    morning = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 30)))

    for line in lines[:2]:
        project = line.project
        post = services.report_ready(project, "post", today - dt.timedelta(days=100), actor=owner, today=today)
        services.accept(
            _submitted(post, inspector, staff, today, when=morning - dt.timedelta(days=95)),
            actor=staff,
            note="Specifications verified (demo).",
            today=today,
        )
        services.add_document(
            project,
            "dismantler_receipt",
            today - dt.timedelta(days=60),
            _pdf("dismantler-receipt.pdf"),
            actor=owner,
            today=today,
        )
        destruction = selectors.open_inspection_of(project, "destruction")
        services.accept(
            _submitted(destruction, inspector, staff, today, when=morning - dt.timedelta(days=21)),
            actor=staff,
            today=today,
        )

    third = lines[2].project
    post = services.report_ready(third, "post", today - dt.timedelta(days=30), actor=owner, today=today)
    _submitted(post, inspector, staff, today, when=morning - dt.timedelta(days=2))
    services.add_document(
        third,
        "dismantler_receipt",
        today - dt.timedelta(days=10),
        _pdf("dismantler-receipt.pdf"),
        actor=owner,
        today=today,
    )
    destruction = selectors.open_inspection_of(third, "destruction")
    services.assign(destruction, inspector, actor=staff)
    services.schedule(destruction, actor=inspector, when=morning + dt.timedelta(days=1), mode="virtual")

    fourth = lines[3].project
    post = services.report_ready(fourth, "post", today - dt.timedelta(days=20), actor=owner, today=today)
    _filled(
        post,
        inspector,
        staff,
        today,
        when=morning - dt.timedelta(days=3),
        photos=("VIN tag", "Front of the vehicle", "Side profile of the vehicle", "Odometer"),
    )
    services.submit(post, actor=inspector, result="passed", today=today)
    correction = services.return_report(
        post, actor=staff, reason="The odometer photo is too dark to read; add a clearer one and sign the report again."
    )
    services.schedule(correction, actor=inspector, when=morning, mode="on_site")

    fifth = lines[4].project
    services.report_ready(fifth, "post", today - dt.timedelta(days=7), actor=owner, today=today)
    scrapping = services.open_inspection(
        fifth, "destruction", actor=staff, why="The awardee asked to scrap the old truck early (demo)."
    )
    services.assign(scrapping, inspector, actor=staff)
