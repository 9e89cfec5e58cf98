"""Post 20,000 balanced three-line entries through the service layer, against a bare executemany.

Prints one JSON line per database and mode:
- ``post_entries_batch``: ``services.batch_posting.post_entries`` (chunks of 1,000: full checks,
  gapless numbers, hash chain); ``ratio`` = its throughput / the bare insert's throughput.
- ``post_entry_each``: one transaction per entry (``ledger.create_entry(post=True)``), on fewer
  entries, to show what a caller posting one at a time gets.
The bare baseline inserts the very same entry and item rows with ``executemany`` in one transaction.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from common import databases, emit, fresh_database, timed
from sqlalchemy import Engine, insert

from asiento.services.demo.seed import seed_company
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.batch_posting import post_entries
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.tables import JournalEntry, JournalItem
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


def bare_insert(engine: Engine, heads: list[dict[str, Any]], lines: list[list[dict[str, Any]]]) -> None:
    with engine.begin() as conn:
        ids = conn.execute(insert(JournalEntry).returning(JournalEntry.id, sort_by_parameter_order=True), heads).scalars().all()
        conn.execute(insert(JournalItem), [dict(row, entry_id=i) for i, group in zip(ids, lines, strict=True) for row in group])


def run(kind: str) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        cmds = entries(N)
        heads, lines = bare_rows(company.id, company.journals["MISC"], company.accounts, cmds)
        bare_seconds, _ = timed(lambda: bare_insert(engine, heads, lines))
        seconds, result = timed(lambda: post_entries(uow, company.id, cmds))
        assert result.posted == N
        emit(f"post_entries_batch[{kind}]", N, seconds, bare_seconds, lines_per_entry=3)
        each = entries(N_EACH)
        seconds, _ = timed(lambda: [ledger.create_entry(uow, company.id, c, post=True) for c in each])
        emit(f"post_entry_each[{kind}]", N_EACH, seconds, bare_seconds * N_EACH / N, lines_per_entry=3)


if __name__ == "__main__":
    for kind in databases():
        run(kind)
