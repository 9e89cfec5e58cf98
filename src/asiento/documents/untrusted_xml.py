"""Parsing XML that comes from outside: bank statements and received e-invoices.

Why: such a file may try the XXE and "billion laughs" doors. The parser never fetches a
URL, never expands an entity, never loads a DTD and never builds an unbounded tree; a
DOCTYPE is refused outright. One parser for every reader, so the doors stay shut
everywhere at once.

Invariant: ``parse_untrusted`` returns a root element or raises ``UntrustedXmlRefused``
with a message and a location (``line N``); it never raises lxml's own errors.
"""

from __future__ import annotations

from typing import Any, Final

from lxml import etree


class UntrustedXmlRefused(Exception):
    """The bytes are not XML we may read; each reader turns this into its own refusal."""

    def __init__(self, message: str, location: str) -> None:
        super().__init__(message)
        self.message = message
        self.location = location


SAFE_OPTIONS: Final[dict[str, Any]] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    "collect_ids": False,
}
"""The parser options for files from outside, for ``XMLParser`` and ``iterparse`` alike."""


def safe_parser() -> etree.XMLParser:
    """An XML parser for files from outside: no entities, no DTD, no network, no huge trees."""
    return etree.XMLParser(**SAFE_OPTIONS)


def refuse_doctype(root: etree._Element, what: str) -> None:
    """Refuse a document that carries a DOCTYPE, even one the parser did not expand."""
    if root.getroottree().docinfo.internalDTD is not None:
        raise UntrustedXmlRefused(
            f"a DOCTYPE is not allowed in {what} (entity expansion risk)", "line 1"
        )


def parse_untrusted(content: bytes, what: str) -> etree._Element:
    """The root element of untrusted XML ``content``; ``what`` names the document in the
    DOCTYPE refusal ("a bank statement", "an e-invoice")."""
    try:
        root = etree.fromstring(content, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise UntrustedXmlRefused(f"not well-formed XML: {exc.msg}", f"line {exc.lineno}") from exc
    if root is None:
        raise UntrustedXmlRefused("empty XML document", "line 1")
    refuse_doctype(root, what)
    return root
