"""How many SQL statements the automatic statement pass sends per chunk of lines (pinned).

A chunk of lines that each settle one open item by reference costs a fixed
number of statements, whatever its size: the locked read of the chunk's lines,
the lock and read of the claimed items, the entries, items, partials, residuals,
invoice states, line states and audit events written set-based, plus the
per-chunk reads of the payment-state refresh. The pass costs a fixed part plus
``PER_CHUNK`` per chunk: a per-line statement or a look-up per line that creeps
back in fails here (the lines of the large pass are three times as many). A first pass books the
bank journal's first entry of the year (its number sequence is created once).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from asiento.services.bank import statement_auto
from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.bank.statements import ManualLine, ManualStatement, create_statement
from asiento.services.demo.seed import SeededCompany
from asiento.store.tables import Invoice, JournalItem, PartialReconciliation, StatementLine
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer
from tests.services.test_statement_reconcile import invoice
from tests.sql_counter import Sent, captured, counting

CHUNK = 3
DAY = date(2026, 3, 2)
PER_CHUNK = 28
"""On both databases: SQLite reads the highest id before each insert that allocates ids up
front, PostgreSQL draws as many from the table's sequence in one statement instead."""


@pytest.fixture(autouse=True)
def chunks_of_three(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statement_auto, "LINE_CHUNK", CHUNK)


def statement_quoting(uow: UnitOfWork, company: SeededCompany, ref: str, count: int) -> None:
    """``count`` open invoices of one partner and a statement line quoting each number."""
    partner = customer(uow, company, f"Customer {ref}")
    lines = []
    for n in range(count):
        amount = f"{100 + n}.25"
        _, number = invoice(uow, company, partner, amount)
        lines.append(ManualLine(DAY, Decimal(amount), communication=f"Invoice {number}"))
    data = ManualStatement("BNK1", DAY, ref, None, None, tuple(lines))
    create_statement(uow, company.id, data)


def pass_statements(uow: UnitOfWork, engine: Engine, company: SeededCompany) -> int:
    with counting(engine) as statements:
        report = auto_reconcile(uow, company.id)
    assert report.refused == [] and report.ambiguous == [] and report.left == 0
    assert report.per_line == 0 and report.bulk == len(report.matched)
    return len(statements)


def test_each_chunk_of_lines_costs_the_same_statements(
    uow: UnitOfWork, engine: Engine, company: SeededCompany
) -> None:
    statement_quoting(uow, company, "A", CHUNK)
    pass_statements(uow, engine, company)  # the first booking in the bank journal's year
    statement_quoting(uow, company, "B", 2 * CHUNK)
    small = pass_statements(uow, engine, company)
    statement_quoting(uow, company, "C", 6 * CHUNK)
    large = pass_statements(uow, engine, company)
    assert large - small == PER_CHUNK * (6 - 2)
    with uow:
        s = uow.session
        open_lines = s.scalar(select(func.count()).where(StatementLine.state == "open"))
        reconciled = s.scalar(select(func.count()).where(StatementLine.state == "reconciled"))
        paid = s.scalar(select(func.count()).where(Invoice.payment_state == "paid"))
    assert (open_lines, reconciled, paid) == (0, 9 * CHUNK, 9 * CHUNK)


def _updated_ids(sent: list[Sent]) -> list[int]:
    """The ids each captured ``UPDATE journal_items`` set: SQLite's rows end with the id; PostgreSQL's ``UPDATE ... FROM unnest`` sends them as its first array, as text."""
    ids: list[int] = []
    for _, params in sent:
        if isinstance(params, dict):
            ids += [int(i) for i in str(params["a0"]).strip("{}").split(",")]
        elif params and isinstance(params[0], int):  # one row: sent as a plain execute
            ids.append(int(params[-1]))
        else:
            ids += [int(row[-1]) for row in params]
    return ids


def test_the_bank_items_go_in_settled_and_only_the_invoices_items_are_updated(
    uow: UnitOfWork, engine: Engine, company: SeededCompany
) -> None:
    partner = customer(uow, company, "Customer S")
    opened, lines = [], []
    for n in range(CHUNK + 1):  # two chunks
        amount = f"{200 + n}.50"
        item, number = invoice(uow, company, partner, amount)
        opened.append(item)
        lines.append(ManualLine(DAY, Decimal(amount), communication=f"Invoice {number}"))
    create_statement(uow, company.id, ManualStatement("BNK1", DAY, "S", None, None, tuple(lines)))
    sent = captured(
        engine,
        lambda: auto_reconcile(uow, company.id),
        lambda sql: sql.lstrip().upper().startswith("UPDATE JOURNAL_ITEMS"),
    )
    assert sorted(_updated_ids(sent)) == sorted(opened)
    with uow:
        s = uow.session
        fulls = dict(
            s.execute(
                select(JournalItem.id, JournalItem.full_reconciliation_id).where(
                    JournalItem.id.in_(opened)
                )
            ).all()
        )
        bank = s.execute(
            select(PartialReconciliation.debit_item_id, PartialReconciliation.credit_item_id)
        ).all()
        counterparts = {d: c for d, c in bank}
        rows = s.execute(
            select(
                JournalItem.id,
                JournalItem.amount_residual,
                JournalItem.reconciled,
                JournalItem.full_reconciliation_id,
            ).where(JournalItem.id.in_(counterparts.values()))
        ).all()
    assert set(counterparts) == set(opened)
    settled = {r.id: (r.amount_residual, r.reconciled, r.full_reconciliation_id) for r in rows}
    assert settled == {counterparts[i]: (0, True, fulls[i]) for i in opened}
    assert all(fulls.values())
