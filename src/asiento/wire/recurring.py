"""A recurring invoice template to create or rewrite: the API's body and the CLI's file.

The invoice part reads as an invoice's (``partner`` an id or name, ``journal``
an id or code, lines with ``product``/``account`` ids or codes and ``taxes``
ids or names); the schedule adds ``frequency`` (monthly, quarterly, yearly),
``day`` (1-31, the last day of shorter months), ``start_date`` and an
``end_date`` or a ``count``; ``post`` and ``send`` say what a run does.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from asiento.domain.recurrence import Schedule
from asiento.services.invoicing.invoice_refs import LineRefs, ResolvedRefs
from asiento.services.invoicing.recurring_templates import TemplateInput
from asiento.wire.invoices import InvoiceIn, InvoiceLineIn
from asiento.wire.types import MAX_LINES, Day, Id, Text


class RecurringInvoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(max_length=100)
    partner: Id | Text
    lines: list[InvoiceLineIn] = Field(max_length=MAX_LINES)
    frequency: Text = "monthly"
    day: int = Field(ge=1, le=31)
    start_date: Day
    end_date: Day | None = None
    count: int | None = Field(default=None, ge=1, le=100_000)
    journal: Id | Text | None = None
    payment_term_id: Id | None = None
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    ref: Text = Field(default="", max_length=200)
    narration: Text = ""
    post: bool = False
    send: bool = False

    def refs(self) -> list[LineRefs]:
        return [line.refs() for line in self.lines]

    def command(self, ids: ResolvedRefs) -> TemplateInput:
        """The use-case input, with references replaced by ``ids`` (``InvalidSchedule``)."""
        schedule = Schedule(self.frequency, self.day, self.start_date, self.end_date, self.count)
        invoice = _as_invoice(self).command(ids)
        return TemplateInput(
            name=self.name,
            partner_id=ids.partner_id,
            lines=invoice.lines,
            schedule=schedule,
            journal_id=ids.journal_id,
            payment_term_id=self.payment_term_id,
            currency=self.currency,
            ref=self.ref,
            narration=self.narration,
            post=self.post,
            send=self.send,
        )


def _as_invoice(body: RecurringInvoiceIn) -> InvoiceIn:
    """The invoice part, to reuse its line conversion."""
    return InvoiceIn(partner=body.partner, lines=body.lines, journal=body.journal)


__all__ = ["RecurringInvoiceIn"]
