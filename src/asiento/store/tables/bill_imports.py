"""Vendor bills imported from received e-invoices, with the original file.

One row per imported file that became a draft bill (or vendor credit note): the file exactly
as received (bytes, name, media type, SHA-256), what the importer found (syntax, seller,
document number) and what a person must see before posting it (differences between the draft
and the document's own totals, warnings such as a buyer that is not this company), plus the
supplier's account and payment reference as the document gives them, for paying it.

Invariants:
    - ``(company_id, partner_id, document_number)`` is unique: the same supplier's document is
      imported once, even by two requests at the same moment (the loser gets the duplicate);
    - ``invoice_id`` is unique: a bill has at most one original file;
    - ``differences`` and ``warnings`` are JSON lists written once by the import.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, company_fk, created_at_column


class BillImport(CompanyScoped, Base):
    __tablename__ = "bill_imports"
    __table_args__ = (
        UniqueConstraint("company_id", "partner_id", "document_number"),
        UniqueConstraint("company_id", "invoice_id"),
        company_fk("invoice_id", "invoices", ondelete="CASCADE"),
        company_fk("partner_id", "partners"),
    )

    invoice_id: Mapped[int] = mapped_column(IdType)
    partner_id: Mapped[int] = mapped_column(IdType)
    document_number: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    syntax: Mapped[str] = mapped_column(String(10))
    specification_id: Mapped[str | None] = mapped_column(String(200))
    iban: Mapped[str | None] = mapped_column(String(64))
    bic: Mapped[str | None] = mapped_column(String(11))
    payment_reference: Mapped[str | None] = mapped_column(String(200))
    differences: Mapped[str] = mapped_column(Text, default="[]")
    warnings: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[dt.datetime] = created_at_column()


__all__ = ["BillImport"]
