"""Journal entries and journal items: the ledger itself.

Items repeat their entry's ``date``, ``journal_id`` and state
(``parent_state``) so that reports aggregate items alone over an index on
(company, account, date) without joining entries. Those copies are written at
posting and never change afterwards.

Amounts are integers of the minor unit: ``debit``/``credit``/``balance`` in the
company currency, ``amount_currency`` signed in ``currency`` (the document's).
``amount_residual`` is what is still open on a reconcilable item.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, created_at_column
from asiento.store.types import ExactDecimal


class JournalEntry(CompanyScoped, Base):
    __tablename__ = "journal_entries"
    __table_args__ = (
        UniqueConstraint("company_id", "journal_id", "number"),
        UniqueConstraint("journal_id", "chain_index"),
        Index("ix_journal_entries_company_date", "company_id", "date"),
        Index("ix_journal_entries_company_number", "company_id", "number"),
        Index("ix_journal_entries_payment", "company_id", "payment_id"),
    )

    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"))
    fiscal_year_id: Mapped[int | None] = mapped_column(ForeignKey("fiscal_years.id"))
    number: Mapped[str | None] = mapped_column(String(64))
    sequence_number: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    ref: Mapped[str] = mapped_column(String(200), default="")
    narration: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="draft")
    origin_kind: Mapped[str | None] = mapped_column(String(32))
    origin_id: Mapped[int | None] = mapped_column(IdType)
    reversal_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entries.id"), unique=True
    )
    reversal_reason: Mapped[str | None] = mapped_column(String(200))
    payment_id: Mapped[int | None] = mapped_column(IdType)
    """The payment that took this early-payment discount (origin ``cash_discount``)."""
    chain_index: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    posted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()


journal_item_taxes = Table(
    "journal_item_taxes",
    Base.metadata,
    Column("item_id", ForeignKey("journal_items.id", ondelete="CASCADE"), primary_key=True),
    Column("tax_id", ForeignKey("taxes.id"), primary_key=True),
)


class JournalItem(CompanyScoped, Base):
    __tablename__ = "journal_items"
    __table_args__ = (
        Index("ix_journal_items_account_date", "company_id", "account_id", "date"),
        Index("ix_journal_items_partner", "company_id", "partner_id", "account_id"),
        Index("ix_journal_items_journal_date", "company_id", "journal_id", "date"),
        Index("ix_journal_items_open", "company_id", "account_id", "partner_id"),
    )

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("journal_entries.id", ondelete="CASCADE"), index=True
    )
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    parent_state: Mapped[str] = mapped_column(String(10), default="draft")
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    label: Mapped[str] = mapped_column(String(200), default="")
    debit: Mapped[int] = mapped_column(BigInteger, default=0)
    credit: Mapped[int] = mapped_column(BigInteger, default=0)
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    amount_currency: Mapped[int] = mapped_column(BigInteger, default=0)
    rate: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    tax_id: Mapped[int | None] = mapped_column(ForeignKey("taxes.id"))
    amount_residual: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_residual_currency: Mapped[int] = mapped_column(BigInteger, default=0)
    reconciled: Mapped[bool] = mapped_column(Boolean, default=False)
    full_reconciliation_id: Mapped[int | None] = mapped_column(
        ForeignKey("full_reconciliations.id", ondelete="SET NULL"), index=True
    )
    discount_date: Mapped[dt.date | None] = mapped_column(Date)
    discount_amount_currency: Mapped[int | None] = mapped_column(BigInteger)


__all__ = ["JournalEntry", "JournalItem", "journal_item_taxes"]
