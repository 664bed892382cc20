"""Usage against the agreement with the seeds' numbers: PA2026-02's 7,000 miles a year with 75% in the MSAs,
SOON's contracted annual hours with 75% in the district, PA2022-01's annual miles in the SCAB or California,
PA2026-01's 100% MSA operation; the extension at the reported rate and the pro-rata payback."""

import datetime as dt
from decimal import Decimal

import pytest

from agreements.rules.base import RemedyKind
from programs.rules.fields import InputError
from reporting.rules.usage import PAYBACK_LEFT_TO_GUIDELINES, usage_input


def assess(code, periods, *, start="2026-10-05", **agreement):
    from agreements.rules.registry import post_award

    event = post_award(code).term.start_event
    return usage_input(code, {"agreement": agreement, "events": {event: start}, "periods": periods})


def remedy(assessment, kind):
    return next(option for option in assessment.remedies if option.kind is kind)


def truck(*miles):
    return [
        {"number": number, "usage": str(total), "in_area": str(msa)}
        for number, (total, msa) in enumerate(miles, start=1)
    ]


# --- PA2026-02: 7,000 miles a year, 75% within the two MSAs --------------------------------------------


def test_pa2026_02_exactly_3500_miles_a_half_year_meets_7000_a_year():
    result = assess("PA2026-02", truck((3500, 2625)))
    period = result.periods[0]
    assert (period.required, period.met, period.short_by, period.share_met) == (Decimal(3500), True, 0, True)
    assert result.shortfall == 0 and result.remedies == []


def test_pa2026_02_one_mile_short_and_a_share_just_under_75_percent():
    result = assess("PA2026-02", truck((3499, 2625)))
    assert (result.periods[0].met, result.periods[0].short_by) == (False, Decimal(1))
    assert result.periods[0].share_met is True  # 2,625 / 3,499 = 75.02%
    share_short = assess("PA2026-02", truck((3600, 2699)))
    assert share_short.periods[0].share_met is False  # 2,699 / 3,600 = 74.97%
    assert share_short.periods[0].in_area_short_by == Decimal(1)  # 75% x 3,600 = 2,700
    assert share_short.periods[0].as_dict()["in_area_percent"] == "74.97"


def test_pa2026_02_a_surplus_makes_up_a_later_shortfall_average_usage():
    result = assess("PA2026-02", truck((4000, 3000), (3000, 2300)))
    assert [period.met for period in result.reported] == [True, False]
    assert result.shortfall == 0 and result.remedies == []


def test_pa2026_02_shortfall_extension_at_the_reported_rate():
    result = assess("PA2026-02", truck((3900, 3100), (2600, 2100), (2900, 2000)))
    assert (result.required_to_date, result.reported_to_date, result.shortfall) == (10500, 9400, 1100)
    extension = remedy(result, RemedyKind.EXTENSION)
    # 9,400 miles in 18 months is 522.2 a month: 1,100 miles take 3 months (2.1 rounded up)
    assert extension.figures["months"] == 3 and extension.figures["term_ends"] == "2032-01-05"
    assert "PA2026-02 Section 4.5" in extension.source
    assert RemedyKind.PAYBACK not in [option.kind for option in result.remedies]  # INVEST CLEAN has no payback
    assert [option.kind for option in result.remedies] == [
        RemedyKind.EXTENSION,
        RemedyKind.TRANSFER,
        RemedyKind.ENFORCEMENT,
    ]


def test_an_extension_already_granted_counts_towards_the_makeup():
    periods = truck(*[(3500, 2700)] * 9, (2500, 2000))
    result = assess("PA2026-02", periods, term_extension_months=6)
    assert result.shortfall == 1000
    extension = remedy(result, RemedyKind.EXTENSION)
    assert (
        extension.figures["months_at_reported_rate"],
        extension.figures["already_granted_months"],
        extension.figures["months"],
    ) == (2, 6, 0)
    assert result.periods[-1].required == 0  # the makeup period carries no requirement of its own


def test_no_usage_at_all_cannot_be_made_up_by_an_extension():
    result = assess("PA2026-02", truck((0, 0)))
    assert result.shortfall == 3500
    assert remedy(result, RemedyKind.EXTENSION).figures["months"] is None


def test_a_round_may_raise_the_7000_miles():
    result = usage_input(
        "PA2026-02",
        {
            "events": {"commissioned": "2026-10-05"},
            "periods": truck((3600, 2700)),
            "round": {"minimum_annual_miles": 8000},
        },
    )
    assert not result.periods[0].met and result.periods[0].short_by == 400
    assert "changed by the re-issued announcement" in result.annual_source


# --- Floors (issue 23): an agreement, a round or the input may raise the announcement's figure, never lower it ---


def test_a_round_may_not_lower_the_7000_miles():
    with pytest.raises(InputError) as raised:
        usage_input(
            "PA2026-02",
            {"events": {"commissioned": "2026-10-05"}, "periods": [], "round": {"minimum_annual_miles": 6000}},
        )
    message = raised.value.errors["round.minimum_annual_miles"]
    assert "6,000 miles is below the announcement's 7,000 miles" in message
    assert 'PA2026-02 Section 4 "AGREEMENT"' in message


def test_an_agreement_below_the_7000_miles_and_75_percent_is_refused_naming_each_field():
    with pytest.raises(InputError) as raised:
        assess("PA2026-02", truck((2500, 1500)), annual_requirement="5000", share_requirement_percent="60")
    errors = raised.value.errors
    assert set(errors) == {"agreement.annual_requirement", "agreement.share_requirement_percent"}
    assert "5,000 miles is below the announcement's 7,000 miles" in errors["agreement.annual_requirement"]
    assert "60% is below the announcement's 75%" in errors["agreement.share_requirement_percent"]


def test_an_agreement_may_ask_more_and_is_labelled_the_agreements():
    result = assess("PA2026-02", truck((3600, 2700)), annual_requirement="8000", share_requirement_percent="80")
    assert (result.annual_requirement, result.share_percent) == (Decimal(8000), Decimal(80))
    assert result.annual_source.startswith("the agreement") and result.share_source.startswith("the agreement")
    period = result.periods[0]
    assert (period.required, period.short_by, period.share_met) == (Decimal(4000), Decimal(400), False)


def test_the_floor_follows_a_round_that_raised_it():
    with pytest.raises(InputError) as raised:
        usage_input(
            "PA2026-02",
            {
                "agreement": {"annual_requirement": "7500"},
                "events": {"commissioned": "2026-10-05"},
                "periods": [],
                "round": {"minimum_annual_miles": 8000},
            },
        )
    assert "7,500 miles is below the announcement's 8,000 miles" in raised.value.errors["agreement.annual_requirement"]


@pytest.mark.parametrize(
    ("code", "agreement", "floor"),
    [
        ("PA2025-04", {"project_type": "replacement", "annual_requirement": "1000"}, "75%"),
        ("PA2022-01", {"path": "CMP", "project_life_years": 10, "annual_requirement": "30000"}, "75%"),
        ("PA2022-01", {"path": "Prop 1B", "annual_requirement": "30000"}, "90%"),
    ],
)
def test_an_area_share_below_the_announcements_is_refused(code, agreement, floor):
    with pytest.raises(InputError) as raised:
        assess(code, [], **agreement, share_requirement_percent="70")
    assert f"70% is below the announcement's {floor}" in raised.value.errors["agreement.share_requirement_percent"]


def test_a_lowered_figure_stored_before_the_floor_is_set_aside_for_the_announcements():
    from agreements.rules.registry import post_award, resolve_terms
    from reporting.rules.usage import ReportedUsage
    from reporting.rules.usage import assess as assess_usage

    program = post_award("PA2026-02")
    result = assess_usage(
        program,
        resolve_terms("PA2026-02"),
        {"annual_requirement": Decimal(5000), "share_requirement_percent": Decimal(60)},
        {"commissioned": dt.date(2026, 10, 5)},
        [ReportedUsage(1, Decimal(3000), Decimal(2100))],
    )
    assert (result.annual_requirement, result.share_percent) == (7000, 75)
    assert "the agreement" not in result.annual_source
    assert result.periods[0].short_by == 500 and result.periods[0].share_met is False
    assert any("5,000 miles is below the announcement's 7,000 miles" in note for note in result.notes)


# --- SOON: contracted annual hours, 75% in the district, extension or partial payback --------------------


def test_soon_contracted_hours_shortfall_extension_and_payback():
    result = assess(
        "PA2025-04",
        [{"number": 1, "usage": "820", "in_area": "700"}, {"number": 2, "usage": "900", "in_area": "720"}],
        start="2026-03-02",
        project_type="replacement",
        annual_requirement="1000",
        award="167200.00",
    )
    assert (result.periods[0].short_by, result.periods[1].short_by) == (Decimal(180), Decimal(100))
    assert result.shortfall == 280 and result.required_over_term == 5000
    extension, payback = remedy(result, RemedyKind.EXTENSION), remedy(result, RemedyKind.PAYBACK)
    assert (extension.figures["months"], extension.figures["term_ends"]) == (4, "2031-07-02")
    # $167,200 x 280 / 5,000 hours over the 5-year project life
    assert payback.figures["amount"] == "9363.20" and payback.figures["unmet_share_percent"] == "5.60"
    assert payback.figures["method_left_to"] == PAYBACK_LEFT_TO_GUIDELINES
    assert "003_b264a6114e3b8c3f.txt, PA2025-04 PROGRAM CRITERIA" == payback.source


@pytest.mark.parametrize(("district", "met"), [("750", True), ("749", False)])
def test_soon_75_percent_of_the_hours_in_the_district(district, met):
    result = assess(
        "PA2025-04",
        [{"number": 1, "usage": "1000", "in_area": district}],
        start="2026-03-02",
        project_type="repower",
        annual_requirement="1000",
    )
    assert result.periods[0].share_met is met
    assert result.share_met_to_date is met
    assert bool(result.remedies) is not met


def test_soon_payback_needs_the_award():
    result = assess(
        "PA2025-04",
        [{"number": 1, "usage": "500", "in_area": "500"}],
        start="2026-03-02",
        project_type="repower",
        annual_requirement="1000",
    )
    assert remedy(result, RemedyKind.PAYBACK).figures["amount"] is None


def test_soon_annual_hours_are_required_from_the_contract():
    with pytest.raises(InputError) as raised:
        assess("PA2025-04", [], start="2026-03-02", project_type="repower")
    assert "the seed sets no figure" in raised.value.errors["agreement.annual_requirement"]


# --- PA2022-01 and PA2026-01 / 03 ---------------------------------------------------------------------


def test_pa2022_01_cmp_75_percent_in_the_scab_prop1b_90_percent_in_california():
    periods = [{"number": 1, "usage": "30000", "in_area": "24000"}]
    cmp = assess(
        "PA2022-01",
        periods,
        start="2023-06-30",
        path="CMP",
        project_life_years=10,
        annual_requirement="30000",
        award="267664.57",
    )
    prop1b = assess("PA2022-01", periods, start="2023-06-30", path="Prop 1B", annual_requirement="20000")
    assert (cmp.share.area, cmp.share_percent, cmp.periods[0].share_met) == ("the South Coast Air Basin", 75, True)
    assert (prop1b.share.area, prop1b.share_percent, prop1b.periods[0].share_met) == ("California", 90, False)
    assert len(cmp.periods) == 10 and len(prop1b.periods) == 5


def test_pa2022_01_payback_pro_rata_over_the_ten_year_life():
    result = assess(
        "PA2022-01",
        [{"number": 1, "usage": "31500", "in_area": "26000"}, {"number": 2, "usage": "24000", "in_area": "19000"}],
        start="2023-06-30",
        path="CMP",
        project_life_years=10,
        annual_requirement="30000",
        award="267664.57",
    )
    assert result.shortfall == 4500
    assert remedy(result, RemedyKind.PAYBACK).figures["amount"] == "4014.97"  # 267,664.57 x 4,500 / 300,000


def test_pa2026_01_hours_with_100_percent_in_the_msas():
    result = assess(
        "PA2026-01", [{"number": 1, "usage": "1300", "in_area": "1299"}], start="2026-07-06", annual_requirement="2600"
    )
    assert result.periods[0].met is True and result.periods[0].share_met is False
    assert result.share_percent == 100


def test_pa2026_03_throughput_has_no_area_share():
    schedule = {
        "equipment_order_date": "2026-03-15",
        "equipment_delivery_date": "2026-10-15",
        "installation_date": "2027-01-29",
        "commissioning_date": "2027-03-31",
    }
    result = assess(
        "PA2026-03", [{"number": 1, "usage": "6300000"}], start="2027-03-31", annual_requirement="12600000", **schedule
    )
    assert result.share is None and result.periods[0].met
    with pytest.raises(InputError) as raised:
        assess(
            "PA2026-03",
            [{"number": 1, "usage": "6300000", "in_area": "1"}],
            start="2027-03-31",
            annual_requirement="12600000",
            **schedule,
        )
    assert raised.value.errors == {"periods[0].in_area": "this program has no area share"}


def test_bad_input_names_every_field():
    with pytest.raises(InputError) as raised:
        usage_input(
            "PA2026-02",
            {
                "agreement": {"share_requirement_percent": "120"},
                "events": {},
                "periods": [{"number": 0, "usage": "x"}, {"number": 1, "usage": "10", "in_area": "11"}, "p"],
            },
        )
    # (with the agreement itself in error, a missing in_area is not reported: whether one is needed depends on it)
    assert set(raised.value.errors) == {
        "agreement.share_requirement_percent",
        "events.commissioned",
        "periods[0].number",
        "periods[0].usage",
        "periods[1].in_area",
        "periods[2]",
    }
    with pytest.raises(InputError) as raised:
        assess("PA2026-02", [{"number": 1, "usage": "10"}])
    assert raised.value.errors == {"periods[0].in_area": "Usage inside the area in the period is required"}
    with pytest.raises(InputError) as raised:
        assess(
            "PA2026-02",
            truck((1, 1), (1, 1))
            + [{"number": 11, "usage": "1", "in_area": "1"}, {"number": 2, "usage": "1", "in_area": "1"}],
        )
    assert raised.value.errors == {
        "periods[2].number": "the term has 10 reporting periods",
        "periods[3].number": "period 2 is reported twice",
    }


def test_the_schedule_dates_follow_the_start():
    result = assess("PA2026-02", truck((3500, 3000)), start="2028-02-29")
    assert (result.periods[0].period.starts, result.periods[0].period.ends) == (
        dt.date(2028, 2, 29),
        dt.date(2028, 8, 28),
    )
