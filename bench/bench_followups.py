"""Follow-up run over many customers, against a bare SQL aggregate of the same open items.

Builds P customers (``BENCH_N``, default 2,000; the issue's full size is 5,000) with three
invoice items each (due 10, 35 and 60 days before the run date) and one unreconciled
advance payment for every fourth customer, posted through ``batch_posting.post_entries``.
Prints one JSON line per database and mode:
- ``followup_dry_run``: ``run_followups(dry_run=True)`` (plans every reminder, writes nothing);
- ``followup_run_calls``: a real run whose only level is a manual call (writes one history row
  per customer, no mail or PDF, so the figure is the engine's own cost);
``ratio`` = throughput / the bare aggregate's (``GROUP BY partner_id`` over the same open
receivable items: oldest maturity and net residual per customer).
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal

from common import databases, emit, fresh_database, timed
from sqlalchemy import Engine, text

from asiento.domain.commands.followup_levels import LevelInput
from asiento.services.demo.seed import seed_company
from asiento.services.followups.followup_levels import create_level, seed_default_levels
from asiento.services.followups.runs import run_followups
from asiento.services.ledger.batch_posting import post_entries
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.tables import Partner
from asiento.store.uow import UnitOfWork

N = int(os.environ.get("BENCH_N", "2000"))
AS_OF = date(2026, 12, 31)
BARE = """
SELECT i.partner_id, MIN(COALESCE(i.due_date, i.date)), SUM(i.amount_residual)
FROM journal_items i JOIN accounts a ON a.company_id = i.company_id AND a.id = i.account_id
WHERE i.company_id = :cid AND i.parent_state = 'posted' AND i.amount_residual <> 0
  AND i.partner_id IS NOT NULL AND i.date <= :as_of AND a.kind = 'receivable' AND a.reconcilable
GROUP BY i.partner_id ORDER BY i.partner_id
"""


def customers(uow: UnitOfWork, company_id: int, receivable: int, n: int) -> list[int]:
    with uow:
        rows = [
            Partner(
                company_id=company_id,
                name=f"Customer {k:05d}",
                email=f"c{k}@example.com",
                receivable_account_id=receivable,
            )
            for k in range(n)
        ]
        uow.session.add_all(rows)
        uow.session.flush()
        ids = [p.id for p in rows]
        uow.commit()
        return ids


def ledger_entries(partner_ids: list[int]) -> list[EntryInput]:
    out = []
    for k, pid in enumerate(partner_ids):
        for late in (10, 35, 60):
            due = AS_OF - timedelta(days=late)
            amount = Decimal(10000 + (k * 7 + late) % 90000) / 100
            out.append(
                EntryInput(
                    "INV",
                    due - timedelta(days=30),
                    (
                        LineInput("1100", debit=amount, partner_id=pid, due_date=due),
                        LineInput("4000", credit=amount),
                    ),
                    ref=f"INV {k}-{late}",
                )
            )
        if k % 4 == 0:
            out.append(
                EntryInput(
                    "BNK1",
                    AS_OF - timedelta(days=3),
                    (
                        LineInput("1000", debit=Decimal("50.00")),
                        LineInput("1100", credit=Decimal("50.00"), partner_id=pid),
                    ),
                    ref=f"Advance {k}",
                )
            )
    return out


def bare(engine: Engine, company_id: int) -> int:
    with engine.connect() as conn:
        return len(conn.execute(text(BARE), {"cid": company_id, "as_of": AS_OF}).all())


def run(kind: str) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        ids = customers(uow, company.id, company.accounts["1100"], N)
        post_entries(uow, company.id, ledger_entries(ids))
        seed_default_levels(uow, company.id)
        bare_seconds, groups = timed(lambda: bare(engine, company.id))
        assert groups == N
        seconds, result = timed(lambda: run_followups(uow, company.id, AS_OF, dry_run=True))
        assert len(result.reminders) == N
        emit(f"followup_dry_run[{kind}]", N, seconds, bare_seconds, items=N * 3 + (N + 3) // 4)
        calls = seed_company(uow, "Bench calls", "EUR")
        ids = customers(uow, calls.id, calls.accounts["1100"], N)
        post_entries(uow, calls.id, ledger_entries(ids))
        create_level(uow, calls.id, LevelInput(1, "Call", 15, manual_call=True))
        seconds, result = timed(lambda: run_followups(uow, calls.id, AS_OF))
        assert len(result.todos) == N
        emit(f"followup_run_calls[{kind}]", N, seconds, bare_seconds, history_rows=N)


if __name__ == "__main__":
    for kind in databases():
        run(kind)
