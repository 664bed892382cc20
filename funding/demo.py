"""Demo data for funding decisions, called by ``python manage.py seed_demo`` (never against production data).

A SOON (PA2025-04) funding round where the money runs out part way: the announcement names no amount, so the
demo's fund is an illustrative $900,000 of Carl Moyer Program money. Six complete, evaluated applications from
six demo fleets (three in disadvantaged or low-income communities) are ranked DAC first, then by NOx
cost-effectiveness (003_b264a6114e3b8c3f.txt, SECTION IV): the three DAC projects and the most cost-effective
other project are funded, that one only in part, and the last two not at all. The round is left as a preview so
a newcomer signed in as ``staff`` can approve it on /funding/. Applications go through ``applications.services``
(drafted, documents attached, certified, submitted, evaluated, marked complete). Skipped when the fund exists.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from accounts.services import create_user_with_role
from applications import services as application_services
from programs.demo import sample_pdf
from programs.models import Program

from . import services

FUND_NAME = "Carl Moyer Program, SOON allocation (demo amount)"
FUND_BUDGET = Decimal("900000.00")
EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "PA2025-04.json"
PDF = sample_pdf()

# (fleet, county, in a DAC, project cost, annual hours): small fleets, so Tier 2 loaders can be funded until 2029.
FLEETS = (
    ("Harbor Grading Co.", "Los Angeles", True, "350000.00", 1900),
    ("Pomona Valley Earthworks", "Los Angeles", False, "250000.00", 1800),
    ("Fontana Site Prep LLC", "San Bernardino", True, "300000.00", 1500),
    ("Santa Ana Demolition", "Orange", False, "200000.00", 1000),
    ("Perris Aggregate Haulers", "Riverside", True, "275000.00", 1200),
    ("Irvine Hills Excavation", "Orange", False, "420000.00", 1300),
)


def seed_funding_demo(today) -> None:
    program = Program.objects.get(code="PA2025-04")
    if program.fund_sources.filter(name=FUND_NAME).exists():
        return
    staff = get_user_model().objects.get(username="staff")
    services.create_fund(
        program,
        name=FUND_NAME,
        budget=FUND_BUDGET,
        actor=staff,
        reason="Illustrative demo amount: PA2025-04 names no SOON budget (SECTION I).",
    )
    example = json.loads(EXAMPLE.read_text(), parse_float=str)
    for index, (fleet, county, dac, cost, hours) in enumerate(FLEETS, start=1):
        applicant = _fleet_user(index, fleet)
        application = application_services.start_application(applicant=applicant, program=program)
        application_services.save_details(
            application,
            {
                **example["application"],
                "applicant_name": fleet,
                "county": county,
                "fleet_size_class": "small",
                "fleet_total_hp": 2200,
                "contact_email": f"fleet{index}@example.com",
            },
        )
        project = application_services.save_project(
            application,
            {
                **example["project"],
                "dac_or_low_income": dac,
                "project_cost": cost,
                "proposed_annual_hours": hours,
                "hours_most_recent_year": hours,
                "hours_prior_year": hours + 50,
                "quote_date": today.isoformat(),
            },
        )
        for slot in application.rule_set.attachments:
            if slot.required:
                application_services.add_attachment(
                    application,
                    slot=slot.key,
                    uploaded_by=applicant,
                    project=project if slot.per_project else None,
                    upload=SimpleUploadedFile(f"{slot.key}.pdf", PDF, content_type="application/pdf"),
                )
        application_services.certify(application, name=f"Owner of {fleet}", title="Owner")
        application_services.submit(application, applicant)
        application_services.evaluate_application(application)  # now, so the round below can rank it
        application_services.mark_complete(application, staff, "All documents received (demo).")
    services.run_round(services.start_round(program, actor=staff, queue=False))


def _fleet_user(index: int, fleet: str):
    users = get_user_model().objects
    username = f"fleet{index}"
    if users.filter(username=username).exists():
        return users.get(username=username)
    return create_user_with_role(
        username=username, email=f"{username}@example.com", password=None, role=Role.APPLICANT, first_name=fleet[:150]
    )
