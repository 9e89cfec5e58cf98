"""Import received e-invoices as draft vendor bills and vendor credit notes (issue 20, "In").

Each file is read (``importers.einvoice``), its supplier found (or created on request), and a
draft bill written through the ordinary draft path (``create_invoice_in``) with the document's
lines, taxes, due date and payment reference; the original file is stored beside it
(``bill_imports``) with every difference between the draft and the document and every
warning. Nothing is posted: a person confirms.

Each file is its own transaction: one refused file never undoes another. Refusals name the
file: not an invoice, unsupported syntax, schema error with its path, unknown supplier (with
what to create), buyer not this company under strict checking, duplicate (naming the existing
bill).

Invariants:
    - a supplier's document number becomes at most one bill: the supplier row is locked before
      the duplicate check, and ``bill_imports`` is unique on (company, supplier, number), so
      of two simultaneous imports of one file exactly one creates the bill;
    - the stored file is byte-identical to the one received (its SHA-256 is kept);
    - a draft whose totals equal the document's has no BT-109/BT-110/BT-112 difference.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.currency import exponent
from asiento.domain.einvoice.consistency import Difference, check_document
from asiento.domain.einvoice.model import EInvoice
from asiento.domain.einvoice.refusals import DuplicateBill, EInvoiceRefused, NothingImported
from asiento.domain.errors import AsientoError
from asiento.importers.einvoice import ReadEInvoice, read_einvoice
from asiento.services.access import principal as access
from asiento.services.invoicing.bill_import_lines import (
    bill_lines,
    draft_differences,
    tax_categories,
)
from asiento.services.invoicing.bill_import_match import (
    check_buyer,
    find_order,
    require_currency,
    require_supplier,
)
from asiento.services.invoicing.invoice_drafts import (
    create_invoice_in,
    line_tax_ids,
    refresh_totals,
)
from asiento.services.invoicing.invoice_inputs import InvoiceInput
from asiento.services.invoicing.invoice_records import invoice_lines
from asiento.services.ledger.entries import company_of
from asiento.services.orders.purchase_settings import settings_in
from asiento.services.orders.should_be_paid import refresh_should_be_paid_in
from asiento.store.locks import lock_scoped
from asiento.store.tables import BillImport, Company, Invoice, Partner
from asiento.store.uow import UnitOfWork

MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReceivedFile:
    """One uploaded file: its name as sent and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What became of one file: a draft bill, or a refusal with its reason."""

    file_name: str
    bill_id: int | None = None
    kind: str | None = None
    document_number: str | None = None
    partner_id: int | None = None
    partner_name: str | None = None
    differences: tuple[dict[str, str], ...] = ()
    warnings: tuple[dict[str, str], ...] = ()
    refusal: dict[str, Any] | None = None

    @property
    def created(self) -> bool:
        return self.bill_id is not None


@dataclass(frozen=True, slots=True)
class _Found:
    read: ReadEInvoice
    warnings: list[dict[str, str]] = field(default_factory=list)


def difference_row(d: Difference) -> dict[str, str]:
    return {
        "term": d.term,
        "label": d.label,
        "where": d.where,
        "stated": str(d.stated),
        "computed": str(d.computed),
        "message": d.describe(),
    }


def refusal_of(exc: AsientoError) -> dict[str, Any]:
    """The refusal as the API and CLI show it: code, reason, message and extension members."""
    extra = dict(getattr(exc, "extensions", None) or {})
    return {"code": exc.code, "status": exc.status, "message": exc.message} | extra


@access.requires(Permission.INVOICE_WRITE)
def import_bills(
    uow: UnitOfWork, company_id: int, files: Sequence[ReceivedFile], create_supplier: bool = False
) -> list[ImportOutcome]:
    """Import each file as a draft bill, one transaction per file (see the module docstring)."""
    return [import_one(uow, company_id, f, create_supplier) for f in files]


def import_or_refuse(
    uow: UnitOfWork, company_id: int, files: Sequence[ReceivedFile], create_supplier: bool = False
) -> list[ImportOutcome]:
    """``import_bills``, raising ``NothingImported`` (every refusal) when no file made a bill."""
    outcomes = import_bills(uow, company_id, files, create_supplier)
    if not any(o.created for o in outcomes):
        refusals = [(o.file_name, o.refusal or {}) for o in outcomes]
        raise NothingImported(refusals, [outcome_dict(o) for o in outcomes])
    return outcomes


def import_one(
    uow: UnitOfWork, company_id: int, received: ReceivedFile, create_supplier: bool
) -> ImportOutcome:
    """One file: the draft bill it became, or the refusal, never an exception."""
    try:
        with uow:
            outcome = import_in(uow.session, company_id, received, create_supplier)
            uow.commit()
            return outcome
    except AsientoError as exc:
        return ImportOutcome(received.name, refusal=refusal_of(exc))
    except IntegrityError:
        # a simultaneous import of the same document won the unique (company, supplier, number)
        return _duplicate_after_race(uow, company_id, received, create_supplier)


def _duplicate_after_race(
    uow: UnitOfWork, company_id: int, received: ReceivedFile, create_supplier: bool
) -> ImportOutcome:
    try:
        with uow:
            import_in(uow.session, company_id, received, create_supplier)
    except AsientoError as exc:
        return ImportOutcome(received.name, refusal=refusal_of(exc))
    raise RuntimeError("unique violation without a duplicate")  # pragma: no cover


def import_in(
    session: Session, company_id: int, received: ReceivedFile, create_supplier: bool
) -> ImportOutcome:
    """Read, check and draft one file inside the caller's transaction."""
    company = company_of(session, company_id)
    found = _Found(_read(received))
    doc = found.read.document
    try:
        require_currency(session, company_id, doc.currency)
    except EInvoiceRefused as exc:
        raise exc.named(received.name) from None
    check_buyer(
        company, doc, settings_in(session, company_id).einvoice_strict_buyer, found.warnings
    )
    partner = require_supplier(session, company_id, doc.seller, create_supplier, found.warnings)
    lock_scoped(session, Partner, company_id, partner.id, "partner")
    _refuse_duplicate(session, company_id, partner, doc)
    invoice = _draft(session, company, partner, doc, found.warnings)
    differences = _differences(session, company, invoice, doc)
    row = _store(session, company_id, invoice, partner, received, found, differences)
    return outcome_of(row, invoice, partner.name)


def _read(received: ReceivedFile) -> ReadEInvoice:
    if len(received.content) > MAX_FILE_BYTES:
        raise EInvoiceRefused(
            "malformed", f"larger than {MAX_FILE_BYTES} bytes", file_name=received.name
        )
    return read_einvoice(received.content, received.name)


def _refuse_duplicate(session: Session, company_id: int, partner: Partner, doc: EInvoice) -> None:
    """The same supplier's document number imported or typed before -> ``DuplicateBill``."""
    earlier = session.scalar(
        select(BillImport.invoice_id).where(
            BillImport.company_id == company_id,
            BillImport.partner_id == partner.id,
            BillImport.document_number == doc.number,
        )
    )
    if earlier is None:
        earlier = session.scalar(
            select(Invoice.id)
            .where(
                Invoice.company_id == company_id,
                Invoice.partner_id == partner.id,
                Invoice.kind.in_(("vendor_bill", "vendor_credit_note")),
                Invoice.ref == doc.number,
                Invoice.state != "cancelled",
            )
            .order_by(Invoice.id)
            .limit(1)
        )
    if earlier is None:
        return
    bill = session.get(Invoice, earlier)
    name = (bill.number if bill is not None and bill.number else None) or f"draft bill {earlier}"
    raise DuplicateBill(
        f"{partner.name}'s document {doc.number} was imported before: {name}", bill_id=earlier
    )


def _draft(
    session: Session,
    company: Company,
    partner: Partner,
    doc: EInvoice,
    warnings: list[dict[str, str]],
) -> Invoice:
    payment = doc.payment
    reference = payment.remittance_information if payment is not None else None
    data = InvoiceInput(
        kind="vendor_credit_note" if doc.kind == "credit_note" else "vendor_bill",
        partner_id=partner.id,
        lines=bill_lines(session, company.id, doc, warnings),
        invoice_date=doc.issue_date,
        currency=doc.currency.upper(),
        manual_due_date=doc.due_date,
        ref=doc.number[:200],
        narration="\n".join(doc.notes),
        payment_reference=reference[:64] if reference else None,
    )
    invoice = create_invoice_in(session, company, data)
    if invoice.kind != "vendor_bill":
        return invoice  # a vendor credit note is not matched against an order
    order = find_order(session, company.id, partner.id, doc.order_reference)
    if order is not None:
        invoice.purchase_order_id = order.id
        refresh_should_be_paid_in(session, company, invoice)
    elif doc.order_reference:
        warnings.append(
            {
                "term": "BT-13",
                "message": f"purchase order {doc.order_reference} "
                "not found for this supplier; the bill is not linked to an order",
            }
        )
    return invoice


def _differences(
    session: Session, company: Company, invoice: Invoice, doc: EInvoice
) -> list[Difference]:
    totals = refresh_totals(session, company, invoice)
    lines = invoice_lines(session, invoice.id)
    ids = [t for ts in line_tax_ids(session, [ln.id for ln in lines]).values() for t in ts]
    found = check_document(doc, exponent(doc.currency.upper()))
    return found + draft_differences(doc, totals, tax_categories(session, ids))


def _store(
    session: Session,
    company_id: int,
    invoice: Invoice,
    partner: Partner,
    received: ReceivedFile,
    found: _Found,
    differences: Sequence[Difference],
) -> BillImport:
    read, doc = found.read, found.read.document
    payment = doc.payment
    row = BillImport(
        company_id=company_id,
        invoice_id=invoice.id,
        partner_id=partner.id,
        document_number=doc.number[:200],
        file_name=(received.name or "e-invoice")[:255],
        media_type=read.media_type,
        sha256=hashlib.sha256(received.content).hexdigest(),
        content=received.content,
        syntax=read.syntax,
        specification_id=(doc.specification_id or "")[:200] or None,
        iban=payment.iban if payment else None,
        bic=(payment.bic or "")[:11] or None if payment else None,
        payment_reference=payment.remittance_information if payment else None,
        differences=json.dumps([difference_row(d) for d in differences]),
        warnings=json.dumps(found.warnings),
    )
    session.add(row)
    session.flush()
    return row


def outcome_of(row: BillImport, invoice: Invoice, partner_name: str) -> ImportOutcome:
    return ImportOutcome(
        file_name=row.file_name,
        bill_id=invoice.id,
        kind=invoice.kind,
        document_number=row.document_number,
        partner_id=row.partner_id,
        partner_name=partner_name,
        differences=tuple(json.loads(row.differences)),
        warnings=tuple(json.loads(row.warnings)),
    )


def outcome_dict(outcome: ImportOutcome) -> dict[str, Any]:
    return asdict(outcome)
