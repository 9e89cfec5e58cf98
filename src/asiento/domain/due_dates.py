"""Due dates: when an installment falls due, from the invoice date and a rule.

A ``DueDateRule`` is applied in a fixed order, so that every real-world term
can be written as one rule and reads the same way to everyone:

1. add ``months`` to the invoice date (31 January + 1 month = 28/29 February);
2. move to the end of that month (``end_of_month``) or to its
   ``day_of_month`` (clamped to the month's length: 31 -> 30 April);
3. add ``days``;
4. move forward to the next of the term line's ``payment_days``;
5. move forward to the next of the *partner's* payment days (``on_payment_day``:
   "días de pago", a customer who pays only on the 5th and the 20th);
6. move off non-working days of the company's ``WorkingCalendar``.

Examples: Net 15 is ``days=15``; the 21st of the following month is
``months=1, day_of_month=21``; Net 30 EOM (end of the following month) is
``months=1, end_of_month=True``; 10 days after the end of the invoice month is
``end_of_month=True, days=10``.

The domain stays pure: the calendar is a value (weekend days and a frozen set of
holiday dates) that the service layer builds, e.g. from the ``holidays`` package.

Invariants:
    - ``days`` and ``months`` are whole numbers, never negative.
    - ``day_of_month`` and every payment day are in 1..31.
    - ``end_of_month`` and ``day_of_month`` are not both set.
    - A due date is never before the invoice date: a ``day_of_month`` that has
      already passed in the invoice month moves to the next month, payment days
      only move forward, and a backward roll that would cross the invoice date
      rolls forward instead.
    - A calendar has at least one working weekday, so rolling always ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta

from asiento.domain.errors import (
    InvalidInput,
    PaymentTermInvalid,
    Problem,
    WorkingCalendarInvalid,
)

MAX_DAYS = 3660
MAX_MONTHS = 120


class Roll(StrEnum):
    """Which way a due date moves when it falls on a non-working day."""

    FORWARD = "forward"
    BACKWARD = "backward"


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """A company's working days: weekdays off plus a set of holiday dates.

    Attributes:
        weekend: weekdays that are never worked (Monday = 0 ... Sunday = 6).
        holidays: dates that are not worked; cover every year a due date can
            reach (the invoice year plus the longest term).
        roll: where a due date on a non-working day goes (the company setting).
    """

    weekend: frozenset[int] = frozenset({5, 6})
    holidays: frozenset[date] = frozenset()
    roll: Roll = Roll.FORWARD

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekend", frozenset(self.weekend))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        if not all(isinstance(d, int) and 0 <= d <= 6 for d in self.weekend):
            raise WorkingCalendarInvalid("weekend days must be weekdays 0 (Monday) to 6 (Sunday)")
        if len(self.weekend) == 7:
            raise WorkingCalendarInvalid("a calendar needs at least one working weekday")
        if not isinstance(self.roll, Roll):
            raise WorkingCalendarInvalid(f"roll must be forward or backward, not {self.roll!r}")

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` is neither a weekend day nor a holiday."""
        return day.weekday() not in self.weekend and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """``day`` itself when worked, else the first working day after it."""
        while not self.is_working_day(day):
            day += relativedelta(days=1)
        return day

    def working_day(self, day: date, *, not_before: date) -> date:
        """Move ``day`` to a working day the company's way, never before ``not_before``.

        A backward roll that would land before ``not_before`` rolls forward
        instead, so a due date never precedes its invoice date.
        """
        if self.roll is Roll.FORWARD or self.is_working_day(day):
            return self.next_working_day(day)
        earlier = day - relativedelta(days=1)
        while earlier >= not_before and not self.is_working_day(earlier):
            earlier -= relativedelta(days=1)
        return earlier if earlier >= not_before else self.next_working_day(day)


def whole_number_problems(
    value: object, name: str, label: str, low: int, high: int
) -> list[Problem]:
    """Problems with a count such as days or months: an int within ``low..high``.

    Args:
        value: the value given.
        name: the field name, for ``Problem.field``.
        label: how the accountant calls it in a message ("days", "day of month").
        low: smallest allowed value.
        high: largest allowed value.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem(name, f"{label} {value!r} is not a whole number", "not_a_whole_number")]
    if low == 0 and value < 0:
        return [Problem(name, f"{label} {value} is negative", f"negative_{name}")]
    if not low <= value <= high:
        return [Problem(name, f"{label} {value} is outside {low}..{high}", f"{name}_out_of_range")]
    return []


@dataclass(frozen=True, slots=True)
class DueDateRule:
    """How to get from an invoice date to a due date (see the module docstring).

    The default rule, ``DueDateRule()``, is "on the invoice date" (immediate).
    ``payment_days`` is kept sorted and without duplicates.
    """

    days: int = 0
    months: int = 0
    end_of_month: bool = False
    day_of_month: int | None = None
    payment_days: tuple[int, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "payment_days", _normalized_days(self.payment_days))
        problems = self.validate()
        if problems:
            raise PaymentTermInvalid(problems)

    def validate(self) -> list[Problem]:
        """Every problem with this rule, each with its own code."""
        problems = whole_number_problems(self.days, "days", "days", 0, MAX_DAYS)
        problems += whole_number_problems(self.months, "months", "months", 0, MAX_MONTHS)
        if not isinstance(self.end_of_month, bool):
            problems.append(Problem("end_of_month", "end of month must be true or false"))
        if self.day_of_month is not None:
            problems += whole_number_problems(
                self.day_of_month, "day_of_month", "day of month", 1, 31
            )
            if self.end_of_month is True:
                message = f"end of month and day of month {self.day_of_month} exclude each other"
                problems.append(Problem("day_of_month", message, "end_of_month_and_day_of_month"))
        if not isinstance(self.payment_days, tuple):
            problems.append(Problem("payment_days", "payment days must be a list of days"))
        else:
            for day in self.payment_days:
                problems += whole_number_problems(day, "payment_days", "payment day", 1, 31)
        return problems

    def due_date(
        self,
        invoice_date: date,
        calendar: WorkingCalendar | None = None,
        partner_days: tuple[int, ...] = (),
    ) -> date:
        """The date an installment under this rule falls due.

        Args:
            invoice_date: the invoice's date, the start of every term.
            calendar: the company's working days; ``None`` means every day is
                a working day.
            partner_days: the partner's payment days (step 5), sorted; empty:
                the partner pays any day.

        Returns:
            A date on or after ``invoice_date``.
        """
        due = self._anchor(invoice_date) + relativedelta(days=self.days)
        if self.payment_days:
            due = next_payment_day(due, self.payment_days)
        due = on_payment_day(due, partner_days)
        if calendar is not None:
            due = calendar.working_day(due, not_before=invoice_date)
        return due

    def _anchor(self, invoice_date: date) -> date:
        """Steps 1 and 2: the month shift and the day within that month."""
        if self.end_of_month:
            return invoice_date + relativedelta(months=self.months, day=31)
        if self.day_of_month is None:
            return invoice_date + relativedelta(months=self.months)
        anchor = invoice_date + relativedelta(months=self.months, day=self.day_of_month)
        if anchor < invoice_date:
            # the day has passed this month: it is next month's
            anchor = invoice_date + relativedelta(months=1, day=self.day_of_month)
        return anchor

    def to_dict(self) -> dict[str, Any]:
        """The compact dict form: only the fields that differ from the default."""
        default = DueDateRule()
        result: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != getattr(default, f.name):
                result[f.name] = list(value) if isinstance(value, tuple) else value
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DueDateRule:
        """Build a rule from its dict form, e.g. ``{"months": 1, "day_of_month": 21}``.

        Raises:
            PaymentTermInvalid: an unknown key or a value that breaks a rule.
        """
        problems = unknown_key_problems(data, {f.name for f in fields(cls)}, "due date rule")
        if problems:
            raise PaymentTermInvalid(problems)
        values = dict(data)
        if isinstance(values.get("payment_days"), list):
            values["payment_days"] = tuple(values["payment_days"])
        return cls(**values)


def _normalized_days(days: object) -> object:
    """Payment days as a sorted tuple without duplicates, when they are whole numbers."""
    if not isinstance(days, list | tuple | set | frozenset):
        return days
    if all(isinstance(d, int) for d in days):
        return tuple(sorted(set(days)))
    return tuple(days)


def unknown_key_problems(data: object, allowed: set[str], what: str) -> list[Problem]:
    """Refuse a dict with keys we do not know, so a typo never goes unnoticed."""
    if not isinstance(data, Mapping):
        message = f"a {what} must be a mapping, not {type(data).__name__}"
        return [Problem("", message, "not_a_mapping")]
    return [
        Problem(str(key), f"unknown key {key!r} in a {what}", "unknown_key")
        for key in data
        if key not in allowed
    ]


def on_payment_day(due: date, payment_days: tuple[int, ...]) -> date:
    """``due`` moved forward to the first of ``payment_days`` on or after it (none: unchanged).

    Invariants (property-tested): the result is never before ``due``; it is a
    payment day (or the last day of a month too short for it); no payment day
    lies between ``due`` and the result; applying it twice changes nothing.
    """
    return next_payment_day(due, payment_days) if payment_days else due


def parse_payment_days(value: object) -> tuple[int, ...]:
    """Payment days from ``"5, 20"`` or ``[5, 20]``: sorted, without duplicates, each 1..31.

    Raises:
        InvalidInput: naming ``payment_days`` and the bad day.
    """
    parts = value.replace(";", ",").split(",") if isinstance(value, str) else value
    if not isinstance(parts, list | tuple | set | frozenset):
        raise InvalidInput("payment_days must be days of the month", field="payment_days")
    days: set[int] = set()
    for part in parts:
        text = str(part).strip()
        if not text:
            continue
        if isinstance(part, bool) or not text.isdigit() or not 1 <= int(text) <= 31:
            raise InvalidInput(
                f"payment day {text!r} is not a day of the month (1..31)", field="payment_days"
            )
        days.add(int(text))
    return tuple(sorted(days))


def payment_days_text(days: tuple[int, ...]) -> str:
    """The stored form of ``parse_payment_days``' result: ``"5,20"``."""
    return ",".join(str(d) for d in days)


def next_payment_day(day: date, payment_days: tuple[int, ...]) -> date:
    """The first of the customer's payment days on or after ``day``.

    A payment day past the end of a short month means that month's last day
    (the 30th in February is the 28th or 29th).
    """
    for months_ahead in (0, 1):
        for payment_day in payment_days:
            candidate = day + relativedelta(months=months_ahead, day=payment_day)
            if candidate >= day:
                return candidate
    raise PaymentTermInvalid([Problem("payment_days", "payment days are empty")])
