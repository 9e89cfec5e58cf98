"""An invoice, credit note or vendor bill to create: the API's body and the CLI's file.

References are ids or human keys: ``partner`` an id or name, ``journal`` an id or
code, a line's ``product`` an id or code, ``account`` an id or code and ``taxes`` ids
or names. Amounts, quantities and prices are decimal strings.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from asiento.domain.limits import MAX_BATCH_DOCUMENTS
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_refs import LineRefs, ResolvedRefs
from asiento.wire.common import AmountIn
from asiento.wire.types import MAX_LINES, Day, Id, Text

ONE = Decimal(1)
ZERO = Decimal(0)


class InvoiceLineIn(BaseModel):
    """One line; what is left out comes from the product."""

    model_config = ConfigDict(extra="forbid")
    product: Id | Text | None = None
    description: Text | None = None
    quantity: AmountIn = ONE
    price_unit: AmountIn | None = None
    discount: AmountIn = ZERO
    account: Id | Text | None = None
    taxes: list[Id | Text] | None = None
    origin_line_id: Id | None = None

    def refs(self) -> LineRefs:
        taxes = None if self.taxes is None else tuple(self.taxes)
        return LineRefs(self.product, self.account, taxes)


class InvoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Text = "customer_invoice"
    partner: Id | Text
    lines: list[InvoiceLineIn] = Field(max_length=MAX_LINES)
    invoice_date: Day | None = None
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    journal: Id | Text | None = None
    payment_term_id: Id | None = None
    manual_due_date: Day | None = None
    ref: Text = ""
    narration: Text = ""
    payment_reference: Text | None = None

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
            kind=self.kind,
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


class InvoiceBatchIn(BaseModel):
    """Invoices to create (and post) together: all of them or, on the first refusal, none."""

    model_config = ConfigDict(extra="forbid")
    invoices: list[InvoiceIn] = Field(min_length=1, max_length=MAX_BATCH_DOCUMENTS)

    @model_validator(mode="after")
    def _lines_within_bound(self) -> InvoiceBatchIn:
        total = sum(len(one.lines) for one in self.invoices)
        if total > MAX_LINES:
            raise ValueError(f"a batch holds at most {MAX_LINES} lines in all, not {total}")
        return self
