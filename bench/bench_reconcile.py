"""Auto-reconcile open items and register payments from invoices, on SQLite and PostgreSQL.

Prints one JSON line per database and measure:
- ``auto_reconcile``: ``services.auto_reconcile.auto_reconcile`` over N invoice items and N
  payment items (10 of each per partner; every 10th partner is a Smith-and-Offspring case left
  ambiguous); ``ratio`` = its throughput / the true raw write (``raw.py``) of as many partial rows.
- ``register_payment``: ``services.register_payment.register_payment`` once per invoice (one
  transaction each); ``ratio`` against the same bare insert scaled to that count.
Default N = 2,000 + 2,000 items and 500 payments; ``--full`` (or BENCH_FULL=1) runs the
specification's 50,000 + 50,000 items and 10,000 payments. ``BENCH_N`` sets N (e.g. 10000 for
the smaller of the two sizes), ``BENCH_ONLY=auto`` or ``register`` runs one measure.
``cpu_seconds`` is this process's CPU time during the pass (Python and SQLite), next to the
wall time: on a loaded machine the two differ most.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from decimal import Decimal
from typing import Any

import raw
from common import StatementCounter, databases, emit, fresh_database, load, timed
from sqlalchemy import Engine, func, insert, select

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing.invoice_drafts import create_invoice_in
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_posting import post_invoice_in
from asiento.services.ledger.batch_posting import post_entries
from asiento.services.ledger.entries import EntryInput, LineInput, company_of
from asiento.services.payments.auto_reconcile import auto_reconcile
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.store.tables import JournalItem, PartialReconciliation, Partner
from asiento.store.uow import UnitOfWork

FULL = "--full" in sys.argv or os.environ.get("BENCH_FULL") == "1"
N = int(os.environ.get("BENCH_N", 50_000 if FULL else 2_000))
ONLY = os.environ.get("BENCH_ONLY", "")
N_PAY = 10_000 if FULL else 500
PER_PARTNER = 10
DAY = date(2026, 3, 1)


def make_partners(uow: UnitOfWork, company: SeededCompany, count: int) -> list[int]:
    """``count`` customers in one executemany (bench data only; no per-partner service call)."""
    rows = [
        {
            "company_id": company.id,
            "name": f"Customer {n}",
            "is_customer": True,
            "receivable_account_id": company.accounts["1100"],
            "payable_account_id": company.accounts["2000"],
        }
        for n in range(count)
    ]
    table: Any = Partner.__table__
    with uow:
        ids = (
            uow.session.connection()
            .execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
            .scalars()
            .all()
        )
        uow.commit()
    return [int(i) for i in ids]


def open_items(partner_ids: list[int]) -> list[EntryInput]:
    """Per partner 10 invoices (distinct amounts) and 10 payments that each fit one invoice.

    Every 10th partner gets the Smith case instead: invoices 50, 120, 70 and a payment of 120
    (ambiguous: {120} or {50, 70}); its 50 and 70 are not paid.
    """
    out = []
    for p_index, partner in enumerate(partner_ids):
        if p_index % 10 == 9:
            amounts = [Decimal("50.00"), Decimal("120.00"), Decimal("70.00")] + [
                Decimal(1000 + k) for k in range(PER_PARTNER - 3)
            ]
        else:
            amounts = [Decimal(100 + 37 * k) + Decimal("0.13") for k in range(PER_PARTNER)]
        for k, amount in enumerate(amounts):
            out.append(
                EntryInput(
                    "INV",
                    DAY,
                    (
                        LineInput("1100", debit=amount, partner_id=partner),
                        LineInput("4000", credit=amount),
                    ),
                    ref=f"I{partner}-{k}",
                )
            )
        paid = [a for a in amounts if a not in (Decimal("50.00"), Decimal("70.00"))]
        for amount in paid:
            out.append(
                EntryInput(
                    "BNK1",
                    date(2026, 3, 20),
                    (
                        LineInput("1020", debit=amount),
                        LineInput("1100", credit=amount, partner_id=partner),
                    ),
                )
            )
    return out


def bare_partials(engine: Engine, company_id: int, n: int) -> float:
    """Seconds for the true raw write of ``n`` partial rows (``raw.insert_batch``: ``sqlite3``
    executemany of tuples, or psycopg COPY, one transaction), then deleted again."""
    rows = (
        {"company_id": company_id, "debit_item_id": 1, "credit_item_id": 2, "amount": 100,
         "debit_amount_currency": 100, "credit_amount_currency": 100, "max_date": DAY, "note": ""}
        for _ in range(n)
    )  # fmt: skip
    seconds, _ = timed(lambda: raw.insert_batch(engine, [("partial_reconciliations", rows)]))
    with engine.begin() as conn:
        conn.execute(PartialReconciliation.__table__.delete())
    return seconds


def _open_count(engine: Engine) -> int:
    """Receivable items left open after the run (the Smith cases and their payments)."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(JournalItem)
                .where(JournalItem.reconciled.is_(False), JournalItem.partner_id.is_not(None))
            ).scalar_one()
        )


def bench_auto(kind: str) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        setup, partner_ids = timed(lambda: make_partners(uow, company, N // PER_PARTNER))
        entries = open_items(partner_ids)
        posting, _ = timed(lambda: post_entries(uow, company.id, entries))
        baseline = bare_partials(engine, company.id, N)
        with StatementCounter(engine) as sql:
            cpu = time.process_time()
            seconds, report = timed(lambda: auto_reconcile(uow, company.id))
            cpu = time.process_time() - cpu
        emit(
            f"auto_reconcile[{kind}]",
            2 * N,
            seconds,
            baseline * 2,
            matched=report.matched_count,
            ambiguous=report.ambiguous_count,
            untouched=report.untouched_count,
            open_items=_open_count(engine),
            setup_seconds=round(setup + posting, 1),
            statements=sql.count,
            cpu_seconds=round(cpu, 2),
            load=load(),
        )


def make_invoices(uow: UnitOfWork, company: SeededCompany, partner_ids: list[int]) -> list[int]:
    """N_PAY posted invoices, 500 per transaction (the in-session use cases, not one commit each)."""
    ids: list[int] = []
    for start in range(0, N_PAY, 500):
        with uow:
            s = uow.session
            owner = company_of(s, company.id)
            for n in range(start, min(start + 500, N_PAY)):
                line = InvoiceLineInput(
                    description="Service",
                    price_unit=Decimal(100 + n % 50),
                    account_id=company.accounts["4000"],
                    tax_ids=(),
                )
                data = InvoiceInput(
                    "customer_invoice", partner_ids[n % len(partner_ids)], (line,), invoice_date=DAY
                )
                invoice = create_invoice_in(s, owner, data)
                post_invoice_in(s, owner, invoice)
                ids.append(invoice.id)
            uow.commit()
    return ids


def bench_register(kind: str) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        partner_ids = make_partners(uow, company, max(1, N_PAY // 100))
        setup, ids = timed(lambda: make_invoices(uow, company, partner_ids))
        baseline = bare_partials(engine, company.id, N_PAY)
        cmd = RegisterPaymentInput(date(2026, 3, 20))
        with StatementCounter(engine) as sql:
            seconds, _ = timed(lambda: [register_payment(uow, company.id, [i], cmd) for i in ids])
        emit(
            f"register_payment[{kind}]",
            N_PAY,
            seconds,
            baseline,
            setup_seconds=round(setup, 1),
            statements_per_payment=round(sql.count / N_PAY, 1),
            load=load(),
        )


if __name__ == "__main__":
    for kind in databases():
        if ONLY in ("", "auto"):
            bench_auto(kind)
        if ONLY in ("", "register"):
            bench_register(kind)
