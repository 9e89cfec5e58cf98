"""The automatic pass's payment-state reads find their rows by index, never by a scan.

Why pinned: on SQLite a read that names its company as ``company_id + 0`` (``company_is``)
leaves every ``(company_id, ...)`` index unusable, so it needs an index that leads with the
id it looks up. The reconciled invoices' items are read by ``entry_id``, and the only index
on it is ``ix_journal_items_entry (company_id, entry_id)``: written with ``+ 0`` the read
scanned the whole of ``journal_items`` once per chunk of statement lines (the pass grew
with the ledger, not with the statement; issue 23). The counterpart payments, read through
the ORM, were found by walking the company's payments (``ix_payments_company_partner``), and
the counterpart items by id, read the same way, could walk the company's items.
A statement of 60 lines (more ids than ``JSON_IDS_FROM``: the SQLite reads take them as
one JSON list) is reconciled and the statements it sent explained.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.demo.seed import SeededCompany
from asiento.store.bulk import JSON_IDS_FROM
from asiento.store.uow import UnitOfWork
from tests.services.test_entry_items_plan import _plan
from tests.services.test_statement_auto_counts import statement_quoting
from tests.sql_counter import Sent, captured

LINES = 60


def _start(sql: str) -> str | None:
    """The key of ``PLANS`` that ``sql`` starts with, if any."""
    flat = " ".join(sql.split())
    return next((start for start in PLANS if flat.startswith(start)), None)


def _reads(engine: Engine, run: Any) -> list[Sent]:
    """The pass's reads of items and payments by their entry, and of items by id."""
    return captured(engine, run, lambda sql: _start(sql) is not None)


PLANS = {
    "SELECT journal_items.id, journal_items.entry_id, journal_items.amount": (
        "SEARCH journal_items USING INDEX ix_journal_items_entry (company_id=? AND entry_id=?)"
    ),
    "SELECT journal_items.id, journal_items.entry_id FROM": (
        "SEARCH journal_items USING INTEGER PRIMARY KEY (rowid=?)"
    ),
    "SELECT payments.entry_id": "SEARCH payments USING INDEX ix_payments_entry_id (entry_id=?)",
}
"""The start of each statement explained, and the search its plan must make."""


def test_the_payment_state_reads_use_the_entry_indexes(
    uow: UnitOfWork, engine: Engine, company: SeededCompany
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("``company_id + 0`` is SQLite's; PostgreSQL plans these reads by statistics")
    assert LINES > JSON_IDS_FROM
    statement_quoting(uow, company, "P", LINES)
    found: list[Any] = []
    reads = _reads(engine, lambda: found.append(auto_reconcile(uow, company.id)))
    assert len(found[0].matched) == LINES and found[0].refused == []
    starts = [start for sql, _ in reads if (start := _start(sql)) is not None]
    assert len(starts) == len(reads) and sorted(starts) == sorted(PLANS), starts
    for (sql, params), start in zip(reads, starts, strict=True):
        plan = _plan(engine, sql, params)
        table = sql.split()[1].split(".")[0]
        assert f"SCAN {table}" not in plan, plan
        assert PLANS[start] in plan, plan
