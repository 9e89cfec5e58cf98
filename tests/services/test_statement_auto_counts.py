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
from asiento.store.tables import Invoice, StatementLine
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer
from tests.services.test_statement_reconcile import invoice
from tests.sql_counter import counting

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
