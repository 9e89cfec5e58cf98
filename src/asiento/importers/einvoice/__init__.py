"""Incoming e-invoices -> the neutral ``EInvoice`` model (``domain.einvoice.model``); no database.

``read_einvoice`` accepts a UBL 2.1 Invoice/CreditNote (EN 16931, Peppol BIS 3, XRechnung UBL),
a UN/CEFACT CII invoice (EN 16931, Factur-X/ZUGFeRD BASIC..EXTENDED, XRechnung CII) or a hybrid
Factur-X/ZUGFeRD PDF carrying one of those. Every refusal is an ``EInvoiceRefused`` naming the
file, the reason and the place.
"""

from __future__ import annotations

from dataclasses import dataclass

from asiento.documents.einvoice import Syntax, validate_xsd
from asiento.domain.einvoice.model import EInvoice
from asiento.domain.einvoice.refusals import EInvoiceRefused
from asiento.importers.einvoice._nodes import local_name, parse_untrusted
from asiento.importers.einvoice.cii import is_cii, read_cii
from asiento.importers.einvoice.pdf import embedded_xml
from asiento.importers.einvoice.ubl import is_ubl, read_ubl

PDF_MEDIA_TYPE = "application/pdf"
XML_MEDIA_TYPE = "application/xml"
# roots that are invoices in a syntax asiento does not read (yet)
UNSUPPORTED_ROOTS = {
    "CrossIndustryDocument": (
        "ZUGFeRD 1.0 (CrossIndustryDocument) is not supported; ask for ZUGFeRD 2 or later"
    ),
    "Invoic": "EDIFACT/XML INVOIC is not supported",
    "FatturaElettronica": "FatturaPA is not supported",
}


@dataclass(frozen=True, slots=True)
class ReadEInvoice:
    """What a file held: the document, its syntax (``ubl``/``cii``) and the XML bytes read."""

    document: EInvoice
    syntax: str
    media_type: str
    xml: bytes


def read_einvoice(content: bytes, file_name: str = "") -> ReadEInvoice:
    """Read one received file.

    Raises:
        EInvoiceRefused: naming ``file_name``; reasons ``malformed``, ``not_an_invoice``,
            ``unsupported_syntax``, ``unsupported_content``, ``schema_error``.
    """
    try:
        return _read(content)
    except EInvoiceRefused as exc:
        raise exc.named(file_name) from None


def _read(content: bytes) -> ReadEInvoice:
    if not content.strip():
        raise EInvoiceRefused("malformed", "the file is empty")
    media_type = XML_MEDIA_TYPE
    xml = content
    if content.lstrip()[:5] == b"%PDF-":
        media_type, xml = PDF_MEDIA_TYPE, embedded_xml(content)
    root = parse_untrusted(xml)
    if is_ubl(root):
        _require_schema(
            xml, "ubl-credit-note" if local_name(root) == "CreditNote" else "ubl-invoice"
        )
        return ReadEInvoice(read_ubl(root), "ubl", media_type, xml)
    if is_cii(root):
        _require_schema(xml, "cii")
        return ReadEInvoice(read_cii(root), "cii", media_type, xml)
    name = local_name(root)
    if name in UNSUPPORTED_ROOTS:
        raise EInvoiceRefused("unsupported_syntax", UNSUPPORTED_ROOTS[name], location=name)
    raise EInvoiceRefused(
        "not_an_invoice",
        f"{name} is not an invoice or credit note (UBL 2.1 or UN/CEFACT CII expected)",
        location=name,
    )


def _require_schema(xml: bytes, syntax: Syntax) -> None:
    """Refuse a file its official XSD rejects, naming the first violation and how many there are."""
    errors = validate_xsd(xml, syntax)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise EInvoiceRefused(
            "schema_error", f"schema error: {errors[0].message}{more}", location=errors[0].path
        )


__all__ = ["EInvoiceRefused", "ReadEInvoice", "read_einvoice"]
