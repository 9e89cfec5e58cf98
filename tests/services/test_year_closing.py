"""Fiscal year closing: closing entry, lock, reports of both years, re-opening (both databases)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from asiento.domain.access import Principal, Role
from asiento.domain.errors import (
    Forbidden,
    MissingSetting,
    PeriodLocked,
    YearClosed,
    YearNotClosable,
    YearNotClosed,
)
from asiento.reports import balances, statements
from asiento.reports.common import ReportFilter
from asiento.services.access import principal as access
from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import entries as ledger
from asiento.services.ledger import year_closing
from asiento.services.reference import account_settings
from asiento.store.tables import AuditEvent, Company, JournalItem
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple, row_counts, simple_entry

D = Decimal


def _book_2026(uow: UnitOfWork, company: SeededCompany) -> None:
    """Sales 1,000.00 and rent 300.00 in 2026: a profit of 700.00."""
    post_simple(uow, company, debit_account="1000", credit_account="4000", amount="1000.00",
                day=date(2026, 3, 1))  # fmt: skip
    post_simple(uow, company, debit_account="6000", credit_account="1000", amount="300.00",
                day=date(2026, 6, 1))  # fmt: skip


def _pnl(uow: UnitOfWork, company: SeededCompany, as_of: date) -> statements.Statement:
    with uow:
        return statements.profit_and_loss(uow.session, ReportFilter(company.id, date_to=as_of))


def _bs(uow: UnitOfWork, company: SeededCompany, as_of: date) -> dict[str, Decimal]:
    with uow:
        st = statements.balance_sheet(uow.session, ReportFilter(company.id, date_to=as_of))
    return {r.name: r.amount for r in st.rows if r.section == "equity"}


def _closing_items(uow: UnitOfWork, entry_id: int) -> list[tuple[int, int, int]]:
    with uow:
        stmt = select(JournalItem.account_id, JournalItem.debit, JournalItem.credit).where(
            JournalItem.entry_id == entry_id
        )
        return sorted((a, d, c) for a, d, c in uow.session.execute(stmt))


def test_closing_moves_the_result_to_retained_earnings_and_locks_the_year(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    _book_2026(uow, company)
    status = year_closing.close_year(uow, company.id, 2026)
    a = company.accounts
    assert (status.state, status.net_result, status.lock_date) == ("closed", D("700.00"),
                                                                  date(2026, 12, 31))  # fmt: skip
    assert status.closing_entry_id is not None and status.closing_entry_number
    assert _closing_items(uow, status.closing_entry_id) == sorted(
        [(a["4000"], 100000, 0), (a["6000"], 0, 30000), (a["3100"], 0, 70000)]
    )
    # the closed year's P&L still shows what it earned; the next one starts at zero
    closed = _pnl(uow, company, date(2026, 12, 31))
    assert closed.result.amount == D("700.00")
    assert [(r.code, r.amount) for r in closed.rows] == [("4000", D("1000.00")),
                                                         ("6000", D("300.00"))]  # fmt: skip
    new = _pnl(uow, company, date(2027, 1, 31))
    assert (new.rows, new.result.amount) == ((), D("0.00"))
    assert _bs(uow, company, date(2027, 1, 31)) == {"Retained earnings": D("700.00")}
    with pytest.raises(PeriodLocked):
        post_simple(uow, company, day=date(2026, 12, 31))


def test_the_trial_balance_shows_the_closing_entry_in_its_column_or_leaves_it_out(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    _book_2026(uow, company)
    year_closing.close_year(uow, company.id, 2026)
    f = ReportFilter(company.id, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    with uow:
        column = balances.trial_balance(uow.session, f)
        left_out = balances.trial_balance(uow.session, f, closing_entries="exclude")
        included = balances.trial_balance(uow.session, f, closing_entries="include")
    rows = {r.code: (r.debit, r.credit, r.year_end, r.closing) for r in column.rows}
    assert rows["4000"] == (D("0.00"), D("1000.00"), D("1000.00"), D("0.00"))
    assert rows["6000"] == (D("300.00"), D("0.00"), D("-300.00"), D("0.00"))
    assert rows["3100"] == (D("0.00"), D("0.00"), D("-700.00"), D("-700.00"))
    assert column.total.year_end == D("0.00") and column.total.closing == D("0.00")
    out = {r.code: (r.credit, r.year_end, r.closing) for r in left_out.rows}
    assert out["4000"] == (D("1000.00"), None, D("-1000.00")) and "3100" not in out
    inc = {r.code: (r.debit, r.credit, r.closing) for r in included.rows}
    assert inc["4000"] == (D("1000.00"), D("1000.00"), D("0.00"))


def test_reopening_reverses_the_closing_entry_and_gives_back_the_lock_date(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    _book_2026(uow, company)
    year_closing.close_year(uow, company.id, 2026)
    status = year_closing.reopen_year(uow, company.id, 2026, "late supplier bill")
    assert (status.state, status.lock_date, status.closing_entry_id) == ("open", None, None)
    assert status.net_result == D("700.00")
    assert _bs(uow, company, date(2027, 1, 31)) == {
        "Prior years' undistributed earnings": D("700.00")
    }
    assert _pnl(uow, company, date(2026, 12, 31)).result.amount == D("700.00")
    post_simple(uow, company, day=date(2026, 12, 31), amount="50.00")
    again = year_closing.close_year(uow, company.id, 2026)
    assert again.net_result == D("650.00")
    assert _bs(uow, company, date(2027, 1, 31)) == {"Retained earnings": D("650.00")}
    with uow:
        actions = list(uow.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.like("year.%")).order_by(AuditEvent.id)))  # fmt: skip
    assert actions == ["year.close", "year.reopen", "year.close"]


def test_drafts_of_the_year_block_closing_and_are_listed(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    _book_2026(uow, company)
    draft = ledger.create_entry(uow, company.id, simple_entry(day=date(2026, 11, 2), ref="accrual"))
    ledger.create_entry(uow, company.id, simple_entry(day=date(2027, 1, 2)))  # next year: no block
    before = row_counts(uow)
    with pytest.raises(YearNotClosable) as caught:
        year_closing.close_year(uow, company.id, 2026)
    assert [(p.field, p.code) for p in caught.value.problems] == [(f"entry {draft.id}", "entry")]
    assert "draft entry MISC accrual (2026-11-02) is a draft" in caught.value.problems[0].message
    assert row_counts(uow) == before
    listed = year_closing.year_status(uow, company.id, 2026)
    assert [(b.kind, b.id) for b in listed.blockers] == [("entry", draft.id)]
    ledger.delete_entry(uow, company.id, draft.id)
    assert year_closing.close_year(uow, company.id, 2026).state == "closed"


def test_closing_without_retained_earnings_names_the_setting(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    _book_2026(uow, company)
    account_settings.update_company_settings(uow, company.id, retained_earnings_account=None)
    with pytest.raises(MissingSetting, match="retained_earnings_account"):
        year_closing.close_year(uow, company.id, 2026)
    with uow:
        assert uow.session.get(Company, company.id).lock_date is None  # type: ignore[union-attr]


def test_years_close_in_order_and_reopen_in_reverse(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    _book_2026(uow, company)
    post_simple(uow, company, day=date(2027, 2, 1))
    with pytest.raises(YearNotClosed, match="2026 is still open"):
        year_closing.close_year(uow, company.id, 2027)
    year_closing.close_year(uow, company.id, 2026)
    with pytest.raises(YearClosed, match="already closed"):
        year_closing.close_year(uow, company.id, 2026)
    year_closing.close_year(uow, company.id, 2027)
    with pytest.raises(YearClosed, match="2027 is closed"):
        year_closing.reopen_year(uow, company.id, 2026)
    with pytest.raises(YearNotClosed):
        year_closing.reopen_year(uow, company.id, 2028)


def test_only_an_admin_reopens(uow: UnitOfWork, company: SeededCompany) -> None:
    _book_2026(uow, company)
    access.set_principal(Principal(1, company.id, Role.BILLING_CLERK, "Clara"))
    try:
        with pytest.raises(Forbidden):
            year_closing.close_year(uow, company.id, 2026)
    finally:
        access.set_principal(None)
    year_closing.close_year(uow, company.id, 2026)
    access.set_principal(Principal(1, company.id, Role.ACCOUNTANT, "Ana"))
    try:
        with pytest.raises(Forbidden):
            year_closing.reopen_year(uow, company.id, 2026)
    finally:
        access.set_principal(None)
    assert year_closing.year_status(uow, company.id, 2026).state == "closed"
