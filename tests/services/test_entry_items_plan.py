"""An entry's items are read through one index on (company_id, entry_id), whatever the statistics.

Why pinned: every read of an entry's items names its company (``store.tenancy`` adds
``company_id = :company``), but the only index on ``entry_id`` was ``entry_id`` alone.
PostgreSQL, planning without statistics (batch posting writes the ledger with COPY and
nothing had analysed it), took ``company_id = :company`` for selective and ANDed the
``entry_id`` index with a company-leading one: each read of an entry's items walked the
company's whole index, 0.3 s on a 100,000-entry ledger, twice per posted entry (posting
one entry per transaction fell from 37/s at 10,000 entries to 4.9/s at 100,000; issue 23).
The statements actually sent while posting an entry on a ledger of 1,000 batch-posted
entries (not analysed, as after a bulk load) are explained: the items must be found by an
index condition on both columns, never by a bitmap AND. Sequential scans are discouraged
in the check, as a small test table would otherwise be read whole.
"""

from __future__ import annotations

import weakref
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.batch_posting import post_entries
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store import statistics
from asiento.store.uow import UnitOfWork
from tests.sql_counter import captured

D = Decimal


def _item_reads(engine: Engine, run: Any) -> list[tuple[str, Any]]:
    """The statements that read ``journal_items`` by ``entry_id`` (with their parameters)."""
    return captured(
        engine,
        run,
        lambda sql: sql.startswith("SELECT") and "FROM journal_items" in sql and "entry_id" in sql,
    )


def _plan(engine: Engine, sql: str, params: Any) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            return "\n".join(str(row[-1]) for row in rows)
        conn.exec_driver_sql("SET enable_seqscan = off")
        rows = conn.exec_driver_sql("EXPLAIN " + sql, params).all()
        conn.rollback()
        return "\n".join(str(row[0]) for row in rows)


def _entry(n: int) -> EntryInput:
    amount = D(100 + n)
    lines = (LineInput("6100", debit=amount), LineInput("1000", credit=amount))
    return EntryInput("MISC", date(2026, 3, 1), lines, ref=f"plan {n}")


def _post(uow: UnitOfWork, company: SeededCompany, n: int) -> None:
    ledger.create_entry(uow, company.id, _entry(n), post=True)


def test_an_entrys_items_are_read_by_company_and_entry(
    uow: UnitOfWork, engine: Engine, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statistics, "FIRST", 10**9)  # the ledger as a bulk load leaves it
    monkeypatch.setattr(statistics, "_written", weakref.WeakKeyDictionary())  # earlier tests'
    post_entries(uow, company.id, (_entry(n) for n in range(1000)))
    reads = _item_reads(engine, lambda: _post(uow, company, 3))
    assert len(reads) == 2, reads  # posting's re-read of the draft's items, the entry's view
    for sql, params in reads:
        plan = _plan(engine, sql, params)
        if engine.dialect.name == "sqlite":
            assert "ix_journal_items_entry (company_id=? AND entry_id=?)" in plan, plan
            continue
        assert "BitmapAnd" not in plan, plan
        # the scan of the items (the join order, and so the first scan, follows the statistics)
        lines = plan.splitlines()
        at = next(i for i, ln in enumerate(lines) if "Index Scan" in ln and "journal_items" in ln)
        used = lines[at]
        # the index itself, or a partition's copy of it (the partitioned-schema CI run)
        assert "ix_journal_items_entry on" in used or "_company_id_entry_id_idx on" in used, plan
        cond = next(line for line in lines[at:] if "Index Cond" in line)
        assert "company_id = " in cond and "entry_id = " in cond, plan
