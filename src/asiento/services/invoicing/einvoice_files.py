"""The e-invoice file of a posted customer invoice or credit note, in the format asked for.

``facturx`` is the printed PDF (PDF/A-3b) with the CII XML embedded (profile ``en16931`` by
default, ``basic`` or ``xrechnung``); ``xrechnung-cii`` and ``xrechnung-ubl`` are XRechnung 3.0
in either syntax; ``ubl`` is Peppol BIS Billing 3.0. Before anything is written the format's
required business terms are checked (``domain.einvoice.requirements``): a refusal names every
missing term at once, so the company or partner data can be completed in one go.

Read only: nothing is stored or recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from asiento.documents.einvoice.cii import GUIDELINES, write_cii
from asiento.documents.einvoice.facturx import embed_facturx
from asiento.documents.einvoice.ubl import CUSTOMIZATIONS, write_ubl
from asiento.domain.einvoice.model import EInvoice
from asiento.domain.einvoice.requirements import missing_terms
from asiento.domain.errors import InvalidInput, ValidationFailed
from asiento.services.invoicing.einvoice_build import build_einvoice
from asiento.services.invoicing.invoice_documents import build_print, print_pdf
from asiento.store.uow import UnitOfWork

FORMATS = ("facturx", "xrechnung-cii", "xrechnung-ubl", "ubl")
FACTURX_PROFILES = ("en16931", "basic", "xrechnung")
XML = "application/xml"
PDF = "application/pdf"


@dataclass(frozen=True, slots=True)
class EInvoiceFile:
    filename: str
    media_type: str
    content: bytes


def checked_format(fmt: str, profile: str | None) -> tuple[str, str | None]:
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}", field="format")
    if profile is not None and fmt != "facturx":
        raise InvalidInput("a profile is chosen for facturx only", field="profile")
    if fmt == "facturx" and (profile or "en16931") not in FACTURX_PROFILES:
        raise InvalidInput(f"profile must be one of {', '.join(FACTURX_PROFILES)}", field="profile")
    return fmt, (profile or "en16931") if fmt == "facturx" else None


def _stem(doc: EInvoice) -> str:
    return doc.number.replace("/", "-")


def _xml(doc: EInvoice, fmt: str, profile: str | None) -> bytes:
    if fmt == "ubl":
        return write_ubl(replace(doc, specification_id=CUSTOMIZATIONS["peppol"]), "peppol")
    if fmt == "xrechnung-ubl":
        return write_ubl(replace(doc, specification_id=CUSTOMIZATIONS["xrechnung"]), "xrechnung")
    cii_profile = "xrechnung" if fmt == "xrechnung-cii" else profile or "en16931"
    return write_cii(replace(doc, specification_id=GUIDELINES[cii_profile]), cii_profile)


def einvoice_in(
    session: Session, company_id: int, invoice_id: int, fmt: str, profile: str | None = None
) -> EInvoiceFile:
    """In-session form of ``einvoice_file`` (sending builds the attachment in its transaction)."""
    fmt, profile = checked_format(fmt, profile)
    doc = build_einvoice(session, company_id, invoice_id)
    problems = missing_terms(doc, "xrechnung-cii" if profile == "xrechnung" else fmt)
    if problems:
        terms = ", ".join(p.field for p in problems)
        raise ValidationFailed(problems, f"the {fmt} e-invoice needs {terms}")
    xml = _xml(doc, fmt, profile)
    if fmt != "facturx":
        return EInvoiceFile(f"{_stem(doc)}.xml", XML, xml)
    printed = build_print(session, company_id, invoice_id)
    pdf = embed_facturx(print_pdf(printed, "pdf/a-3b"), xml, profile or "en16931", printed.lang)
    return EInvoiceFile(f"{_stem(doc)}.pdf", PDF, pdf)


def einvoice_file(
    uow: UnitOfWork, company_id: int, invoice_id: int, fmt: str, profile: str | None = None
) -> EInvoiceFile:
    """The e-invoice of posted invoice ``invoice_id`` as ``fmt`` (see the module docstring).

    Raises ``StateConflict`` for a draft or pro-forma, ``ValidationFailed`` naming every
    business term the format needs and the data lacks, ``InvalidInput`` for a vendor document
    or an unknown format or profile.
    """
    with uow:
        return einvoice_in(uow.session, company_id, invoice_id, fmt, profile)
