"""Running recurring invoices: bill every period due up to a date, exactly once.

``run_recurring(uow, company_id, until)`` walks the company's active templates
(or one of them). For each, in one transaction, it locks the template row,
reads the periods already billed, and for every period the schedule says is
due by ``until`` (``domain.recurrence.due``) and not billed yet it drafts the
invoice dated that period's invoice date, posts it when the template says so,
and records the period in ``recurring_occurrences``. Then, outside any
transaction, it sends the posted invoices of templates that say so.

Invariants:
    - One invoice per (template, period), however many runs overlap: the
      template row lock makes a concurrent run wait and then see the periods
      the first one committed; the UNIQUE (template, period) constraint is
      the backstop (a run that meets it bills nothing for that template).
    - A template's periods are billed all or none: an error (a locked period,
      a missing account) rolls its transaction back and is reported with the
      template; the other templates still run.
    - At most ``MAX_PERIODS_PER_RUN`` periods of a template are billed per run
      (a run far in the future, or a start date long past, must not draft
      thousands of invoices in one transaction); ``more_due`` says more are
      due, and the next run bills them (the earliest first, so nothing is skipped).
    - A failed sending never loses the invoice: it is posted and recorded,
      and the failure is kept on the invoice (``send_error``) as the sending
      service keeps it, also when no mail server is configured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import AsientoError
from asiento.domain.recurrence import Occurrence, due
from asiento.services.access import principal as access
from asiento.services.invoicing.invoice_drafts import create_invoice_in
from asiento.services.invoicing.invoice_posting import post_invoice_in
from asiento.services.invoicing.invoice_sending import record_send_failure, send_invoice
from asiento.services.invoicing.recurring_templates import KIND, invoice_input, keep_total
from asiento.services.invoicing.recurring_views import schedule_of, template_lines
from asiento.services.ledger.entries import company_of
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import Company, RecurringInvoice, RecurringOccurrence
from asiento.store.uow import UnitOfWork

MAX_PERIODS_PER_RUN = 120


@dataclass(slots=True)
class ProducedInvoice:
    """An invoice a run created: its period, and what became of posting and sending."""

    template_id: int
    period: date
    invoice_date: date
    invoice_id: int
    number: str | None
    state: str
    sent: bool = False
    send_error: str | None = None


@dataclass(slots=True)
class TemplateRun:
    """What one template's run produced, or the error that stopped it (nothing kept)."""

    template_id: int
    name: str
    produced: list[ProducedInvoice] = field(default_factory=list)
    error: str | None = None
    more_due: bool = False


@dataclass(frozen=True, slots=True)
class RunResult:
    until: date
    templates: tuple[TemplateRun, ...]

    @property
    def produced(self) -> list[ProducedInvoice]:
        return [p for t in self.templates for p in t.produced]

    @property
    def errors(self) -> list[TemplateRun]:
        return [t for t in self.templates if t.error is not None]


@access.requires(Permission.INVOICE_POST)
def run_recurring(
    uow: UnitOfWork, company_id: int, until: date, template_id: int | None = None
) -> RunResult:
    """Create (post, send) every invoice due by ``until``; see the module's invariants."""
    with uow:
        ids = _template_ids(uow.session, company_id, template_id)
    runs = tuple(_run_one(uow, company_id, tid, until) for tid in ids)
    return RunResult(until, runs)


def _template_ids(session: Session, company_id: int, template_id: int | None) -> list[int]:
    if template_id is not None:
        return [get_scoped(session, RecurringInvoice, company_id, template_id, KIND).id]
    stmt = select(RecurringInvoice.id).where(
        RecurringInvoice.company_id == company_id, RecurringInvoice.state == "active"
    )
    return list(session.scalars(stmt.order_by(RecurringInvoice.id)))


def _run_one(uow: UnitOfWork, company_id: int, template_id: int, until: date) -> TemplateRun:
    run = TemplateRun(template_id, "")
    try:
        send = _bill(uow, company_id, template_id, until, run)
    except IntegrityError:
        # another run billed the same period between our read and our write
        run.produced = []
        return run
    except AsientoError as exc:
        run.produced, run.error, run.more_due = [], exc.message, False
        return run
    if send:
        for produced in run.produced:
            _send(uow, company_id, produced)
    return run


def _bill(
    uow: UnitOfWork, company_id: int, template_id: int, until: date, run: TemplateRun
) -> bool:
    """Bill the template's due periods in one transaction; return its ``send`` flag."""
    with uow:
        s = uow.session
        template = lock_scoped(s, RecurringInvoice, company_id, template_id, KIND)
        run.name = template.name
        if template.state != "active":
            return False
        billed = set(s.scalars(
            select(RecurringOccurrence.period).where(RecurringOccurrence.template_id == template_id)
        ))  # fmt: skip
        company = company_of(s, company_id)
        todo = [occ for occ in due(schedule_of(template), until) if occ.period not in billed]
        run.more_due = len(todo) > MAX_PERIODS_PER_RUN
        for occ in todo[:MAX_PERIODS_PER_RUN]:
            run.produced.append(_bill_period(s, company, template, occ))
        uow.commit()
        return template.send


def _bill_period(
    session: Session, company: Company, template: RecurringInvoice, occ: Occurrence
) -> ProducedInvoice:
    lines = template_lines(session, template.id)
    invoice = create_invoice_in(session, company, invoice_input(template, lines, occ.invoice_date))
    keep_total(template, invoice)  # today's product prices, as this invoice has them
    if template.post:
        post_invoice_in(session, company, invoice)
    session.add(RecurringOccurrence(
        company_id=company.id, template_id=template.id, period=occ.period,
        invoice_date=occ.invoice_date, invoice_id=invoice.id,
    ))  # fmt: skip
    session.flush()
    return ProducedInvoice(template.id, occ.period, occ.invoice_date, invoice.id,
                           invoice.number, invoice.state)  # fmt: skip


def _send(uow: UnitOfWork, company_id: int, produced: ProducedInvoice) -> None:
    """Send one produced invoice; a failure is recorded on it, never raised."""
    try:
        send_invoice(uow, company_id, produced.invoice_id)
    except AsientoError as exc:
        # MailNotSent is recorded by the sending service; the others are recorded here
        if exc.code != "mail_not_sent":
            record_send_failure(uow, company_id, produced.invoice_id, exc.message)
        produced.send_error = exc.message
        return
    produced.sent = True


__all__ = ["MAX_PERIODS_PER_RUN", "ProducedInvoice", "RunResult", "TemplateRun", "run_recurring"]
