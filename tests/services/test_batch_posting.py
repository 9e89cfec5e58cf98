"""Batch posting: same numbers and hashes as one-by-one posting, all or nothing per chunk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from asiento.domain.errors import ValidationFailed
from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger.batch_posting import post_entries
from asiento.services.ledger.entries import EntryFilter, EntryInput, LineInput, list_entries
from asiento.services.ledger.verify import verify_chains
from asiento.store import bulk, statistics
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer, post_simple, row_counts, simple_entry
from tests.sql_counter import counting

D = Decimal


def test_batch_posting_numbers_in_date_order_and_keeps_the_chain_valid(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company, day=date(2026, 1, 1))
    cmds = [simple_entry(day=date(2026, 2, d), amount=f"{d}.00") for d in (3, 1, 2)]
    result = post_entries(uow, company.id, cmds, chunk_size=2)
    assert result.posted == 3
    entries = list_entries(uow, company.id, EntryFilter()).entries
    assert [(e.number, e.date.day, e.items[0].debit) for e in entries] == [
        ("MISC/2026/00004", 2, D("2.00")),
        ("MISC/2026/00003", 3, D("3.00")),
        ("MISC/2026/00002", 1, D("1.00")),
        ("MISC/2026/00001", 1, D("100.00")),
    ]
    misc = next(c for c in verify_chains(uow, company.id) if c.journal_code == "MISC")
    assert misc.ok and misc.entries == 4
    post_simple(uow, company, day=date(2026, 3, 1))
    misc = next(c for c in verify_chains(uow, company.id) if c.journal_code == "MISC")
    assert misc.ok and misc.entries == 5


def test_an_invalid_entry_refuses_its_whole_chunk_and_names_it(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    bad = EntryInput(
        "MISC",
        date(2026, 2, 1),
        (LineInput("6000", debit=D("1")), LineInput("1000", credit=D("2"))),
    )
    with pytest.raises(ValidationFailed) as info:
        post_entries(uow, company.id, [simple_entry(), bad])
    assert info.value.problems[0].field == "entries[1].lines"
    assert row_counts(uow) == before


def test_batch_posted_receivable_items_are_open_for_reconciliation(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = customer(uow, company)
    cmd = EntryInput(
        "MISC",
        date(2026, 2, 1),
        (
            LineInput("1100", debit=D("121.00"), partner_id=partner),
            LineInput("4000", credit=D("121.00")),
        ),
    )
    post_entries(uow, company.id, [cmd])
    items = list_entries(uow, company.id, EntryFilter()).entries[0].items
    assert [(i.account_code, i.amount_residual) for i in items] == [
        ("1100", D("121.00")),
        ("4000", D("0.00")),
    ]


def test_batch_and_single_posting_store_a_foreign_line_identically(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    from sqlalchemy import select

    from asiento.services.ledger.entries import create_entry
    from asiento.services.reference.currencies import enable_currency
    from asiento.store.tables import JournalItem

    enable_currency(uow, company.id, "USD")
    cmd = EntryInput(
        "MISC",
        date(2026, 2, 1),
        (
            LineInput("6100", debit=D("92.00"), currency="USD", amount_currency=D("100.00")),
            LineInput("1000", credit=D("92.00")),
        ),
    )
    single = create_entry(uow, company.id, cmd, post=True)
    post_entries(uow, company.id, [cmd])
    batch = list_entries(uow, company.id, EntryFilter()).entries[0]
    with uow:
        rows = uow.session.execute(
            select(
                JournalItem.entry_id,
                JournalItem.currency,
                JournalItem.amount_currency,
                JournalItem.rate,
            )
            .where(JournalItem.entry_id.in_([single.id, batch.id]), JournalItem.sequence == 0)
            .order_by(JournalItem.entry_id)
        ).all()
    assert [tuple(r)[1:] for r in rows] == [("USD", 10000, D("0.92")), ("USD", 10000, D("0.92"))]


def test_a_stream_is_read_one_chunk_at_a_time(uow: UnitOfWork, company: SeededCompany) -> None:
    """Entries are pulled a chunk at a time and each chunk is committed before the next is read:
    a caller can stream any number of entries in bounded memory (issue 23: peak RSS)."""
    pulled: list[int] = []

    def stream() -> Iterator[EntryInput]:
        for n in range(5):
            pulled.append(n)
            if n == 4:
                # the first two chunks are already in the books when the fifth entry is asked for
                assert [e.ref for e in list_entries(uow, company.id, EntryFilter()).entries] == [
                    "stream 3",
                    "stream 2",
                    "stream 1",
                    "stream 0",
                ]
            yield simple_entry(day=date(2026, 2, 1 + n), amount=f"{n + 1}.00", ref=f"stream {n}")

    result = post_entries(uow, company.id, stream(), chunk_size=2)
    assert (result.posted, result.first_number, result.last_number) == (
        5,
        "MISC/2026/00001",
        "MISC/2026/00005",
    )
    assert pulled == [0, 1, 2, 3, 4]


def test_a_large_run_keeps_the_ledgers_statistics(
    uow: UnitOfWork, engine: Engine, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries and items go in by the bulk writer, which analyses a table at 8,000 rows and
    each time it has grown fourfold since (``store.statistics``): COPY leaves the statistics
    as they were, none for a new ledger, and the next single postings were planned as if it
    were empty (0.5 s per posted entry after 100,000 batch-posted ones; issue 23). Nothing
    on SQLite."""
    monkeypatch.setattr(statistics, "FIRST", 8)
    monkeypatch.setattr(bulk, "COPY_FROM", 1)
    entries = [simple_entry(amount=f"{n + 1}.00", ref=f"stats {n}") for n in range(12)]
    with counting(engine) as sent:
        post_entries(uow, company.id, entries, chunk_size=2)
    analyzed = [sql for sql in sent if sql.startswith("ANALYZE")]
    if engine.dialect.name == "postgresql":
        # 2 entries and 4 items a chunk: items at 8 (2nd chunk), entries at 8 (4th chunk);
        # the next come 3 x 8 rows later, which 24 items and 12 entries do not reach
        items, entries_ = (
            "ANALYZE (SKIP_LOCKED) journal_items",
            "ANALYZE (SKIP_LOCKED) journal_entries",
        )
        assert analyzed == [items, entries_]
    else:
        assert analyzed == []
