"""Set-based helpers for large id lists and per-row updates, per dialect.

Why: an ``IN (...)`` over tens of thousands of ids renders one bound parameter
per id (slow to compile and to parse, and PostgreSQL caps a statement at
65,535 parameters), and an executemany ``UPDATE`` runs the statement (and its
row triggers' plan) once per row. On PostgreSQL ``= ANY(:array)`` takes the
ids as one array parameter and ``UPDATE ... FROM unnest(:arrays)`` updates a
batch in one statement with one array parameter per column (column names
come from the table, never from input). SQLite keeps executemany, which is cheap
in-process, but sends it through the driver with each column's bind processor looked up once
(SQLAlchemy's per-row parameter processing cost more than SQLite's own work), and takes a
long id list as one JSON parameter (``IN (SELECT value FROM json_each(?))``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from functools import cache
from operator import itemgetter
from typing import Any

import psycopg
from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Integer,
    Text,
    any_,
    bindparam,
    cast,
    func,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from asiento.store import statistics
from asiento.store.pipeline import is_pipelined

BATCH = 10_000
JSON_IDS_FROM = 50
"""From this many ids on, SQLite gets them as one JSON text instead of one parameter each."""


def array_text(values: Sequence[int | bool | None]) -> str:
    """PostgreSQL's text form of an array of integers or booleans (``{1,2,NULL}``), sent as one
    text parameter and cast by the statement. Why: the driver adapts a Python list element by
    element in Python (its array dumper was the largest client cost of the automatic
    reconciliation on PostgreSQL); ``str`` of an int or a bool is already PostgreSQL's input
    form (booleans read ``True``/``False`` case-insensitively). Only for integer and boolean
    columns: text would need quoting."""
    if None in values:
        return "{" + ",".join("NULL" if v is None else str(v) for v in values) + "}"
    return "{" + ",".join(map(str, values)) + "}"


def _numeric(column_type: Any) -> bool:
    return isinstance(column_type, (Integer, Boolean))


def is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def id_in(session: Session, col: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """``col IN ids``, one parameter however many ids: on PostgreSQL ``col IN (SELECT
    unnest(:array))``, on SQLite a long list is one JSON parameter read by ``json_each`` (no
    statement with thousands of parameters to build).

    Why not ``col = ANY(CAST(:text AS BIGINT[]))`` on PostgreSQL: the cast from text is not
    folded at planning (``array_in`` is only stable), so wherever the plan filters rows
    instead of looking the ids up in an index, it parsed the whole array again for every row
    and searched it linearly: 2,000 partials against 2,000 ids took 140 ms, and 40,000 rows
    against 4,000 ids 10 s. The set of a ``SELECT unnest`` is built once, and the planner may
    hash it or look each id up (issue 23)."""
    if is_pg(session):
        ids_text = bindparam(None, array_text([int(i) for i in ids]), type_=Text)
        unnested = select(func.unnest(cast(ids_text, ARRAY(BigInteger))))
        return col.in_(unnested)  # type: ignore[no-any-return]
    if len(ids) < JSON_IDS_FROM:
        return col.in_(list(ids))  # type: ignore[no-any-return]
    each = func.json_each(bindparam(None, json.dumps([int(i) for i in ids])))
    return col.in_(select(literal_column("value")).select_from(each))  # type: ignore[no-any-return]


def company_is(session: Session, col: Any, company_id: int) -> ColumnElement[bool]:
    """``col = company_id`` for a Core statement that finds its rows by a long id list.

    Why: SQLite has no statistics here, so it takes an equality on the first column of any
    ``(company_id, ...)`` index for a selective one and walks the whole company through it
    rather than look each id up (a chunk's payment-state reads went from 3 ms to 150-350 ms
    at 100,000 statement lines, growing with the pass). On SQLite the filter is written
    ``col + 0 = ?``: the same rows, but no index can serve it, so the id list drives the plan.
    PostgreSQL (and Citus routing) get the plain equality. Run such a statement through the
    session's connection, where the tenancy criteria (a plain ``company_id = ?``) is not added.
    """
    if is_pg(session):
        return col == company_id  # type: ignore[no-any-return]
    return (col + 0) == company_id  # type: ignore[no-any-return]


def _driver_ready(table: Any, names: Sequence[str]) -> bool:
    """True when a plain executemany writes what Core would: no column left out has a
    Python-side default other than a constant, and no column has an ``onupdate``."""
    for c in table.c:
        if c.onupdate is not None:
            return False
        if c.name not in names and c.default is not None and not c.default.is_scalar:
            return False
    return True


def _sqlite_many(
    session: Session, table: Any, sql: str, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """``sql`` (qmark placeholders for ``names``) executed once per row through the driver, each
    value through its column's bind processor, looked up once per column."""
    conn = session.connection()
    procs = [(n, table.c[k].type._cached_bind_processor(conn.dialect)) for n, k in enumerate(names)]
    procs = [(n, p) for n, p in procs if p is not None]
    if procs:
        columns = list(zip(*rows, strict=True))
        for n, p in procs:
            columns[n] = tuple(map(p, columns[n]))
        rows = list(zip(*columns, strict=True))
    conn.exec_driver_sql(sql, list(rows))


def _picker(names: Sequence[str]) -> Any:
    """A function giving a row dict's values of ``names`` as one tuple (``itemgetter`` runs
    in C; about a tenth of a generator expression per row)."""
    if len(names) == 1:
        name = names[0]
        return lambda r: (r[name],)
    return itemgetter(*names)


def _sqlite_insert(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    defaults = _scalar_defaults(table, list(rows[0]))
    names = [*rows[0], *defaults]
    if not _driver_ready(table, names):
        session.connection().execute(insert(table), list(rows))
        return
    given, fill = list(rows[0]), tuple(defaults.values())
    marks = ", ".join("?" * len(names))
    sql = f"INSERT INTO {table.name} ({_quoted(session, names)}) VALUES ({marks})"
    pick = _picker(given)
    values = [(*pick(r), *fill) for r in rows] if fill else list(map(pick, rows))
    _sqlite_many(session, table, sql, names, values)


def _quoted(session: Session, names: Sequence[str]) -> str:
    quote = session.get_bind().dialect.identifier_preparer.quote
    return ", ".join(quote(k) for k in names)


def values_in(session: Session, col: Any, values: Collection[str]) -> ColumnElement[bool]:
    """``col IN values`` for text values, one parameter however many values, as ``id_in``:
    ``col = ANY(:array)`` on PostgreSQL, a JSON list read by ``json_each`` on SQLite."""
    if is_pg(session):
        return col == any_(bindparam(None, list(values), type_=ARRAY(Text)))  # type: ignore[no-any-return]
    if len(values) < JSON_IDS_FROM:
        return col.in_(list(values))  # type: ignore[no-any-return]
    each = func.json_each(bindparam(None, json.dumps([str(v) for v in values])))
    return col.in_(select(literal_column("value")).select_from(each))  # type: ignore[no-any-return]


def _refuse_onupdate(table: Any) -> None:
    """``update_by_id`` writes through the driver, where a column's ``onupdate`` would be
    skipped: no table has one today, and one that gains it must not be updated this way."""
    skipped = [c.name for c in table.c if c.onupdate is not None]
    if skipped:
        raise TypeError(f"update_by_id: {table.name}.{skipped[0]} has an onupdate it would skip")


def update_by_id(
    session: Session, table: Any, company_id: int, rows: Sequence[dict[str, Any]]
) -> None:
    """Set the given columns of each row of ``company_id``, found by ``id`` (one statement per
    batch on PostgreSQL).

    Every row has the same keys: ``id`` plus column names of ``table``. The company is named
    in the statement: a row of another company is left alone whatever id is given, and on
    Citus the update goes to the company's shard alone (a router query).
    """
    if not rows:
        return
    _refuse_onupdate(table)
    keys = [k for k in rows[0] if k != "id"]
    if not is_pg(session):
        sets = ", ".join(f"{k} = ?" for k in _quoted(session, keys).split(", "))
        company = f"company_id + 0 = {int(company_id)}"  # the id drives (``company_is``)
        sql = f"UPDATE {table.name} SET {sets} WHERE id = ? AND {company}"
        values = list(map(_picker([*keys, "id"]), rows))
        _sqlite_many(session, table, sql, [*keys, "id"], values)
        return
    conn = session.connection()
    dialect = session.get_bind().dialect
    names = ["id", *keys]
    arrays = ", ".join(
        f"CAST(:a{n} AS {'BIGINT' if k == 'id' else table.c[k].type.compile(dialect=dialect)}[])"
        for n, k in enumerate(names)
    )
    sets = ", ".join(f"{k} = v.{k}" for k in keys)
    stmt = text(
        f"UPDATE {table.name} AS t SET {sets} FROM unnest({arrays}) AS v({', '.join(names)}) "
        "WHERE t.company_id = :company AND t.id = v.id"
    )
    as_text = [k == "id" or _numeric(table.c[k].type) for k in names]
    for start in range(0, len(rows), BATCH):
        part = rows[start : start + BATCH]
        params: dict[str, Any] = {"company": company_id}
        for n, (k, numeric) in enumerate(zip(names, as_text, strict=True)):
            column = [r[k] for r in part]
            params[f"a{n}"] = array_text(column) if numeric else column
        conn.execute(stmt, params)


def insert_many(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (same keys each) and return their new ids, in the rows' order.

    PostgreSQL: the ids are drawn from the table's sequence first
    (``nextval`` over ``generate_series``, so in order), then the rows go in
    with ``INSERT ... SELECT FROM unnest(:arrays)``, one array parameter per
    column: a multi-row VALUES of thousands of rows costs more to build and
    parse than to run. SQLite: the ids follow the table's highest, then one plain
    executemany (``RETURNING`` with parameter order would run one INSERT per row). That is
    safe because every SQLite transaction here starts with ``BEGIN IMMEDIATE``
    (``store.session``): no other writer can insert between reading the highest id and
    writing the rows.
    """
    if not rows:
        return []
    if not is_pg(session):
        fresh = allocate_ids(session, table, len(rows))
        _sqlite_insert(session, table, [{**r, "id": i} for r, i in zip(rows, fresh, strict=True)])
        return fresh
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        part = rows[start : start + BATCH]
        got = allocate_ids(session, table, len(part))
        _insert_unnest(session, table, [{**r, "id": i} for r, i in zip(part, got, strict=True)])
        ids += got
    return ids


def allocate_ids(session: Session, table: Any, count: int) -> list[int]:
    """Ids for ``count`` rows of ``table`` not written yet, ascending (``insert_many``'s way:
    the sequence on PostgreSQL; after the highest id on SQLite, safe under ``BEGIN
    IMMEDIATE`` as long as the caller writes them before any other insert into ``table``).
    For a writer whose rows must be complete, ids known, before they go in; it writes them
    with ``insert_rows``."""
    if count <= 0:
        return []
    conn = session.connection()
    if not is_pg(session):
        top = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())
        return list(range(top + 1, top + 1 + count))
    seq = text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)")
    return [int(i) for i in conn.execute(seq, {"t": table.name, "n": count}).scalars()]


def _scalar_defaults(table: Any, given: Sequence[str]) -> dict[str, Any]:
    """The Python-side scalar defaults of the columns not given (Core applies them, text not)."""
    return {
        c.name: c.default.arg
        for c in table.c
        if c.name not in given and c.default is not None and c.default.is_scalar
    }


COPY_FROM = 100
"""From this many rows on, PostgreSQL gets them by ``COPY`` (one stream, no statement to parse
and no arrays to encode); fewer go in one ``INSERT … SELECT FROM unnest``."""


def _insert_unnest(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    rows = _with_defaults(table, rows)
    names = list(rows[0])
    if len(rows) >= COPY_FROM and not is_pipelined(session):
        _copy(session, table, names, [tuple(map(r.__getitem__, names)) for r in rows])
        return
    stmt = _unnest_statement(table, tuple(names))
    session.connection().execute(stmt, _arrays(names, rows))
    statistics.wrote(session, table, len(rows))


def _with_defaults(table: Any, rows: Sequence[dict[str, Any]]) -> Sequence[dict[str, Any]]:
    """``rows`` with the Python-side scalar defaults of the columns they leave out."""
    defaults = _scalar_defaults(table, list(rows[0]))
    return [{**defaults, **r} for r in rows] if defaults else rows


def _arrays(names: Sequence[str], rows: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    """The parameters of an ``_unnest_statement``: one array per column."""
    return {f"a{n}": [r[k] for r in rows] for n, k in enumerate(names)}


_PG: Any = PGDialect_psycopg()  # type: ignore[no-untyped-call]
"""The dialect the ``unnest`` statements are compiled for (types and quoting are the same for
every PostgreSQL engine: one statement per table, not one per engine)."""


@cache
def _unnest_statement(table: Any, names: tuple[str, ...], returning: tuple[str, ...] = ()) -> Any:
    """The ``INSERT ... SELECT * FROM unnest(...)`` of ``names`` into ``table`` (with
    ``RETURNING`` of the ``returning`` columns), built once per table and columns (compiling
    each column's type for its cast cost more than a one-row insert, issue 23); the names
    are the table's own, never input. Compiled for ``_PG``: only PostgreSQL runs it."""
    quote = _PG.identifier_preparer.quote
    arrays = ", ".join(
        f"CAST(:a{n} AS {table.c[k].type.compile(dialect=_PG)}[])" for n, k in enumerate(names)
    )
    columns = ", ".join(map(quote, names))
    sql = f"INSERT INTO {table.name} ({columns}) SELECT * FROM unnest({arrays})"
    if returning:
        sql += f" RETURNING {', '.join(map(quote, returning))}"
    return text(sql)


def _copy(
    session: Session, table: Any, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """``COPY table (names) FROM STDIN`` on the session's own connection (same transaction);
    row triggers fire as for an INSERT. Column names come from the table, never from input.
    Each row is a tuple of the ``names``' values, dumped by the driver's C code. The rows
    count towards the table's next ``ANALYZE`` (``store.statistics``)."""
    quoted = ", ".join(session.get_bind().dialect.identifier_preparer.quote(k) for k in names)
    sql = f"COPY {table.name} ({quoted}) FROM STDIN"
    conn = session.connection()
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cur:
        # the driver's COPY bypasses SQLAlchemy: announce it, so statement counters and logs see it
        conn.dispatch.before_cursor_execute(conn, cur, sql, {}, None, False)
        try:
            with cur.copy(sql) as copy:
                write = copy.write_row
                for row in rows:
                    write(row)
        except psycopg.IntegrityError as exc:
            # as SQLAlchemy would raise it: callers (a concurrent duplicate) handle that one
            raise IntegrityError(sql, None, exc) from exc
    statistics.wrote(session, table, len(rows))


def insert_tuples(
    session: Session, table: Any, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows``, each a tuple of the ``names``' values, no ids back (the database's
    own: SQLite rowid, PostgreSQL sequence): the fast path of each database for a writer
    that builds its rows once, in column order, instead of a dict per row.

    SQLite: one plain executemany through the driver (each column's bind processor applied
    once per column, as ``insert_rows``). PostgreSQL: ``COPY`` of the tuples as they are
    (``unnest`` batches inside ``store.pipeline.pipelined``, where COPY cannot run).
    Columns left out must have no Python-side default (or the rows would miss it).

    Raises:
        ValueError: a left-out column has a Python-side default.
    """
    if not rows:
        return
    missing = [c.name for c in table.c if c.name not in names and c.default is not None]
    if missing:
        raise ValueError(f"{table.name}: give {', '.join(missing)} (they have defaults)")
    if not is_pg(session):
        marks = ", ".join("?" * len(names))
        sql = f"INSERT INTO {table.name} ({_quoted(session, names)}) VALUES ({marks})"
        _sqlite_many(session, table, sql, names, rows)
        return
    if is_pipelined(session):
        insert_rows(session, table, [dict(zip(names, row, strict=True)) for row in rows])
        return
    _copy(session, table, names, rows)


def insert_rows(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (same keys each), no ids back: ``unnest`` batches on PostgreSQL."""
    if not rows:
        return
    if not is_pg(session):
        _sqlite_insert(session, table, rows)
        return
    for start in range(0, len(rows), BATCH):
        _insert_unnest(session, table, rows[start : start + BATCH])


RETURNING_ROWS = 1_000


def insert_keyed(
    session: Session, table: Any, rows: Sequence[dict[str, Any]], key: str
) -> list[int]:
    """Insert ``rows`` (same keys each) and return their new ids in the rows' order, in one
    ``INSERT ... RETURNING key, id`` per thousand rows.

    Why: a response built from what was just computed still needs the ids the database gave
    (invoice lines); reading the rows back is a statement more. On PostgreSQL the statement is
    the prebuilt ``unnest`` insert (built once, not compiled per call as a multi-row VALUES).
    The rows are matched to their ids by ``key`` (unique among ``rows``: a line's sequence),
    never by the order of the returned rows, which neither database promises.
    """
    ids: dict[Any, int] = {}
    returned = _returned_pg if is_pg(session) else _returned_values
    for start in range(0, len(rows), RETURNING_ROWS):
        part = rows[start : start + RETURNING_ROWS]
        ids.update((k, int(i)) for k, i in returned(session, table, part, key))
        statistics.wrote(session, table, len(part))
    return [ids[r[key]] for r in rows]


def _returned_pg(session: Session, table: Any, rows: Sequence[dict[str, Any]], key: str) -> Any:
    """PostgreSQL: the prebuilt ``unnest`` insert, ``RETURNING key, id``."""
    rows = _with_defaults(table, rows)
    names = tuple(rows[0])
    stmt = _unnest_statement(table, names, (key, "id"))
    return session.connection().execute(stmt, _arrays(names, rows))


def _returned_values(session: Session, table: Any, rows: Sequence[dict[str, Any]], key: str) -> Any:
    """SQLite: one multi-row ``INSERT ... VALUES ... RETURNING key, id``."""
    stmt = insert(table).values(list(rows)).returning(table.c[key], table.c.id)
    return session.connection().execute(stmt)
