"""What the bill page and the API show of an imported bill: its differences, warnings and file.

Read-only. Everything is looked up in the caller's company: another company's bill is
``NotFound``, exactly as if it did not exist.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from asiento.domain.errors import NotFound
from asiento.store.tables import BillImport
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class BillImportView:
    """The import behind a bill: file, payee account and reference, differences, warnings."""

    invoice_id: int
    file_name: str
    media_type: str
    sha256: str
    size: int
    syntax: str
    specification_id: str | None
    document_number: str
    iban: str | None
    bic: str | None
    payment_reference: str | None
    differences: tuple[dict[str, str], ...]
    warnings: tuple[dict[str, str], ...]


@dataclass(frozen=True, slots=True)
class OriginalFile:
    name: str
    media_type: str
    content: bytes


def _row(session: Session, company_id: int, invoice_id: int, content: bool = False) -> BillImport:
    stmt = select(BillImport).where(
        BillImport.company_id == company_id, BillImport.invoice_id == invoice_id
    )
    if content:
        stmt = stmt.options(undefer(BillImport.content))
    row = session.scalars(stmt).first()
    if row is None:
        raise NotFound("imported e-invoice of bill", invoice_id)
    return row


def view_of(row: BillImport, size: int) -> BillImportView:
    return BillImportView(
        invoice_id=row.invoice_id,
        file_name=row.file_name,
        media_type=row.media_type,
        sha256=row.sha256,
        size=size,
        syntax=row.syntax,
        specification_id=row.specification_id,
        document_number=row.document_number,
        iban=row.iban,
        bic=row.bic,
        payment_reference=row.payment_reference,
        differences=tuple(json.loads(row.differences)),
        warnings=tuple(json.loads(row.warnings)),
    )


def bill_import(uow: UnitOfWork, company_id: int, invoice_id: int) -> BillImportView | None:
    """The import of bill ``invoice_id``, or ``None`` for a bill typed by hand (or elsewhere)."""
    with uow:
        try:
            row = _row(uow.session, company_id, invoice_id, content=True)
        except NotFound:
            return None
        return view_of(row, len(row.content))


def original_file(uow: UnitOfWork, company_id: int, invoice_id: int) -> OriginalFile:
    """The file bill ``invoice_id`` was imported from, byte for byte; ``NotFound`` otherwise."""
    with uow:
        row = _row(uow.session, company_id, invoice_id, content=True)
        return OriginalFile(row.file_name, row.media_type, row.content)
