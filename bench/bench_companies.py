"""Posting for one company and for many companies at once (issue 24: per company and many).

PostgreSQL only (SQLite serialises writers). ``BENCH_COMPANIES`` companies (4) are seeded;
then three-line entries are posted one transaction each (``ledger.create_entry(post=True)``):
- ``post_one_company``: ``BENCH_N`` entries (400) by one process into one company;
- ``post_many_companies``: ``BENCH_N`` entries per company, one process per company, all at
  once, each into its own company (aggregate entries per second).
The baseline of each is the true raw limit for the same rows: one plain psycopg
transaction per entry (``raw.insert_per_document``), run the same way (one process, or one
per company at once). With ``BENCH_CITUS_WORKERS`` the database is distributed by company
on that Citus cluster (``bench/common.py``), so each company's postings run on its shard.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from multiprocessing import get_context
from typing import Any

import raw
from common import emit, fresh_database, load, timed
from sqlalchemy import Engine

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.session import make_engine
from asiento.store.uow import UnitOfWork

N = int(os.environ.get("BENCH_N", "400"))
COMPANIES = int(os.environ.get("BENCH_COMPANIES", "4"))


def entry(i: int) -> EntryInput:
    amount = Decimal(1000 + i % 9000) / 100
    tax = (amount * Decimal("0.21")).quantize(Decimal("0.01"))
    return EntryInput(
        "MISC",
        date(2026, 1, 1) + timedelta(days=i % 360),
        (
            LineInput("6100", debit=amount, label=f"supplies {i}"),
            LineInput("1300", debit=tax, label=f"VAT {i}"),
            LineInput("1000", credit=amount + tax, label=f"payment {i}"),
        ),
        ref=f"bench {i}",
    )


def post(url: str, company_id: int, n: int) -> None:
    uow = UnitOfWork.from_engine(make_engine(url))
    for i in range(n):
        ledger.create_entry(uow, company_id, entry(i), post=True)


def raw_documents(company: SeededCompany, first: dict[str, int], tag: int) -> list[Any]:
    """The rows ``post`` writes for ``company``, as plain dicts, ids given."""
    docs = []
    journal_id = company.journals["MISC"]
    for i in range(N):
        e = entry(i)
        ids = (first["journal_entries"] + i, company.id, journal_id)
        head = raw.entry_head(ids, f"RAW/{tag}/{i:06d}", tag * N + i + 1, e)
        items = raw.entry_items(ids, first["journal_items"] + 3 * i, e, company.accounts)
        docs.append([("journal_entries", [head]), ("journal_items", items)])
    return docs


def raw_insert(url: str, docs: list[Any]) -> None:
    engine = make_engine(url)
    raw.insert_per_document(engine, docs)
    engine.dispose()


def all_at_once(jobs: list[tuple[Callable[..., None], tuple[Any, ...]]]) -> float:
    """Seconds for every job run in its own process, all started together."""
    ctx = get_context("fork")
    procs = [ctx.Process(target=fn, args=args) for fn, args in jobs]

    def go() -> None:
        for p in procs:
            p.start()
        for p in procs:
            p.join()
            if p.exitcode != 0:
                raise RuntimeError(f"a benchmark process failed with exit code {p.exitcode}")

    seconds, _ = timed(go)
    return seconds


def raw_blocks(engine: Engine, companies: list[SeededCompany]) -> list[list[Any]]:
    """Block 0: the one-company run (the first company); blocks 1..: one per company."""
    first = raw.next_ids(engine, ("journal_entries", "journal_items"))
    out = []
    for k, company in enumerate([companies[0], *companies]):
        ids = {
            "journal_entries": first["journal_entries"] + k * N,
            "journal_items": first["journal_items"] + 3 * k * N,
        }
        out.append(raw_documents(company, ids, k))
    return out


def run() -> None:
    with fresh_database("postgresql") as engine:
        url = engine.url.render_as_string(hide_password=False)
        uow = UnitOfWork.from_engine(engine)
        companies = [seed_company(uow, f"Bench {k}", "EUR") for k in range(COMPANIES)]
        blocks = raw_blocks(engine, companies)
        engine.dispose()
        raw_one = all_at_once([(raw_insert, (url, blocks[0]))])
        raw_many = all_at_once([(raw_insert, (url, b)) for b in blocks[1:]])
        raw.resync_sequences(engine, ("journal_entries", "journal_items"))
        engine.dispose()
        one = all_at_once([(post, (url, companies[0].id, N))])
        many = all_at_once([(post, (url, c.id, N)) for c in companies])
        where = "citus" if os.environ.get("BENCH_CITUS_WORKERS") else "postgresql"
        emit(f"post_one_company[{where}]", N, one, raw_one, companies=1, load=load())
        emit(
            f"post_many_companies[{where}]",
            N * COMPANIES,
            many,
            raw_many,
            companies=COMPANIES,
            load=load(),
        )


if __name__ == "__main__":
    if "postgresql" in os.environ.get("BENCH_DATABASES", "postgresql"):
        run()
