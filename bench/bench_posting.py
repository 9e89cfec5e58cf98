"""Post 20,000 balanced three-line entries through the service layer, against a bare executemany.

Prints one JSON line per database and mode:
- ``post_entries_batch``: ``services.batch_posting.post_entries`` (chunks of 1,000: full checks,
  gapless numbers, hash chain); ``ratio`` = its throughput / the bare insert's throughput.
- ``post_entry_each``: one transaction per entry (``ledger.create_entry(post=True)``), on fewer
  entries, to show what a caller posting one at a time gets.
The bare baseline is the true raw limit (``bench/raw.py``): the very same entry and item rows with
``sqlite3`` executemany of tuples, or psycopg COPY, in one transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import raw
from common import StatementCounter, databases, emit, fresh_database, load, peak_rss_mb, timed
from sqlalchemy import Engine

from asiento.services.demo.seed import seed_company
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.batch_posting import post_entries
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.uow import UnitOfWork

N = int(os.environ.get("BENCH_N", "20000"))
N_EACH = int(os.environ.get("BENCH_N_EACH", "2000"))


def entries(n: int) -> Iterator[EntryInput]:
    """``n`` entries made as they are read: the service streams them a chunk at a time, so peak
    RSS shows what posting holds, not the caller's list (issue 23: flat from 10k to 100k)."""
    start = date(2026, 1, 1)
    for i in range(n):
        amount = Decimal(1000 + i % 9000) / 100
        tax = (amount * Decimal("0.21")).quantize(Decimal("0.01"))
        yield EntryInput(
            "MISC",
            start + timedelta(days=i % 360),
            (
                LineInput("6100", debit=amount, label=f"supplies {i}"),
                LineInput("1300", debit=tax, label=f"VAT {i}"),
                LineInput("1000", credit=amount + tax, label=f"payment {i}"),
            ),
            ref=f"bench {i}",
        )


def bare_heads(company_id: int, journal_id: int, first_id: int) -> Iterator[dict[str, Any]]:
    for n, cmd in enumerate(entries(N), start=1):
        yield raw.entry_head((first_id + n - 1, company_id, journal_id), f"RAW/{n:06d}", n, cmd)


def bare_items(
    company_id: int, journal_id: int, accounts: dict[str, int], first: dict[str, int]
) -> Iterator[dict[str, Any]]:
    item_id = first["journal_items"]
    for n, cmd in enumerate(entries(N)):
        ids = (first["journal_entries"] + n, company_id, journal_id)
        rows = raw.entry_items(ids, item_id, cmd, accounts)
        yield from rows
        item_id += len(rows)


def bare_insert(
    engine: Engine, company_id: int, journal_id: int, accounts: dict[str, int]
) -> float:
    """Seconds for the true raw limit: the same rows, ids given, ``sqlite3`` executemany of
    tuples or psycopg ``COPY``, in one transaction (``bench/raw.py``), streamed like the service's."""
    first = raw.next_ids(engine, ("journal_entries", "journal_items"))
    tables = [
        ("journal_entries", bare_heads(company_id, journal_id, first["journal_entries"])),
        ("journal_items", bare_items(company_id, journal_id, accounts, first)),
    ]
    seconds, _ = timed(lambda: raw.insert_batch(engine, tables))
    raw.resync_sequences(engine, ("journal_entries", "journal_items"))
    return seconds


def run(kind: str) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        base_rss = peak_rss_mb()
        bare_seconds = bare_insert(engine, company.id, company.journals["MISC"], company.accounts)
        with StatementCounter(engine) as counter:
            seconds, result = timed(lambda: post_entries(uow, company.id, entries(N)))
        assert result.posted == N
        making, _ = timed(lambda: sum(1 for _ in entries(N)))  # inside both timings: streamed
        emit(
            f"post_entries_batch[{kind}]",
            N,
            seconds,
            bare_seconds,
            lines_per_entry=3,
            raw_per_second=round(N / bare_seconds, 1),
            base_rss_mb=base_rss,
            input_seconds=round(making, 3),
            statements_per_entry=round(counter.count / N, 3),
            load=load(),
        )
        each = list(entries(N_EACH))
        seconds, _ = timed(
            lambda: [ledger.create_entry(uow, company.id, c, post=True) for c in each]
        )
        emit(
            f"post_entry_each[{kind}]",
            N_EACH,
            seconds,
            bare_seconds * N_EACH / N,
            lines_per_entry=3,
        )


if __name__ == "__main__":
    for kind in databases():
        run(kind)
