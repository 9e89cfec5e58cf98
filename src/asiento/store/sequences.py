"""Gapless numbering: fiscal years and per-(company, journal, fiscal year) sequences.

The number is taken in the posting transaction under a row lock, so a rolled
back posting gives its number back and two concurrent postings never share one.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.numbering import fiscal_year_of
from asiento.store.locks import for_update, insert_ignore
from asiento.store.tables import Company, FiscalYear, Journal, Sequence


def ensure_fiscal_year(session: Session, company: Company, day: date) -> FiscalYear:
    """The company's fiscal year containing ``day``, created when missing."""
    span = fiscal_year_of(day, company.fiscal_year_start_month, company.fiscal_year_start_day)
    stmt = select(FiscalYear).where(
        FiscalYear.company_id == company.id, FiscalYear.start_date == span.start
    )
    found = session.scalars(stmt).first()
    if found is not None:
        return found
    insert_ignore(
        session,
        FiscalYear.__table__,
        {
            "company_id": company.id,
            "name": span.name,
            "start_date": span.start,
            "end_date": span.end,
            "state": "open",
        },
    )
    return session.scalars(stmt).one()


def lock_journal(session: Session, company_id: int, journal_id: int) -> Journal:
    """The journal row, locked for the rest of the transaction (its hash chain head)."""
    stmt = select(Journal).where(Journal.company_id == company_id, Journal.id == journal_id)
    journal: Journal = session.scalars(for_update(session, stmt)).one()
    session.refresh(journal)
    return journal


def take_number(session: Session, company_id: int, journal_id: int, fiscal_year_id: int) -> int:
    """Take the next number of the sequence, under a row lock; gapless on commit."""
    return take_numbers(session, company_id, journal_id, fiscal_year_id, 1)


def take_numbers(
    session: Session, company_id: int, journal_id: int, fiscal_year_id: int, count: int
) -> int:
    """Take ``count`` consecutive numbers under a row lock; returns the first."""
    keys = {"company_id": company_id, "journal_id": journal_id, "fiscal_year_id": fiscal_year_id}
    stmt = select(Sequence).where(
        Sequence.company_id == company_id,
        Sequence.journal_id == journal_id,
        Sequence.fiscal_year_id == fiscal_year_id,
    )
    seq = session.scalars(for_update(session, stmt)).first()
    if seq is None:
        insert_ignore(session, Sequence.__table__, {**keys, "next_number": 1})
        seq = session.scalars(for_update(session, stmt)).one()
    session.refresh(seq)
    number = int(seq.next_number)
    seq.next_number = number + count
    return number
