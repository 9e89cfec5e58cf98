"""Columns shared by purchase and sales orders and their lines.

Both sides of ordering keep the same header and line shape, so the use cases in
``services/orders`` read them through one ``OrderKind`` without caring which side
they are on.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import IdType, created_at_column
from asiento.store.types import ExactDecimal


class OrderColumns:
    """Columns shared by purchase and sales orders."""

    name: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(12), default="draft")
    partner_id: Mapped[int] = mapped_column(IdType)  # company_fk in each table
    order_date: Mapped[dt.date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    ref: Mapped[str] = mapped_column(String(200), default="")
    # minor units of ``currency``, written with the lines (``domain.order_totals``)
    amount_untaxed: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    amount_total: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()


class OrderLineColumns:
    """Columns shared by purchase and sales order lines."""

    sequence: Mapped[int] = mapped_column(Integer, default=0)
    product_id: Mapped[int] = mapped_column(IdType)  # company_fk in each table
    description: Mapped[str] = mapped_column(String(500), default="")
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)
    price_unit: Mapped[Decimal] = mapped_column(ExactDecimal)


__all__ = ["OrderColumns", "OrderLineColumns"]
