"""Read models of recurring invoice templates: lines, schedule, next date, what they produced.

``next_date`` is the invoice date of the first period the template has not
billed yet (``None`` when its end date or count is reached, or it is archived);
``produced`` lists every billed period with its invoice (number, state, and
whether it was sent or why sending failed), newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.recurrence import Schedule, occurrence
from asiento.services.invoicing.invoice_inputs import InvoiceLineInput
from asiento.store.tables import (
    Invoice,
    Partner,
    RecurringInvoice,
    RecurringInvoiceLine,
    RecurringOccurrence,
)
from asiento.store.types import from_minor


@dataclass(frozen=True, slots=True)
class ProducedView:
    """One billed period and its invoice (``invoice_id`` ``None``: the draft was deleted)."""

    period: date
    invoice_date: date
    invoice_id: int | None
    number: str | None
    state: str | None
    is_sent: bool
    send_error: str | None


@dataclass(frozen=True, slots=True)
class TemplateSummary:
    id: int
    name: str
    state: str
    partner_id: int
    partner_name: str
    frequency: str
    day: int
    start_date: date
    end_date: date | None
    count: int | None
    post: bool
    send: bool
    produced_count: int
    next_date: date | None
    amount_total: Decimal | None
    """The total of the invoice it produces, as of its last save or run (in ``total_currency``)."""
    total_currency: str | None


@dataclass(frozen=True, slots=True)
class TemplateView(TemplateSummary):
    journal_id: int | None
    payment_term_id: int | None
    currency: str | None
    ref: str
    narration: str
    lines: tuple[InvoiceLineInput, ...]
    produced: tuple[ProducedView, ...]


def schedule_of(template: RecurringInvoice) -> Schedule:
    return Schedule(template.frequency, template.day, template.start_date, template.end_date,
                    template.count)  # fmt: skip


def template_lines(session: Session, template_id: int) -> tuple[InvoiceLineInput, ...]:
    """The template's lines as the invoice line inputs a run drafts from."""
    rows = session.scalars(
        select(RecurringInvoiceLine)
        .where(RecurringInvoiceLine.template_id == template_id)
        .order_by(RecurringInvoiceLine.sequence, RecurringInvoiceLine.id)
    )
    return tuple(
        InvoiceLineInput(
            product_id=r.product_id, description=r.description, quantity=r.quantity,
            price_unit=r.price_unit, discount=r.discount or Decimal(0), account_id=r.account_id,
            tax_ids=_tax_ids(r.tax_ids),
        )
        for r in rows
    )  # fmt: skip


def _tax_ids(stored: str | None) -> tuple[int, ...] | None:
    if stored is None:
        return None
    return tuple(int(t) for t in stored.split(",") if t)


def _next_date(template: RecurringInvoice, billed: set[date]) -> date | None:
    """The invoice date of the schedule's first period not billed yet (what a run bills next)."""
    if template.state != "active":
        return None
    schedule = schedule_of(template)
    index = 0
    while (found := occurrence(schedule, index)) is not None and found.period in billed:
        index += 1
    return found.invoice_date if found else None


def _summary(template: RecurringInvoice, partner_name: str, billed: set[date]) -> TemplateSummary:
    t = template
    return TemplateSummary(
        id=t.id, name=t.name, state=t.state, partner_id=t.partner_id, partner_name=partner_name,
        frequency=t.frequency, day=t.day, start_date=t.start_date, end_date=t.end_date,
        count=t.count, post=t.post, send=t.send, produced_count=len(billed),
        next_date=_next_date(t, billed), amount_total=_total(t), total_currency=t.total_currency,
    )  # fmt: skip


def _total(template: RecurringInvoice) -> Decimal | None:
    if template.amount_total is None or template.total_currency is None:
        return None
    return from_minor(template.amount_total, template.total_currency)


def summaries(session: Session, templates: Sequence[RecurringInvoice]) -> list[TemplateSummary]:
    """Summaries with one query for partner names and one for the billed periods."""
    names = dict(
        session.execute(
            select(Partner.id, Partner.name).where(
                Partner.id.in_({t.partner_id for t in templates})
            )
        ).all()
    )
    billed: dict[int, set[date]] = {t.id: set() for t in templates}
    rows = session.execute(
        select(RecurringOccurrence.template_id, RecurringOccurrence.period).where(
            RecurringOccurrence.template_id.in_(list(billed))
        )
    )
    for template_id, period in rows:
        billed[template_id].add(period)
    return [_summary(t, names.get(t.partner_id, ""), billed[t.id]) for t in templates]


def produced_of(session: Session, company_id: int, template_id: int) -> tuple[ProducedView, ...]:
    """Every period the template billed, newest first, with its invoice's state."""
    rows = session.execute(
        select(RecurringOccurrence, Invoice)
        .outerjoin(Invoice, Invoice.id == RecurringOccurrence.invoice_id)
        .where(
            RecurringOccurrence.company_id == company_id,
            RecurringOccurrence.template_id == template_id,
        )
        .order_by(RecurringOccurrence.period.desc())
    )
    return tuple(
        ProducedView(
            period=o.period, invoice_date=o.invoice_date, invoice_id=o.invoice_id,
            number=i.number if i else None, state=i.state if i else None,
            is_sent=bool(i and i.is_sent), send_error=i.send_error if i else None,
        )
        for o, i in rows
    )  # fmt: skip


def template_view(session: Session, company_id: int, template: RecurringInvoice) -> TemplateView:
    """The full read model of one template."""
    summary = summaries(session, [template])[0]
    header = {name: getattr(summary, name) for name in TemplateSummary.__dataclass_fields__}
    return TemplateView(
        **header,
        journal_id=template.journal_id,
        payment_term_id=template.payment_term_id,
        currency=template.currency,
        ref=template.ref,
        narration=template.narration,
        lines=template_lines(session, template.id),
        produced=produced_of(session, company_id, template.id),
    )


__all__ = [
    "ProducedView",
    "TemplateSummary",
    "TemplateView",
    "produced_of",
    "schedule_of",
    "summaries",
    "template_lines",
    "template_view",
]
