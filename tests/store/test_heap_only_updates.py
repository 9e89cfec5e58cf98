"""The rows a payment closes are updated in place: no index uses a column those updates set.

PostgreSQL writes an update to the same page without touching the indexes (a heap-only
tuple) only when no index uses a changed column, the index's predicate included, and the
page has room. The automatic statement pass updates, per bank line, the invoice's item,
the invoice and the line (issue 23, migration ``0003_heap_only_closings``): an index added on
one of the columns below silently makes every such update write every index again.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, text

from asiento.store.migrate import upgrade

CLOSING_UPDATES = {
    "journal_items": (
        "amount_residual",
        "amount_residual_currency",
        "reconciled",
        "full_reconciliation_id",
    ),
    "invoices": ("payment_state", "amount_residual"),
    "statement_lines": ("state", "entry_id"),
}
"""What reconciling sets on each table (``auto_reconcile_bulk``, ``payment_state_bulk``,
``statement_auto_bulk``, ``reconciliation``)."""

ROOM = 80
"""The fillfactor that leaves a fifth of each page for the new versions."""


def _index_definitions(engine: Engine, table: str) -> list[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            sql = "SELECT indexdef FROM pg_indexes WHERE tablename = :t"
        else:
            sql = "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"
        return [str(r[0]) for r in conn.execute(text(sql), {"t": table}) if r[0]]


def _fillfactors(engine: Engine, table: str) -> set[str]:
    """The fillfactor of the table, or of each partition when it is partitioned."""
    sql = """
        SELECT coalesce(array_to_string(c.reloptions, ','), '') FROM pg_class c
         WHERE c.oid = CAST(:t AS regclass) AND c.relkind = 'r'
        UNION ALL
        SELECT coalesce(array_to_string(c.reloptions, ','), '') FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = CAST(:t AS regclass)
    """
    with engine.connect() as conn:
        return {str(r[0]) for r in conn.execute(text(sql), {"t": table})}


def test_no_index_uses_a_column_that_closing_updates_set(engine: Engine) -> None:
    upgrade(engine)
    for table, columns in CLOSING_UPDATES.items():
        definitions = _index_definitions(engine, table)
        assert definitions, table
        for column in columns:
            word = re.compile(rf"\b{column}\b")
            using = [d for d in definitions if word.search(d)]
            assert using == [], (table, column, using)


def test_the_updated_tables_keep_room_on_their_pages(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no fillfactor: it rewrites a row within its page")
    upgrade(engine)
    for table in CLOSING_UPDATES:
        assert _fillfactors(engine, table) == {f"fillfactor={ROOM}"}, table
