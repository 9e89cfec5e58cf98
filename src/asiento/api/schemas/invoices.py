"""Invoices, credit notes and vendor bills: requests and read models.

References are ids or human keys: ``partner`` an id or name, ``journal`` an id
or code, a line's ``product`` an id or code, ``account`` an id or code and
``taxes`` ids or names. Amounts, quantities and prices are decimal strings.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from asiento.services.invoicing.invoice_inputs import (
    CreditLineInput,
    CreditNoteInput,
)
from asiento.wire.common import Amount, AmountIn, Patch, Public
from asiento.wire.invoices import InvoiceLineIn
from asiento.wire.types import MAX_LINES, Day, Id, Text, Timestamp


class InvoicePatch(Patch):
    """Fields left out keep their value; ``lines`` replaces every line.

    ``null`` clears an optional field (dates, term, journal and currency back to
    their defaults, no payment reference); for the others it is refused (422).
    """

    nullable: ClassVar[frozenset[str]] = frozenset(
        {
            "invoice_date",
            "currency",
            "journal",
            "payment_term_id",
            "manual_due_date",
            "payment_reference",
        }
    )
    kind: Text | None = None
    partner: Id | Text | None = None
    lines: list[InvoiceLineIn] | None = Field(default=None, max_length=MAX_LINES)
    invoice_date: Day | None = None
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    journal: Id | Text | None = None
    payment_term_id: Id | None = None
    manual_due_date: Day | None = None
    ref: Text | None = None
    narration: Text | None = None
    payment_reference: Text | None = None


class CreditLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line_id: Id
    quantity: AmountIn | None = None


class CreditNoteIn(BaseModel):
    """No ``lines``: credit everything not credited yet.

    ``refund``: a full refund: the credit note of everything is posted at once
    and reconciled with the invoice (no ``lines`` then).
    """

    model_config = ConfigDict(extra="forbid")
    lines: list[CreditLineIn] = Field(default_factory=list, max_length=MAX_LINES)
    refund: bool = False
    reason: Text = ""
    date: Day | None = None

    def command(self) -> CreditNoteInput:
        lines = tuple(CreditLineInput(line.line_id, line.quantity) for line in self.lines)
        return CreditNoteInput(lines, self.reason, self.date)


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: Day | None = None
    reason: Text = ""


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
    kind: str
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
    posted_at: Timestamp | None
    lines: list[InvoiceLinePublic]
    taxes: list[TaxTotalPublic]
    installments: list[InstallmentPublic]
    structured_reference: str | None = Field(
        default=None, description="RF (ISO 11649) or Swiss QR reference, given at posting"
    )
    is_sent: bool = False
    sent_at: Timestamp | None = None
    sent_to: str | None = Field(default=None, description='"" when marked as sent by hand')
    send_error: str | None = Field(default=None, description="why the last delivery failed")
    send_failed_at: Timestamp | None = None


class InvoiceBatchPublic(BaseModel):
    """The invoices a batch created, in the order of the request."""

    items: list[InvoicePublic]
