"""Invoices, credit notes and vendor bills; payment terms.

An invoice is a document: its lines and totals are what was printed. Once
posted it points at its journal entry (``entry_id``), and from then on every
accounting figure comes from that entry's items, never from these columns.
``payment_state`` is a cache refreshed by reconciliation, never set by hand.

Totals are integers of the minor unit: ``amount_*`` in the document currency,
``amount_*_company`` in the company currency (rate of the invoice date).
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
    false,
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


class PaymentTerm(CompanyScoped, Base):
    """A named payment term; ``definition`` is the JSON of ``PaymentTerm.to_dict()``."""

    __tablename__ = "payment_terms"
    __table_args__ = (
        UniqueConstraint("company_id", "name"),
        company_fk("discount_granted_account_id", "accounts"),
        company_fk("discount_received_account_id", "accounts"),
    )

    name: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    definition: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # override the company's cash discount accounts for this term
    discount_granted_account_id: Mapped[int | None] = mapped_column(IdType)
    discount_received_account_id: Mapped[int | None] = mapped_column(IdType)
    created_at: Mapped[dt.datetime] = created_at_column()


class Invoice(CompanyScoped, Base):
    """Customer invoice / credit note, vendor bill / credit note (``kind``).

    ``state``: draft -> proforma -> posted -> cancelled. ``number`` and
    ``entry_id`` are set at posting only. ``origin_invoice_id`` links a credit
    note to the invoice it refunds.
    """

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("company_id", "journal_id", "number"),
        UniqueConstraint("company_id", "structured_reference"),
        Index("ix_invoices_company_type_state", "company_id", "kind", "state"),
        Index("ix_invoices_company_partner", "company_id", "partner_id"),
        Index("ix_invoices_entry_id", "entry_id"),
        Index("ix_invoices_company_number", "company_id", "number"),
        Index("ix_invoices_company_amount", "company_id", "amount_total"),
        company_fk("partner_id", "partners"),
        company_fk("journal_id", "journals"),
        company_fk("payment_term_id", "payment_terms"),
        company_fk("partner_account_id", "accounts"),
        company_fk("origin_invoice_id", "invoices"),
        company_fk("entry_id", "journal_entries"),
        company_fk("reversal_entry_id", "journal_entries"),
        company_fk("purchase_order_id", "purchase_orders"),
        company_fk("sale_order_id", "sale_orders"),
    )

    kind: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(16), default="draft")
    payment_state: Mapped[str] = mapped_column(String(16), default="not_paid")
    partner_id: Mapped[int] = mapped_column(IdType)
    journal_id: Mapped[int] = mapped_column(IdType)
    number: Mapped[str | None] = mapped_column(String(64))
    invoice_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    manual_due_date: Mapped[dt.date | None] = mapped_column(Date)
    payment_term_id: Mapped[int | None] = mapped_column(IdType)
    currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    partner_account_id: Mapped[int | None] = mapped_column(IdType)
    invoice_address: Mapped[str] = mapped_column(Text, default="")
    ref: Mapped[str] = mapped_column(String(200), default="")
    payment_reference: Mapped[str | None] = mapped_column(String(64))
    narration: Mapped[str] = mapped_column(Text, default="")
    origin_invoice_id: Mapped[int | None] = mapped_column(IdType)
    entry_id: Mapped[int | None] = mapped_column(IdType)
    reversal_entry_id: Mapped[int | None] = mapped_column(IdType)
    amount_untaxed: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_tax: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_total: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_untaxed_company: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_tax_company: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_total_company: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_residual: Mapped[int] = mapped_column(BigInteger, default=0)
    # RF (ISO 11649) or Swiss QR reference, given at posting to customer invoices
    # (services.invoicing.payment_reference); unique in the company
    structured_reference: Mapped[str | None] = mapped_column(String(35))
    is_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # the address it was sent to ("" when marked as sent by hand), and the last
    # failed delivery (reason, when), cleared when a later delivery succeeds
    sent_to: Mapped[str | None] = mapped_column(String(254))
    send_error: Mapped[str | None] = mapped_column(Text)
    send_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    posted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # purchasing: 3-way matching verdict on vendor bills, and the order a document came from
    should_be_paid: Mapped[str | None] = mapped_column(String(10))
    should_be_paid_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    should_be_paid_manual: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    purchase_order_id: Mapped[int | None] = mapped_column(IdType)
    sale_order_id: Mapped[int | None] = mapped_column(IdType)


invoice_line_taxes = tax_links("invoice_line_taxes", "line_id", "invoice_lines")


class InvoiceLine(CompanyScoped, Base):
    """One printed line. ``price_subtotal`` is the printed untaxed amount (minor units)."""

    __tablename__ = "invoice_lines"
    __table_args__ = (
        company_fk("invoice_id", "invoices", ondelete="CASCADE"),
        company_fk("product_id", "products"),
        company_fk("account_id", "accounts"),
        company_fk("purchase_line_id", "purchase_order_lines"),
        company_fk("sale_line_id", "sale_order_lines"),
        company_fk("origin_line_id", "invoice_lines"),
    )

    invoice_id: Mapped[int] = mapped_column(IdType, index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    product_id: Mapped[int | None] = mapped_column(IdType)
    description: Mapped[str] = mapped_column(String(500), default="")
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)
    price_unit: Mapped[Decimal] = mapped_column(ExactDecimal)
    discount: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    account_id: Mapped[int] = mapped_column(IdType)
    price_subtotal: Mapped[int] = mapped_column(BigInteger, default=0)
    purchase_line_id: Mapped[int | None] = mapped_column(IdType)
    sale_line_id: Mapped[int | None] = mapped_column(IdType)
    origin_line_id: Mapped[int | None] = mapped_column(IdType, index=True)


__all__ = ["Invoice", "InvoiceLine", "PaymentTerm", "invoice_line_taxes"]
