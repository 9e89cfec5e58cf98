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
    Date,
    Index,
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
        company_fk("partner_id", "partners"),
    )

    wait_for_payment: Mapped[bool] = mapped_column(Boolean, default=False)


class SaleOrderLine(OrderLineColumns, CompanyScoped, Base):
    __tablename__ = "sale_order_lines"
    __table_args__ = (
        company_fk("order_id", "sale_orders", ondelete="CASCADE"),
        company_fk("product_id", "products"),
    )

    order_id: Mapped[int] = mapped_column(IdType, index=True)


sale_line_taxes = tax_links("sale_line_taxes", "line_id", "sale_order_lines")


class Delivery(CompanyScoped, Base):
    __tablename__ = "deliveries"
    __table_args__ = (company_fk("order_id", "sale_orders"),)

    order_id: Mapped[int] = mapped_column(IdType, index=True)
    kind: Mapped[str] = mapped_column(String(10), default="delivery")
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class DeliveryLine(CompanyScoped, Base):
    __tablename__ = "delivery_lines"
    __table_args__ = (
        company_fk("delivery_id", "deliveries", ondelete="CASCADE"),
        company_fk("order_line_id", "sale_order_lines"),
    )

    delivery_id: Mapped[int] = mapped_column(IdType, index=True)
    order_line_id: Mapped[int] = mapped_column(IdType, index=True)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)


__all__ = ["Delivery", "DeliveryLine", "SaleOrder", "SaleOrderLine", "sale_line_taxes"]
