"""Report identities over random ledgers (hypothesis), on SQLite and PostgreSQL.

Each example seeds a fresh company in the same database (reports are company
scoped, so earlier examples must not leak in), posts random balanced entries
through batch posting, matches receivable/payable items with partial
reconciliations dated when both items exist, and checks at a random date:

- trial balance: period debit == credit; opening and closing sum to zero;
- balance sheet: assets == liabilities + equity (with current earnings);
- aged receivable / payable total == the account's balance at that date.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from asiento.reports.aged import aged_payable, aged_receivable
from asiento.reports.balances import trial_balance
from asiento.reports.common import ReportFilter
from asiento.reports.statements import balance_sheet
from asiento.services.demo.seed import CHART, seed_company
from asiento.services.ledger import batch_posting
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.tables import JournalItem
from asiento.store.uow import UnitOfWork
from tests.reports.conftest import partner, reconcile

START = date(2025, 1, 1)
CODES = [code for code, _, _ in CHART]
PARTNERED = {"1100", "2000"}

entries = st.lists(
    st.tuples(
        st.integers(0, 729),  # day offset
        st.sampled_from(CODES),
        st.sampled_from(CODES),
        st.integers(1, 10**7),  # cents
        st.integers(0, 2),  # partner
        st.integers(0, 120),  # days until due
    ),
    min_size=1,
    max_size=25,
)


def _line(code: str, amount: Decimal, debit: bool, partner_id: int, due: date) -> LineInput:
    kw = {"partner_id": partner_id, "due_date": due} if code in PARTNERED else {}
    return LineInput(code, debit=amount if debit else Decimal(0),
                     credit=Decimal(0) if debit else amount, **kw)  # type: ignore[arg-type]  # fmt: skip


def _match(uow: UnitOfWork, company_id: int, account_id: int) -> None:
    """Greedy FIFO matching of credit items against debit items, per partner."""
    with uow:
        items = uow.session.execute(
            select(JournalItem.id, JournalItem.partner_id, JournalItem.balance, JournalItem.date)
            .where(JournalItem.company_id == company_id, JournalItem.account_id == account_id)
            .order_by(JournalItem.id)
        ).all()
    debits = [[i, p, b, d] for i, p, b, d in items if b > 0]
    for cid, cp, cb, cd in [x for x in items if x[2] < 0]:
        left = -cb
        for deb in debits:
            if deb[1] != cp or deb[2] == 0 or left == 0:
                continue
            amount = min(left, deb[2])
            day = max(cd, deb[3])
            reconcile(uow, company_id, deb[0], cid, str(Decimal(amount) / 100), day)
            deb[2] -= amount
            left -= amount


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(rows=entries, as_of_offset=st.integers(0, 760))
def test_report_identities_hold_on_any_ledger(
    uow: UnitOfWork, rows: list[tuple[int, str, str, int, int, int]], as_of_offset: int
) -> None:
    company = seed_company(uow, "Random SL", "EUR")
    people = [partner(uow, company, f"P{n}") for n in range(3)]
    batch = []
    for offset, debit, credit, cents, who, due in rows:
        day, amount = START + timedelta(days=offset), Decimal(cents) / 100
        batch.append(EntryInput("MISC", day, (
            _line(debit, amount, True, people[who], day + timedelta(days=due)),
            _line(credit, amount, False, people[who], day + timedelta(days=due)),
        )))  # fmt: skip
    batch_posting.post_entries(uow, company.id, batch)
    _match(uow, company.id, company.accounts["1100"])
    _match(uow, company.id, company.accounts["2000"])
    as_of = START + timedelta(days=as_of_offset)
    f = ReportFilter(company.id, date_to=as_of)
    with uow:
        s = uow.session
        tb = trial_balance(s, f)
        bs = balance_sheet(s, f)
        ar, ap = aged_receivable(s, f), aged_payable(s, f)
    closing = {r.code: r.closing for r in tb.rows}
    assert tb.total.debit == tb.total.credit
    assert tb.total.opening == tb.total.closing == 0
    assets, liabilities, equity = bs.totals
    assert assets.amount == liabilities.amount + equity.amount == bs.result.amount
    assert ar.total.total == closing.get("1100", 0)
    assert ap.total.total == -closing.get("2000", 0)
    assert all(r.total == sum(r.buckets) for r in ar.rows + ap.rows)
