"""The seam between invoice posting and payment terms: total + date -> schedule.

Invoice posting asks ``schedule_for`` how its total falls due and writes one
receivable (payable) item per installment, with its due date and cash
discount. A manual due date wins over a term; with neither, everything is due
on the invoice date.

The company's working calendar (``company_calendar``) comes from its settings:
weekend days, the public holidays of a country (and subdivision) from the
``holidays`` package, extra days off, and the roll direction. Holidays are
computed for every year a schedule can reach: from the invoice year to the
year after its latest due date before any roll.

Invariant: the installments sum exactly to ``total`` (``compute_installments``
guarantees it for terms; the other two cases are a single installment).
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

import holidays
from sqlalchemy.orm import Session

from asiento.domain.due_dates import Roll, WorkingCalendar, parse_payment_days
from asiento.domain.installments import Installment, compute_installments
from asiento.domain.money import Money
from asiento.domain.payment_terms import PaymentTerm as TermRule
from asiento.store.query import get_scoped
from asiento.store.tables import Company, Partner, PaymentTerm


def load_term(session: Session, company_id: int, term_id: int) -> TermRule:
    """The domain rule of stored term ``term_id`` (NotFound outside the company)."""
    row = get_scoped(session, PaymentTerm, company_id, term_id, "payment term")
    return rule_of(row.definition)


@lru_cache(maxsize=1024)
def rule_of(definition: str) -> TermRule:
    """The domain term stored as ``definition`` (JSON); cached, terms are immutable values."""
    return TermRule.from_dict(json.loads(definition))


def weekend_of(stored: str) -> frozenset[int]:
    """``"5,6"`` -> ``{5, 6}``: the company's weekdays off, Monday = 0."""
    return frozenset(int(part) for part in stored.split(",") if part.strip())


def extra_holidays_of(stored: str) -> list[date]:
    """``"2026-08-14 2026-12-24"`` -> the company's own days off, sorted."""
    return sorted(date.fromisoformat(part) for part in stored.split())


@lru_cache(maxsize=256)
def public_holidays(country: str, subdivision: str | None, years: range) -> frozenset[date]:
    """Public holidays of ``country`` (``subdivision``) in ``years``, from ``holidays``.

    Cached: posting many invoices of one company asks for the same years again.
    """
    found = holidays.country_holidays(country, subdiv=subdivision, years=years)
    return frozenset(found.keys())


def default_years(today: date | None = None) -> range:
    """The years a calendar covers when nobody says: last year to five years ahead."""
    year = (today or date.today()).year
    return range(year - 1, year + 6)


def company_calendar(
    session: Session, company: Company, *, years: range | None = None
) -> WorkingCalendar | None:
    """The company's working days for due dates; ``None``: every day is worked.

    A company with no weekend, no holiday country and no extra holidays has no
    calendar at all (every day is a working day).

    Args:
        session: the open session (unused today; kept for the posting seam).
        company: the company row with its calendar settings.
        years: the years whose public holidays are needed; by default last
            year to five years ahead.
    """
    weekend = weekend_of(company.weekend_days or "")
    extra = frozenset(extra_holidays_of(company.extra_holidays or ""))
    if not weekend and not extra and not company.holiday_country:
        return None
    days_off = extra
    if company.holiday_country:
        span = years if years is not None else default_years()
        days_off |= public_holidays(company.holiday_country, company.holiday_subdivision, span)
    return WorkingCalendar(weekend=weekend, holidays=days_off, roll=Roll(company.due_date_roll))


def years_reached(term: TermRule, invoice_date: date) -> range:
    """The years a schedule under ``term`` can touch, one more for rolls across New Year."""
    latest = max(line.due.due_date(invoice_date) for line in term.lines)
    if term.discount is not None:
        latest = max(latest, term.discount.discount_date(invoice_date))
    return range(invoice_date.year, latest.year + 2)


def schedule_for(
    session: Session,
    company: Company,
    *,
    term_id: int | None,
    invoice_date: date,
    total: Money,
    untaxed: Money,
    manual_due_date: date | None = None,
    partner_id: int | None = None,
) -> list[Installment]:
    """Installments of ``total`` (document currency, signed as the document's total).

    The partner's payment days move each due date of a term (not a manual
    due date, which is what someone typed).
    """
    if manual_due_date is not None:
        return [Installment(1, manual_due_date, total)]
    if term_id is None:
        return [Installment(1, invoice_date, total)]
    term = load_term(session, company.id, term_id)
    days = partner_payment_days(session, company.id, partner_id)
    return schedule_under(session, company, term, invoice_date, total, untaxed, days)


def partner_payment_days(
    session: Session, company_id: int, partner_id: int | None
) -> tuple[int, ...]:
    """The partner's payment days (``"5,20"`` -> ``(5, 20)``); none without a partner."""
    if partner_id is None:
        return ()
    stored = get_scoped(session, Partner, company_id, partner_id, "partner").payment_days
    return parse_payment_days(stored)


def schedule_under(
    session: Session,
    company: Company,
    term: TermRule,
    invoice_date: date,
    total: Money,
    untaxed: Money | None,
    partner_days: tuple[int, ...] = (),
) -> list[Installment]:
    """Installments of ``total`` under ``term``: partner's payment days, then the calendar."""
    calendar = company_calendar(session, company, years=years_reached(term, invoice_date))
    return compute_installments(
        term, total, invoice_date, calendar, untaxed=untaxed, partner_days=partner_days
    )
