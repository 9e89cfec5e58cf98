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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from itertools import chain
from typing import Any

import psycopg
from sqlalchemy import Engine

Rows = Iterable[dict[str, Any]]
"""Rows may be a generator: ``insert_batch`` streams them (a large baseline in flat memory)."""
Document = Sequence[tuple[str, Rows]]
"""One document's rows, table by table, in insertion order (parents first)."""


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
    in between (a large baseline in flat memory, and no building cost in the limit)."""
    seconds = 0.0
    with _connect(engine) as (kind, conn):
        write = _sqlite_document if kind == "sqlite" else _pg_document
        for batch in batches:
            start = time.perf_counter()
            for doc in batch:
                write(conn, doc)
            seconds += time.perf_counter() - start
    return seconds


def _sqlite_document(conn: Any, doc: Document) -> None:
    conn.execute("BEGIN IMMEDIATE")
    for table, rows in doc:
        _sqlite_rows(conn, table, rows)
    conn.execute("COMMIT")


def _pg_document(conn: Any, doc: Document) -> None:
    with conn.transaction(), conn.cursor() as cur:
        for table, rows in doc:
            listed = list(rows)
            names = list(listed[0])
            sql = (
                f"INSERT INTO {table} ({', '.join(names)}) "
                f"VALUES ({', '.join(['%s'] * len(names))})"
            )
            cur.executemany(sql, [tuple(r[k] for k in names) for r in listed])
