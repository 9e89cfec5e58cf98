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
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import (
    Base,
    CompanyScoped,
    IdType,
    company_fk,
    created_at_column,
    tax_links,
)
from asiento.store.types import ExactDecimal


class JournalEntry(CompanyScoped, Base):
    __tablename__ = "journal_entries"
    __table_args__ = (
        UniqueConstraint("company_id", "journal_id", "number"),
        UniqueConstraint("company_id", "journal_id", "chain_index"),
        UniqueConstraint("company_id", "reversal_of_id"),
        Index("ix_journal_entries_company_date", "company_id", "date"),
        Index("ix_journal_entries_company_number", "company_id", "number"),
        Index("ix_journal_entries_payment", "company_id", "payment_id"),
        company_fk("journal_id", "journals"),
        company_fk("fiscal_year_id", "fiscal_years"),
        company_fk("reversal_of_id", "journal_entries"),
    )

    journal_id: Mapped[int] = mapped_column(IdType)
    fiscal_year_id: Mapped[int | None] = mapped_column(IdType)
    number: Mapped[str | None] = mapped_column(String(64))
    sequence_number: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    ref: Mapped[str] = mapped_column(String(200), default="")
    narration: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="draft")
    origin_kind: Mapped[str | None] = mapped_column(String(32))
    origin_id: Mapped[int | None] = mapped_column(IdType)
    reversal_of_id: Mapped[int | None] = mapped_column(IdType)
    reversal_reason: Mapped[str | None] = mapped_column(String(200))
    payment_id: Mapped[int | None] = mapped_column(IdType)
    """The payment that took this early-payment discount (origin ``cash_discount``)."""
    chain_index: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    posted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()


journal_item_taxes = tax_links("journal_item_taxes", "item_id", "journal_items")


class JournalItem(CompanyScoped, Base):
    __tablename__ = "journal_items"
    __table_args__ = (
        Index("ix_journal_items_account_date", "company_id", "account_id", "date"),
        Index("ix_journal_items_partner", "company_id", "partner_id", "account_id"),
        Index("ix_journal_items_journal_date", "company_id", "journal_id", "date"),
        Index("ix_journal_items_open", "company_id", "account_id", "partner_id"),
        # an entry's items: every read names its company (``store.tenancy``), so the key leads
        # with it; an index on ``entry_id`` alone let PostgreSQL, planning without statistics,
        # AND it with a company index and read every item of the company (issue 23)
        Index("ix_journal_items_entry", "company_id", "entry_id"),
        company_fk("entry_id", "journal_entries", ondelete="CASCADE"),
        company_fk("journal_id", "journals"),
        company_fk("account_id", "accounts"),
        company_fk("partner_id", "partners"),
        company_fk("tax_id", "taxes"),
        company_fk("full_reconciliation_id", "full_reconciliations"),
    )

    entry_id: Mapped[int] = mapped_column(IdType)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    journal_id: Mapped[int] = mapped_column(IdType)
    date: Mapped[dt.date] = mapped_column(Date)
    parent_state: Mapped[str] = mapped_column(String(10), default="draft")
    account_id: Mapped[int] = mapped_column(IdType)
    partner_id: Mapped[int | None] = mapped_column(IdType)
    label: Mapped[str] = mapped_column(String(200), default="")
    debit: Mapped[int] = mapped_column(BigInteger, default=0)
    credit: Mapped[int] = mapped_column(BigInteger, default=0)
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    amount_currency: Mapped[int] = mapped_column(BigInteger, default=0)
    rate: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    tax_id: Mapped[int | None] = mapped_column(IdType)
    amount_residual: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_residual_currency: Mapped[int] = mapped_column(BigInteger, default=0)
    reconciled: Mapped[bool] = mapped_column(Boolean, default=False)
    full_reconciliation_id: Mapped[int | None] = mapped_column(IdType)
    """Not indexed, so that closing an item can update it in place on PostgreSQL (heap-only);
    only dissolving a full reconciliation looks items up by it (migration ``0003``)."""
    discount_date: Mapped[dt.date | None] = mapped_column(Date)
    discount_amount_currency: Mapped[int | None] = mapped_column(BigInteger)


__all__ = ["JournalEntry", "JournalItem", "journal_item_taxes"]
