"""The true raw limit: the same rows written with the bare driver, no SQLAlchemy, no RETURNING.

Every benchmark compares the product with what the database itself can take for the very same
rows in the same run (issue 23): on SQLite the ``sqlite3`` module's ``executemany`` of plain
tuples, on PostgreSQL psycopg's ``COPY`` — both in one transaction — and for a path that writes
one document per transaction, one plain DBAPI transaction per document with the same rows.

Rows are dicts of column values (``date`` and ``bool`` as Python values) and carry their ids, so
that rows of one document point at each other without reading anything back; ``next_ids`` hands
out ids above the tables' highest and ``resync_sequences`` moves PostgreSQL's sequences past them
afterwards (outside any timing).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import Any

import psycopg
from sqlalchemy import Engine

from asiento.store import statistics

Rows = Iterable[dict[str, Any]]
"""Rows may be a generator: ``insert_batch`` streams them (a large baseline in flat memory)."""


@dataclass(frozen=True)
class Statement:
    """A write of a document besides its inserts: an ``UPDATE`` of a row it moves (the
    numbering counter, the chain head). Placeholders ``%s`` (``?`` on SQLite)."""

    sql: str
    params: tuple[Any, ...]


Document = Sequence[tuple[str, Rows] | Statement]
"""One document's writes in the product's order: its inserts table by table (parents first)
and its statements."""


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@contextmanager
def _connect(engine: Engine) -> Iterator[tuple[str, Any]]:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        conn = sqlite3.connect(str(url.database), isolation_level=None)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        try:
            yield "sqlite", conn
        finally:
            conn.close()
        return
    info = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(info, autocommit=True) as pg:
        yield "postgresql", pg


def next_ids(engine: Engine, tables: Sequence[str]) -> dict[str, int]:
    """The first free id of each table (its highest + 1)."""
    with _connect(engine) as (_kind, conn):
        return {
            t: int(conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0]) + 1
            for t in tables
        }


def resync_sequences(engine: Engine, tables: Sequence[str]) -> None:
    """Move PostgreSQL's id sequences past the ids written by hand (no-op on SQLite)."""
    with _connect(engine) as (kind, conn):
        if kind != "postgresql":
            return
        for t in tables:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {t}))"
            )


def _peek(rows: Rows) -> tuple[list[str], Iterator[dict[str, Any]]] | None:
    """The column names of the first row and all the rows, without materialising a generator."""
    it = iter(rows)
    first = next(it, None)
    return None if first is None else (list(first), chain([first], it))


def _sqlite_rows(conn: sqlite3.Connection, table: str, rows: Rows) -> None:
    peeked = _peek(rows)
    if peeked is None:
        return
    names, it = peeked
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.executemany(sql, (tuple(_sqlite_value(r[k]) for k in names) for r in it))


def _copy_rows(cur: Any, table: str, rows: Rows) -> None:
    peeked = _peek(rows)
    if peeked is None:
        return
    names, it = peeked
    with cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        for r in it:
            copy.write_row(tuple(r[k] for k in names))


def insert_batch(engine: Engine, tables: Sequence[tuple[str, Rows]]) -> None:
    """All the rows in one transaction: ``executemany`` of tuples (SQLite), ``COPY`` (PostgreSQL)."""
    with _connect(engine) as (kind, conn):
        if kind == "sqlite":
            conn.execute("BEGIN IMMEDIATE")
            for table, rows in tables:
                _sqlite_rows(conn, table, rows)
            conn.execute("COMMIT")
            return
        with conn.transaction(), conn.cursor() as cur:
            for table, rows in tables:
                _copy_rows(cur, table, rows)


def insert_per_document(engine: Engine, documents: Sequence[Document]) -> None:
    """One plain transaction per document: an INSERT (or executemany) per table, then COMMIT."""
    insert_per_document_timed(engine, [documents])


def insert_per_document_timed(engine: Engine, batches: Iterable[Sequence[Document]]) -> float:
    """``insert_per_document`` over batches of documents on one connection; the seconds spent
    writing them. Only the inserts are timed: each batch is built by the caller's iterable
    in between (a large baseline in flat memory, and no building cost in the limit).

    On PostgreSQL the tables are analysed on the product's schedule (``store.statistics``),
    untimed: without it the connection kept the foreign-key checks' plans of its first
    document, made on empty tables, and the limit fell as the tables grew (336 invoices/s at
    1,000, 123/s at 10,000, session 10) while the product, which analyses, did not."""
    seconds = 0.0
    with _connect(engine) as (kind, conn):
        tallies: dict[str, statistics.Tally] = {}
        for batch in batches:
            start = time.perf_counter()
            if kind == "sqlite":
                for doc in batch:
                    _sqlite_document(conn, doc)
                seconds += time.perf_counter() - start
                continue
            counts = [_pg_document(conn, doc) for doc in batch]
            seconds += time.perf_counter() - start
            _analyze_due(conn, tallies, counts)
    return seconds


def _analyze_due(
    conn: Any, tallies: dict[str, statistics.Tally], counts: Sequence[Sequence[tuple[str, int]]]
) -> None:
    """``ANALYZE`` each table whose rows written reach the product's threshold
    (``statistics.Tally``; the size seen is the rows written, as on a Citus coordinator).
    Counted here, after the timing: the documents' writes carry no bookkeeping."""
    written: Counter[str] = Counter()
    for doc in counts:
        for table, rows in doc:
            written[table] += rows
    for table, rows in written.items():
        tally = tallies.setdefault(table, statistics.Tally())
        if tally.add(rows):
            conn.execute(f"ANALYZE {table}")
            tally.analysed(0)


def _sqlite_document(conn: Any, doc: Document) -> None:
    conn.execute("BEGIN IMMEDIATE")
    for step in doc:
        if isinstance(step, Statement):
            conn.execute(step.sql.replace("%s", "?"), tuple(map(_sqlite_value, step.params)))
            continue
        _sqlite_rows(conn, *step)
    conn.execute("COMMIT")


def _pg_document(conn: Any, doc: Document) -> list[tuple[str, int]]:
    """Write one document in its own transaction; the rows written per table."""
    written = []
    with conn.transaction(), conn.cursor() as cur:
        for step in doc:
            if isinstance(step, Statement):
                cur.execute(step.sql, step.params)
                continue
            table, rows = step
            listed = list(rows)
            names = list(listed[0])
            sql = (
                f"INSERT INTO {table} ({', '.join(names)}) "
                f"VALUES ({', '.join(['%s'] * len(names))})"
            )
            cur.executemany(sql, [tuple(r[k] for k in names) for r in listed])
            written.append((table, len(listed)))
    return written


Update = tuple[str, Sequence[str], Sequence[tuple[Any, ...]]]
"""An update of rows found by ``id``: table, the columns set, and per row their values then the id."""


def write_and_discard(engine: Engine, inserts: Sequence[tuple[str, Rows]],
                      updates: Sequence[Update]) -> float:  # fmt: skip
    """The seconds to insert and update the rows in one transaction, which is then rolled back.

    For a path that writes posted entries (which nothing may delete) the raw limit cannot be
    committed and cleaned up: it is timed up to its last write and discarded, so the commit is
    not in the baseline (the product's timing includes its own: the ratio is a little
    pessimistic). Inserts as ``insert_batch``; updates by ``executemany`` of ``UPDATE ...
    WHERE id = ?`` on SQLite, on PostgreSQL ``COPY`` into a temporary table then one
    ``UPDATE ... FROM`` per table.
    """
    with _connect(engine) as (kind, conn):
        if kind == "sqlite":
            conn.execute("BEGIN IMMEDIATE")
            start = time.perf_counter()
            for table, rows in inserts:
                _sqlite_rows(conn, table, rows)
            for table, names, values in updates:
                sets = ", ".join(f"{k} = ?" for k in names)
                conn.executemany(f"UPDATE {table} SET {sets} WHERE id = ?",
                                 ([_sqlite_value(v) for v in row] for row in values))  # fmt: skip
            seconds = time.perf_counter() - start
            conn.execute("ROLLBACK")
            return seconds
        conn.autocommit = False
        with conn.cursor() as cur:
            start = time.perf_counter()
            for table, rows in inserts:
                _copy_rows(cur, table, rows)
            for table, names, values in updates:
                _pg_update(cur, table, names, values)
            seconds = time.perf_counter() - start
        conn.rollback()
        return seconds


def _pg_update(
    cur: Any, table: str, names: Sequence[str], values: Sequence[tuple[Any, ...]]
) -> None:
    scratch = f"raw_{table}"
    cur.execute(f"CREATE TEMP TABLE {scratch} ON COMMIT DROP AS "
                f"SELECT {', '.join(names)}, id FROM {table} LIMIT 0")  # fmt: skip
    with cur.copy(f"COPY {scratch} ({', '.join(names)}, id) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)
    sets = ", ".join(f"{k} = s.{k}" for k in names)
    cur.execute(f"UPDATE {table} AS t SET {sets} FROM {scratch} AS s WHERE t.id = s.id")


def entry_head(ids: tuple[int, int, int], number: str, sequence_number: int,
               entry: Any) -> dict[str, Any]:  # fmt: skip
    """The raw row of a posted entry (``EntryInput``) as posting writes it; ``ids`` are the
    entry's, its company's and its journal's."""
    entry_id, company_id, journal_id = ids
    return {
        "id": entry_id, "company_id": company_id, "journal_id": journal_id, "number": number,
        "date": entry.date, "ref": entry.ref, "narration": "", "state": "posted",
        "sequence_number": sequence_number,
    }  # fmt: skip


def entry_items(ids: tuple[int, int, int], first_id: int, entry: Any,
                accounts: dict[str, int]) -> list[dict[str, Any]]:  # fmt: skip
    """The raw rows of a posted entry's lines (``EntryInput.lines``, in the company currency,
    EUR here), ids from ``first_id`` on; ``ids`` as ``entry_head``'s, ``accounts`` by code."""
    entry_id, company_id, journal_id = ids
    return [
        {
            "id": first_id + k, "entry_id": entry_id, "company_id": company_id,
            "sequence": k, "journal_id": journal_id, "date": entry.date,
            "parent_state": "posted", "account_id": accounts[str(li.account)], "label": li.label,
            "debit": int(li.debit * 100), "credit": int(li.credit * 100),
            "balance": int((li.debit - li.credit) * 100), "currency": "EUR",
            "amount_currency": int((li.debit - li.credit) * 100), "amount_residual": 0,
            "amount_residual_currency": 0, "reconciled": False,
        }
        for k, li in enumerate(entry.lines)
    ]  # fmt: skip
