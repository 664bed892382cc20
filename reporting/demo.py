"""Demo data for usage reporting, called by ``python manage.py seed_demo`` right after the dashboards' history, in
the original windows, before the rounds are re-issued (never against production data).

- Every project the dashboards' replay commissioned (INVEST CLEAN trucks and equipment, SOON contracts, PA2022-01
  trucks) gets its report schedule; each report the replay recorded as filed is filed through the report form on
  that day (the program's figures, its documents) and accepted by ``staff``, so the dashboards show the usage.
- One short of usage: the first SOON annual report filed reports 75% of the contracted hours (flagged, with the
  size of the shortfall, for staff to decide a remedy).
- Overdue: the SOON and PA2022-01 reports the replay left unfiled (one of two SOON first annual reports; one
  hauler's third) stand overdue in staff's queue.
- One ready to close out: a second such contract ("dash_hauler_05", Palm Desert Cartage LLC), its term ended and its
  reports accepted, for staff to close out live.
- One closed: a PA2022-01 Carl Moyer contract with a three-year project life ("dash_hauler_04", Coachella Valley
  Freight Co.), commissioned in February 2023, paid 90% of its award, its three annual reports accepted, closed out
  with the rest of the award released in the fund ledger (the dashboards' "closed" stage).

Skipped when a closeout exists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services as agreements
from agreements.models import Obligation
from agreements.selectors import awardees_of
from programs.demo import sample_pdf
from programs.rules.fields import InputError

from . import selectors, services
from .models import Closeout, UsageReport

PDF = sample_pdf()


def _figures(code: str, usage: Decimal, in_area: Decimal) -> dict:
    usage, in_area = str(usage), str(in_area)
    return {
        "PA2026-01": {
            "hours_operated": usage,
            "msa_hours": usage,
            "availability_percent": "94",
            "duty_cycle_coverage_percent": "88",
            "energy_used_kwh": "21000",
            "charging_sessions": "240",
            "charging_rate_kw": "150",
            "charger_uptime_percent": "97",
            "maintenance_cost": "1850.00",
            "operating_cost": "5200.00",
            "operational_fit": "Handles a full shift on one charge.",
            "operator_feedback": "Operators prefer it to the diesel unit.",
        },
        "PA2026-02": {"miles": usage, "msa_miles": in_area, "energy_used_kwh": "6100"},
        "PA2026-03": {
            "charging_stations": "4",
            "hoses_per_charger": "2",
            "throughput_kwh": usage,
            "charger_uptime_percent": "98",
        },
        "PA2025-04": {
            "total_hours": usage,
            "district_hours": in_area,
            "where_operated": "Job sites in the district",
            "maintenance_and_repair": "Routine service; one hydraulic hose replaced.",
        },
        "PA2022-01": {
            "annual_miles": usage,
            "in_area_miles": in_area,
            "where_operated": "Inland Empire and the ports",
            "operational_issues": "None.",
        },
    }[code]


def _file(replay, report: UsageReport, on: dt.date, share_of_requirement: Decimal, *, accept: bool = True) -> bool:
    """The awardee files ``report`` on ``on`` with ``share_of_requirement`` of the period's requirement; staff accept
    it the next day (when that day is past)."""
    if not replay.past(on):
        return False
    funded = report.funded_project
    assessment = selectors.assessment_of(funded)
    annual = assessment.annual_requirement if assessment else Decimal("1000")
    usage = (annual * report.months / 12 * share_of_requirement).quantize(Decimal("1"))
    in_area = (usage * Decimal("0.9")).quantize(Decimal("1"))
    awardee = awardees_of(report.agreement)[0]
    form = selectors.report_form(report.program.code)
    try:
        with replay.at(on):
            services.save_report(report, _figures(report.program.code, usage, in_area), actor=awardee)
            for slot in form.documents:
                services.add_document(
                    report,
                    slot=slot.key,
                    actor=awardee,
                    upload=SimpleUploadedFile(f"{slot.key}.pdf", PDF, content_type="application/pdf"),
                )
            services.submit(report, actor=awardee, certified=True, certifier_name="Authorized officer, Owner", today=on)
    except (services.ReportingError, InputError, agreements.AgreementError):
        return False
    if accept:
        replay.step(
            on + dt.timedelta(days=1),
            services.accept,
            report,
            actor=replay.staff,
            note="Figures match the data logger or hour-meter records (demo).",
        )
    return True


def seed_reporting_demo(today: dt.date) -> None:
    from dashboards.demo import Replay

    if Closeout.objects.exists():
        return
    replay = Replay(today)
    closed = _closed_contract(replay)
    # A second one, its term ended and its reports accepted, left for staff to close out live in the demo.
    ended = _closed_contract(replay, "dash_hauler_05", "Palm Desert Cartage LLC")
    for funded in selectors.in_reporting():
        services.sync_schedule(funded)
    short_done = False
    filed = (
        UsageReport.objects.filter(status=UsageReport.Status.DUE)
        .select_related("funded_project__agreement__program", "program", "agreement")
        .order_by("due", "pk")
    )
    for report in filed:
        obligation = Obligation.objects.filter(project=report.project, key=f"report_{report.number}").first()
        if obligation is None or obligation.done_on is None:
            continue
        short = not short_done and report.program.code == "PA2025-04"
        if _file(replay, report, obligation.done_on, Decimal("0.75") if short else Decimal("1.05"), accept=not short):
            short_done = short_done or short
    for funded in (ended, closed):
        if funded is None:
            continue
        services.sync_schedule(funded)
        for report in funded.usage_reports.order_by("number"):
            _file(replay, report, report.period_end + dt.timedelta(days=20), Decimal("1.1"))
    if closed is not None:
        if not selectors.closeout_problems(closed, today=today):
            services.close_project(
                closed,
                actor=replay.staff,
                note="Three annual reports accepted; the truck operated through its project life.",
                today=today,
            )


def _closed_contract(replay, username="dash_hauler_04", name="Coachella Valley Freight Co."):
    """A PA2022-01 Carl Moyer contract whose three-year project life has ended, paid 90% of its award."""
    from dashboards.demo import day

    user = replay.fleet(username, name)
    application = replay.apply(
        "PA2022-01", user, day(2022, 6, 20), details={"county": "Riverside"}, projects=[{"dac_or_low_income": True}]
    )
    if not replay.review(application, day(2022, 7, 11), day(2022, 8, 16)):
        return None
    application.refresh_from_db()
    agreement = application.agreement
    funded = agreement.funded_projects.select_related("project").first()
    if funded is None:
        return None
    with replay.at(day(2022, 8, 25)):
        try:
            agreements.set_values(
                agreement, funded.project, {**funded.values, "project_life_years": 3}, actor=replay.staff
            )
        except (InputError, agreements.AgreementError):
            return None
    if not replay.execute(application, user, day(2022, 9, 1), day(2022, 9, 20)):
        return None
    replay.event(application, "commissioned", day(2023, 2, 20))
    replay.event(application, "destroyed", day(2023, 3, 6))
    replay.pay(application, day(2023, 3, 27), share=Decimal("0.9"))
    funded.refresh_from_db()
    return funded
