"""Purchase and sales orders, receipts, deliveries and vendor bills' Should Be Paid.

Quantities and prices travel as decimal strings like amounts: a JSON float
never reaches an order line.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from asiento.domain.commands.purchase_settings import SettingsChanges
from asiento.services.orders.orders import MovementInput, MovementView, OrderInput, OrderLineInput
from asiento.wire.common import Amount, AmountIn, NonNegativeAmount, Public
from asiento.wire.types import MAX_LINES, Day, Id, Text, Timestamp


class OrderLineIn(BaseModel):
    """One ordered product; ``price_unit`` and ``tax_ids`` default to the product's."""

    model_config = ConfigDict(extra="forbid")
    product_id: Id
    quantity: AmountIn
    price_unit: NonNegativeAmount | None = None
    description: Text = ""
    tax_ids: list[Id] | None = None

    def command(self) -> OrderLineInput:
        taxes = tuple(self.tax_ids) if self.tax_ids is not None else None
        return OrderLineInput(
            self.product_id, self.quantity, self.price_unit, self.description, taxes
        )


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    partner_id: Id
    order_date: Day
    lines: list[OrderLineIn] = Field(max_length=MAX_LINES)
    ref: Text = ""
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    wait_for_payment: bool | None = None

    def command(self) -> OrderInput:
        return OrderInput(
            self.partner_id,
            self.order_date,
            tuple(line.command() for line in self.lines),
            self.ref,
            self.currency,
            self.wait_for_payment,
        )


class OrderLinePublic(Public):
    id: int
    sequence: int
    product_id: int
    description: str
    quantity: Amount
    price_unit: Amount
    tax_ids: list[int]
    policy: str
    moved: Amount = Field(description="received (purchase) or delivered (sales), net of returns")
    billed: Amount
    to_bill: Amount
    billing_status: str


class OrderPublic(Public):
    id: int
    name: str
    state: str
    partner_id: int
    order_date: dt.date
    currency: str
    ref: str
    amount_untaxed: Amount
    amount_total: Amount = Field(description="with taxes, as the bill (invoice) of all of it")
    billing_status: str
    billing_status_label: str
    invoice_ids: list[int]
    wait_for_payment: bool
    lines: list[OrderLinePublic]


class MovementLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line_id: Id
    quantity: AmountIn


class MovementIn(BaseModel):
    """Goods in or out on an order's lines; ``kind`` "return" sends them back."""

    model_config = ConfigDict(extra="forbid")
    order_id: Id
    date: Day
    lines: list[MovementLineIn] = Field(max_length=MAX_LINES)
    kind: Text | None = None
    note: Text = ""

    def command(self, forward: str) -> MovementInput:
        lines = tuple((line.line_id, line.quantity) for line in self.lines)
        return MovementInput(self.date, lines, self.kind or forward, self.note)


class MovementLinePublic(BaseModel):
    line_id: int
    quantity: Amount


class MovementPublic(BaseModel):
    id: int
    order_id: int
    order_name: str
    kind: str
    date: dt.date
    lines: list[MovementLinePublic]

    @classmethod
    def of(cls, view: MovementView) -> MovementPublic:
        lines = [MovementLinePublic(line_id=a, quantity=q) for a, q in view.lines]
        return cls(
            id=view.id,
            order_id=view.order_id,
            order_name=view.order_name,
            kind=view.kind,
            date=view.date,
            lines=lines,
        )


class DocumentIn(BaseModel):
    """Options of a bill or invoice created from an order."""

    model_config = ConfigDict(extra="forbid")
    invoice_date: Day | None = None


class ShouldBePaidIn(BaseModel):
    """A manual verdict; ``user`` is recorded in the history with the time."""

    model_config = ConfigDict(extra="forbid")
    should_be_paid: Literal["yes", "exception", "no"]
    reason: Text
    user: Text = "api"


class BillPublic(Public):
    id: int
    number: str | None
    partner_id: int
    state: str
    payment_state: str
    invoice_date: dt.date | None
    currency: str
    amount_total: Amount
    purchase_order_id: int | None
    should_be_paid: str | None
    should_be_paid_reason: str
    should_be_paid_manual: bool


class ShouldBePaidChangePublic(Public):
    old_value: str | None
    new_value: str
    reason: str
    manual: bool
    changed_by: str
    changed_at: Timestamp


class PurchaseSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bill_policy: Literal["ordered", "received"] | None = None
    invoice_policy: Literal["ordered", "delivered"] | None = None
    three_way_matching: bool | None = None
    block_payment_on_exception: bool | None = None
    receipt_tolerance_pct: AmountIn | None = None
    wait_for_payment: bool | None = None
    einvoice_strict_buyer: bool | None = None

    def command(self) -> SettingsChanges:
        """The settings sent; ``null`` or absent leaves a setting as it is."""
        return SettingsChanges(**self.model_dump(exclude_none=True))


class PurchaseSettingsPublic(Public):
    bill_policy: str
    invoice_policy: str
    three_way_matching: bool
    block_payment_on_exception: bool
    receipt_tolerance_pct: Amount
    wait_for_payment: bool
    einvoice_strict_buyer: bool = False
