"""The duplicate look-up of an import finds fingerprints through the unique key, not a scan.

Why pinned: the look-up of a chunk's fingerprints filtered on ``journal_id`` alone, so
neither database could use the unique key (company_id, journal_id, fingerprint,
occurrence): SQLite went through (journal_id, transaction_id) and read every line of the
journal for every chunk, and a 100,000-line import spent more time in its look-ups the
more it had written. The plan of the
statement actually sent is checked on SQLite. PostgreSQL, planning without statistics
on the rows the import itself wrote, took a chunk's 2,000 fingerprints for unselective,
read the journal's lines through another index and compared each with every value (a
100,000-line import into a fresh journal took four minutes): the writer refreshes the
lines' statistics as they grow (``store.statistics``, from the bulk writers).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from asiento.domain.commands.chart import JournalChanges
from asiento.services.bank import statement_import
from asiento.services.bank.statement_import import import_statement
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store import statistics
from asiento.store.uow import UnitOfWork
from tests.services.test_statement_import_counts import IBAN, camt
from tests.sql_counter import captured, counting


def _lookups(engine: Engine, run: Any) -> list[tuple[str, Any]]:
    """The duplicate look-ups sent (with their parameters)."""
    return captured(
        engine, run, lambda sql: "AS which" in sql and "statement_lines.fingerprint" in sql
    )


def _plan(engine: Engine, sql: str, params: Any) -> str:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
    return "\n".join(str(row[-1]) for row in rows)


def _import(uow: UnitOfWork, company: SeededCompany, first: int, ref: str) -> None:
    import_statement(uow, company.id, "BNK1", camt(first, 120, ref=ref), "s.xml", "camt053")


@pytest.fixture()
def bank(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))
    return company


def test_fingerprints_are_looked_up_on_the_unique_key(
    uow: UnitOfWork, engine: Engine, bank: SeededCompany
) -> None:
    _import(uow, bank, 0, "A")
    lookups = _lookups(engine, lambda: _import(uow, bank, 60, "B"))
    assert len(lookups) == 1
    (sql, _params) = lookups[0]
    if engine.dialect.name == "postgresql":
        keys, references = sql.split("UNION ALL")
        assert "statement_lines.company_id = " in keys, sql
        assert "statement_lines.company_id = " in references, sql
        return
    plan = _plan(engine, *lookups[0])
    assert "(company_id=? AND journal_id=? AND fingerprint=?)" in plan, plan
    assert "SCAN statement_lines" not in plan, plan


def test_bank_references_are_looked_up_on_their_index_not_the_journals_lines(
    uow: UnitOfWork, engine: Engine, bank: SeededCompany
) -> None:
    """The reference branch names its company, and on SQLite still goes through
    (journal_id, transaction_id): through (company_id, journal_id, date) it read every line
    of the journal for each chunk (a 100,000-line import's look-ups grew with the square)."""
    _import(uow, bank, 0, "A")
    (sql, params), *_ = _lookups(engine, lambda: _import(uow, bank, 60, "B"))
    references = sql.split("UNION ALL")[1]
    assert "statement_lines.company_id" in references, sql
    if engine.dialect.name == "postgresql":
        return
    plan = _plan(engine, sql, params)
    assert "USING INDEX ix_statement_lines_journal_transaction" in plan, plan
    assert "ix_statement_lines_company_journal_date" not in plan, plan


def test_postgresql_statistics_are_refreshed_as_the_lines_grow(
    uow: UnitOfWork, engine: Engine, bank: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100 lines written (``statistics.FIRST``), then once they have quadrupled (400):
    the look-ups that follow are planned with the rows this import wrote."""
    monkeypatch.setattr(statistics, "FIRST", 100)
    monkeypatch.setattr(statement_import, "CHUNK", 50)
    with counting(engine) as sent:
        import_statement(uow, bank.id, "BNK1", camt(0, 450, ref="A"), "s.xml", "camt053")
    analyzed = [sql for sql in sent if sql.startswith("ANALYZE")]
    if engine.dialect.name == "postgresql":
        assert analyzed == ["ANALYZE (SKIP_LOCKED) statement_lines"] * 2
    else:
        assert analyzed == []
