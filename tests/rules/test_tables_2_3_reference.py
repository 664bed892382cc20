"""PA2022-01 Tables 2 and 3 as the announcement's reference beside the computed CMP amount (issue 23): the real cells
of 002_93fe1fbed5faf247.txt, "FUNDING TABLES (CMP-Table 2&3, Prop1B-Table 4)", and the 10 percent review flag."""

from decimal import Decimal

import pytest

from programs.rules import moyer_onroad
from programs.rules import pa2022_01_cmp as cmp
from tests.rules.test_pa2022_01_cmp import case


@pytest.mark.parametrize(
    ("technology", "year", "miles", "cell"),
    [
        ("optional_low_nox", 2008, 20_000, "54004"),  # Table 2, 2007/08/09 column, 20,000 miles
        ("optional_low_nox", 2013, 30_000, "142373"),
        ("optional_low_nox", 2015, 20_000, "73890"),
        ("optional_low_nox", 2011, 40_000, "160000"),  # the 0.02 g cap
        ("zero_emission", 2010, 20_000, "321514"),  # Table 3
        ("zero_emission", 2009, 40_000, "378478"),
        ("zero_emission", 2015, 30_000, "379514"),
        ("zero_emission", 2012, 50_000, "410000"),  # the zero-emission cap
    ],
)
def test_the_cells_of_tables_2_and_3(technology, year, miles, cell):
    assert cmp.table_estimate(technology, year, miles) == (Decimal(cell), (miles,))


def test_between_two_rows_the_estimate_is_on_the_line_between_them():
    # Table 3, 2007/08/09: $167,489 at 20,000 miles and $267,657 at 30,000; 25,000 is halfway
    assert cmp.table_estimate("zero_emission", 2007, 25_000) == (Decimal("217573.00"), (20_000, 30_000))
    # Table 2, 2014: $76,376 at 20,000 and $136,780 at 30,000; 22,000 miles is a fifth of the way
    assert cmp.table_estimate("optional_low_nox", 2014, 22_000) == (Decimal("88456.80"), (20_000, 30_000))
    assert cmp.table_estimate("optional_low_nox", 2014, 80_000) == (Decimal(160_000), (50_000,))


@pytest.mark.parametrize(("year", "miles"), [(2006, 30_000), (2016, 30_000), (2010, 19_999)])
def test_outside_the_tables_there_is_no_estimate(year, miles):
    reference = cmp.tables_2_3_reference("zero_emission", year, miles, 1, Decimal(300_000))
    assert reference.estimate is None and not reference.flagged
    assert "2007 to 2015" in reference.reason


def test_a_difference_of_more_than_ten_percent_is_flagged_and_ten_exactly_is_not():
    # Table 2, 2013 at 30,000 miles: $142,373
    within = cmp.tables_2_3_reference("optional_low_nox", 2013, 30_000, 3, Decimal("156610.30"))
    assert within.difference == Decimal("14237.30") and within.difference_percent == Decimal("10.00")
    assert not within.flagged
    over = cmp.tables_2_3_reference("optional_low_nox", 2013, 30_000, 3, Decimal("156610.31"))
    assert over.flagged
    under = cmp.tables_2_3_reference("optional_low_nox", 2013, 30_000, 3, Decimal("128000.00"))
    assert under.difference_percent == Decimal("-10.10") and under.flagged


def test_the_tables_are_for_fleets_of_ten_or_less():
    reference = cmp.tables_2_3_reference("zero_emission", 2010, 30_000, 11, Decimal(100_000))
    assert reference.estimate is None and not reference.flagged
    assert "10 trucks or less" in reference.reason


def test_the_example_truck_lands_on_table_3_and_is_not_flagged():
    evaluation = cmp.evaluate(*case())
    reference = evaluation.figures["tables_2_3_reference"]
    assert reference["estimate"] == Decimal(267_657)
    assert abs(reference["computed"] - Decimal(267_657)) < 10
    assert reference["flagged"] is False
    assert evaluation.figures["emission_factors_from"] == "typed"


def test_ten_times_the_factors_is_flagged():
    """Factors typed ten times too high (a slip of the decimal point) reach the cap, far from Table 2's estimate."""
    project, context = case(
        {
            "replacement_technology": "optional_low_nox",
            "replacement_fuel_type": "natural_gas",
            "replacement_engine_nox_g_bhp_hr": "0.02",
            "replacement_engine_service_class": "HHD",
            "existing_engine_model_year": 2013,
            "ca_miles_recent_12_months": 20_000,
            "ca_miles_prior_12_months": 20_000,
            "baseline_nox_g_per_mile": "30",
            "baseline_rog_g_per_mile": "0",
            "baseline_pm10_g_per_mile": "0",
            "replacement_nox_g_per_mile": "0.1",
            "replacement_rog_g_per_mile": "0",
            "replacement_pm10_g_per_mile": "0",
        }
    )
    reference = cmp.evaluate(project, context).figures["tables_2_3_reference"]
    assert reference["estimate"] == Decimal(78_862)
    assert reference["computed"] == Decimal("160000.00")
    assert reference["flagged"] is True


def test_a_staff_override_wins_over_the_table_and_the_typed_factors():
    project, context = case()
    table = {(project["existing_engine_service_class"], project["existing_engine_model_year"]): _factors("9")}
    override = (_factors("2"), None)
    edition = moyer_onroad.with_factors(moyer_onroad.GUIDELINES_2017, table, "2017 Guidelines, Appendix D")
    baseline, _replacement, origin = cmp.emission_factors(project, edition, context)
    assert (baseline.nox, origin) == (Decimal("9"), "table")
    from dataclasses import replace

    overridden = replace(context, onroad_override=override, onroad_override_source="set by staff: ECM data")
    baseline, replacement, origin = cmp.emission_factors(project, edition, overridden)
    assert (baseline.nox, origin) == (Decimal("2"), "override")
    assert replacement == moyer_onroad.ZERO_EMISSION  # the example truck is zero-emission
    evaluation = cmp.evaluate(project, overridden, edition)
    assert evaluation.figures["emission_factors_source"] == "set by staff: ECM data"
    assert (
        evaluation.figures["nox_reduced_tons_per_year"]
        < cmp.evaluate(project, context, edition).figures["nox_reduced_tons_per_year"]
    )


def _factors(nox):
    return moyer_onroad.EmissionFactors(Decimal(nox), Decimal("0.1"), Decimal("0.01"))
