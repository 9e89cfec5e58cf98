"""Gapless numbering: fiscal years and per-(company, journal, fiscal year) sequences.

The number is taken in the posting transaction under a row lock, so a rolled
back posting gives its number back and two concurrent postings never share one.
The lock is the ``UPDATE ... RETURNING`` that increments the counter itself: a
concurrent posting blocks on that row until this transaction ends, then reads
the committed value (READ COMMITTED re-evaluates the updated row); on SQLite
``BEGIN IMMEDIATE`` already serialises writers. One statement instead of a
locking SELECT, a refresh and an UPDATE.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, func, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from asiento.domain.errors import NotFound
from asiento.domain.numbering import fiscal_year_of
from asiento.store.locks import for_update, insert_ignore
from asiento.store.tables import Company, FiscalYear, Journal, Sequence

_SEQ: Any = Sequence.__table__


def ensure_fiscal_year(session: Session, company: Company, day: date) -> FiscalYear:
    """The company's fiscal year containing ``day``, created when missing."""
    span = fiscal_year_of(day, company.fiscal_year_start_month, company.fiscal_year_start_day)
    stmt = select(FiscalYear).where(
        FiscalYear.company_id == company.id, FiscalYear.start_date == span.start
    )
    found = session.scalars(stmt).first()
    if found is not None:
        return found
    insert_ignore(
        session,
        FiscalYear.__table__,
        {
            "company_id": company.id,
            "name": span.name,
            "start_date": span.start,
            "end_date": span.end,
            "state": "open",
        },
    )
    return session.scalars(stmt).one()


def lock_journal(session: Session, company_id: int, journal_id: int) -> Journal:
    """The journal row, locked for the rest of the transaction (its hash chain head).

    One statement: the locking SELECT also overwrites a copy already in the
    session (``populate_existing``), so the chain head is the committed one. No statement when this
    transaction already holds the lock (``hold_journal``) and the session still holds its
    copy (a long run may expunge between chunks): that copy is then the chain head, with
    this transaction's own changes.
    """
    held = _held(session).get(journal_id)
    if held is not None and held in session and held.company_id == company_id:
        return held
    stmt = (
        select(Journal)
        .where(Journal.company_id == company_id, Journal.id == journal_id)
        .execution_options(populate_existing=True)
    )
    journal: Journal | None = session.scalars(for_update(session, stmt)).first()
    if journal is None:
        raise NotFound("journal", journal_id)
    hold_journal(session, journal)
    return journal


def hold_journal(session: Session, journal: Journal) -> None:
    """Note that ``journal`` was read under its row lock (``for_update``, populating the
    session's copy) in the current transaction, so ``lock_journal`` need not read it again."""
    _held(session)[journal.id] = journal


def _held(session: Session) -> dict[int, Journal]:
    """The journals locked in the session's current transaction or savepoint (forgotten at
    its end: a savepoint rolled back releases the locks taken in it)."""
    current = session.get_nested_transaction() or session.get_transaction()
    held: tuple[object, dict[int, Journal]] | None = session.info.get("held_journals")
    if held is None or held[0] is not current:
        held = (current, {})
        session.info["held_journals"] = held
    return held[1]


def take_number(session: Session, company_id: int, journal_id: int, fiscal_year_id: int) -> int:
    """Take the next number of the sequence, under a row lock; gapless on commit."""
    return take_numbers(session, company_id, journal_id, fiscal_year_id, 1)


def next_id(session: Session, table: Table) -> ColumnElement[Any]:
    """An expression that takes the next id of ``table``, for the documents whose id is
    needed before their row is written (an entry points at its invoice, the invoice at its
    entry): the table's sequence on PostgreSQL; on SQLite the highest id + 1, which no other
    writer can take first (every transaction starts with ``BEGIN IMMEDIATE``, as for
    ``store.bulk.insert_many``) as long as the caller writes the row before its next
    insert into ``table``."""
    return _next_id(_dialect(session), table)


def _dialect(session: Session) -> str:
    return str(session.get_bind().dialect.name)


def _next_id(dialect: str, table: Table) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return func.nextval(func.pg_get_serial_sequence(table.name, text("'id'")))
    return select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery()


def _increment(session: Session, where: list[Any], count: int) -> tuple[int, int] | None:
    """(fiscal year id, first number) after adding ``count`` to the matching row, or None."""
    stmt = (
        update(_SEQ)
        .where(*where)
        .values(next_number=_SEQ.c.next_number + count)
        .returning(_SEQ.c.fiscal_year_id, _SEQ.c.next_number)
    )
    row = session.execute(stmt).first()
    return None if row is None else (int(row[0]), int(row[1]) - count)


def _keys(company_id: int, journal_id: int) -> list[Any]:
    return [_SEQ.c.company_id == company_id, _SEQ.c.journal_id == journal_id]


def take_numbers(
    session: Session, company_id: int, journal_id: int, fiscal_year_id: int, count: int
) -> int:
    """Take ``count`` consecutive numbers under a row lock; returns the first."""
    where = [*_keys(company_id, journal_id), _SEQ.c.fiscal_year_id == fiscal_year_id]
    taken = _increment(session, where, count)
    if taken is None:
        keys = {"company_id": company_id, "journal_id": journal_id}
        insert_ignore(session, _SEQ, {**keys, "fiscal_year_id": fiscal_year_id, "next_number": 1})
        taken = _increment(session, where, count)
    if taken is None:  # pragma: no cover - the row was just inserted
        raise RuntimeError("sequence row vanished")
    return taken[1]


def reserve_ids(session: Session, tables: tuple[Table, ...]) -> tuple[int, ...]:
    """The next id of each of ``tables`` (``next_id``), in one statement of its own."""
    if not tables:
        return ()
    stmt = _reserve_statement(_dialect(session), tables)
    return tuple(int(v) for v in session.connection().execute(stmt).one())


@cache
def _reserve_statement(dialect: str, tables: tuple[Table, ...]) -> Any:
    """``reserve_ids``' statement, built once per dialect and tables (Core on the session's
    connection: the ids are the whole table's, never one company's)."""
    return select(*(_next_id(dialect, t) for t in tables))


def _reserved_in_returning(session: Session) -> bool:
    """Whether ``take_number_on`` takes the reserved ids in its UPDATE's ``RETURNING``: on
    SQLite (a sub-select). Not on PostgreSQL: ``nextval`` is volatile, and Citus refuses
    non-immutable functions in the RETURNING of a distributed table's UPDATE (and would
    run it on the shard's node, against that node's copy of the sequence)."""
    return session.get_bind().dialect.name != "postgresql"


def take_number_on(
    session: Session,
    company: Company,
    journal_id: int,
    day: date,
    reserve: tuple[Table, ...] = (),
) -> tuple[int, int, tuple[int, ...]]:
    """(fiscal year id, number, reserved ids) for an entry of ``journal_id`` dated ``day``.

    The usual case (fiscal year and sequence exist) is one statement: the
    fiscal year is found by a sub-select inside the locking UPDATE, and on SQLite the next id
    of each table of ``reserve`` (``next_id``) is taken in its ``RETURNING``; PostgreSQL takes
    them in one more statement (``_reserved_in_returning``). Otherwise the fiscal year and the
    sequence are created first.
    """
    span = fiscal_year_of(day, company.fiscal_year_start_month, company.fiscal_year_start_day)
    inline = _reserved_in_returning(session)
    stmt = _number_statement(_dialect(session), reserve if inline else ())
    params = {"company": company.id, "journal": journal_id, "start": span.start}
    row = session.connection().execute(stmt, params).first()
    if row is not None:
        ids = tuple(int(v) for v in row[2:]) if inline else reserve_ids(session, reserve)
        return int(row[0]), int(row[1]) - 1, ids
    fiscal_year = ensure_fiscal_year(session, company, day)
    number = take_numbers(session, company.id, journal_id, fiscal_year.id, 1)
    return fiscal_year.id, number, reserve_ids(session, reserve)


@cache
def _number_statement(dialect: str, reserve: tuple[Table, ...]) -> Any:
    """The prebuilt ``UPDATE sequences ... RETURNING`` of ``take_number_on`` (per dialect and
    reserved tables): built and hashed once, not per posting (issue 23: building it cost
    more than running it on SQLite). Core on the session's connection: it names its
    company itself."""
    years: Any = FiscalYear.__table__
    year = select(years.c.id).where(
        years.c.company_id == bindparam("company"), years.c.start_date == bindparam("start")
    )
    return (
        update(_SEQ)
        .where(
            _SEQ.c.company_id == bindparam("company"),
            _SEQ.c.journal_id == bindparam("journal"),
            _SEQ.c.fiscal_year_id == year.scalar_subquery(),
        )
        .values(next_number=_SEQ.c.next_number + 1)
        .returning(
            _SEQ.c.fiscal_year_id, _SEQ.c.next_number, *(_next_id(dialect, t) for t in reserve)
        )
    )


_JOURNALS: Any = Journal.__table__
_CHAIN_HEAD = (
    update(_JOURNALS)
    .where(_JOURNALS.c.company_id == bindparam("company"), _JOURNALS.c.id == bindparam("journal"))
    .values(chain_length=bindparam("length"), last_hash=bindparam("hash"))
)


def move_chain_head(session: Session, journal: Journal, length: int, last_hash: str) -> None:
    """Write the journal's new chain head (locked by the caller) with one prebuilt Core
    UPDATE, and set it on the session's copy as committed: no ORM flush of the journal."""
    params = {"company": journal.company_id, "journal": journal.id}
    session.connection().execute(_CHAIN_HEAD, {**params, "length": length, "hash": last_hash})
    set_committed_value(journal, "chain_length", length)
    set_committed_value(journal, "last_hash", last_hash)
