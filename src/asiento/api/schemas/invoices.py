"""Invoices, credit notes and vendor bills: requests and read models.

References are ids or human keys: ``partner`` an id or name, ``journal`` an id
or code, a line's ``product`` an id or code, ``account`` an id or code and
``taxes`` ids or names. Amounts, quantities and prices are decimal strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from asiento.api.schemas.common import Amount, Public
from asiento.services.invoicing.invoice_inputs import (
    CreditLineInput,
    CreditNoteInput,
    InvoiceInput,
    InvoiceLineInput,
)
from asiento.services.invoicing.invoice_refs import LineRefs, ResolvedRefs

ONE = Decimal(1)
ZERO = Decimal(0)


class InvoiceLineIn(BaseModel):
    """One line; what is left out comes from the product."""

    model_config = ConfigDict(extra="forbid")
    product: int | str | None = None
    description: str | None = None
    quantity: Amount = ONE
    price_unit: Amount | None = None
    discount: Amount = ZERO
    account: int | str | None = None
    taxes: list[int | str] | None = None
    origin_line_id: int | None = None

    def refs(self) -> LineRefs:
        taxes = None if self.taxes is None else tuple(self.taxes)
        return LineRefs(self.product, self.account, taxes)


class InvoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    move_type: str = "out_invoice"
    partner: int | str
    lines: list[InvoiceLineIn]
    invoice_date: dt.date | None = None
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    journal: int | str | None = None
    payment_term_id: int | None = None
    manual_due_date: dt.date | None = None
    ref: str = ""
    narration: str = ""
    payment_reference: str | None = None

    def refs(self) -> list[LineRefs]:
        return [line.refs() for line in self.lines]

    def command(self, ids: ResolvedRefs) -> InvoiceInput:
        """The use-case input, with references replaced by ``ids``."""
        lines = tuple(
            InvoiceLineInput(
                product_id=r.product_id,
                description=line.description,
                quantity=line.quantity,
                price_unit=line.price_unit,
                discount=line.discount,
                account_id=r.account_id,
                tax_ids=r.tax_ids,
                origin_line_id=line.origin_line_id,
            )
            for line, r in zip(self.lines, ids.lines, strict=True)
        )
        return InvoiceInput(
            move_type=self.move_type,
            partner_id=ids.partner_id,
            lines=lines,
            invoice_date=self.invoice_date,
            currency=self.currency,
            journal_id=ids.journal_id,
            payment_term_id=self.payment_term_id,
            manual_due_date=self.manual_due_date,
            ref=self.ref,
            narration=self.narration,
            payment_reference=self.payment_reference,
        )


class InvoicePatch(BaseModel):
    """Fields left out keep their value; ``lines`` replaces every line."""

    model_config = ConfigDict(extra="forbid")
    move_type: str | None = None
    partner: int | str | None = None
    lines: list[InvoiceLineIn] | None = None
    invoice_date: dt.date | None = None
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    journal: int | str | None = None
    payment_term_id: int | None = None
    manual_due_date: dt.date | None = None
    ref: str | None = None
    narration: str | None = None
    payment_reference: str | None = None


class CreditLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line_id: int
    quantity: Amount | None = None


class CreditNoteIn(BaseModel):
    """No ``lines``: credit everything not credited yet.

    ``refund``: a full refund: the credit note of everything is posted at once
    and reconciled with the invoice (no ``lines`` then).
    """

    model_config = ConfigDict(extra="forbid")
    lines: list[CreditLineIn] = []
    refund: bool = False
    reason: str = ""
    date: dt.date | None = None

    def command(self) -> CreditNoteInput:
        lines = tuple(CreditLineInput(line.line_id, line.quantity) for line in self.lines)
        return CreditNoteInput(lines, self.reason, self.date)


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date | None = None
    reason: str = ""


class InvoiceLinePublic(Public):
    id: int
    sequence: int
    product_id: int | None
    description: str
    quantity: Amount
    price_unit: Amount
    discount: Amount
    account_id: int
    tax_ids: list[int]
    price_subtotal: Amount
    origin_line_id: int | None


class TaxTotalPublic(Public):
    tax_id: int
    name: str
    group: str
    base: Amount
    amount: Amount


class InstallmentPublic(Public):
    due_date: dt.date | None
    amount: Amount
    residual: Amount
    discount_date: dt.date | None
    discounted_amount: Amount | None


class InvoiceSummaryPublic(Public):
    id: int
    move_type: str
    state: str
    payment_state: str
    number: str | None
    partner_id: int
    partner_name: str
    journal_id: int
    invoice_date: dt.date | None
    due_date: dt.date | None
    currency: str
    rate: Amount | None
    amount_untaxed: Amount
    amount_tax: Amount
    amount_total: Amount
    amount_total_company: Amount
    amount_residual: Amount
    origin_invoice_id: int | None
    entry_id: int | None
    reversal_entry_id: int | None


class InvoicePublic(InvoiceSummaryPublic):
    payment_term_id: int | None
    manual_due_date: dt.date | None
    partner_account_id: int | None
    invoice_address: str
    ref: str
    narration: str
    payment_reference: str | None
    amount_untaxed_company: Amount
    amount_tax_company: Amount
    posted_at: dt.datetime | None
    lines: list[InvoiceLinePublic]
    taxes: list[TaxTotalPublic]
    installments: list[InstallmentPublic]
    structured_reference: str | None = Field(
        default=None, description="RF (ISO 11649) or Swiss QR reference, given at posting"
    )
    is_sent: bool = False
    sent_at: dt.datetime | None = None
    sent_to: str | None = Field(default=None, description='"" when marked as sent by hand')
    send_error: str | None = Field(default=None, description="why the last delivery failed")
    send_failed_at: dt.datetime | None = None
