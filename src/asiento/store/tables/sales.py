"""Sales orders and deliveries.

A delivery line stores a *signed* movement: positive for goods out, negative for a
return, so the delivered quantity of an order line is the plain sum of its
movements. Invoiced quantities are read from the invoice lines that point at the
order line (``sale_line_id``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, created_at_column
from asiento.store.tables.orders import OrderColumns, OrderLineColumns
from asiento.store.types import ExactDecimal


class SaleOrder(OrderColumns, CompanyScoped, Base):
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


class SaleOrderLine(OrderLineColumns, CompanyScoped, Base):
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


__all__ = ["Delivery", "DeliveryLine", "SaleOrder", "SaleOrderLine", "sale_line_taxes"]
