"""Document numbers and fiscal years.

A number is given at posting and never before; sequences are per (company,
journal, fiscal year) and gapless. The format is a ``str.format`` template with
the fields ``{prefix}``, ``{year}``, ``{fy}`` and ``{seq}``, e.g.
``"INV/{year}/{seq:05d}"`` -> ``INV/2026/00042``.

Invariants:
    - a format must contain ``{seq``; ``format_number`` refuses one that does not;
    - a fiscal year contains its start and end dates, and every date belongs to
      exactly one fiscal year given the company's start month and day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from asiento.domain.errors import InvalidInput

DEFAULT_FORMAT = "{prefix}/{year}/{seq:05d}"


class InvalidNumberFormat(InvalidInput):
    code = "invalid_number_format"


@dataclass(frozen=True, slots=True)
class FiscalYearSpan:
    """A fiscal year: its name (the calendar year it starts in) and bounds."""

    name: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def fiscal_year_of(day: date, start_month: int = 1, start_day: int = 1) -> FiscalYearSpan:
    """The fiscal year containing ``day`` for a company whose year starts on month/day."""
    start = _safe_date(day.year, start_month, start_day)
    if day < start:
        start = _safe_date(day.year - 1, start_month, start_day)
    end = start + relativedelta(years=1) - timedelta(days=1)
    name = str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    return FiscalYearSpan(name=name, start=start, end=end)


def _safe_date(year: int, month: int, day: int) -> date:
    return date(year, month, 1) + relativedelta(day=day)


def validate_format(fmt: str) -> None:
    """Refuse a number format that cannot produce unique numbers."""
    if "{seq" not in fmt:
        raise InvalidNumberFormat("number format must contain {seq}", field="number_format")
    try:
        format_number(fmt, prefix="X", fiscal_year=fiscal_year_of(date(2026, 1, 1)), seq=1)
    except (KeyError, ValueError, IndexError) as exc:
        raise InvalidNumberFormat(
            f"number format {fmt!r} is invalid: {exc}", field="number_format"
        ) from None


def format_number(fmt: str, *, prefix: str, fiscal_year: FiscalYearSpan, seq: int) -> str:
    """Render a document number, e.g. ``INV/2026/00042``."""
    return fmt.format(prefix=prefix, year=fiscal_year.start.year, fy=fiscal_year.name, seq=seq)
