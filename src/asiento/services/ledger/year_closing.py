"""Close and re-open a fiscal year (see ``domain/year_closing.py`` for the rules).

Closing, in one transaction under a row lock on the company (which carries the
lock date) and on the fiscal year: check the transition and the order of
years, list the blockers (refuse if any), sum the year's posted P&L balances
per account, post the closing entry on the year's last day in the general
journal against the ``retained_earnings_account`` setting, then move the lock
date to the year end. Re-opening (admin only) reverses the closing entry on
the same day and gives back the lock date the closing replaced. Both are
audited.

Invariants: a closed year has at most one un-reversed closing entry; the
lock date never moves back except by re-opening; years close in order and
re-open in reverse order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput, NotFound, YearClosed, YearNotClosed
from asiento.domain.year_closing import (
    CLOSING_ORIGIN,
    Blocker,
    check_closable,
    closing_items,
    net_result,
    require_transition,
)
from asiento.reports.common import PROFIT_AND_LOSS_KINDS
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.ledger import posting
from asiento.services.ledger.year_blockers import year_blockers
from asiento.services.reference.account_settings import (
    company_account,
    optional_company_account,
)
from asiento.store import sequences
from asiento.store.locks import for_update
from asiento.store.tables import Account, Company, FiscalYear, Journal, JournalEntry, JournalItem
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class YearStatus:
    """A fiscal year as the checklist shows it (``net_result``: profit positive)."""

    name: str
    start: date
    end: date
    state: str
    net_result: Decimal
    currency: str
    closing_entry_id: int | None
    closing_entry_number: str | None
    closed_at: datetime | None
    lock_date: date | None
    blockers: tuple[Blocker, ...]
    retained_earnings_set: bool


def parse_year(value: str | int) -> int:
    """``2026`` (the calendar year the fiscal year starts in) as an int."""
    text = str(value).strip()
    if not text.isdigit() or not 1900 <= int(text) <= 9999:
        raise InvalidInput(f"year: {value!r} is not a year like 2026", field="year")
    return int(text)


def _company(session: Session, company_id: int, *, lock: bool = False) -> Company:
    stmt = select(Company).where(Company.id == company_id)
    if lock:
        stmt = for_update(session, stmt).execution_options(populate_existing=True)
    company = session.scalars(stmt).first()
    if company is None:
        raise NotFound("company", company_id)
    return company


def _year(session: Session, company: Company, year: int, *, lock: bool = False) -> FiscalYear:
    """The fiscal year starting in calendar ``year`` (created when missing)."""
    # 40 days after the first of the starting month lies in the year starting that month
    probe = date(year, company.fiscal_year_start_month, 1) + timedelta(days=40)
    found = sequences.ensure_fiscal_year(session, company, probe)
    if not lock:
        return found
    stmt = for_update(
        session,
        select(FiscalYear).where(FiscalYear.company_id == company.id, FiscalYear.id == found.id),
    )
    locked: FiscalYear = session.scalars(stmt.execution_options(populate_existing=True)).one()
    return locked


def _pl_balances(session: Session, company: Company, fy: FiscalYear) -> dict[int, Decimal]:
    """Debit-positive posted balance of the year per P&L account (company currency)."""
    item = JournalItem
    stmt = (
        select(item.account_id, func.sum(item.balance))
        .join(Account, Account.id == item.account_id)
        .where(
            item.company_id == company.id,
            item.parent_state == "posted",
            item.date.between(fy.start_date, fy.end_date),
            Account.kind.in_(PROFIT_AND_LOSS_KINDS),
        )
        .group_by(item.account_id)
    )
    return {a: from_minor(int(b or 0), company.currency) for a, b in session.execute(stmt)}


def _general_journal(session: Session, company_id: int) -> Journal:
    stmt = (
        select(Journal)
        .where(Journal.company_id == company_id, Journal.kind == "general", Journal.active)
        .order_by(Journal.id)
    )
    journal = session.scalars(stmt).first()
    if journal is None:
        raise NotFound("journal", "general", field="journal")
    return journal


def _check_order(session: Session, company_id: int, fy: FiscalYear, target: str) -> None:
    """Years close oldest first and re-open newest first."""
    if target == "closed":
        cond = (FiscalYear.start_date < fy.start_date) & (FiscalYear.state == "open")
        earlier = _used_years(session, company_id, cond)
        if earlier:
            raise YearNotClosed(
                f"fiscal year {earlier[0]} is still open: close it first", field="year"
            )
        return
    cond = (FiscalYear.start_date > fy.start_date) & (FiscalYear.state == "closed")
    later = _used_years(session, company_id, cond)
    if later:
        raise YearClosed(f"fiscal year {later[0]} is closed: re-open it first", field="year")


def _used_years(session: Session, company_id: int, cond: object) -> list[str]:
    """Names of the years matching ``cond`` that hold at least one entry."""
    has_entries = (
        select(JournalEntry.id).where(JournalEntry.fiscal_year_id == FiscalYear.id).exists()
    )
    stmt = (
        select(FiscalYear.name)
        .where(FiscalYear.company_id == company_id, cond, has_entries)  # type: ignore[arg-type]
        .order_by(FiscalYear.start_date)
    )
    return list(session.scalars(stmt))


def close_year(uow: UnitOfWork, company_id: int, year: int) -> YearStatus:
    """Post the closing entry of ``year`` and lock it (see the module docstring).

    Raises:
        YearClosed / YearNotClosed: wrong state or order; YearNotClosable: blockers
        (every one listed); MissingSetting: no ``retained_earnings_account``.
    """
    access.require(Permission.LOCK_DATE, company_id)
    with uow:
        session = uow.session
        company = _company(session, company_id, lock=True)
        fy = _year(session, company, year, lock=True)
        require_transition(fy.name, fy.state, "closed")
        _check_order(session, company_id, fy, "closed")
        check_closable(fy.name, year_blockers(session, company_id, fy))
        retained = company_account(
            session, company_id, "retained_earnings_account", f"closing fiscal year {fy.name}"
        )
        items = closing_items(
            _pl_balances(session, company, fy), retained, f"Closing of fiscal year {fy.name}"
        )
        fy.lock_date_before = company.lock_date
        company.lock_date = None  # the closing entry is dated on the last day of the year
        if items:
            entry = posting.post_new(
                session, company, _general_journal(session, company_id).id, fy.end_date, items,
                ref=f"Closing {fy.name}", origin=(CLOSING_ORIGIN, fy.id),
            )  # fmt: skip
            fy.closing_entry_id = entry.id
        company.lock_date = max(fy.end_date, fy.lock_date_before or fy.end_date)
        fy.state, fy.closed_at = "closed", datetime.now(UTC)
        audit.record_in(
            session, company_id, "year.close", "fiscal_year", fy.id,
            before={"lock_date": fy.lock_date_before}, after={"lock_date": company.lock_date},
        )  # fmt: skip
        status = _status(session, company, fy)
        uow.commit()
        return status


def reopen_year(uow: UnitOfWork, company_id: int, year: int, reason: str = "") -> YearStatus:
    """Reverse the closing entry of ``year`` and give back the lock date (admin only)."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        session = uow.session
        company = _company(session, company_id, lock=True)
        fy = _year(session, company, year, lock=True)
        require_transition(fy.name, fy.state, "open")
        _check_order(session, company_id, fy, "open")
        locked = company.lock_date
        company.lock_date = None
        if fy.closing_entry_id is not None:
            entry = session.get(JournalEntry, fy.closing_entry_id)
            if entry is None or entry.company_id != company_id:
                raise NotFound("entry", fy.closing_entry_id)
            why = reason.strip() or f"Re-opening of fiscal year {fy.name}"
            posting.reverse(session, company, entry, fy.end_date, why)
        company.lock_date = fy.lock_date_before
        fy.state, fy.closing_entry_id, fy.closed_at = "open", None, None
        audit.record_in(
            session, company_id, "year.reopen", "fiscal_year", fy.id,
            before={"lock_date": locked}, after={"lock_date": company.lock_date, "reason": reason},
        )  # fmt: skip
        status = _status(session, company, fy)
        uow.commit()
        return status


def year_status(uow: UnitOfWork, company_id: int, year: int) -> YearStatus:
    """The year's state, result, closing entry and the checklist of what blocks closing."""
    access.require(Permission.READ, company_id)
    with uow:
        company = _company(uow.session, company_id)
        fy = _year(uow.session, company, year)
        status = _status(uow.session, company, fy)
        uow.commit()  # keeps a fiscal year row created for a year never used
        return status


def _status(session: Session, company: Company, fy: FiscalYear) -> YearStatus:
    closing = session.get(JournalEntry, fy.closing_entry_id) if fy.closing_entry_id else None
    blockers = () if fy.state == "closed" else tuple(year_blockers(session, company.id, fy))
    balances = _pl_balances(session, company, fy)
    if closing is not None:  # the closing entry zeroed the year: read the result from it
        balances = _result_before_closing(session, company, fy, closing.id)
    row = session.get(Company, company.id)
    settings_ok = _retained_set(session, company.id)
    return YearStatus(
        fy.name, fy.start_date, fy.end_date, fy.state, net_result(balances), company.currency,
        fy.closing_entry_id, closing.number if closing else None, fy.closed_at,
        row.lock_date if row else None, blockers, settings_ok,
    )  # fmt: skip


def _result_before_closing(
    session: Session, company: Company, fy: FiscalYear, entry_id: int
) -> dict[int, Decimal]:
    stmt = (
        select(JournalItem.account_id, func.sum(JournalItem.balance))
        .join(Account, Account.id == JournalItem.account_id)
        .where(
            JournalItem.company_id == company.id,
            JournalItem.entry_id == entry_id,
            Account.kind.in_(PROFIT_AND_LOSS_KINDS),
        )
        .group_by(JournalItem.account_id)
    )
    return {a: -from_minor(int(b or 0), company.currency) for a, b in session.execute(stmt)}


def _retained_set(session: Session, company_id: int) -> bool:
    return optional_company_account(session, company_id, "retained_earnings_account") is not None
