"""The duplicate look-up of an import finds fingerprints through the unique key, not a scan.

Why pinned: the look-up of a chunk's fingerprints filtered on ``journal_id`` alone, so
neither database could use the unique key (company_id, journal_id, fingerprint,
occurrence): SQLite went through (journal_id, transaction_id) and read every line of the
journal for every chunk, and a 100,000-line import spent more time in its look-ups the
more it had written. The plan of the statement actually sent is checked here (on PostgreSQL, whose choice at a
few hundred rows depends on missing statistics, that the unique key's columns are given).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

from asiento.domain.commands.chart import JournalChanges
from asiento.services.bank.statement_import import import_statement
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store.uow import UnitOfWork
from tests.services.test_statement_import_counts import IBAN, camt


def _lookups(engine: Engine, run: Any) -> list[tuple[str, Any]]:
    """The statements (with parameters) that read statement lines by fingerprint."""
    seen: list[tuple[str, Any]] = []

    def on_execute(_conn: Any, _cursor: Any, sql: str, params: Any, *_rest: Any) -> None:
        if "FROM statement_lines" in sql and "fingerprint" in sql.split("WHERE", 1)[-1]:
            seen.append((sql, params))

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    return seen


def _plan(engine: Engine, sql: str, params: Any) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")  # tiny tables: ask for an index
            rows = conn.exec_driver_sql("EXPLAIN " + sql, params).all()
        else:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
    return "\n".join(str(row[-1]) for row in rows)


def test_fingerprints_are_looked_up_on_the_unique_key(
    uow: UnitOfWork, engine: Engine, company: SeededCompany
) -> None:
    chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))
    import_statement(uow, company.id, "BNK1", camt(0, 120, ref="A"), "a.xml", "camt053")
    lookups = _lookups(
        engine,
        lambda: import_statement(
            uow, company.id, "BNK1", camt(60, 120, ref="B"), "b.xml", "camt053"
        ),
    )
    assert len(lookups) == 1
    plan = _plan(engine, *lookups[0])
    if engine.dialect.name == "postgresql":
        # a table of a few hundred rows has no statistics to choose by: the planner may take
        # either index; the fingerprint branch must at least be able to use the unique key
        assert "(company_id = " in plan and "fingerprint)::text = ANY" in plan, plan
    else:
        assert "(company_id=? AND journal_id=? AND fingerprint=?)" in plan, plan
        assert "SCAN statement_lines" not in plan, plan
