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
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import raw
from common import databases, emit, fresh_database, load, timed
from sqlalchemy import Engine

from asiento.services.demo.seed import seed_company
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.batch_posting import post_entries
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.uow import UnitOfWork

N = int(os.environ.get("BENCH_N", "20000"))
N_EACH = int(os.environ.get("BENCH_N_EACH", "2000"))


def entries(n: int) -> list[EntryInput]:
    start = date(2026, 1, 1)
    out = []
    for i in range(n):
        amount = Decimal(1000 + i % 9000) / 100
        tax = (amount * Decimal("0.21")).quantize(Decimal("0.01"))
        out.append(EntryInput("MISC", start + timedelta(days=i % 360), (
            LineInput("6100", debit=amount, label=f"supplies {i}"),
            LineInput("1300", debit=tax, label=f"VAT {i}"),
            LineInput("1000", credit=amount + tax, label=f"payment {i}"),
        ), ref=f"bench {i}"))
    return out


def bare_rows(company_id: int, journal_id: int, accounts: dict[str, int], cmds: list[EntryInput]) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]]]:
    heads, lines = [], []
    for n, cmd in enumerate(cmds, start=1):
        heads.append({"company_id": company_id, "journal_id": journal_id, "number": f"RAW/{n:06d}", "date": cmd.date,
                      "ref": cmd.ref, "narration": "", "state": "posted", "sequence_number": n})
        lines.append([{"company_id": company_id, "sequence": k, "journal_id": journal_id, "date": cmd.date,
                       "parent_state": "posted", "account_id": accounts[str(li.account)], "label": li.label,
                       "debit": int(li.debit * 100), "credit": int(li.credit * 100),
                       "balance": int((li.debit - li.credit) * 100), "currency": "EUR",
                       "amount_currency": int((li.debit - li.credit) * 100), "amount_residual": 0,
                       "amount_residual_currency": 0, "reconciled": False} for k, li in enumerate(cmd.lines)])
    return heads, lines


def bare_insert(engine: Engine, heads: list[dict[str, Any]], lines: list[list[dict[str, Any]]]) -> float:
    """Seconds for the true raw limit: the same rows, ids given, ``sqlite3`` executemany of
    tuples or psycopg ``COPY``, in one transaction (``bench/raw.py``)."""
    first = raw.next_ids(engine, ("journal_entries", "journal_items"))
    entry_ids = range(first["journal_entries"], first["journal_entries"] + len(heads))
    items = [dict(row, entry_id=e) for e, group in zip(entry_ids, lines, strict=True) for row in group]
    items = [dict(row, id=first["journal_items"] + k) for k, row in enumerate(items)]
    tables = [("journal_entries", [dict(h, id=e) for h, e in zip(heads, entry_ids, strict=True)]),
              ("journal_items", items)]
    seconds, _ = timed(lambda: raw.insert_batch(engine, tables))
    raw.resync_sequences(engine, ("journal_entries", "journal_items"))
    return seconds


def run(kind: str) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        cmds = entries(N)
        heads, lines = bare_rows(company.id, company.journals["MISC"], company.accounts, cmds)
        bare_seconds = bare_insert(engine, heads, lines)
        seconds, result = timed(lambda: post_entries(uow, company.id, cmds))
        assert result.posted == N
        emit(f"post_entries_batch[{kind}]", N, seconds, bare_seconds, lines_per_entry=3,
             raw_per_second=round(N / bare_seconds, 1), load=load())
        each = entries(N_EACH)
        seconds, _ = timed(lambda: [ledger.create_entry(uow, company.id, c, post=True) for c in each])
        emit(f"post_entry_each[{kind}]", N_EACH, seconds, bare_seconds * N_EACH / N, lines_per_entry=3)


if __name__ == "__main__":
    for kind in databases():
        run(kind)
