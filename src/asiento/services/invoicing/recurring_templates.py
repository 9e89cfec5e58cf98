"""Recurring invoice templates: create, rewrite, read, list, archive, delete.

A template is what a subscription repeats: partner, lines, term, currency,
journal, reference, and its ``Schedule`` (``domain.recurrence``). Its lines are
invoice line inputs: what is left ``None`` is filled from the product on
each produced invoice, so a price change of the product reaches the next one.

Invariants:
    - A template is checked as an invoice would be: it is drafted once, in a
      savepoint rolled back at once, with every default the run will apply;
      whatever an invoice would refuse (unknown partner of another company, a
      purchase tax, a line without price) is refused when the template is saved.
    - ``send`` needs ``post``: only a posted invoice is sent (``invoice_sending``).
    - A template that produced invoices is archived, never deleted
      (``TemplateInUse``); an archived template is not run, edited or archived again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import DuplicateKey, InvalidInput, TemplateArchived, TemplateInUse
from asiento.domain.recurrence import Schedule
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.invoicing.invoice_drafts import create_invoice_in
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.recurring_views import (
    TemplateSummary,
    TemplateView,
    schedule_of,
    summaries,
    template_lines,
    template_view,
)
from asiento.services.ledger.entries import company_of
from asiento.services.search.list_filter import ListColumns, text_condition
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped, page
from asiento.store.tables import (
    Invoice,
    RecurringInvoice,
    RecurringInvoiceLine,
    RecurringOccurrence,
)
from asiento.store.uow import UnitOfWork

KIND = "recurring invoice"


@dataclass(frozen=True, slots=True)
class TemplateInput:
    """A template as asked for; ``None`` fields take the partner's, company's or product's."""

    name: str
    partner_id: int
    lines: tuple[InvoiceLineInput, ...]
    schedule: Schedule
    journal_id: int | None = None
    payment_term_id: int | None = None
    currency: str | None = None
    ref: str = ""
    narration: str = ""
    post: bool = False
    send: bool = False


def invoice_input(
    template: RecurringInvoice, lines: tuple[InvoiceLineInput, ...], day: date | None = None
) -> InvoiceInput:
    """The customer invoice a template produces, dated ``day`` (``None``: undated, for checks)."""
    return InvoiceInput(
        kind="customer_invoice",
        partner_id=template.partner_id,
        lines=lines,
        invoice_date=day,
        currency=template.currency,
        journal_id=template.journal_id,
        payment_term_id=template.payment_term_id,
        ref=template.ref,
        narration=template.narration,
    )


@access.requires(Permission.INVOICE_WRITE)
def create_template(uow: UnitOfWork, company_id: int, data: TemplateInput) -> TemplateView:
    """Store a new active template, checked as the invoice it will produce."""
    with uow:
        s = uow.session
        template = RecurringInvoice(company_id=company_id, state="active",
                                    created_at=datetime.now(UTC))  # fmt: skip
        _apply(s, company_id, template, data)
        audit.record_in(s, company_id, "recurring.create", "recurring_invoice", template.id)
        view = template_view(s, company_id, template)
        uow.commit()
        return view


@access.requires(Permission.INVOICE_WRITE)
def update_template(
    uow: UnitOfWork, company_id: int, template_id: int, data: TemplateInput
) -> TemplateView:
    """Rewrite an active template; the periods it already billed stay billed."""
    with uow:
        s = uow.session
        template = lock_scoped(s, RecurringInvoice, company_id, template_id, KIND)
        require_active(template, "edited")
        _apply(s, company_id, template, data)
        audit.record_in(s, company_id, "recurring.update", "recurring_invoice", template_id)
        view = template_view(s, company_id, template)
        uow.commit()
        return view


def require_active(template: RecurringInvoice, verb: str) -> None:
    if template.state != "active":
        message = f"recurring invoice {template.name!r} is archived: it cannot be {verb}"
        raise TemplateArchived(message, field="state", state=template.state)


def _apply(
    session: Session, company_id: int, template: RecurringInvoice, data: TemplateInput
) -> None:
    if data.send and not data.post:
        message = "send: only a posted invoice is sent; set post as well"
        raise InvalidInput(message, field="send")
    name = " ".join(data.name.split())
    if not name:
        raise InvalidInput("name: a template needs a name", field="name")
    _check_unique_name(session, company_id, name, template.id)
    s = data.schedule
    template.name, template.partner_id, template.journal_id = name, data.partner_id, data.journal_id
    template.payment_term_id, template.currency = data.payment_term_id, data.currency
    template.ref, template.narration, template.post, template.send = (
        data.ref, data.narration, data.post, data.send)  # fmt: skip
    template.frequency, template.day, template.start_date = s.frequency, s.day, s.start
    template.end_date, template.count = s.end, s.count
    template.updated_at = datetime.now(UTC)
    template.amount_total, template.total_currency = _check_as_invoice(
        session, company_id, template, data.lines
    )
    if template.id is None:
        session.add(template)
    session.flush()
    _replace_lines(session, company_id, template.id, data.lines)


def _check_unique_name(session: Session, company_id: int, name: str, own: int | None) -> None:
    clash = select(RecurringInvoice.id).where(
        RecurringInvoice.company_id == company_id, func.lower(RecurringInvoice.name) == name.lower()
    )
    if own is not None:
        clash = clash.where(RecurringInvoice.id != own)
    if session.scalar(clash) is not None:
        raise DuplicateKey(f"name: a recurring invoice named {name!r} exists", field="name")


def _check_as_invoice(
    session: Session,
    company_id: int,
    template: RecurringInvoice,
    lines: tuple[InvoiceLineInput, ...],
) -> tuple[int, str]:
    """Draft the invoice the template will produce, in a savepoint, and throw it away.

    Returns the draft's total and currency (computed as every invoice's are), read before
    the savepoint is rolled back.
    """
    company = company_of(session, company_id)
    savepoint = session.begin_nested()
    try:
        draft = create_invoice_in(session, company, invoice_input(template, lines))
        return draft.amount_total, draft.currency
    finally:
        savepoint.rollback()


def keep_total(template: RecurringInvoice, invoice: Invoice) -> None:
    """The template's stored total is that of ``invoice``, an invoice it produces."""
    template.amount_total, template.total_currency = invoice.amount_total, invoice.currency


def _replace_lines(
    session: Session, company_id: int, template_id: int, lines: tuple[InvoiceLineInput, ...]
) -> None:
    session.execute(
        delete(RecurringInvoiceLine).where(RecurringInvoiceLine.template_id == template_id)
    )
    session.add_all(
        RecurringInvoiceLine(
            company_id=company_id, template_id=template_id, sequence=n,
            product_id=line.product_id, description=line.description, quantity=line.quantity,
            price_unit=line.price_unit, discount=line.discount, account_id=line.account_id,
            tax_ids=None if line.tax_ids is None else ",".join(str(t) for t in line.tax_ids),
        )
        for n, line in enumerate(lines)
    )  # fmt: skip
    session.flush()


@access.requires(Permission.INVOICE_WRITE)
def archive_template(uow: UnitOfWork, company_id: int, template_id: int) -> TemplateView:
    """Stop a template: it is kept with what it produced, and no run bills it again."""
    with uow:
        s = uow.session
        template = lock_scoped(s, RecurringInvoice, company_id, template_id, KIND)
        require_active(template, "archived")
        template.state = "archived"
        template.updated_at = datetime.now(UTC)
        audit.record_in(s, company_id, "recurring.archive", "recurring_invoice", template_id)
        view = template_view(s, company_id, template)
        uow.commit()
        return view


@access.requires(Permission.INVOICE_WRITE)
def delete_template(uow: UnitOfWork, company_id: int, template_id: int) -> None:
    """Delete a template that never produced an invoice; else ``TemplateInUse`` (archive it)."""
    with uow:
        s = uow.session
        template = lock_scoped(s, RecurringInvoice, company_id, template_id, KIND)
        produced = exists().where(RecurringOccurrence.template_id == template_id)
        if s.scalar(select(produced)):
            message = (f"recurring invoice {template.name!r} has produced invoices: "
                       "archive it instead")  # fmt: skip
            raise TemplateInUse(message, field="state", state=template.state)
        s.delete(template)
        audit.record_in(s, company_id, "recurring.delete", "recurring_invoice", template_id,
                        before={"name": template.name})  # fmt: skip
        uow.commit()


def get_template(uow: UnitOfWork, company_id: int, template_id: int) -> TemplateView:
    """A template with its lines, its schedule's next date and every invoice it produced."""
    with uow:
        s = uow.session
        template = get_scoped(s, RecurringInvoice, company_id, template_id, KIND)
        return template_view(s, company_id, template)


TEMPLATE_SEARCH = ListColumns(
    RecurringInvoice.company_id,
    name=RecurringInvoice.name,
    partner=RecurringInvoice.partner_id,
    refs=(RecurringInvoice.ref,),
    amount=RecurringInvoice.amount_total,
    currency=RecurringInvoice.total_currency,
)


def list_templates(
    uow: UnitOfWork, company_id: int, state: str | None = None, q: str | None = None
) -> list[TemplateSummary]:
    """The company's templates by name (``state``: only active or only archived).

    ``q`` finds by name (contains, any case), partner name, exact reference or the
    exact total of the invoice it produces (as stored at its last save or run).
    """
    found = text_condition(uow, company_id, q, TEMPLATE_SEARCH)
    with uow:
        stmt = select(RecurringInvoice).where(RecurringInvoice.company_id == company_id)
        if found is not None:
            stmt = stmt.where(found)
        if state is not None:
            stmt = stmt.where(RecurringInvoice.state == state)
        rows = uow.session.scalars(stmt.order_by(RecurringInvoice.name)).all()
        return summaries(uow.session, rows)


def page_templates(
    uow: UnitOfWork,
    company_id: int,
    state: str | None = None,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[TemplateSummary], str | None]:
    """One page of templates, newest first (the API's list), and the next page's cursor."""
    with uow:
        stmt = select(RecurringInvoice).where(RecurringInvoice.company_id == company_id)
        if state is not None:
            stmt = stmt.where(RecurringInvoice.state == state)
        rows, next_cursor = page(uow.session, stmt, RecurringInvoice.id, cursor, limit)
        return summaries(uow.session, rows), next_cursor


__all__ = [
    "TemplateInput",
    "archive_template",
    "create_template",
    "delete_template",
    "get_template",
    "invoice_input",
    "keep_total",
    "list_templates",
    "page_templates",
    "require_active",
    "schedule_of",
    "template_lines",
    "update_template",
]
