"""How one CSV cell becomes a value: numbers, dates and account identifiers.

Why apart: the same rules serve table rows (``csv``) and preamble cells
(``csv_statements``), and they are the part of CSV import that decides money,
so they are small, strict and tested on their own.

Invariants:
    - a number is an exact ``Decimal`` built from the digits as written (its
      scale kept: "20.00" stays ``Decimal("20.00")``), never through a float;
    - a thousands separator is accepted only between groups of three digits,
      so "1,25" is refused, not read as 125, when "," separates thousands;
    - a cell that does not read raises ``ImportFileError`` naming ``where``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Final

from asiento.importers.base import ImportFileError
from asiento.importers.csv_profiles import CsvProfile

_SYMBOLS: Final = re.compile(r"[\s$€£¥]")
_ISO_AFFIX: Final = re.compile(r"^[A-Z]{3}|[A-Z]{3}$")
_EXCEL_GUARD: Final = re.compile(r'^="(.*)"$', re.DOTALL)


def clean(cell: str) -> str:
    """The cell stripped, without a BOM or Excel's ``="..."`` guard."""
    cell = cell.strip().lstrip("\ufeff")
    guarded = _EXCEL_GUARD.match(cell)
    return guarded[1].strip() if guarded else cell


def read_number(text: str, profile: CsvProfile, where: str) -> Decimal:
    """An exact Decimal from a bank's number text, per ``profile``'s separators.

    Spaces, currency symbols and a leading or trailing ISO code are dropped;
    a sign may lead or trail (SAP writes "12.50-"); parentheses mean negative.

    Raises:
        ImportFileError: at ``where``, when ``text`` is not such a number.
    """
    t = _SYMBOLS.sub("", text)
    negative = t.startswith("(") and t.endswith(")")
    t = _ISO_AFFIX.sub("", t[1:-1] if negative else t)
    if t[:1] in {"-", "+"}:
        negative ^= t[0] == "-"
        t = t[1:]
    elif t.endswith("-"):
        negative, t = not negative, t[:-1]
    thousands = profile.thousands_separator
    if thousands == "'":
        t = t.replace("’", "'")  # Swiss exports use either apostrophe
    match = _number_pattern(profile.decimal_separator, thousands).fullmatch(t)
    if match is None or not (match["int"] or match["frac"]):
        seps = f"decimal {profile.decimal_separator!r}, thousands {thousands!r}"
        raise ImportFileError(f"{text!r} is not an amount ({seps})", location=where)
    digits = match["int"].replace(thousands, "") if thousands else match["int"]
    value = Decimal(f"{digits or 0}.{match['frac']}" if match["frac"] else digits)
    return -value if negative else value


@lru_cache(maxsize=32)
def _number_pattern(decimal_sep: str, thousands_sep: str) -> re.Pattern[str]:
    groups = rf"\d{{1,3}}(?:{re.escape(thousands_sep)}\d{{3}})+|" if thousands_sep else ""
    return re.compile(rf"(?P<int>{groups}\d*)(?:{re.escape(decimal_sep)}(?P<frac>\d+))?")


def read_date(text: str, profile: CsvProfile, where: str) -> date:
    """The date in ``text``, trying each of ``profile.date_formats`` in turn.

    Raises:
        ImportFileError: at ``where``, when no format fits.
    """
    for fmt in profile.date_formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    formats = " or ".join(profile.date_formats)
    raise ImportFileError(f"{text!r} is not a date ({formats})", location=where)


def compact_account(value: str | None) -> str | None:
    """A counterparty account without spaces, upper-cased, *not* validated.

    Exports carry masked or domestic numbers there (ASN writes
    ``NL99ASNB0000000000``, which fails the IBAN checksum); dropping them
    would lose what the bank told us.
    """
    return "".join(value.split()).upper() or None if value else None
