"""Payments and reconciliations.

A payment is a document posting one entry: bank (or cash) journal's
outstanding receipts/payments account against the partner's receivable or
payable account. A ``PartialReconciliation`` matches one debit item with one credit
item for an amount; the items' ``amount_residual`` columns are kept equal to
their balance minus what their partial reconciliations matched. A
``FullReconciliation`` groups partials whose items net to zero.

``max_date`` (the later date of the two items) is when the match takes effect
for reports "as of" a date: an aged balance before it still shows both open.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, company_fk, created_at_column


class Payment(CompanyScoped, Base):
    """Inbound (customer pays) or outbound (we pay a vendor) payment.

    ``state``: draft -> posted -> cancelled. ``is_matched`` becomes true when
    a bank statement line is reconciled with it (invoices then leave
    ``in_payment`` for ``paid``).
    """

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_company_partner", "company_id", "partner_id"),
        Index("ix_payments_entry_id", "entry_id"),
        Index("ix_payments_company_amount", "company_id", "amount"),
        company_fk("partner_id", "partners"),
        company_fk("journal_id", "journals"),
        company_fk("outstanding_account_id", "accounts"),
        company_fk("destination_account_id", "accounts"),
        company_fk("entry_id", "journal_entries"),
    )

    payment_type: Mapped[str] = mapped_column(String(10))
    partner_type: Mapped[str] = mapped_column(String(10), default="customer")
    state: Mapped[str] = mapped_column(String(10), default="draft")
    partner_id: Mapped[int | None] = mapped_column(IdType)
    journal_id: Mapped[int] = mapped_column(IdType)
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    communication: Mapped[str] = mapped_column(String(200), default="")
    outstanding_account_id: Mapped[int | None] = mapped_column(IdType)
    destination_account_id: Mapped[int | None] = mapped_column(IdType)
    entry_id: Mapped[int | None] = mapped_column(IdType)
    is_matched: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = created_at_column()


class FullReconciliation(CompanyScoped, Base):
    __tablename__ = "full_reconciliations"
    __table_args__ = (company_fk("exchange_entry_id", "journal_entries"),)

    exchange_entry_id: Mapped[int | None] = mapped_column(IdType)
    created_at: Mapped[dt.datetime] = created_at_column()


class PartialReconciliation(CompanyScoped, Base):
    """``amount`` in company currency; ``*_amount_currency`` in each item's currency."""

    __tablename__ = "partial_reconciliations"
    __table_args__ = (
        Index("ix_partial_reconciliations_company_date", "company_id", "max_date"),
        Index("ix_partial_reconciliations_full", "company_id", "full_reconciliation_id"),
        company_fk("debit_item_id", "journal_items"),
        company_fk("credit_item_id", "journal_items"),
        company_fk("full_reconciliation_id", "full_reconciliations"),
        company_fk("exchange_entry_id", "journal_entries"),
    )

    debit_item_id: Mapped[int] = mapped_column(IdType, index=True)
    credit_item_id: Mapped[int] = mapped_column(IdType, index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    debit_amount_currency: Mapped[int] = mapped_column(BigInteger)
    credit_amount_currency: Mapped[int] = mapped_column(BigInteger)
    max_date: Mapped[dt.date] = mapped_column(Date)
    full_reconciliation_id: Mapped[int | None] = mapped_column(IdType)
    exchange_entry_id: Mapped[int | None] = mapped_column(IdType)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


__all__ = ["FullReconciliation", "PartialReconciliation", "Payment"]
