"""Recurring invoice templates and runs: read models and the run request."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from asiento.wire.common import Amount, Public
from asiento.wire.types import Day, Id


class TemplateLinePublic(Public):
    product_id: int | None
    description: str | None
    quantity: Amount
    price_unit: Amount | None
    discount: Amount
    account_id: int | None
    tax_ids: tuple[int, ...] | None


class ProducedPublic(Public):
    """One billed period; ``invoice_id`` is null when its draft was deleted."""

    period: dt.date
    invoice_date: dt.date
    invoice_id: int | None
    number: str | None
    state: str | None
    is_sent: bool
    send_error: str | None


class TemplateSummaryPublic(Public):
    id: int
    name: str
    state: str
    partner_id: int
    partner_name: str
    frequency: str
    day: int
    start_date: dt.date
    end_date: dt.date | None
    count: int | None
    post: bool
    send: bool
    produced_count: int
    next_date: dt.date | None
    amount_total: Amount | None = Field(
        description="total of the invoice the template produces, as of its last save or run"
    )
    total_currency: str | None


class TemplatePublic(TemplateSummaryPublic):
    journal_id: int | None
    payment_term_id: int | None
    currency: str | None
    ref: str
    narration: str
    lines: list[TemplateLinePublic]
    produced: list[ProducedPublic]


class RunIn(BaseModel):
    """Bill what is due up to ``until`` (default today); ``template_id``: only that one."""

    model_config = ConfigDict(extra="forbid")
    until: Day | None = None
    template_id: Id | None = None


class ProducedInvoicePublic(Public):
    template_id: int
    period: dt.date
    invoice_date: dt.date
    invoice_id: int
    number: str | None
    state: str
    sent: bool
    send_error: str | None


class TemplateRunPublic(Public):
    template_id: int
    name: str
    produced: list[ProducedInvoicePublic]
    error: str | None
    more_due: bool


class RunPublic(Public):
    until: dt.date
    templates: list[TemplateRunPublic]
    produced: list[ProducedInvoicePublic]
