"""Purchase orders, receipts, sales orders, deliveries and their settings.

Quantities are exact Decimals. A receipt or delivery line stores a *signed*
movement: positive for goods in (or out, for deliveries), negative for a
return, so the received or delivered quantity of an order line is the plain
sum of its movements. Billed quantities are not stored here: they are read
from the invoice lines that point at the order line (``purchase_line_id``,
``sale_line_id``), so they can never drift from the bills.
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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, created_at_column
from asiento.store.types import ExactDecimal


class PurchaseSettings(CompanyScoped, Base):
    """One row per company; missing row = defaults (ordered policy, no matching)."""

    __tablename__ = "purchase_settings"
    __table_args__ = (UniqueConstraint("company_id"),)

    bill_policy: Mapped[str] = mapped_column(String(10), default="ordered")
    invoice_policy: Mapped[str] = mapped_column(String(10), default="ordered")
    three_way_matching: Mapped[bool] = mapped_column(Boolean, default=False)
    block_payment_on_exception: Mapped[bool] = mapped_column(Boolean, default=False)
    receipt_tolerance_pct: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    wait_for_payment: Mapped[bool] = mapped_column(Boolean, default=False)
    # an imported e-invoice whose buyer (BT-48 VAT number) is not this company is refused
    # instead of only flagged on the draft
    einvoice_strict_buyer: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )


class _Order:
    """Columns shared by purchase and sales orders."""

    name: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(12), default="draft")
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    order_date: Mapped[dt.date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    ref: Mapped[str] = mapped_column(String(200), default="")
    # minor units of ``currency``, written with the lines (``domain.order_totals``)
    amount_untaxed: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    amount_total: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()


class _OrderLine:
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    description: Mapped[str] = mapped_column(String(500), default="")
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)
    price_unit: Mapped[Decimal] = mapped_column(ExactDecimal)


class PurchaseOrder(_Order, CompanyScoped, Base):
    __tablename__ = "purchase_orders"
    __table_args__ = (
        UniqueConstraint("company_id", "name"),
        Index("ix_purchase_orders_company_state", "company_id", "state"),
    )


class PurchaseOrderLine(_OrderLine, CompanyScoped, Base):
    __tablename__ = "purchase_order_lines"

    order_id: Mapped[int] = mapped_column(
        ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )


purchase_line_taxes = Table(
    "purchase_line_taxes",
    Base.metadata,
    Column("line_id", ForeignKey("purchase_order_lines.id", ondelete="CASCADE"), primary_key=True),
    Column("tax_id", ForeignKey("taxes.id"), primary_key=True),
)


class Receipt(CompanyScoped, Base):
    """Goods received on a purchase order (``kind`` receipt) or sent back (``return``)."""

    __tablename__ = "receipts"

    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="receipt")
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class ReceiptLine(CompanyScoped, Base):
    __tablename__ = "receipt_lines"

    receipt_id: Mapped[int] = mapped_column(
        ForeignKey("receipts.id", ondelete="CASCADE"), index=True
    )
    order_line_id: Mapped[int] = mapped_column(ForeignKey("purchase_order_lines.id"), index=True)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)


class SaleOrder(_Order, CompanyScoped, Base):
    """``wait_for_payment``: confirming creates the invoice; delivery waits until it is paid.

    The invoices of an order are found through ``invoices.sale_order_id`` (no
    back reference here, so the two tables do not depend on each other).
    """

    __tablename__ = "sale_orders"
    __table_args__ = (
        UniqueConstraint("company_id", "name"),
        Index("ix_sale_orders_company_state", "company_id", "state"),
    )

    wait_for_payment: Mapped[bool] = mapped_column(Boolean, default=False)


class SaleOrderLine(_OrderLine, CompanyScoped, Base):
    __tablename__ = "sale_order_lines"

    order_id: Mapped[int] = mapped_column(
        ForeignKey("sale_orders.id", ondelete="CASCADE"), index=True
    )


sale_line_taxes = Table(
    "sale_line_taxes",
    Base.metadata,
    Column("line_id", ForeignKey("sale_order_lines.id", ondelete="CASCADE"), primary_key=True),
    Column("tax_id", ForeignKey("taxes.id"), primary_key=True),
)


class Delivery(CompanyScoped, Base):
    __tablename__ = "deliveries"

    order_id: Mapped[int] = mapped_column(ForeignKey("sale_orders.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="delivery")
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class DeliveryLine(CompanyScoped, Base):
    __tablename__ = "delivery_lines"

    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), index=True
    )
    order_line_id: Mapped[int] = mapped_column(ForeignKey("sale_order_lines.id"), index=True)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)


class ShouldBePaidChange(CompanyScoped, Base):
    """History of a vendor bill's Should Be Paid: who, when, from what to what, and why."""

    __tablename__ = "should_be_paid_changes"

    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    old_value: Mapped[str | None] = mapped_column(String(10))
    new_value: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_by: Mapped[str] = mapped_column(String(100), default="system")
    changed_at: Mapped[dt.datetime] = created_at_column()


__all__ = [
    "Delivery",
    "DeliveryLine",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseSettings",
    "Receipt",
    "ReceiptLine",
    "SaleOrder",
    "SaleOrderLine",
    "ShouldBePaidChange",
    "purchase_line_taxes",
    "sale_line_taxes",
]
