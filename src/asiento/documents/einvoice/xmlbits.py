"""Small lxml helpers the CII and UBL writers share: elements that are left out when empty.

A writer never emits an empty element (Peppol rule R008 refuses them): ``child`` returns None
and adds nothing when its text is None or blank. Text and attribute values lose the control
characters XML 1.0 cannot carry, so a stray character in a name never breaks a file.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from lxml import etree

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (control characters)."""
    return _NOT_XML.sub("", text)


def qname(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def node(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """An element that is always written (a group)."""
    return etree.SubElement(parent, tag, attrs)


def child(
    parent: etree._Element, tag: str, text: str | None, **attrs: str | None
) -> etree._Element | None:
    """A leaf with ``text``; nothing when ``text`` is None or blank."""
    if text is None or not str(text).strip():
        return None
    element = etree.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items() if v})
    element.text = xml_text(str(text))
    return element


def amount(value: Decimal) -> str:
    """An amount as written: plain notation, never an exponent, at least two decimals."""
    quantized = value if -value.as_tuple().exponent >= 2 else value.quantize(Decimal("0.01"))  # type: ignore[operator]
    return f"{quantized:f}"


def decimal(value: Decimal) -> str:
    """A quantity, price or percent: plain notation without trailing zeros."""
    text = f"{value.normalize():f}"
    return text if text not in ("-0",) else "0"


def iso_date(day: dt.date) -> str:
    return day.isoformat()


def compact_date(day: dt.date) -> str:
    """CII's format 102: ``20261206``."""
    return day.strftime("%Y%m%d")


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
