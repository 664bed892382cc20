"""Every deadline of the Cooperative Agreement and Rule 4001, as one table on ``core.deadlines``.

Each entry names the date that starts it (its trigger) and the period, in calendar days or months as
the document says. Where the documents give a fixed date ((d)(1) November 1, 2014; (d)(2) each July 1st)
the period is counted from the calendar year's boundary so the same function computes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.deadlines import DayCount, Deadline, Period

from .sources import agreement, rule_4001

DAYS, MONTHS = DayCount.CALENDAR_DAYS, DayCount.MONTHS


@dataclass(frozen=True)
class DeadlineRule:
    label: str
    trigger: str
    period: Period


DEADLINES: dict[str, DeadlineRule] = {
    # Cooperative Agreement (000_5a27d03f56223f7e.txt).
    "term_ends_on": DeadlineRule(
        "End of the 5-year term",
        "execution of the agreement",
        Period(60, MONTHS, agreement("Agreement Term and Exit Clause: 5-year term")),
    ),
    # "45-day notice" does not say business days; calendar days are the documents' default count.
    "exit_effective_on": DeadlineRule(
        "Exit takes effect",
        "notice of exit to the parties",
        Period(45, DAYS, agreement("Agreement Term and Exit Clause: 45-day notice to parties")),
    ),
    # Rule 4001 (004_af983ba73b5d80a4.txt).
    "projected_report_due": DeadlineRule(
        "2014 emissions report due (November 1, 2014)",
        "start of calendar year 2014",
        Period(10, MONTHS, rule_4001("(d)(1)")),
    ),
    "annual_report_due": DeadlineRule(
        "Annual emissions report due (July 1)",
        "end of the calendar year reported (January 1 after it)",
        Period(6, MONTHS, rule_4001("(d)(2)")),
    ),
    "determination_due": DeadlineRule(
        "Executive Officer informs the Ports",
        "submittal of the emissions report",
        Period(30, DAYS, rule_4001("(e)(1)")),
    ),
    "plan_due": DeadlineRule(
        "Emission Reduction Plan due", "notification under (e)(1)(B)", Period(180, DAYS, rule_4001("(f)"))
    ),
    "public_meeting_by": DeadlineRule(
        "Latest public meeting on the Plan",
        "Board of Harbor Commissioners' consideration of the Plan",
        Period(-60, DAYS, rule_4001("(f)(1)(E)(i)")),
    ),
    "plan_decision_due": DeadlineRule(
        "Executive Officer approves or disapproves the Plan",
        "receipt of the Plan",
        Period(45, DAYS, rule_4001("(f)(2)")),
    ),
    "revised_plan_due": DeadlineRule(
        "Revised Plan due", "date of disapproval", Period(60, DAYS, rule_4001("(f)(2)(C)(ii)"))
    ),
    "revised_plan_due_after_appeal": DeadlineRule(
        "Revised Plan due after appeal",
        "District Hearing Board decision upholding the disapproval",
        Period(60, DAYS, rule_4001("(f)(2)(C)(iii)")),
    ),
    "revised_plan_decision_due": DeadlineRule(
        "Executive Officer approves or disapproves the revised Plan",
        "receipt of the revised Plan",
        Period(45, DAYS, rule_4001("(f)(2)(F)")),
    ),
    "implementation_due": DeadlineRule(
        "Control strategies implemented", "Plan approval", Period(18, MONTHS, rule_4001("(f), (f)(1)(B)(i)(a)"))
    ),
    "extended_implementation_due": DeadlineRule(
        "Strategies beyond 18 months implemented", "Plan approval", Period(30, MONTHS, rule_4001("(f)(1)(B)(i)(b)"))
    ),
    "appeal_period_starts": DeadlineRule(
        "Appeal period starts", "mailing of the notice of the decision", Period(3, DAYS, rule_4001("(f)(2)(E)(iv)"))
    ),
    # The 10-day period "shall commence on the third day following mailing"; counted like every period,
    # excluding its first day and including its last (Cal. Code Civ. Proc. section 12).
    "appeal_due": DeadlineRule(
        "Last day to appeal to the Hearing Board",
        "start of the appeal period",
        Period(10, DAYS, rule_4001("(f)(2)(E)(iv) and Rule 216(b)")),
    ),
}

FIRST_REPORT_YEAR = 2014  # Rule 4001 (d)(1)
LAST_REPORT_YEAR = 2019  # the report due July 1, 2020 covers 2019, Rule 4001 (d)(2)


def deadline(name: str, trigger: dt.date) -> Deadline:
    """The deadline ``name`` of ``DEADLINES`` that follows ``trigger``."""
    rule = DEADLINES[name]
    return Deadline.after(rule.label, trigger, rule.period)


def report_due(calendar_year: int, *, projected: bool) -> Deadline:
    """When the report for ``calendar_year`` is due: November 1, 2014 for the partly projected 2014
    report ((d)(1)); July 1 of the next year for the actual emissions of 2014 through 2019 ((d)(2))."""
    if projected:
        if calendar_year != FIRST_REPORT_YEAR:
            raise ValueError(f"only the {FIRST_REPORT_YEAR} report may use projected activity (Rule 4001 (d)(1))")
        return deadline("projected_report_due", dt.date(calendar_year, 1, 1))
    if not FIRST_REPORT_YEAR <= calendar_year <= LAST_REPORT_YEAR:
        raise ValueError(
            f"annual reports cover the calendar years {FIRST_REPORT_YEAR} to {LAST_REPORT_YEAR} (Rule 4001 (d)(2))"
        )
    return deadline("annual_report_due", dt.date(calendar_year + 1, 1, 1))


def days_late(submitted_on: dt.date, due_on: dt.date) -> int:
    """Calendar days a filing came after its due day (0 when on time): a 2018 report, due July 1, 2019 under
    Rule 4001 (d)(2) ("each July 1st thereafter"), filed on March 2, 2026 is 2,436 days late."""
    return max((submitted_on - due_on).days, 0)


def rulemaking_pause_ends(term_ends_on: dt.date, exit_effective_on: dt.date | None) -> dt.date:
    """The pause in ports rulemaking lasts five years unless the agreement ends early
    (000_5a27d03f56223f7e.txt, "Board Resolution")."""
    return min(term_ends_on, exit_effective_on) if exit_effective_on else term_ends_on
