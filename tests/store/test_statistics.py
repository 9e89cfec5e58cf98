"""A table grown in bulk is analysed at 8,000 rows, then each time it has quadrupled (PostgreSQL).

Why pinned: stale statistics after a bulk write made PostgreSQL join the rows just written
by nested loops over every row (``store.statistics``); the planner must know them within
the same transaction. SQLite plans without statistics: nothing is sent there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import BigInteger, Column, Engine, Integer, MetaData, Table, text

from asiento.store import statistics
from asiento.store.bulk import insert_tuples
from asiento.store.uow import UnitOfWork
from tests.sql_counter import counting

PROBE = Table("statistics_probe", MetaData(), Column("id", BigInteger), Column("v", Integer))


@pytest.fixture
def probe(engine: Engine) -> Iterator[Table]:
    PROBE.create(engine)
    yield PROBE
    PROBE.drop(engine)


def _write(uow: UnitOfWork, engine: Engine, start: int, count: int) -> list[str]:
    rows = [(i, i % 7) for i in range(start, start + count)]
    with counting(engine) as seen:
        insert_tuples(uow.session, PROBE, ("id", "v"), rows)
    return [s for s in seen if s.startswith("ANALYZE")]


def _planned_rows(uow: UnitOfWork) -> float:
    return float(
        uow.session.execute(
            text("SELECT reltuples FROM pg_class WHERE relname = 'statistics_probe'")
        ).scalar_one()
    )


def test_a_growing_table_is_analysed_when_it_has_quadrupled(
    uow: UnitOfWork, engine: Engine, probe: Table
) -> None:
    pg = engine.dialect.name == "postgresql"
    first, growth = statistics.FIRST, statistics.GROWTH
    with uow:
        assert _write(uow, engine, 0, first - 1) == []
        analysed = _write(uow, engine, first - 1, 1)
        assert analysed == (["ANALYZE (SKIP_LOCKED) statistics_probe"] if pg else [])
        if pg:
            assert _planned_rows(uow) == first  # its own uncommitted rows count
        second = first + growth * first  # three times the size seen: four times the rows
        assert _write(uow, engine, first, second - first - 1) == []
        assert len(_write(uow, engine, second - 1, 1)) == (1 if pg else 0)
        if pg:
            assert _planned_rows(uow) == second
        uow.commit()


def test_the_count_carries_over_from_one_transaction_to_the_next(
    uow: UnitOfWork, engine: Engine, probe: Table
) -> None:
    """A batch commits every chunk in a new session: its rows still add up."""
    half = statistics.FIRST // 2
    analysed = []
    for start in (0, half):
        with uow:
            analysed += _write(uow, engine, start, half)
            uow.commit()
    assert len(analysed) == (1 if engine.dialect.name == "postgresql" else 0)
