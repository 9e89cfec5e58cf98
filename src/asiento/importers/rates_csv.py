"""Exchange rates from a CSV file: ``date,currency,rate`` per row -> plain ``RateRow``s.

The direction is the one the ledger uses: a row ``2026-01-02,USD,0.92`` says that on
that day 1 USD is worth 0.92 of the company currency. A first row whose first cell is
``date`` is a header. Commas separate cells; a file whose first line has exactly two
semicolons is read with semicolons, and then a decimal comma is accepted in the rate.

Invariants:
    - every problem names its row (1-based, as an editor shows it) and its reason;
    - the rows come back only when there is no problem at all (all or nothing);
    - a rate is positive, below 10^15, with at most ``RATE_DECIMALS`` places;
    - a (currency, date) pair appears once in the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from asiento.domain.currency import is_known
from asiento.domain.errors import Problem
from asiento.domain.limits import RATE_DECIMALS
from asiento.domain.money import MAX_AMOUNT


@dataclass(frozen=True, slots=True)
class RateRow:
    row: int
    date: dt.date
    currency: str
    rate: Decimal


def parse_rates_csv(content: bytes) -> tuple[list[RateRow], list[Problem]]:
    """The rows of the file, or no rows and every problem found."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem("file", f"the file is not UTF-8 text (byte {exc.start + 1})")]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") == 2 else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows, problems = _rows(reader, delimiter)
    except csv.Error as exc:  # NUL bytes, an endless quoted cell: the file is not CSV
        return [], [_problem(reader.line_num, f"not a CSV row ({exc})")]
    if not rows and not problems:
        problems.append(Problem("file", "the file has no rates (date,currency,rate)"))
    return ([], problems) if problems else (rows, [])


def _rows(reader: Iterator[list[str]], delimiter: str) -> tuple[list[RateRow], list[Problem]]:
    rows: list[RateRow] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for n, cells in enumerate(reader, start=1):
        if not any(c.strip() for c in cells) or (n == 1 and cells[0].strip().lower() == "date"):
            continue
        parsed = _row(n, cells, delimiter)
        if isinstance(parsed, Problem):
            problems.append(parsed)
        elif (key := (parsed.currency, parsed.date)) in seen:
            problems.append(_problem(n, f"{key[0]} {key[1]} is already on row {seen[key]}"))
        else:
            seen[key] = n
            rows.append(parsed)
    return rows, problems


def _problem(n: int, reason: str) -> Problem:
    return Problem(f"rows[{n}]", f"row {n}: {reason}")


def _row(n: int, cells: list[str], delimiter: str) -> RateRow | Problem:
    if len(cells) != 3:
        return _problem(n, f"expected 3 cells (date, currency, rate), found {len(cells)}")
    day_text, code, rate_text = (c.strip() for c in cells)
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError:
        return _problem(n, f"date {day_text!r} is not YYYY-MM-DD")
    code = code.upper()
    if not is_known(code):
        return _problem(n, f"currency {code!r} is not an ISO 4217 code")
    if delimiter == ";":
        rate_text = rate_text.replace(",", ".")
    try:
        rate = Decimal(rate_text)
    except InvalidOperation:
        return _problem(n, f"rate {rate_text!r} is not a number")
    if not rate.is_finite() or not 0 < rate < MAX_AMOUNT:
        return _problem(n, f"rate {rate_text!r} must be above 0 and below 10^15")
    if rate != rate.quantize(Decimal(1).scaleb(-RATE_DECIMALS)):
        return _problem(n, f"rate {rate_text!r} has more than {RATE_DECIMALS} decimal places")
    return RateRow(n, day, code, rate)
