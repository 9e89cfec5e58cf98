"""OFX values: element text, amounts and dates exactly as the bank wrote them.

Invariants:
    - amounts are exact Decimals parsed from the text (a period, or per OFX
      3.2.9.1 a comma, as decimal point), never floats;
    - a date is the calendar day written in the file, in its own time zone
      (never moved to UTC);
    - a missing or malformed value raises ``ImportFileError`` at ``where``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from typing import Final
from xml.sax.saxutils import unescape

from asiento.importers.base import ImportFileError

_ENTITIES: Final = {"&quot;": '"', "&apos;": "'"}
_AMOUNT_RE: Final = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_DATE_RE: Final = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\d{2,6}(?:\.\d{1,6})?)?(?:\s*\[[^\]]*\])?")


def text(elem: ET.Element, path: str) -> str | None:
    """Stripped, entity-decoded text at ``path``; None when absent or blank."""
    value = elem.findtext(path)
    if value is None:
        return None
    value = unescape(value, _ENTITIES).strip()
    return value or None


def amount(text: str | None, where: str) -> Decimal:
    """An OFX amount: a period or (OFX 3.2.9.1) a comma as decimal point."""
    if text is None:
        raise ImportFileError("amount missing", location=where)
    if not _AMOUNT_RE.fullmatch(text):
        raise ImportFileError(f"{text!r} is not an amount", location=where)
    return Decimal(text.replace(",", "."))


def optional_amount(elem: ET.Element, path: str, where: str) -> Decimal | None:
    value = text(elem, path)
    return None if value is None else amount(value, f"{where}/{path}")


def ofx_date(text: str | None, where: str) -> date:
    """The calendar date an OFX datetime was written in (its own time zone)."""
    if text is None:
        raise ImportFileError("date missing", location=where)
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise ImportFileError(f"{text!r} is not an OFX date", location=where)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ImportFileError(f"{text!r} is not a calendar date", location=where) from None


def optional_date(elem: ET.Element, path: str, where: str) -> date | None:
    value = text(elem, path)
    return None if value is None else ofx_date(value, f"{where}/{path}")
