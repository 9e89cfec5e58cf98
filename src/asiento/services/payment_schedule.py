"""The seam between invoice posting and payment terms: total + date -> schedule.

Invoice posting asks ``schedule_for`` how its total falls due and writes one
receivable (payable) item per installment, with its due date and cash
discount. A manual due date wins over a term; with neither, everything is due
on the invoice date.

Invariant: the installments sum exactly to ``total`` (``compute_installments``
guarantees it for terms; the other two cases are a single installment).
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session

from asiento.domain.due_dates import WorkingCalendar
from asiento.domain.installments import Installment, compute_installments
from asiento.domain.money import Money
from asiento.domain.payment_terms import PaymentTerm as TermRule
from asiento.store.query import get_scoped
from asiento.store.tables import Company, PaymentTerm


def load_term(session: Session, company_id: int, term_id: int) -> TermRule:
    """The domain rule of stored term ``term_id`` (NotFound outside the company)."""
    row = get_scoped(session, PaymentTerm, company_id, term_id, "payment term")
    return TermRule.from_dict(json.loads(row.definition))


def company_calendar(session: Session, company: Company) -> WorkingCalendar | None:
    """The company's working days for due dates; ``None``: every day is worked."""
    return None


def schedule_for(
    session: Session,
    company: Company,
    *,
    term_id: int | None,
    invoice_date: date,
    total: Money,
    untaxed: Money,
    manual_due_date: date | None = None,
) -> list[Installment]:
    """Installments of ``total`` (document currency, signed as the document's total)."""
    if manual_due_date is not None:
        return [Installment(1, manual_due_date, total)]
    if term_id is None:
        return [Installment(1, invoice_date, total)]
    term = load_term(session, company.id, term_id)
    calendar = company_calendar(session, company)
    return compute_installments(term, total, invoice_date, calendar, untaxed=untaxed)
