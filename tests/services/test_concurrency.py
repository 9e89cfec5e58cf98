"""Gapless numbering under concurrent posting: no gap, no duplicate."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import Engine, select

from asiento.services.demo.seed import SeededCompany
from asiento.store.tables import JournalEntry
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple


def _post_many(engine: Engine, company: SeededCompany, count: int) -> list[str | None]:
    uow = UnitOfWork.from_engine(engine)
    return [
        post_simple(uow, company, amount="1.00", day=date(2026, 5, 1)).number for _ in range(count)
    ]


def test_concurrent_workers_get_consecutive_numbers_without_gap_or_duplicate(
    engine: Engine, uow: UnitOfWork, company: SeededCompany
) -> None:
    workers, each = (8, 400) if engine.dialect.name == "postgresql" else (4, 40)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda _: _post_many(engine, company, each), range(workers)))
    numbers = sorted(n for chunk in results for n in chunk if n is not None)
    assert numbers == [f"MISC/2026/{n:05d}" for n in range(1, workers * each + 1)]
    with uow:
        seqs = uow.session.scalars(
            select(JournalEntry.sequence_number).where(JournalEntry.company_id == company.id)
        ).all()
    assert sorted(seqs) == list(range(1, workers * each + 1))
