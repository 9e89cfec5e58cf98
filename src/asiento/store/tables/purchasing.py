"""Purchase orders, receipts, bill control settings and the Should Be Paid history.

Quantities are exact Decimals. A receipt line stores a *signed* movement: positive
for goods in, negative for a return, so the received quantity of an order line is
the plain sum of its movements. Billed quantities are not stored here: they are read
from the invoice lines that point at the order line (``purchase_line_id``), so they
can never drift from the bills.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    Index,
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
from asiento.store.tables.orders import OrderColumns, OrderLineColumns
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


class PurchaseOrder(OrderColumns, CompanyScoped, Base):
    __tablename__ = "purchase_orders"
    __table_args__ = (
        UniqueConstraint("company_id", "name"),
        Index("ix_purchase_orders_company_state", "company_id", "state"),
        company_fk("partner_id", "partners"),
    )


class PurchaseOrderLine(OrderLineColumns, CompanyScoped, Base):
    __tablename__ = "purchase_order_lines"
    __table_args__ = (
        company_fk("order_id", "purchase_orders", ondelete="CASCADE"),
        company_fk("product_id", "products"),
    )

    order_id: Mapped[int] = mapped_column(IdType, index=True)


purchase_line_taxes = tax_links("purchase_line_taxes", "line_id", "purchase_order_lines")


class Receipt(CompanyScoped, Base):
    """Goods received on a purchase order (``kind`` receipt) or sent back (``return``)."""

    __tablename__ = "receipts"
    __table_args__ = (company_fk("order_id", "purchase_orders"),)

    order_id: Mapped[int] = mapped_column(IdType, index=True)
    kind: Mapped[str] = mapped_column(String(10), default="receipt")
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class ReceiptLine(CompanyScoped, Base):
    __tablename__ = "receipt_lines"
    __table_args__ = (
        company_fk("receipt_id", "receipts", ondelete="CASCADE"),
        company_fk("order_line_id", "purchase_order_lines"),
    )

    receipt_id: Mapped[int] = mapped_column(IdType, index=True)
    order_line_id: Mapped[int] = mapped_column(IdType, index=True)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)


class ShouldBePaidChange(CompanyScoped, Base):
    """History of a vendor bill's Should Be Paid: who, when, from what to what, and why."""

    __tablename__ = "should_be_paid_changes"
    __table_args__ = (company_fk("invoice_id", "invoices", ondelete="CASCADE"),)

    invoice_id: Mapped[int] = mapped_column(IdType, index=True)
    old_value: Mapped[str | None] = mapped_column(String(10))
    new_value: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_by: Mapped[str] = mapped_column(String(100), default="system")
    changed_at: Mapped[dt.datetime] = created_at_column()


__all__ = [
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseSettings",
    "Receipt",
    "ReceiptLine",
    "ShouldBePaidChange",
    "purchase_line_taxes",
]
