"""Reports on a big ledger: trial balance, aged receivable and one account's general ledger.

Builds (with bare executemany on SQLite, COPY on PostgreSQL — not the service)
a ledger of ``N`` journal items (default 100,000; ``--full`` = 1,000,000) over
5,000 partners: invoices (receivable / sales), customer payments (bank /
receivable, half of them matched to the partner's last invoice by a partial
reconciliation) and expenses (rent / bank). Then times, in the same run, each
report against a bare SQL statement computing the same figures:

- ``trial_balance``: ``reports.balances.trial_balance`` vs one GROUP BY;
- ``aged_receivable``: ``reports.aged.aged_receivable`` vs the bare bucketed GROUP BY;
- ``general_ledger_1000``: groups + every streamed line of the bank account vs a
  bare window-function SELECT fetching the same rows.

``ratio`` = report throughput / bare throughput (1.0 = as fast; 0.5 = twice as slow).
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from common import databases, emit, fresh_database, timed
from sqlalchemy import Engine, text

from asiento.reports.aged import aged_receivable
from asiento.reports.balances import trial_balance
from asiento.reports.common import ReportFilter
from asiento.reports.ledgers import general_ledger, ledger_lines
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.uow import UnitOfWork

FULL = "--full" in sys.argv
N = int(os.environ.get("BENCH_N", 1_000_000 if FULL else 100_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 3))
PARTNERS = 5_000
CHUNK = 100_000
START = date(2025, 1, 1)
AS_OF = date(2026, 12, 31)
ITEM_COLS = ("id", "company_id", "entry_id", "sequence", "journal_id", "date", "parent_state",
             "account_id", "partner_id", "label", "debit", "credit", "balance", "currency",
             "amount_currency", "due_date", "amount_residual", "amount_residual_currency",
             "reconciled")  # fmt: skip
ENTRY_COLS = ("id", "company_id", "journal_id", "number", "date", "ref", "narration", "state")
PARTIAL_COLS = ("company_id", "debit_item_id", "credit_item_id", "amount",
                "debit_amount_currency", "credit_amount_currency", "max_date", "note",
                "created_at")  # fmt: skip


def ledger_rows(c: SeededCompany, partners: list[int]) -> Iterator[tuple[list[Any], ...]]:
    """Chunks of (entries, items, partials): 2 items per entry, N items in all."""
    rng = random.Random(42)
    a, j = c.accounts, c.journals
    last_invoice: dict[int, tuple[int, int, date]] = {}
    item_id = 0
    for first in range(0, N // 2, CHUNK // 2):
        entries, items, partials = [], [], []
        for e in range(first + 1, min(first + CHUNK // 2, N // 2) + 1):
            day = START + timedelta(days=rng.randrange(730))
            amount, p, kind = rng.randrange(100, 500_000), rng.choice(partners), rng.random()
            if kind < 0.6:
                journal, lines = j["INV"], ((a["1100"], p, amount), (a["4000"], None, -amount))
            elif kind < 0.9:
                journal, lines = j["BNK1"], ((a["1000"], None, amount), (a["1100"], p, -amount))
            else:
                journal, lines = j["BNK1"], ((a["6000"], None, amount), (a["1000"], None, -amount))
            entries.append((e, c.id, journal, f"B/{e}", day, "", "", "posted"))
            for seq, (account, partner, bal) in enumerate(lines):
                item_id += 1
                due = day + timedelta(days=30) if partner else None
                items.append((item_id, c.id, e, seq, journal, day, "posted", account, partner, "",
                              max(bal, 0), max(-bal, 0), bal, "EUR", bal, due, bal, bal, False))  # fmt: skip
                if partner and bal > 0:
                    last_invoice[partner] = (item_id, bal, day)
                elif partner and kind < 0.75 and partner in last_invoice:
                    inv_id, inv_bal, inv_day = last_invoice.pop(partner)
                    m = min(inv_bal, -bal)
                    partials.append((c.id, inv_id, item_id, m, m, m, max(day, inv_day), "",
                                     START))  # fmt: skip
        yield entries, items, partials


def _insert(engine: Engine, table: str, cols: tuple[str, ...], rows: list[Any]) -> None:
    """Bulk load: COPY on PostgreSQL; on SQLite one explicit transaction per chunk.

    The SQLite connections of ``make_engine`` run in autocommit mode
    (``isolation_level = None``), so a bare ``executemany`` would commit every
    row; ``synchronous=OFF`` and ``foreign_keys=OFF`` are for this load only
    (the rows are generated consistent), restored before any report runs.
    """
    if not rows:
        return
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "postgresql":
            with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
            raw.commit()
        else:
            marks = ", ".join("?" for _ in cols)
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA foreign_keys=OFF")
            cur.execute("BEGIN")
            cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)
            cur.execute("COMMIT")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        raw.close()


def load(engine: Engine) -> SeededCompany:
    uow = UnitOfWork.from_engine(engine)
    c = seed_company(uow, "Bench SL", "EUR")
    names = [(c.id, f"Customer {n:05d}", True, False, True) for n in range(PARTNERS)]
    cols = ("company_id", "name", "is_customer", "is_supplier", "active")
    _insert(engine, "partners", cols, names)
    with engine.connect() as conn:
        partners = list(conn.scalars(text("SELECT id FROM partners WHERE company_id = :c"),
                                     {"c": c.id}))  # fmt: skip
    for entries, items, partials in ledger_rows(c, partners):
        _insert(engine, "journal_entries", ENTRY_COLS, entries)
        _insert(engine, "journal_items", ITEM_COLS, items)
        _insert(engine, "partial_reconciliations", PARTIAL_COLS, partials)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return c


BARE_TB = """
SELECT account_id, SUM(CASE WHEN date < :start THEN balance ELSE 0 END),
       SUM(CASE WHEN date >= :start THEN debit ELSE 0 END),
       SUM(CASE WHEN date >= :start THEN credit ELSE 0 END)
FROM journal_items WHERE company_id = :c AND parent_state = 'posted' AND date <= :end
GROUP BY account_id
"""
BARE_AGED = """
WITH m AS (
  SELECT item_id, SUM(delta) AS matched FROM (
    SELECT debit_item_id AS item_id, -amount AS delta FROM partial_reconciliations
     WHERE company_id = :c AND max_date <= :end
    UNION ALL
    SELECT credit_item_id, amount FROM partial_reconciliations WHERE company_id = :c AND max_date <= :end
  ) s GROUP BY item_id)
SELECT i.partner_id, p.name,
  SUM(CASE WHEN COALESCE(i.due_date, i.date) >= :end THEN i.balance + COALESCE(m.matched, 0) ELSE 0 END),
  SUM(CASE WHEN COALESCE(i.due_date, i.date) < :end AND COALESCE(i.due_date, i.date) >= :d30
      THEN i.balance + COALESCE(m.matched, 0) ELSE 0 END),
  SUM(CASE WHEN COALESCE(i.due_date, i.date) < :d30 AND COALESCE(i.due_date, i.date) >= :d60
      THEN i.balance + COALESCE(m.matched, 0) ELSE 0 END),
  SUM(CASE WHEN COALESCE(i.due_date, i.date) < :d60 AND COALESCE(i.due_date, i.date) >= :d90
      THEN i.balance + COALESCE(m.matched, 0) ELSE 0 END),
  SUM(CASE WHEN COALESCE(i.due_date, i.date) < :d90 THEN i.balance + COALESCE(m.matched, 0) ELSE 0 END)
FROM journal_items i LEFT JOIN m ON m.item_id = i.id
  LEFT JOIN partners p ON p.company_id = i.company_id AND p.id = i.partner_id
WHERE i.company_id = :c AND i.parent_state = 'posted' AND i.account_id = :acc AND i.date <= :end
GROUP BY i.partner_id, p.name
"""
BARE_GL = """
SELECT a.code, i.date, e.number, j.code, a.code, p.name, i.label, i.debit, i.credit,
       (SELECT COALESCE(SUM(o.balance), 0) FROM journal_items o
         WHERE o.company_id = :c AND o.parent_state = 'posted' AND o.account_id = :acc
           AND o.date < :start)
       + SUM(i.balance) OVER (ORDER BY i.date, i.entry_id, i.id)
FROM journal_items i
JOIN journal_entries e ON e.company_id = i.company_id AND e.id = i.entry_id
JOIN journals j ON j.company_id = i.company_id AND j.id = i.journal_id
JOIN accounts a ON a.company_id = i.company_id AND a.id = i.account_id
LEFT JOIN partners p ON p.company_id = i.company_id AND p.id = i.partner_id
WHERE i.company_id = :c AND i.parent_state = 'posted' AND i.account_id = :acc
  AND i.date >= :start AND i.date <= :end
ORDER BY i.date, i.entry_id, i.id
"""


def _bare(engine: Engine, sql: str, params: dict[str, Any]) -> int:
    with engine.connect() as conn:
        return len(conn.execute(text(sql), params).all())


def cases(c: Any) -> list[tuple[str, Any, str, dict[str, Any]]]:
    """(name, report over a session, bare SQL, its parameters) — same rows, same columns."""
    start = date(2026, 1, 1)
    days = {f"d{d}": AS_OF - timedelta(days=d) for d in (30, 60, 90)}
    base = {"c": c.id, "start": start, "end": AS_OF}
    f = ReportFilter(c.id, date_to=AS_OF)
    gl = ReportFilter(c.id, date_from=start, date_to=AS_OF, account_from="1000",
                      account_to="1000")  # fmt: skip
    return [
        ("trial_balance", lambda s: trial_balance(s, f), BARE_TB, base),
        ("aged_receivable", lambda s: aged_receivable(s, f), BARE_AGED,
         base | days | {"acc": c.accounts["1100"]}),
        ("general_ledger_1000", lambda s: sum(1 for _ in ledger_lines(s, general_ledger(s, gl))),
         BARE_GL, base | {"acc": c.accounts["1000"]}),
    ]  # fmt: skip


def best(fn: Any) -> float:
    """Fastest of ``REPEAT`` runs: the machine is shared, the minimum is the least noisy."""
    return min(timed(fn)[0] for _ in range(REPEAT))


def run(kind: str) -> None:
    with fresh_database(kind) as engine:
        load_seconds, c = timed(lambda: load(engine))
        emit(f"reports_load_{kind}", N, load_seconds, None, database=kind,
             load_avg=os.getloadavg())  # fmt: skip
        uow = UnitOfWork.from_engine(engine)

        def report(fn: Any) -> Any:
            with uow:
                return fn(uow.session)

        for name, fn, sql, params in cases(c):
            _bare(engine, sql, params)  # warm the cache for both sides alike
            bare_seconds = best(lambda sql=sql, params=params: _bare(engine, sql, params))
            seconds = best(lambda fn=fn: report(fn))
            emit(f"{name}_{kind}", N, seconds, bare_seconds, database=kind,
                 bare_seconds=round(bare_seconds, 3), load_avg=os.getloadavg())  # fmt: skip


if __name__ == "__main__":
    for db in databases():
        run(db)
