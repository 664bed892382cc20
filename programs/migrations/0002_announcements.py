"""The five program announcements and their six rule sets, as the seeds state them.

Times are Pacific. Where a seed gives a date but no time, the window opens at 00:00 and closes at
23:59 PT on that date.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import migrations

PT = ZoneInfo("America/Los_Angeles")
INVEST = "001_ea26778b00a7e017.txt"
CPRG = "U.S. EPA CPRG Special Revenue Fund (90), INVEST CLEAN grant"


def pt(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=PT)


ANNOUNCEMENTS = [
    {
        "code": "PA2026-01",
        "title": "Battery Electric Cargo Handling Equipment (CHE) Program",
        "measure": "INVEST CLEAN Measure 3",
        "opens_at": pt(2025, 8, 15, 12),
        "closes_at": pt(2025, 11, 28, 12),
        "budget": Decimal("20600000.00"),
        "funding_source": CPRG,
        "source": f"{INVEST}, Recommended Actions 2; PA2026-01 header",
        "rule_sets": [("PA2026-01", "Battery Electric CHE rebates", Decimal("20600000.00"), CPRG)],
    },
    {
        "code": "PA2026-02",
        "title": "Battery Electric Freight Vehicle Deployment Incentive Program",
        "measure": "INVEST CLEAN Measure 2.1",
        "opens_at": pt(2025, 8, 15, 12),
        "closes_at": pt(2025, 11, 28, 12),
        "budget": Decimal("28000000.00"),
        "funding_source": CPRG,
        "source": f"{INVEST}, Recommended Actions 2; PA2026-02 Section 1",
        "rule_sets": [("PA2026-02", "Battery-electric Class 8 truck rebates", Decimal("28000000.00"), CPRG)],
    },
    {
        "code": "PA2026-03",
        "title": "Charging Infrastructure Deployment Incentive Program",
        "measure": "INVEST CLEAN Measure 1",
        "opens_at": pt(2025, 8, 15, 12),
        "closes_at": pt(2025, 11, 28, 12),
        "budget": Decimal("178500000.00"),
        "funding_source": CPRG,
        "source": f"{INVEST}, Recommended Actions 2; PA2026-03 Section 1",
        "rule_sets": [("PA2026-03", "Charging infrastructure rebates ($700/kW)", Decimal("178500000.00"), CPRG)],
    },
    {
        "code": "PA2022-01",
        "title": "Clean Heavy-Duty Vehicle Replacement Program",
        "measure": "Carl Moyer Program and Proposition 1B",
        "opens_at": pt(2022, 4, 19),
        "closes_at": pt(2022, 7, 15, 23, 59),
        "budget": Decimal("35000000.00"),
        "funding_source": "State General Funds (SB 129), Carl Moyer Funds, Proposition 1B funds",
        "source": "002_93fe1fbed5faf247.txt, WHEN and BACKGROUND (\"About $35 million\")",
        "rule_sets": [
            ("PA2022-01-CMP", "Carl Moyer Program (CMP) replacement", Decimal("32100000.00"),
             "State General Funds (SB 129) through the Carl Moyer Program"),
            ("PA2022-01-PROP1B", "Proposition 1B Goods Movement replacement", Decimal("25000000.00"),
             "Proposition 1B Goods Movement Emission Reduction Program"),
        ],
    },
    {
        "code": "PA2025-04",
        "title": "Surplus Off-Road Opt-In for NOx (SOON)",
        "measure": "SOON provision of CARB's In-Use Off-Road Diesel-Fueled Fleets Regulation",
        "opens_at": pt(2025, 3, 14),
        "closes_at": pt(2025, 7, 1, 13),
        "budget": None,
        "funding_source": "Carl Moyer Program (CMP)",
        "source": "003_b264a6114e3b8c3f.txt, SECTION I: OVERVIEW (WHEN)",
        "rule_sets": [("PA2025-04", "SOON off-road replacement and repower", None, "Carl Moyer Program (CMP)")],
    },
]


def add_announcements(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    FundingRuleSet = apps.get_model("programs", "FundingRuleSet")
    for announcement in ANNOUNCEMENTS:
        announcement = dict(announcement)
        rule_sets = announcement.pop("rule_sets")
        program, _ = Program.objects.update_or_create(code=announcement.pop("code"), defaults=announcement)
        for code, title, budget, funding_source in rule_sets:
            FundingRuleSet.objects.update_or_create(
                code=code,
                defaults={"program": program, "title": title, "budget": budget,
                          "funding_source": funding_source, "source": announcement["source"]},
            )


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(add_announcements, migrations.RunPython.noop)]
