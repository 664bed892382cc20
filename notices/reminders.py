"""When to remind someone of a dated obligation: 14, 7 and 1 days before it is due, and the day it becomes overdue.

Pure Python, no Django. The daily task that walks the obligations asks :func:`reminder_on` for each open one and
sends what it returns through ``notices.services.remind``; the key (object, due date, stage) makes a second run on
the same day, a catch-up or a retry send nothing twice, while a due date moved by an amendment starts afresh.

The reminder days are issue 9's ("reminders 14, 7 and 1 days before an obligation is due and on the day it becomes
overdue"); the seeds set the obligations and their due dates, not reminders. Days are calendar days. An obligation
due on a date may be met on that date, so it becomes overdue the day after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    """One reminder of the schedule: ``days_before`` the due date (-1: the day after, when it becomes overdue)."""

    name: str
    days_before: int

    @property
    def overdue(self) -> bool:
        return self.days_before < 0

    def send_on(self, due: dt.date) -> dt.date:
        return due - dt.timedelta(days=self.days_before)


STAGES = (Stage("14_days", 14), Stage("7_days", 7), Stage("1_day", 1), Stage("overdue", -1))


@dataclass(frozen=True)
class Reminder:
    """The reminder to send on ``today`` for an obligation ``due`` on a date."""

    stage: Stage
    due: dt.date
    today: dt.date

    @property
    def days_left(self) -> int:
        """Whole days from ``today`` to the due date; negative once overdue."""
        return (self.due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.stage.overdue

    def key(self, subject: str) -> str:
        """One reminder per (obligation, due date, stage), e.g. ``obligation:7:2026-05-01:7_days``."""
        return f"{subject}:{self.due.isoformat()}:{self.stage.name}"


def schedule(due: dt.date) -> list[tuple[Stage, dt.date]]:
    """Every reminder of an obligation with the date it is sent, earliest first."""
    return [(stage, stage.send_on(due)) for stage in STAGES]


def reminder_on(due: dt.date, today: dt.date) -> Reminder | None:
    """The latest reminder whose day has come by ``today``, or None before the first (15 or more days ahead).

    A reminder whose day the task missed (no worker that day) is still returned the next day, with the days left
    counted from then; an earlier reminder overtaken by a later one is never sent late (no "14 days" notice with
    three days left): the key of the one returned is what keeps each from going out twice.
    """
    reached = [stage for stage, send_on in schedule(due) if send_on <= today]
    return Reminder(stage=reached[-1], due=due, today=today) if reached else None
