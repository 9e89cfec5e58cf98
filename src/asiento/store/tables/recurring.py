"""Recurring invoices: templates, their lines, and the occurrences they produced.

A template holds what every invoice of a subscription repeats (partner, lines,
term, currency, journal) and its schedule (``domain.recurrence``). A line's
``None`` means "from the product" as on an invoice input; ``tax_ids`` is
``None`` (the product's taxes), ``""`` (no tax) or ids joined by commas.

``recurring_occurrences`` is the ledger of what was produced: one row per
(template, period), UNIQUE, written in the transaction that creates the
invoice. A run that finds the row skips the period, so a period is billed
exactly once however many runs overlap. ``invoice_id`` is set to NULL when a
produced draft is deleted: the period stays billed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, company_fk, created_at_column
from asiento.store.types import ExactDecimal


class RecurringInvoice(CompanyScoped, Base):
    """A recurring invoice template; ``state`` is ``active`` or ``archived``."""

    __tablename__ = "recurring_invoices"
    __table_args__ = (
        UniqueConstraint("company_id", "name"),
        company_fk("partner_id", "partners"),
        company_fk("journal_id", "journals"),
        company_fk("payment_term_id", "payment_terms"),
    )

    name: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(10), default="active")
    partner_id: Mapped[int] = mapped_column(IdType)
    journal_id: Mapped[int | None] = mapped_column(IdType)
    payment_term_id: Mapped[int | None] = mapped_column(IdType)
    currency: Mapped[str | None] = mapped_column(String(3))
    ref: Mapped[str] = mapped_column(String(200), default="")
    narration: Mapped[str] = mapped_column(Text, default="")
    frequency: Mapped[str] = mapped_column(String(10))
    day: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    post: Mapped[bool] = mapped_column(Boolean, default=False)
    send: Mapped[bool] = mapped_column(Boolean, default=False)
    # the total of the invoice the template produces, in minor units of ``total_currency``
    # (its currency, or the company's): written when the template is saved and at each
    # run, from the invoice drafted then; a product price change shows at the next one
    amount_total: Mapped[int | None] = mapped_column(BigInteger)
    total_currency: Mapped[str | None] = mapped_column(String(3))
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class RecurringInvoiceLine(CompanyScoped, Base):
    """One line of a template, as an invoice line input (``None``: from the product)."""

    __tablename__ = "recurring_invoice_lines"
    __table_args__ = (
        company_fk("template_id", "recurring_invoices", ondelete="CASCADE"),
        company_fk("product_id", "products"),
        company_fk("account_id", "accounts"),
    )

    template_id: Mapped[int] = mapped_column(IdType, index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    product_id: Mapped[int | None] = mapped_column(IdType)
    description: Mapped[str | None] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)
    price_unit: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    discount: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    account_id: Mapped[int | None] = mapped_column(IdType)
    tax_ids: Mapped[str | None] = mapped_column(String(500))


class RecurringOccurrence(CompanyScoped, Base):
    """One period a template billed: at most one per (template, period)."""

    __tablename__ = "recurring_occurrences"
    __table_args__ = (
        UniqueConstraint("company_id", "template_id", "period"),
        company_fk("template_id", "recurring_invoices"),
        company_fk("invoice_id", "invoices"),
    )

    template_id: Mapped[int] = mapped_column(IdType, index=True)
    period: Mapped[dt.date] = mapped_column(Date)
    invoice_date: Mapped[dt.date] = mapped_column(Date)
    invoice_id: Mapped[int | None] = mapped_column(IdType, index=True)
    created_at: Mapped[dt.datetime] = created_at_column()


__all__ = ["RecurringInvoice", "RecurringInvoiceLine", "RecurringOccurrence"]
