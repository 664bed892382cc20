"""What each program page says to a prospective applicant: who may apply, what is funded, the caps, the
deadlines, whom to ask, and the announcement's own text (``programs/announcements/<code>.txt``, copied from the
seeds with their OCR slips). The documents an application needs come from the rule set's attachment slots.

The summaries quote the announcements; each item cites the seed and section it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

TEXTS = Path(__file__).resolve().parent / "announcements"
INVEST = "001_ea26778b00a7e017.txt"
MOYER = "002_93fe1fbed5faf247.txt"
SOON = "003_b264a6114e3b8c3f.txt"


@dataclass(frozen=True)
class Fact:
    text: str
    source: str


@dataclass(frozen=True)
class Announcement:
    who: tuple[Fact, ...]
    what: tuple[Fact, ...]
    caps: tuple[Fact, ...]
    deadlines: tuple[Fact, ...]
    contact: tuple[Fact, ...]
    website: str

    def text(self, code: str) -> str:
        return (TEXTS / f"{code}.txt").read_text()


_INVEST_QUOTES = Fact(
    _("Vendor quotes must be dated within 90 days of the application submission date."),
    f"{INVEST}, PA2026-01 Section 2 and Table 1 step 1",
)
_INVEST_ANSWER = Fact(
    _("When staff ask for more information or corrections, you have 14 calendar days to answer."),
    f"{INVEST}, PA2026-02 Table 1 step 2; PA2026-03 Table 2 step 2",
)
_INVEST_WINDOW = Fact(
    _(
        "Applications are accepted from August 15, 2025, 12:00 PM PT until November 28, 2025, "
        "12:00 PM PT, or until the funds are committed, whichever comes first. The district may "
        "re-issue the announcement with new dates."
    ),
    f"{INVEST}, Recommended Actions 1; PA Timelines",
)
_INVEST_MSAS = _(
    "the Los Angeles-Long Beach-Anaheim and Riverside-San Bernardino-Ontario metropolitan areas (Los "
    "Angeles, Orange, Riverside and San Bernardino counties)"
)
_format = lazy(lambda template, **values: str(template) % values, str)

ANNOUNCEMENTS: dict[str, Announcement] = {
    "PA2026-01": Announcement(
        who=(
            Fact(
                _(
                    "Fleet owners of cargo handling equipment at inland ports and seaports, warehouses, freight "
                    "facility centers and intermodal railyards."
                ),
                f"{INVEST}, PA2026-01 Section 2.3 WHO",
            ),
            Fact(
                _format(
                    _("The equipment must be domiciled and operate 100%% of the time within %(msas)s."),
                    msas=_INVEST_MSAS,
                ),
                f"{INVEST}, PA2026-01 Section 2.3 WHO",
            ),
            Fact(
                _("You must have owned the equipment to be replaced for at least one year."),
                f"{INVEST}, PA2026-01 Section 4.1",
            ),
        ),
        what=(
            Fact(
                _(
                    "Rebates to replace diesel yard trucks and top handlers with new battery-electric equipment of "
                    "the same type; the diesel equipment is scrapped."
                ),
                f"{INVEST}, PA2026-01 Section 2.3 WHAT EQUIPMENT",
            ),
            Fact(
                _("The new equipment is operated and reported on for a five-year project term."),
                f"{INVEST}, PA2026-01 Section 2.3 and 6.1",
            ),
        ),
        caps=(
            Fact(
                _("Yard truck: up to $300,000. Top handler: up to $400,000."),
                f"{INVEST}, PA2026-01 Section 2.1 Table 1",
            ),
            Fact(
                _("Never more than the equipment's total cost (including tax and fees) less other incentives."),
                f"{INVEST}, PA2026-01 Section 2.1",
            ),
            Fact(_("$20.6 million in total for this measure."), f"{INVEST}, PA2026-01 Section 1"),
        ),
        deadlines=(_INVEST_WINDOW, _INVEST_QUOTES, _INVEST_ANSWER),
        contact=(
            Fact(
                _("INVEST CLEAN cargo handling equipment team: investclean-che@aqmd.gov"),
                f"{INVEST}, PA2026-01 Section 7",
            ),
        ),
        website="https://www.aqmd.gov/home/technology/implementation/invest-clean",
    ),
    "PA2026-02": Announcement(
        who=(
            Fact(
                _(
                    "Public or private entities currently operating a Class 8 vehicle for goods movement; eligible "
                    "applicants are asset owners or operators."
                ),
                f"{INVEST}, PA2026-02 Section 1 WHO",
            ),
            Fact(
                _format(
                    _(
                        "The truck to be replaced must be diesel, domiciled in and operated at least 75%% within "
                        "%(msas)s, and driven at least 7,000 miles in the 12 months before you apply."
                    ),
                    msas=_INVEST_MSAS,
                ),
                f"{INVEST}, PA2026-02 Section 1.1 Eligible Existing Vehicle",
            ),
        ),
        what=(
            Fact(
                _(
                    "Rebates to replace a diesel Class 8 goods movement truck (GVWR 33,001 pounds or more) with a "
                    "brand-new battery-electric Class 8 truck; the diesel truck is scrapped."
                ),
                f"{INVEST}, PA2026-02 Section 1 WHAT and 1.1",
            ),
            Fact(
                _(
                    "The new truck must carry at least a three-year manufacturer's warranty and operate at least 75% "
                    "within the two areas for five years."
                ),
                f"{INVEST}, PA2026-02 Section 1.1 and 4",
            ),
        ),
        caps=(
            Fact(
                _("Up to $400,000 per truck, never more than its cost less other incentives."),
                f"{INVEST}, PA2026-02 Section 1.2",
            ),
            Fact(_("About $28,000,000 in total for this measure."), f"{INVEST}, PA2026-02 Section 1"),
        ),
        deadlines=(
            _INVEST_WINDOW,
            Fact(
                _("The new truck must be deployed no later than February 2028."),
                f"{INVEST}, PA2026-02 Section 1.1 Eligible Replacement Vehicle",
            ),
            _INVEST_QUOTES,
            _INVEST_ANSWER,
        ),
        contact=(Fact(_("INVEST CLEAN on-road team: investclean-onroad@aqmd.gov"), f"{INVEST}, PA2026-02 contacts"),),
        website="https://www.aqmd.gov/home/technology/implementation/invest-clean",
    ),
    "PA2026-03": Announcement(
        who=(
            Fact(
                _(
                    "Entities directly responsible for planning, designing, constructing and operating a charging "
                    "station: charging station developers and operators, fleet operators, truck stop operators and "
                    "distribution centers."
                ),
                f"{INVEST}, PA2026-03 Section I WHO",
            ),
            Fact(
                _format(
                    _(
                        "The site must be in %(msas)s, and you must own it or control it for the five-year "
                        "project life."
                    ),
                    msas=_INVEST_MSAS,
                ),
                f"{INVEST}, PA2026-03 ELIGIBLE APPLICANT",
            ),
        ),
        what=(
            Fact(
                _(
                    "Rebates for DC fast charging equipment, and its installation, that supports Class 4 to 8 goods "
                    "movement vehicles. Each charging location is one project with its own rebate."
                ),
                f"{INVEST}, PA2026-03 Section I WHAT and Section III",
            ),
            Fact(
                _(
                    "Each connector must deliver at least 250 kW; the crew needs an EVITP-certified electrician and "
                    "at least 60% apprenticeship graduates."
                ),
                f"{INVEST}, PA2026-03 ELIGIBLE EQUIPMENT AND COST; GENERAL PROGRAM INFORMATION",
            ),
            Fact(
                _(
                    "Locations are scored out of 100 points (readiness, compliance, location, utilization, public "
                    "access, cost) and ranked for funding."
                ),
                f"{INVEST}, PA2026-03 Section IV",
            ),
        ),
        caps=(
            Fact(
                _("Up to $700 per kW of installed charging capacity, or the total eligible cost if lower."),
                f"{INVEST}, PA2026-03 REBATE AMOUNT",
            ),
            Fact(_("$178,500,000 in total for this measure."), f"{INVEST}, PA2026-03 Section I"),
        ),
        deadlines=(
            _INVEST_WINDOW,
            Fact(
                _("Charging stations should be commissioned by March 2028 and operated for at least five years."),
                f"{INVEST}, PA2026-03 Section I WHEN",
            ),
            _INVEST_ANSWER,
        ),
        contact=(
            Fact(
                _("INVEST CLEAN infrastructure team: investclean-infrastructure@aqmd.gov"),
                f"{INVEST}, PA2026-03 contacts",
            ),
        ),
        website="https://www.aqmd.gov/home/technology/implementation/invest-clean",
    ),
    "PA2022-01": Announcement(
        who=(
            Fact(
                _(
                    "Owners of an on-road heavy-duty diesel truck or bus with a GVWR of 14,001 pounds or more "
                    "(Class 4 to 8)."
                ),
                f"{MOYER}, WHO",
            ),
            Fact(
                _(
                    "You must have owned and operated the truck in California for the previous two years, and your "
                    "fleet must comply with CARB's fleet regulations."
                ),
                f"{MOYER}, DEFINITIONS Equipment Replacement; COMPLIANCE WITH APPLICABLE LAWS",
            ),
        ),
        what=(
            Fact(
                _(
                    "Replacement with a truck emitting 0.02 g/bhp-hr NOx or less (zero-emission or optional "
                    "low-NOx), or, for fleets of 3 trucks or fewer, a repower to a natural gas optional low-NOx "
                    "engine."
                ),
                f"{MOYER}, WHAT",
            ),
            Fact(
                _(
                    "Each truck is evaluated under both the Carl Moyer Program and Proposition 1B; if it qualifies "
                    "under both, the higher award may be offered."
                ),
                f"{MOYER}, EVALUATION CRITERIA",
            ),
        ),
        caps=(
            Fact(
                _(
                    "About $35 million in total: $32.1 million through the Carl Moyer Program and about $25 million "
                    "of Proposition 1B funds."
                ),
                f"{MOYER}, opening paragraph and BACKGROUND",
            ),
            Fact(
                _(
                    "Awards depend on the truck's class, model year and cost-effectiveness; the announcement's "
                    "funding tables give the maximums (for example up to $410,000 for a zero-emission truck)."
                ),
                f"{MOYER}, Table 3 and Table 4",
            ),
        ),
        deadlines=(
            Fact(
                _(
                    "Solicitation opened April 19, 2022 and closed July 15, 2022, or when $35 million in "
                    "eligible applications was reached."
                ),
                f"{MOYER}, WHEN",
            ),
            Fact(_("Vendor quotes must be dated within 90 days of the application."), f"{MOYER}, PROJECT COST"),
            Fact(
                _("Missing information must be provided within 7 business days of staff's request."),
                f"{MOYER}, APPLICATION SUBMISSION",
            ),
            Fact(
                _(
                    "The replacement must be in operation within 18 months of contract execution or by March 31, "
                    "2024, whichever is earlier."
                ),
                f"{MOYER}, WORK STATEMENT",
            ),
        ),
        contact=(
            Fact(
                _("Krystle Martinez, Air Quality Specialist: (909) 396-3021, kmartinez@aqmd.gov"),
                f"{MOYER}, Staff Contact Information",
            ),
        ),
        website="http://www.aqmd.gov/moyer",
    ),
    "PA2025-04": Announcement(
        who=(
            Fact(
                _(
                    "Construction fleets that can demonstrate compliance with CARB's Off-Road Regulation throughout "
                    "the contract term."
                ),
                f"{SOON}, SECTION I WHO",
            ),
            Fact(
                _(
                    "The equipment must be domiciled and operate at least 75% of the time within the South Coast "
                    "AQMD; you must have owned it for at least two years."
                ),
                f"{SOON}, PROGRAM and PROJECT CRITERIA",
            ),
            Fact(
                _("Non-public applicants pay at least 15% of the eligible cost from non-public sources."),
                f"{SOON}, GENERAL PROGRAM INFORMATION",
            ),
        ),
        what=(
            Fact(
                _(
                    "Replacement or repower of older diesel off-road engines with Tier 4 Final or zero-emission "
                    "technology certified for sale in California."
                ),
                f"{SOON}, SECTION I WHAT",
            ),
        ),
        caps=(
            Fact(
                _(
                    "Replacement: up to 80% of the equipment cost (5-year project life). Repower: up to 85% of the "
                    "engine cost with installation (7 years). Zero-emission: up to 85% (10 years)."
                ),
                f"{SOON}, MAXIMUM ELIGIBLE FUNDING",
            ),
            Fact(
                _(
                    "At most $60,000 per ton of NOx reduced for projects reaching the current standard, $120,000 per "
                    "ton beyond it (such as zero-emission)."
                ),
                f"{SOON}, COST-EFFECTIVENESS EVALUATION",
            ),
        ),
        deadlines=(
            Fact(
                _("Solicitation opened March 14, 2025 and closed July 1, 2025 at 1:00 PM."), f"{SOON}, SECTION I WHEN"
            ),
            Fact(
                _(
                    "Tier 0, 1 and 2 equipment can be funded only until dates that depend on the fleet's size "
                    "(for example, Tier 2 in a large fleet until December 31, 2025)."
                ),
                f"{SOON}, PROGRAM CRITERIA",
            ),
            Fact(_("Vendor quotes must be obtained within 90 days of the application."), f"{SOON}, PROGRAM CRITERIA"),
        ),
        contact=(
            Fact(
                _(
                    "Darren Ha, Technology Advancement Office, South Coast AQMD, 21865 Copley Drive, Diamond "
                    "Bar, CA 91765: (909) 396-2548, dha@aqmd.gov"
                ),
                f"{SOON}, CONTACT FOR ADDITIONAL INFORMATION",
            ),
        ),
        website="http://www.aqmd.gov/soon",
    ),
}


def announcement(code: str) -> Announcement | None:
    return ANNOUNCEMENTS.get(code)
