"""The agreement's and each amendment's PDF (WeasyPrint), from the program's clauses (``agreements.clauses``), its
post-award rules (``agreements.rules``) and the round's terms.

An agreement is rendered when it is sent (the document the awardee signs) and once more when it is countersigned
(the executed agreement, with both signatures); the executed PDF is stored with its SHA-256 and never rendered again,
so what was executed is what anyone downloads later. An amendment is rendered once, when it is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agreements.rules.base import long_date
from agreements.rules.registry import post_award
from programs.rules.fields import Field, Kind, parse_values

from . import selectors
from .clauses import CLAUSES, NO_OBLIGATION_BEFORE_EXECUTION
from .models import Agreement, Amendment, FundedProject

DISTRICT = "South Coast Air Quality Management District (South Coast AQMD)"
"""The other party of every agreement: the district that issues the announcements (001_ea26778b00a7e017.txt,
002_93fe1fbed5faf247.txt, 003_b264a6114e3b8c3f.txt)."""


def describe(spec: Field, value: Any) -> str:
    """One agreement value in words: a date as "March 15, 2026", a choice by its label, a number with its unit."""
    if isinstance(value, dt.date):
        return long_date(value)
    if spec.kind is Kind.CHOICE:
        return dict(spec.choices).get(value, str(value))
    if spec.kind in (Kind.INTEGER, Kind.DECIMAL):
        number = f"{value:,}" if not isinstance(value, str) else value
        return f"{number} {spec.unit}".strip()
    return str(value)


def values_in_words(funded: FundedProject) -> list[tuple[str, str]]:
    """(label, value in words) of what the agreement sets for a project, in the program's field order."""
    code = funded.agreement.program.code
    fields = selectors.agreement_fields(code)
    values = parse_values(fields, funded.values, partial=True, strict=False)
    unit = post_award(code).usage.unit
    rows = []
    for spec in fields:
        if spec.name not in values:
            continue
        if spec.name == "annual_requirement":
            metric = post_award(code).usage.metric
            rows.append((f"Annual usage required ({metric})", f"{values[spec.name]:,} {unit}"))
        else:
            rows.append((spec.label, describe(spec, values[spec.name])))
    return rows


@dataclass(frozen=True)
class ProjectSchedule:
    funded: FundedProject
    values: list[tuple[str, str]]
    calendar: Any


def _schedules(agreement: Agreement, as_of: dt.date) -> list[ProjectSchedule]:
    schedules = []
    for funded in agreement.funded_projects.select_related("project__application__program"):
        calendar = selectors.build_calendar(agreement, funded, as_of=as_of)
        schedules.append(ProjectSchedule(funded, values_in_words(funded), calendar))
    return schedules


def agreement_html(agreement: Agreement, *, executed: bool = False, as_of: dt.date | None = None) -> str:
    code = agreement.program.code
    as_of = as_of or timezone.localdate()
    program = post_award(code)
    no_obligation, no_obligation_source = NO_OBLIGATION_BEFORE_EXECUTION[code]
    schedules = _schedules(agreement, as_of)
    terms = selectors.terms_for(agreement)
    return render_to_string(
        "agreements/agreement_pdf.html",
        {
            "agreement": agreement,
            "program": agreement.program,
            "post_award": program,
            "executed": executed,
            "schedules": schedules,
            "total": sum(schedule.funded.award for schedule in schedules),
            "clauses": CLAUSES[code],
            "no_obligation": no_obligation,
            "no_obligation_source": no_obligation_source,
            "report_due_days": terms["report_due_days"],
            "report_due_source": terms.source("report_due_days"),
            "as_of": as_of,
            "reporting": program.reporting,
            "remedies": program.remedies,
            "notes": program.notes,
            "district": DISTRICT,
        },
    )


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when a PDF is made: it loads Pango

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_agreement(agreement: Agreement, *, executed: bool = False, as_of: dt.date | None = None) -> bytes:
    """The agreement's PDF, in English whatever the reader's language: a legal document, as the announcements are."""
    with translation.override("en"):
        return _pdf(agreement_html(agreement, executed=executed, as_of=as_of))


def store(field, content: bytes, name: str) -> str:
    """Save ``content`` in a file field (private storage) and return its SHA-256."""
    field.save(name, ContentFile(content), save=False)
    return hashlib.sha256(content).hexdigest()


def amendment_html(amendment: Amendment) -> str:
    agreement = amendment.agreement
    funded = (
        agreement.funded_projects.filter(project=amendment.project).select_related("project").first()
        if amendment.project_id
        else None
    )
    obligation = (
        agreement.obligations.filter(project=amendment.project, key=amendment.obligation_key).first()
        if amendment.obligation_key
        else None
    )
    program = post_award(agreement.program.code)
    return render_to_string(
        "agreements/amendment_pdf.html",
        {
            "amendment": amendment,
            "agreement": agreement,
            "program": agreement.program,
            "funded": funded,
            "obligation": obligation,
            "district": DISTRICT,
            "remedies": program.remedies,
            "term": selectors.calendar_of(amendment.project, as_of=amendment.effective_on).term
            if funded and amendment.kind == Amendment.Kind.EXTEND_TERM
            else None,
        },
    )


def render_amendment(amendment: Amendment) -> bytes:
    with translation.override("en"):
        return _pdf(amendment_html(amendment))
