"""Recurring schedules: which periods of a template are due up to a date, and their dates.

A schedule bills once per period: every month, every quarter (3 months) or
every year (12 months), on a ``day`` of the period's first month. The periods
are counted from the month of ``start``:

- period ``k`` begins on the first day of the month ``start`` + ``k`` x step
  (a period is named by that first day, ``2026-04-01``);
- its invoice date is that month's ``day``; a day the month does not have is
  its last day (day 31 -> 30 April, 28 or 29 February, 31 May);
- when the first period's invoice date falls before ``start`` (start on the
  15th, day 10), the schedule begins with the next period;
- it ends after ``count`` invoices, or with the last invoice date on or before
  ``end``, or never.

Invariants:
    - Invoice dates strictly increase and are never before ``start``, never
      after ``end``; there are at most ``count`` occurrences.
    - ``due(s, a)`` is a prefix of ``due(s, b)`` when ``a <= b``: a later run
      sees exactly the periods of an earlier one plus new ones, so that "one
      invoice per (template, period)" can be checked against stored periods.
    - An invoice date's day is ``min(day, length of its month)``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Final

from asiento.domain.errors import InvalidSchedule

STEP_MONTHS: Final = {"monthly": 1, "quarterly": 3, "yearly": 12}
FREQUENCIES: Final = tuple(STEP_MONTHS)


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a template bills: ``frequency`` on ``day``, from ``start`` to ``end`` or ``count``."""

    frequency: str
    day: int
    start: date
    end: date | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if self.frequency not in STEP_MONTHS:
            names = ", ".join(FREQUENCIES)
            message = f"frequency: unknown frequency {self.frequency!r} (one of {names})"
            raise InvalidSchedule(message, field="frequency")
        if not 1 <= self.day <= 31:
            raise InvalidSchedule("day: the day of the period is 1 to 31", field="day")
        if self.count is not None and self.count < 1:
            raise InvalidSchedule("count: at least one invoice", field="count")
        if self.end is not None and self.end < self.start:
            raise InvalidSchedule(
                "end_date: the end date is before the start date", field="end_date"
            )


@dataclass(frozen=True, slots=True)
class Occurrence:
    """The ``index``-th invoice of a schedule: its period (first day) and invoice date."""

    index: int
    period: date
    invoice_date: date


def add_months(first_of_month: date, months: int) -> date:
    """The first day of the month ``months`` after ``first_of_month``'s."""
    total = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def day_in(first_of_month: date, day: int) -> date:
    """``day`` of that month, or its last day when the month is shorter."""
    last = calendar.monthrange(first_of_month.year, first_of_month.month)[1]
    return first_of_month.replace(day=min(day, last))


def _first_period(schedule: Schedule) -> date:
    month = schedule.start.replace(day=1)
    if day_in(month, schedule.day) < schedule.start:
        month = add_months(month, STEP_MONTHS[schedule.frequency])
    return month


def occurrence(schedule: Schedule, index: int) -> Occurrence | None:
    """The ``index``-th occurrence (from 0), or ``None`` past the end or the count."""
    if index < 0 or (schedule.count is not None and index >= schedule.count):
        return None
    try:
        period = add_months(_first_period(schedule), index * STEP_MONTHS[schedule.frequency])
    except ValueError:  # past year 9999: the calendar ends there
        return None
    day = day_in(period, schedule.day)
    if schedule.end is not None and day > schedule.end:
        return None
    return Occurrence(index, period, day)


def due(schedule: Schedule, until: date) -> list[Occurrence]:
    """Every occurrence with an invoice date on or before ``until``, in order."""
    found: list[Occurrence] = []
    while (next_one := occurrence(schedule, len(found))) is not None:
        if next_one.invoice_date > until:
            break
        found.append(next_one)
    return found


def next_after(schedule: Schedule, until: date) -> Occurrence | None:
    """The first occurrence after ``until`` (what the next run past that date produces)."""
    return occurrence(schedule, len(due(schedule, until)))


__all__ = [
    "FREQUENCIES",
    "Occurrence",
    "Schedule",
    "add_months",
    "day_in",
    "due",
    "next_after",
    "occurrence",
]
