"""Safe parsing of untrusted e-invoice XML and typed reads with their element path.

Why: an e-invoice comes from outside. The parser never fetches a URL, never expands an entity
and refuses a DOCTYPE outright (the XXE and "billion laughs" doors). Reads go through
``Nodes`` so that a bad amount or date is refused with the element path where it stands
(``Invoice/InvoiceLine[2]/Price/PriceAmount``), never a Python traceback.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from lxml import etree

from asiento.documents import untrusted_xml
from asiento.domain.einvoice.refusals import EInvoiceRefused

Element = etree._Element


def parse_untrusted(content: bytes) -> Element:
    """The root element of untrusted XML bytes.

    Raises:
        EInvoiceRefused: ``malformed`` (not well-formed, with its line; empty) or a DOCTYPE.
    """
    try:
        return untrusted_xml.parse_untrusted(content, "an e-invoice")
    except untrusted_xml.UntrustedXmlRefused as exc:
        raise EInvoiceRefused("malformed", exc.message, location=exc.location) from exc


def local_name(element: Element) -> str:
    return etree.QName(element).localname


def path_of(element: Element) -> str:
    """Readable path of ``element``: local names, an index only where a name repeats."""
    steps: list[str] = []
    node: Element | None = element
    while node is not None:
        parent = node.getparent()
        name = local_name(node)
        if parent is not None:
            same = [sibling for sibling in parent if sibling.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/".join(reversed(steps))


class Nodes:
    """XPath reads in one syntax's namespaces (prefixes ``cbc``/``cac`` or ``ram``/``udt``)."""

    def __init__(self, namespaces: dict[str, str]) -> None:
        self.ns = namespaces

    def all(self, element: Element, path: str) -> list[Element]:
        found = element.xpath(path, namespaces=self.ns)
        return [n for n in found if isinstance(n, etree._Element)]  # type: ignore[union-attr]

    def one(self, element: Element, path: str) -> Element | None:
        found = self.all(element, path)
        return found[0] if found else None

    def text(self, element: Element, path: str) -> str | None:
        node = self.one(element, path)
        if node is None or node.text is None:
            return None
        return node.text.strip() or None

    def attr(self, element: Element, path: str, name: str) -> str | None:
        node = self.one(element, path)
        value = node.get(name) if node is not None else None
        return value.strip() if value and value.strip() else None

    def required_text(self, element: Element, path: str, term: str) -> str:
        value = self.text(element, path)
        if value is None:
            raise EInvoiceRefused(
                "schema_error", f"missing {term} ({path})", location=path_of(element)
            )
        return value

    def amount(self, element: Element, path: str) -> Decimal | None:
        node = self.one(element, path)
        if node is None or node.text is None or not node.text.strip():
            return None
        try:
            value = Decimal(node.text.strip())
        except InvalidOperation as exc:
            raise EInvoiceRefused(
                "schema_error", f"not a number: {node.text.strip()!r}", location=path_of(node)
            ) from exc
        if not value.is_finite():
            raise EInvoiceRefused("schema_error", "not a finite number", location=path_of(node))
        return value

    def required_amount(self, element: Element, path: str, term: str) -> Decimal:
        value = self.amount(element, path)
        if value is None:
            raise EInvoiceRefused(
                "schema_error", f"missing {term} ({path})", location=path_of(element)
            )
        return value

    def date(self, element: Element, path: str) -> dt.date | None:
        node = self.one(element, path)
        if node is None or node.text is None or not node.text.strip():
            return None
        raw = node.text.strip()
        try:
            if len(raw) == 8 and raw.isdigit():  # CII format 102: CCYYMMDD
                return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
            return dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise EInvoiceRefused(
                "schema_error", f"not a date: {raw!r}", location=path_of(node)
            ) from exc

    def required(self, element: Element, path: str, term: str) -> Element:
        node = self.one(element, path)
        if node is None:
            raise EInvoiceRefused(
                "schema_error", f"missing {term} ({path})", location=path_of(element)
            )
        return node

    def required_date(self, element: Element, path: str, term: str) -> dt.date:
        value = self.date(element, path)
        if value is None:
            raise EInvoiceRefused(
                "schema_error", f"missing {term} ({path})", location=path_of(element)
            )
        return value
