"""Demo history for the dashboards, called by ``python manage.py seed_demo`` (never against production data).

The board's charts need a portfolio that has lived: applications submitted in the original 2025 windows, reviewed,
approved, agreements executed, equipment delivered and commissioned, rebates paid, reports filed (and one late).
So the demo replays that history at its own dates (``time_machine``): every step goes through the services staff and
awardees use (``applications.services``, ``agreements.services``, ``funding.services``), on the day it happened, so
the ledger's dates, the decisions and the obligations' due dates are what they would be. Steps whose day is still to
come are left out.

- INVEST CLEAN (PA2026-01, -02, -03; window August 15 to November 28, 2025): fleets in the four counties of the two
  MSAs, trucks and cargo-handling equipment approved in the autumn, delivered, deployed and paid in 2026, with
  semi-annual reports; charging sites ranked by their rubric scores against county shares (illustrative truck
  populations, entered as staff would with their source); some applications still under review, one rejected, one
  withdrawn.
- SOON (PA2025-04; window March 14 to July 1, 2025): four contracts (three in disadvantaged or low-income
  communities) from a second illustrative Carl Moyer fund sized to them, commissioned and paid in 2025, the first
  annual reports due in 2026 (one filed, one overdue).
- PA2022-01 (window April 19 to July 15, 2022): three Carl Moyer Program contracts in operation since 2023, paid, with
  their weighted tons and $/ton and their annual reports (one late).

``seed_demo`` runs it before re-issuing the current rounds (the replay applies in the original windows) and before
``funding.demo``, whose SOON round finds nothing left in this demo's fund. Skipped when that fund exists.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from accounts.services import create_user_with_role, mark_email_verified, own_organization
from agreements import services as agreements
from agreements.models import Obligation
from applications import services as applications
from applications.models import CriterionScore
from funding import services as funding
from programs.demo import current_example, numbered_vin, sample_pdf
from programs.models import Program

SOON_FUND = "Carl Moyer Program, SOON 2025 solicitation (demo amount)"
SOON_BUDGET = Decimal("1500000.00")
PDF = sample_pdf()
SHARES_REASON = (
    "Illustrative demo figures, not DMV data: staff enter each county's Class 4 to 8 truck population "
    "with its source (PA2026-03, county allocation)."
)
TRUCK_POPULATIONS = {"Los Angeles": 96000, "Orange": 21000, "Riverside": 26000, "San Bernardino": 37000}


def day(year: int, month: int, on: int) -> dt.date:
    return dt.date(year, month, on)


class Replay:
    """Runs each step on its own day (10 a.m. Pacific), and not at all when that day is still to come."""

    def __init__(self, today: dt.date):
        self.today = today
        users = get_user_model().objects
        self.staff = users.get(username="staff")
        self.signatory = users.get(username="signatory")  # countersigns: never the approver (issue 21)
        self.serials = itertools.count(101)  # each vehicle its own VIN (``numbered_vin``)

    def past(self, on: dt.date) -> bool:
        return on < self.today

    def at(self, on: dt.date):
        moment = dt.datetime.combine(on, dt.time(10), tzinfo=timezone.get_current_timezone())
        return time_machine.travel(moment, tick=False)

    def fleet(self, username: str, name: str):
        users = get_user_model().objects
        user = users.filter(username=username).first()
        if user is None:
            user = create_user_with_role(
                username=username,
                email=f"{username}@example.com",
                password=None,
                role=Role.APPLICANT,
                first_name=name[:150],
            )
            mark_email_verified(user)
        organization = own_organization(user)
        if organization.name != name:
            organization.name = name
            organization.save(update_fields=["name"])
        return user

    def apply(self, code: str, user, on: dt.date, *, details: dict | None = None, projects=({},)):
        """An application made, documented, certified, submitted and evaluated on ``on``."""
        with self.at(on):
            program = Program.objects.get(code=code)
            example = current_example(code, on)
            application = applications.start_application(applicant=user, program=program)
            applications.save_details(
                application,
                {
                    **example["application"],
                    "applicant_name": own_organization(user).name,
                    "contact_email": user.email,
                    **(details or {}),
                },
            )
            saved = [
                applications.save_project(application, {**example["project"], **self._own_vins(example), **changes})
                for changes in projects
            ]
            for slot in application.rule_set.attachments:
                if slot.required:
                    for project in saved if slot.per_project else [None]:
                        applications.add_attachment(
                            application,
                            slot=slot.key,
                            uploaded_by=user,
                            project=project,
                            upload=SimpleUploadedFile(f"{slot.key}.pdf", PDF, content_type="application/pdf"),
                        )
            if "scores" in example:
                for project in saved:
                    for criterion, points in example["scores"].items():
                        CriterionScore.objects.create(
                            project=project,
                            criterion=criterion,
                            points=points,
                            scored_by=self.staff,
                            note="Demo score.",
                        )
            applications.certify(application, name="Authorized officer", title="Owner")
            applications.submit(application, user)
            applications.evaluate_application(application)
        return application

    def _own_vins(self, example: dict) -> dict:
        return {
            key: numbered_vin(value, next(self.serials))
            for key, value in example["project"].items()
            if key.endswith("_vin") and value
        }

    def step(self, when: dt.date, action, *args, **kwargs) -> bool:
        if not self.past(when):
            return False
        with self.at(when):
            action(*args, **kwargs)
        return True

    def review(self, application, completed: dt.date, approved: dt.date | None = None, fund=None) -> bool:
        """Marked complete on ``completed``, approved on ``approved`` (from ``fund`` when given)."""
        if not self.step(completed, applications.mark_complete, application, self.staff, "All documents received."):
            return False
        if approved is None:
            return False
        offers = None
        if fund is not None:
            offers = [
                funding.Offer(project, project.award, fund)
                for project in application.projects.all()
                if project.eligible and project.award
            ]
        return self.step(
            approved,
            applications.approve,
            application,
            self.staff,
            "Approved by the Executive Officer under the Board's authorization.",
            offers=offers,
        )

    def execute(self, application, user, sent: dt.date, countersigned: dt.date) -> bool:
        agreement = application.agreement
        if not self.step(sent, agreements.send, agreement, actor=self.staff):
            return False
        self.step(
            sent + dt.timedelta(days=3),
            agreements.sign,
            agreement,
            actor=user,
            name="Authorized officer",
            title="Owner",
            consent=True,
            ip="192.0.2.10",
        )
        return self.step(
            countersigned,
            agreements.countersign,
            agreement,
            actor=self.signatory,
            today=countersigned,
        )

    def event(self, application, key: str, on: dt.date, positions=None) -> None:
        for project in application.projects.order_by("position"):
            if positions is None or project.position in positions:
                self.step(on, agreements.record_event, project, key, on, actor=self.staff, today=on)

    def pay(self, application, on: dt.date, share: Decimal = Decimal("1")) -> None:
        """The invoice and the documents received, then the rebate paid (a disbursement in the fund ledger)."""
        from funding.selectors import balances_by_project

        self.paperwork(application, on)
        for project, balance in balances_by_project(application.projects.all()).items():
            amount = (balance.outstanding * share).quantize(Decimal("0.01"))
            if amount > 0:
                self.step(
                    on,
                    funding.disburse,
                    application.projects.get(pk=project),
                    amount,
                    actor=self.staff,
                    reason=f"Rebate payment, invoice {application.reference} (demo).",
                )

    def report(self, application, number: int, on: dt.date) -> None:
        """The awardee's ``number``th report filed on ``on``, with the yearly certification that goes with it."""
        for project in application.projects.all():
            for key in (f"report_{number}", f"certification_{number}"):
                if project.obligations.filter(key=key).exists():
                    self.step(on, agreements.complete_obligation, project, key, on=on, actor=self.staff, today=on)

    def paperwork(self, application, on: dt.date) -> None:
        """The notices, documents and invoice the awardee owed by ``on``, received on that day (what an event does
        not fulfil: a notice of delivery, a certificate of destruction, the invoice)."""
        kinds = [Obligation.Kind.NOTICE, Obligation.Kind.DOCUMENTATION, Obligation.Kind.INVOICE]
        for obligation in Obligation.objects.filter(
            agreement__application=application,
            kind__in=kinds,
            done_on__isnull=True,
            waived_at__isnull=True,
            due__isnull=False,
        ).select_related("project"):
            try:
                self.step(
                    on,
                    agreements.complete_obligation,
                    obligation.project,
                    obligation.key,
                    on=on,
                    actor=self.staff,
                    today=on,
                )
            except agreements.AgreementError:
                continue  # fulfilled by an event instead


def seed_dashboards_demo(today: dt.date) -> None:
    soon = Program.objects.get(code="PA2025-04")
    if soon.fund_sources.filter(name=SOON_FUND).exists():
        return
    replay = Replay(today)
    staff = replay.staff
    charging = Program.objects.get(code="PA2026-03").fund_sources.order_by("position").first()
    with replay.at(day(2025, 8, 1)):
        for county, population in TRUCK_POPULATIONS.items():
            funding.set_county_share(charging, county, population, actor=staff, reason=SHARES_REASON)
    _invest_clean(replay)
    _soon(replay, soon)
    _pa2022(replay)


def _invest_clean(replay: Replay) -> None:
    """Trucks, cargo-handling equipment and charging sites in the 2025 window, then a year of agreements."""
    trucks = [
        # (fleet, county, trucks, submitted, stage reached)
        ("dash_fleet_01", "Harbor Freight Lines LLC", "Los Angeles", 3, day(2025, 8, 18), "reporting"),
        ("dash_fleet_02", "Inland Empire Logistics Inc.", "San Bernardino", 2, day(2025, 8, 22), "reporting_late"),
        ("dash_fleet_03", "Orange Coast Drayage Co.", "Orange", 1, day(2025, 9, 3), "paid"),
        ("dash_fleet_04", "Riverside Cold Chain LLC", "Riverside", 2, day(2025, 9, 17), "under_agreement"),
        ("dash_fleet_05", "Long Beach Container Transport", "Los Angeles", 1, day(2025, 10, 9), "approved"),
        ("dash_fleet_06", "Ontario Regional Freight", "San Bernardino", 1, day(2025, 10, 28), "complete"),
        ("dash_fleet_07", "Anaheim Distribution Services", "Orange", 1, day(2025, 11, 14), "submitted"),
        ("dash_fleet_08", "Pomona Valley Trucking", "Los Angeles", 1, day(2025, 10, 2), "rejected"),
        ("dash_fleet_09", "Corona Express Freight", "Riverside", 1, day(2025, 9, 25), "withdrawn"),
    ]
    for username, name, county, count, submitted, stage in trucks:
        user = replay.fleet(username, name)
        application = replay.apply(
            "PA2026-02",
            user,
            submitted,
            details={"county": county},
            projects=[{"existing_yard_county": county}] * count,
        )
        _lifecycle(
            replay,
            application,
            user,
            submitted,
            stage,
            commissioned="commissioned",
            old="destroyed",
            before_old="dismantler_receipt",
        )
    equipment = [
        ("dash_terminal_01", "Pacific Gateway Terminals LLC", "Los Angeles", 2, day(2025, 8, 20), "reporting"),
        ("dash_terminal_02", "Inland Port Services Inc.", "San Bernardino", 1, day(2025, 9, 9), "under_agreement"),
        ("dash_terminal_03", "Harbor Yard Equipment Co.", "Los Angeles", 1, day(2025, 11, 3), "complete"),
    ]
    for username, name, county, count, submitted, stage in equipment:
        user = replay.fleet(username, name)
        application = replay.apply(
            "PA2026-01",
            user,
            submitted,
            details={"county": county},
            projects=[{"existing_yard_county": county}] * count,
        )
        _lifecycle(
            replay,
            application,
            user,
            submitted,
            stage,
            commissioned="commissioned",
            old="destroyed",
            before_old="destruction_planned",
        )
    sites = [
        ("dash_site_01", "Fontana Truck Charging Hub LLC", "San Bernardino", day(2025, 9, 4), "paid"),
        ("dash_site_02", "Carson Electric Depot Inc.", "Los Angeles", day(2025, 9, 30), "under_agreement"),
        ("dash_site_03", "Irvine Fleet Power Co.", "Orange", day(2025, 10, 20), "complete"),
    ]
    for username, name, county, submitted, stage in sites:
        user = replay.fleet(username, name)
        application = replay.apply(
            "PA2026-03", user, submitted, details={"county": county}, projects=[{"site_county": county}]
        )
        _lifecycle(
            replay,
            application,
            user,
            submitted,
            stage,
            commissioned="commissioned",
            before=("power_upgraded", "design_completed", "equipment_ordered", "delivered", "installed"),
        )


def _lifecycle(
    replay: Replay,
    application,
    user,
    submitted: dt.date,
    stage: str,
    *,
    commissioned: str,
    old: str = "",
    before_old: str = "",
    before: tuple[str, ...] = ("delivered",),
) -> None:
    """Move one application from its submission to ``stage`` on believable days after it."""
    after = [submitted + dt.timedelta(days=days) for days in (16, 45, 60, 70, 150, 170, 185, 200, 230, 365, 410)]
    if stage == "submitted":
        return
    if stage == "withdrawn":
        replay.step(after[0], applications.withdraw, application, user, "We bought a used truck instead.")
        return
    if stage == "rejected":
        replay.step(after[0], applications.mark_complete, application, replay.staff, "All documents received.")
        replay.step(
            after[1],
            applications.reject,
            application,
            replay.staff,
            "The old truck was not registered to the applicant for the two years the program requires.",
        )
        return
    if stage in ("complete", "approved"):
        replay.review(application, after[0], after[1] if stage == "approved" else None)
        return
    if not replay.review(application, after[0], after[1]) or not replay.execute(application, user, after[2], after[3]):
        return
    for index, key in enumerate(before):  # the steps before commissioning, a week or more apart
        replay.event(application, key, after[4] - dt.timedelta(days=10 * (len(before) - 1 - index)))
    if stage == "under_agreement":
        return
    # A project shown as paid went into service lately, so its first report has not fallen due yet.
    late = max(after[8], replay.today - dt.timedelta(days=10)) - after[8] if stage == "paid" else dt.timedelta()
    replay.event(application, commissioned, after[5] + late)
    if before_old:
        replay.event(application, before_old, after[6] + late)
    if old:
        replay.event(application, old, after[7] + late)
    replay.pay(application, after[8] + late)
    if stage == "reporting":  # the first semi-annual period ends six months after commissioning, due 30 days later
        replay.report(application, 1, after[5] + dt.timedelta(days=205))


def _soon(replay: Replay, program: Program) -> None:
    """SOON contracts from the 2025 window, DAC first; commissioned and paid in 2025, the first annual reports in 2026.

    Their fund is sized to the four awards, so nothing of it is left for the funding demo's current SOON round."""
    contractors = [
        ("dash_soon_01", "Inland Grading & Paving Inc.", "San Bernardino", True, "350000.00", 1600, day(2025, 4, 2)),
        ("dash_soon_02", "Compton Earthmovers LLC", "Los Angeles", True, "300000.00", 1400, day(2025, 4, 21)),
        ("dash_soon_03", "Moreno Valley Aggregates", "Riverside", True, "320000.00", 1500, day(2025, 5, 6)),
        ("dash_soon_04", "Mission Viejo Excavating", "Orange", False, "280000.00", 1300, day(2025, 6, 4)),
    ]
    applied = []
    for username, name, county, dac, cost, hours, submitted in contractors:
        user = replay.fleet(username, name)
        application = replay.apply(
            "PA2025-04",
            user,
            submitted,
            details={"county": county, "fleet_size_class": "small", "fleet_total_hp": 2200},
            projects=[
                {
                    "dac_or_low_income": dac,
                    "project_cost": cost,
                    "proposed_annual_hours": hours,
                    "hours_most_recent_year": hours,
                    "hours_prior_year": hours + 40,
                }
            ],
        )
        applied.append((user, application))
    budget = sum((application.award_total for _, application in applied), Decimal("0.00"))
    with replay.at(day(2025, 7, 21)):
        fund = funding.create_fund(
            program,
            name=SOON_FUND,
            budget=budget,
            actor=replay.staff,
            reason="Illustrative demo amount: PA2025-04 names no SOON budget (SECTION I); "
            "the 2025 solicitation's awards.",
        )
    for index, (user, application) in enumerate(applied):
        if not replay.review(application, day(2025, 7, 8), day(2025, 7, 22), fund=fund):
            continue
        if not replay.execute(application, user, day(2025, 8, 4), day(2025, 8, 18)):
            continue
        replay.event(application, "commissioned", day(2025, 9, 15 + index))
        replay.event(application, "destroyed", day(2025, 10, 1 + index))
        replay.pay(application, day(2025, 10, 20 + index))
        if index % 2 == 0:  # the first annual report is due about a year after commissioning; one of two is late
            replay.report(application, 1, day(2026, 10, 9 + index))


def _pa2022(replay: Replay) -> None:
    """Carl Moyer Program contracts of the 2022 solicitation: in operation in 2023, paid, filing annual reports."""
    haulers = [
        ("dash_hauler_01", "Inland Produce Haulers Inc.", "San Bernardino", True, day(2022, 4, 25)),
        ("dash_hauler_02", "Gateway Cities Transport LLC", "Los Angeles", True, day(2022, 5, 10)),
        ("dash_hauler_03", "Saddleback Building Supply", "Orange", False, day(2022, 6, 1)),
    ]
    for index, (username, name, county, dac, submitted) in enumerate(haulers):
        user = replay.fleet(username, name)
        application = replay.apply(
            "PA2022-01", user, submitted, details={"county": county}, projects=[{"dac_or_low_income": dac}]
        )
        if not replay.review(application, submitted + dt.timedelta(days=20), day(2022, 8, 16)):
            continue
        if not replay.execute(application, user, day(2022, 9, 1), day(2022, 9, 20)):
            continue
        replay.event(application, "commissioned", day(2023, 2, 6 + index))
        replay.event(application, "destroyed", day(2023, 3, 1 + index))
        replay.pay(application, day(2023, 3, 20 + index))
        for year in (1, 2, 3):
            if index < 2 or year < 3:  # one contractor's third annual report is late
                replay.report(application, year, day(2023 + year, 3, 10 + index))
