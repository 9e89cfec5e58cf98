"""Gapless sequences under concurrency, straight on ``store.sequences``.

Threads, each with its own sessions, take numbers from one journal's sequence: one at a
time, in blocks of three, and now and then in a transaction that rolls back (which must
give its numbers back). The committed numbers must be exactly 1..N: no gap, no
duplicate. PostgreSQL runs it with 8 threads against row locks; SQLite with fewer,
serialised by ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import Engine, func, select

from asiento.services.demo.seed import SeededCompany
from asiento.store.sequences import ensure_fiscal_year, take_number_on, take_numbers
from asiento.store.session import make_session_factory
from asiento.store.tables import Company, Invoice, JournalEntry, Sequence

DAY = date(2026, 5, 1)


def _worker(engine: Engine, company_id: int, journal_id: int, rounds: int) -> list[int]:
    """Numbers this thread committed; every fourth round rolls back instead."""
    factory = make_session_factory(engine)
    committed: list[int] = []
    for n in range(rounds):
        with factory() as session:
            company = session.get_one(Company, company_id)
            if n % 3 == 1:
                year = ensure_fiscal_year(session, company, DAY)
                first = take_numbers(session, company_id, journal_id, year.id, 3)
                taken = [first, first + 1, first + 2]
            else:
                taken = [take_number_on(session, company, journal_id, DAY)[1]]
            if n % 4 == 3:
                session.rollback()
                continue
            session.commit()
            committed.extend(taken)
    return committed


def test_concurrent_takers_commit_consecutive_numbers_without_gap_or_duplicate(
    engine: Engine, company: SeededCompany
) -> None:
    threads, rounds = (8, 60) if engine.dialect.name == "postgresql" else (3, 20)
    journal_id = company.journals["MISC"]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        chunks = list(
            pool.map(lambda _: _worker(engine, company.id, journal_id, rounds), range(threads))
        )
    numbers = [n for chunk in chunks for n in chunk]
    assert [n for n, times in Counter(numbers).items() if times > 1] == []
    # per thread: 3/4 of the rounds commit; of those, 1/3 take three numbers
    per_thread = sum((3 if n % 3 == 1 else 1) for n in range(rounds) if n % 4 != 3)
    assert sorted(numbers) == list(range(1, threads * per_thread + 1))
    with make_session_factory(engine)() as session:
        next_number = session.scalar(
            select(Sequence.next_number).where(
                Sequence.company_id == company.id, Sequence.journal_id == journal_id
            )
        )
    assert next_number == threads * per_thread + 1


def test_a_rolled_back_number_is_taken_again(engine: Engine, company: SeededCompany) -> None:
    journal_id = company.journals["MISC"]
    factory = make_session_factory(engine)
    with factory() as session:
        company_row = session.get_one(Company, company.id)
        assert take_number_on(session, company_row, journal_id, DAY)[1] == 1
        session.rollback()
    with factory() as session:
        company_row = session.get_one(Company, company.id)
        assert take_number_on(session, company_row, journal_id, DAY)[1] == 1
        assert take_number_on(session, company_row, journal_id, DAY)[1] == 2
        session.commit()


def test_ids_reserved_with_a_number_are_free_and_next(
    engine: Engine, company: SeededCompany
) -> None:
    """``take_number_on(reserve=...)`` takes the next id of each table in the numbering
    statement, on the first posting of a year (sequence created first) as on the next."""
    entries, invoices = JournalEntry.__table__, Invoice.__table__
    factory = make_session_factory(engine)
    with factory() as session:
        company_row = session.get_one(Company, company.id)
        for number in (1, 2):
            highest = [
                session.scalar(select(func.coalesce(func.max(t.c.id), 0)))
                for t in (entries, invoices)
            ]
            _, taken, ids = take_number_on(
                session, company_row, company.journals["MISC"], DAY, (entries, invoices)
            )
            assert taken == number
            assert len(ids) == 2 and all(i > top for i, top in zip(ids, highest, strict=True))
        session.rollback()
