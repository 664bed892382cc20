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
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from agreements.rules.registry import post_award
from programs.rules.fields import Field, Kind, parse_values

from . import clauses_es, selectors
from .clauses import CLAUSES, NO_OBLIGATION_BEFORE_EXECUTION, Clause
from .models import Agreement, Amendment, FundedProject

DISTRICT = "South Coast Air Quality Management District (South Coast AQMD)"
"""The other party of every agreement: the district that issues the announcements (001_ea26778b00a7e017.txt,
002_93fe1fbed5faf247.txt, 003_b264a6114e3b8c3f.txt)."""


def describe(spec: Field, value: Any) -> str:
    """One agreement value in words: a date as "March 15, 2026", a choice by its label, a number with its unit."""
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")  # in the document's language: the courtesy translation's in Spanish
    if spec.kind is Kind.CHOICE:
        return gettext(dict(spec.choices).get(value, str(value)))
    if spec.kind is Kind.PERCENT:
        return f"{value}%"
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
            label = gettext("Annual usage required (%(metric)s)") % {"metric": gettext(metric)}
            rows.append((label, f"{values[spec.name]:,} {gettext(unit)}"))
        else:
            rows.append((gettext(spec.label), describe(spec, values[spec.name])))
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


DISTRICT_ADDRESS = "21865 Copley Drive, Diamond Bar, California 91765"
"""The district's address as the announcements give it (003_b264a6114e3b8c3f.txt, SECTION V contact block)."""


@dataclass(frozen=True)
class SigningEvent:
    """One line of the agreement's signature certificate: who did what, when, and from which address."""

    what: str
    who: str
    at: dt.datetime
    address: str


def signing_events(agreement: Agreement) -> list[SigningEvent]:
    """Sent, signed and countersigned, in order, from the agreement's recorded steps (the latest of each)."""
    names = {
        "send": gettext_lazy("Sent to the Awardee to sign"),
        "sign": gettext_lazy("Signed for the Awardee"),
        "countersign": gettext_lazy("Countersigned for the District"),
    }
    latest = {}
    for step in agreement.steps.filter(action__in=names).select_related("actor").order_by("at", "pk"):
        latest[step.action] = step
    events = []
    for action in ("send", "sign", "countersign"):
        step = latest.get(action)
        if step is None:
            continue
        actor = step.actor.get_full_name() or step.actor.get_username() if step.actor else ""
        if action == "sign":
            who, address = f"{agreement.signer_name}, {agreement.signer_title} ({actor})", agreement.signer_ip or ""
        elif action == "countersign":
            title = f", {agreement.countersigner_title}" if agreement.countersigner_title else ""
            who, address = f"{agreement.countersigner_name or actor}{title}", agreement.countersigner_ip or ""
        else:
            who, address = actor, ""
        events.append(SigningEvent(str(names[action]), who, step.at, address))
    return events


def signed_document_sha256(agreement: Agreement) -> str:
    """The SHA-256 of the PDF the Awardee signed (the agreement as sent), or "" before it is sent."""
    if not agreement.sent_document:
        return ""
    with agreement.sent_document.open("rb") as document:
        return hashlib.sha256(document.read()).hexdigest()


def agreement_html(agreement: Agreement, *, executed: bool = False, as_of: dt.date | None = None) -> str:
    """The agreement as a legal document: parties, recitals, numbered clauses, one binding date per obligation,
    the award and its fund, signatures and, once executed, the certificate of the signing events. Rendered in the
    active language: English is the binding original, Spanish a courtesy translation (``render_agreement``)."""
    code = agreement.program.code
    as_of = as_of or timezone.localdate()
    program = post_award(code)
    no_obligation, _source = NO_OBLIGATION_BEFORE_EXECUTION[code]
    clauses = CLAUSES[code]
    if translation.get_language() == "es":  # the courtesy translation (agreements.clauses_es)
        no_obligation = clauses_es.text(no_obligation)
        clauses = [
            Clause(clauses_es.heading(clause.heading), clauses_es.text(clause.text), clause.source)
            for clause in clauses
        ]
    schedules = _schedules(agreement, as_of)
    terms = selectors.terms_for(agreement)
    application = agreement.application
    approval = application.decisions.filter(to_status="approved").order_by("-at").first()
    funds = sorted({schedule.funded.fund_names for schedule in schedules if schedule.funded.fund_names})
    return render_to_string(
        "agreements/agreement_pdf.html",
        {
            "agreement": agreement,
            "program": agreement.program,
            "application": application,
            "approved_on": timezone.localtime(approval.at).date() if approval else None,
            "post_award": program,
            "executed": executed,
            "schedules": schedules,
            "funds": "; ".join(funds),
            "total": sum(schedule.funded.award for schedule in schedules),
            "clauses": clauses,
            "no_obligation": no_obligation,
            "report_due_days": terms["report_due_days"],
            "as_of": as_of,
            "reporting": program.reporting,
            "remedies": program.remedies,
            "district": DISTRICT,
            "district_address": DISTRICT_ADDRESS,
            "events": signing_events(agreement) if agreement.signed_at else [],
            "signed_sha256": signed_document_sha256(agreement) if executed else "",
            "courtesy": translation.get_language() != "en",
        },
    )


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when a PDF is made: it loads Pango

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_agreement(
    agreement: Agreement, *, executed: bool = False, as_of: dt.date | None = None, language: str = "en"
) -> bytes:
    """The agreement's PDF: the binding English original, or (``language="es"``) its Spanish courtesy translation,
    each saying which it is. One function renders both, wherever it is called from (a view, a task)."""
    with translation.override(language):
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
