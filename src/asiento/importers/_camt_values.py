"""ISO 20022 value types as CAMT.053 writes them: amounts, currencies, dates, flags.

Why separate: balances and entries read the same types, and every bad value
must become an ``ImportFileError`` naming the element, whichever reads it.

Invariants:
    - amounts are exact ``Decimal`` parsed from the text (never via float),
      non-negative and at most 18 digits as the schema allows; the sign comes
      only from ``CdtDbtInd``;
    - a currency is a known ISO 4217 code;
    - a date-time keeps the calendar date written in the file: the bank's
      local booking day, not the UTC one.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from asiento.domain.currency import is_known
from asiento.importers._xml import Element, Readable, child_at, find, location, required
from asiento.importers.base import ImportFileError

# xs:decimal restricted as in ActiveOrHistoricCurrencyAndAmount (no sign).
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_MAX_DIGITS = 18
_ZONE = r"(?:Z|[+-][0-9]{2}:[0-9]{2})?"
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})" + _ZONE)
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?" + _ZONE
)
_DIRECTIONS = {"CRDT": 1, "DBIT": -1}
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def amount(node: Element) -> tuple[Decimal, str]:
    """The unsigned amount and currency of an ``Amt``-like element.

    Raises:
        ImportFileError: the text is not a plain decimal number, has more
            than 18 digits, or the ``Ccy`` attribute is missing or unknown.
    """
    raw = (node.text or "").strip()
    if _AMOUNT.fullmatch(raw) is None or (  # <= 18 characters hold <= 18 digits
        len(raw) > _MAX_DIGITS and len(raw.replace(".", "").lstrip("0")) > _MAX_DIGITS
    ):
        raise ImportFileError(f"amount {raw!r} is not a decimal number", location=location(node))
    return Decimal(raw), currency(node.get("Ccy"), node)


def currency(code: str | None, node: Element) -> str:
    """``code`` when it is a known ISO 4217 currency, else ``ImportFileError``."""
    value = (code or "").strip()
    if not value:
        raise ImportFileError("missing currency (Ccy)", location=location(node))
    if not is_known(value):
        raise ImportFileError(f"unknown currency {value!r}", location=location(node))
    return value


def direction(node: Readable) -> int:
    """+1 for ``CdtDbtInd`` CRDT (money in), -1 for DBIT (money out)."""
    return _DIRECTIONS[_indicator(node)]


def _indicator(node: Readable) -> str:
    element = required(node, "CdtDbtInd")
    raw = (element.text or "").strip()
    if raw not in _DIRECTIONS:
        raise ImportFileError(
            f"CdtDbtInd must be CRDT or DBIT, not {raw!r}", location=location(element)
        )
    return raw


def optional_direction(node: Readable) -> int | None:
    """Like ``direction`` but None when ``CdtDbtInd`` is absent."""
    return direction(node) if find(node, "CdtDbtInd") is not None else None


def boolean(node: Readable, path: str) -> bool:
    """An ``xs:boolean`` element at ``path``; absent means false."""
    element = find(node, path)
    if element is None:
        return False
    raw = (element.text or "").strip().lower()
    if raw not in _BOOLEANS:
        raise ImportFileError(f"{raw!r} is not a boolean", location=location(element))
    return _BOOLEANS[raw]


def date_choice(node: Readable, path: str) -> dt.date | None:
    """The date of a DateAndDateTimeChoice (``Dt`` or ``DtTm``) at ``path``.

    Returns:
        None when ``path`` is absent.

    Raises:
        ImportFileError: the choice holds neither, or an invalid date.
    """
    choice = find(node, path)
    if choice is None:
        return None
    day_path, moment_path = _CHOICES.get(path) or _choice_paths(path)
    day = child_at(node, day_path, choice, "Dt")
    if day is not None:
        return _date(day, _DATE)
    moment = child_at(node, moment_path, choice, "DtTm")
    if moment is not None:
        return _date(moment, _DATE_TIME)
    raise ImportFileError("expected a Dt or DtTm element", location=location(choice))


_CHOICES: dict[str, tuple[str, str]] = {}
"""A choice's path -> the paths of its ``Dt`` and ``DtTm`` (the readers' few fixed paths)."""


def _choice_paths(path: str) -> tuple[str, str]:
    paths = _CHOICES[path] = (f"{path}/Dt", f"{path}/DtTm")
    return paths


def date_time(node: Readable, path: str) -> dt.date | None:
    """The calendar date of an ``xs:dateTime`` element at ``path``, if present."""
    element = find(node, path)
    return None if element is None else _date(element, _DATE_TIME)


def _date(element: Element, pattern: re.Pattern[str]) -> dt.date:
    raw = (element.text or "").strip()
    try:
        if pattern.fullmatch(raw) is None:
            raise ValueError(raw)
        return dt.date.fromisoformat(raw[:10])  # YYYY-MM-DD, as the pattern checked
    except ValueError:
        raise ImportFileError(f"{raw!r} is not a valid date", location=location(element)) from None
