"""Fresh planner statistics for the tables the bulk writers grow (PostgreSQL).

Why: a table filled in bulk keeps the statistics it had before (none, or those of when it
was nearly empty) until autovacuum comes round, a minute or more later. The planner then
takes the rows just written for a handful and joins them by nested loops over every row:
a look-up of 2,000 statement fingerprints compared each with all the journal's lines (a
100,000-line import ran four minutes), and an automatic pass of 2,000 statement lines right
after the open items were loaded spent 7.7 s in SQL, 0.65 s once analysed.

So the writers report the rows they write, counted per engine (a batch posting commits every
chunk, in a new session each time): the bulk writers (``store.bulk``), the per-document
ones (``new_rows.insert_persistent``, ``item_rows.insert_items``) and every ORM flush (its
new rows, ``_count_flushed``) too. A stream of single
invoices into a new database otherwise kept the foreign-key checks' plans of its first
invoice: each of an invoice's item tax links checked its item by scanning ``journal_items``
(1.1 ms a link after 1,000 invoices, growing), its items their entry by scanning
``journal_entries``, until autovacuum came round (never, where it is off). When the rows
written to a table since this process last analysed it reach three times the table's size as
then analysed (at least 1,000), so that the table has grown fourfold, it is analysed in the
writer's transaction, where its own new rows count: a run of N rows analyses each table it
grows about log4(N / 250) times (a 100,000-line import twice: doubling instead cost the
import 0.5 s more); a steady stream of single documents analyses as seldom.

``ANALYZE (SKIP_LOCKED)``: ANALYZE holds its lock (SHARE UPDATE EXCLUSIVE) to the end of the
transaction and that lock conflicts with another ANALYZE of the same table, so two large
imports at once would wait for each other (or deadlock across two tables) for a mere hint.
The second one skips instead; its next threshold, or autovacuum, analyses later. SQLite
plans by its own rules without statistics: nothing to do there.

On a Citus coordinator a distributed table is an empty shell: ``ANALYZE`` reaches its shards
(in the same transaction), but the coordinator's ``reltuples`` stays 0. The size seen is
therefore at least the rows this process has written to the table, so the next threshold
still lies at four times that and not at every 1,000 rows (a 10,000-entry batch posting on
two workers analysed its 30,000 items three times instead of once).
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

FIRST = 1_000
"""Rows written to a table before its first ``ANALYZE`` by this process.

Low, because a table's first statistics also replace the plans PostgreSQL cached while it was
nearly empty, the foreign-key checks' above all: a batch posting into a new database checked
each item's entry by scanning ``journal_entries`` until its first ``ANALYZE``. At 8,000,
10,000 entries took 17.5 s; at 1,000, 5.7 s (same run, load 12)."""
GROWTH = 3
"""After an ``ANALYZE``, the rows to write before the next, as a multiple of the size seen."""


@dataclass(slots=True)
class Tally:
    """One table's schedule: rows written since its last ``ANALYZE``, the threshold they must
    reach for the next, and the rows written in all. The rule lives here once; the product's
    writers (``wrote``) and the raw baseline (``bench/raw.py``) both follow it."""

    since: int = 0
    threshold: int = field(default_factory=lambda: FIRST)  # read when made (tests lower it)
    total: int = 0

    def add(self, rows: int) -> bool:
        """Count ``rows`` more; true when the table is due for ``ANALYZE`` (the count restarts)."""
        self.since += rows
        self.total += rows
        if self.since < self.threshold:
            return False
        self.since = 0
        return True

    def analysed(self, size: int) -> None:
        """The next threshold once analysed at ``size`` rows (at least those written here)."""
        self.threshold = max(FIRST, GROWTH * max(size, self.total))


_written: weakref.WeakKeyDictionary[Engine, dict[str, Tally]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def wrote(session: Session, table: Any, rows: int) -> None:
    """Count ``rows`` new rows of ``table``; analyse it once they reach its next threshold."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or rows <= 0 or not isinstance(bind, Engine):
        return
    with _lock:
        tally = _written.setdefault(bind, {}).setdefault(table.name, Tally())
        if not tally.add(rows):
            return
    size = analyze(session, table)
    with _lock:
        tally.analysed(size)


def analyze(session: Session, table: Any) -> int:
    """``ANALYZE (SKIP_LOCKED) table`` in the session's transaction; the rows it now counts."""
    conn = session.connection()
    conn.exec_driver_sql(f"ANALYZE (SKIP_LOCKED) {table.name}")
    return planned_rows(session, table)


def planned_rows(session: Session, table: Any) -> int:
    """``reltuples`` of ``table`` (0 when never analysed, and always on a Citus coordinator)."""
    planned = (
        session.connection()
        .execute(
            text("SELECT reltuples FROM pg_class WHERE oid = CAST(:t AS regclass)"),
            {"t": table.name},
        )
        .scalar_one()
    )
    return max(int(planned), 0)


@event.listens_for(Session, "after_flush")
def _count_flushed(session: Session, _context: Any) -> None:
    """The rows an ORM flush inserted count like any writer's (a payment, a draft entry)."""
    if not session.new or session.get_bind().dialect.name != "postgresql":
        return
    tables = Counter(getattr(type(obj), "__table__", None) for obj in session.new)
    for table, rows in tables.items():
        if table is not None:
            wrote(session, table, rows)
