"""/years/{year}: fiscal year end (status with the blockers, close, re-open)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fastapi import APIRouter
from pydantic import BaseModel

from asiento.http.deps import CompanyDep, UowDep
from asiento.services.ledger import year_closing
from asiento.services.ledger.year_closing import YearStatus

router = APIRouter(prefix="/years", tags=["years"])


class BlockerPublic(BaseModel):
    kind: str
    id: int
    label: str
    date: dt.date | None
    reason: str


class YearPublic(BaseModel):
    name: str
    start: dt.date
    end: dt.date
    state: str
    net_result: Decimal
    currency: str
    closing_entry_id: int | None
    closing_entry_number: str | None
    closed_at: dt.datetime | None
    lock_date: dt.date | None
    retained_earnings_set: bool
    blockers: list[BlockerPublic]


class ReopenBody(BaseModel):
    reason: str = ""


def _public(s: YearStatus) -> YearPublic:
    blockers = [BlockerPublic(kind=b.kind, id=b.id, label=b.label, date=b.day, reason=b.reason)
                for b in s.blockers]  # fmt: skip
    return YearPublic(
        name=s.name, start=s.start, end=s.end, state=s.state, net_result=s.net_result,
        currency=s.currency, closing_entry_id=s.closing_entry_id,
        closing_entry_number=s.closing_entry_number, closed_at=s.closed_at,
        lock_date=s.lock_date, retained_earnings_set=s.retained_earnings_set, blockers=blockers,
    )  # fmt: skip


@router.get("/{year}")
def read_year(year: str, uow: UowDep, company_id: CompanyDep) -> YearPublic:
    """State, result and the checklist of documents that block closing."""
    return _public(year_closing.year_status(uow, company_id, year_closing.parse_year(year)))


@router.post("/{year}/close")
def close_year(year: str, uow: UowDep, company_id: CompanyDep) -> YearPublic:
    """Post the closing entry and lock the year (409 listing the blockers in ``errors``)."""
    return _public(year_closing.close_year(uow, company_id, year_closing.parse_year(year)))


@router.post("/{year}/reopen")
def reopen_year(
    year: str, uow: UowDep, company_id: CompanyDep, body: ReopenBody | None = None
) -> YearPublic:
    """Reverse the closing entry (admin only)."""
    reason = body.reason if body else ""
    status = year_closing.reopen_year(uow, company_id, year_closing.parse_year(year), reason)
    return _public(status)
