"""Check an e-invoice file against the official XML Schema of its syntax.

The schemas are parsed once per process (``functools.cache``): compiling the UBL schema set
takes about a second and the objects are immutable. lxml's ``XMLSchema`` keeps its error log on
the object, so each validation holds a lock per schema while it validates and reads the log.

Invariants: the parser never resolves external entities nor fetches from the network; an empty
list means the file is schema-valid; a file that is not XML at all is one ``SchemaError`` at ``/``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal, cast

from lxml import etree

from asiento.documents import untrusted_xml

Syntax = Literal["cii", "ubl-invoice", "ubl-credit-note"]

_SCHEMA_FILES: dict[str, tuple[str, ...]] = {
    "cii": ("cii", "CrossIndustryInvoice_100pD16B.xsd"),
    "ubl-invoice": ("ubl", "maindoc", "UBL-Invoice-2.1.xsd"),
    "ubl-credit-note": ("ubl", "maindoc", "UBL-CreditNote-2.1.xsd"),
}
_LOCKS: dict[str, threading.Lock] = {name: threading.Lock() for name in _SCHEMA_FILES}


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One schema violation: where (an XPath to the element) and what the schema says."""

    path: str
    message: str


@cache
def _schema(syntax: str) -> etree.XMLSchema:
    source = files("asiento.documents.einvoice").joinpath("schemas", *_SCHEMA_FILES[syntax])
    with source.open("rb") as handle:
        document = etree.parse(handle, base_url=str(source))
    return etree.XMLSchema(document)


def validate_xsd(xml_bytes: bytes, syntax: Syntax) -> list[SchemaError]:
    """Return every schema violation of ``xml_bytes`` as ``syntax`` (empty when valid)."""
    try:
        tree = etree.fromstring(xml_bytes, untrusted_xml.safe_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        return [SchemaError("/", f"not well-formed XML: {exc}")]
    schema = _schema(syntax)
    with _LOCKS[syntax]:
        schema.validate(tree)
        entries: list[Any] = list(cast(Iterable[Any], schema.error_log))
    return [SchemaError(entry.path or "/", entry.message) for entry in entries]
