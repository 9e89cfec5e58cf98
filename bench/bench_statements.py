"""Bank statement import and automatic reconciliation throughput (issue #7).

Seeds N open customer invoices and N open vendor bills (posted entries through
batch posting, invoice rows with raw bulk inserts), generates a CAMT.053 file
of N credit lines quoting the invoice numbers and a CSV file of N debit lines
quoting the bill numbers, imports each into its bank journal (and re-imports
the CAMT file: all duplicates), then auto-reconciles each journal's lines
against the open items. Import ``ratio`` compares with the true raw write (``raw.py``)
of the same statement_lines rows; the auto pass's ``ratio`` compares with the raw write of
the very rows the pass wrote and updated (``raw_pass``; its ``pass_peak_rss_mb`` is taken
before that baseline reads them back). The peak RSS starts again before the import and
before each pass (``reset_peak_rss``, Linux): each ``*_peak_rss_mb`` is the highest RSS
during that step, from what the process held when the step began (for a pass,
``pass_start_rss_mb``: the pass's own memory is the difference). Every result gives peak
RSS, the load average (the machine is shared) and, for the auto pass, how many lines went
set-based and how many one by one, and its ``cpu_seconds`` (this process's CPU time:
SQLite's work is in it, PostgreSQL's server time is not), which the machine's load moves
far less than the wall time.

``--n`` (default 10,000; env BENCH_STATEMENT_N) sets N; the issue's full size
is ``--n 100000``. One database per process gives a clean peak RSS:
``BENCH_DATABASES=sqlite python bench/bench_statements.py --n 100000``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import raw
from common import databases, emit, fresh_database, peak_rss_mb, reset_peak_rss, rss_mb, timed
from sqlalchemy import Engine, func, insert, select

from asiento.domain.commands.chart import JournalChanges, NewJournal
from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.bank.statement_import import import_statement
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.ledger.batch_posting import post_entries
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.services.reference import chart
from asiento.store.bulk import insert_rows
from asiento.store.tables import (
    AuditEvent,
    FullReconciliation,
    Invoice,
    JournalEntry,
    JournalItem,
    PartialReconciliation,
    Partner,
    StatementLine,
)
from asiento.store.uow import UnitOfWork

IBAN = "DE89370400440532013000"
START = date(2026, 1, 1)
CUSTOMERS, SUPPLIERS = 500, 97


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def amount(i: int) -> Decimal:
    return Decimal(1000 + i % 90000) / 100


def day(i: int) -> date:
    return START + timedelta(days=i % 360)


def camt(numbers: list[str]) -> bytes:
    """One credit entry per invoice number, quoting it; batch-free, BOOK status."""
    total = sum((amount(i) for i in range(len(numbers))), Decimal(0))
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-12-31T10:00:00</CreDtTm></GrpHdr>"
        "<Stmt><Id>BENCH-1</Id><CreDtTm>2026-12-31T10:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt>'
        "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2025-12-31</Dt></Dt></Bal>"
        f'<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{total}</Amt>'
        "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-31</Dt></Dt></Bal>"
    )
    body = []
    for i, number in enumerate(numbers):
        body.append(
            f'<Ntry><Amt Ccy="EUR">{amount(i)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
            f"<BookgDt><Dt>{day(i)}</Dt></BookgDt><ValDt><Dt>{day(i)}</Dt></ValDt>"
            f"<AcctSvcrRef>TX-{i}</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-{i}"
            f"</EndToEndId></Refs><RltdPties><Dbtr><Nm>Customer {i % CUSTOMERS}</Nm></Dbtr>"
            f"</RltdPties><RmtInf><Ustrd>Invoice {number}</Ustrd></RmtInf></TxDtls></NtryDtls>"
            "</Ntry>"
        )
    return (head + "".join(body) + "</Stmt></BkToCstmrStmt></Document>\n").encode()


def csv_file(numbers: list[str]) -> bytes:
    """One debit row per bill number (the odoo_generic layout), quoting it."""
    rows = ["Date,Amount,Label,Partner Name,Bank Account,Amount Currency,Currency"]
    for i, number in enumerate(numbers):
        rows.append(f'{day(i):%m/%d/%Y},"{-amount(i)}",Bill {number},Supplier {i % SUPPLIERS},,,')
    return ("\n".join(rows) + "\n").encode()


def bare_rows(company_id: int, journal_id: int, statement_id: int, n: int) -> list[dict[str, Any]]:
    return [
        {
            "company_id": company_id,
            "statement_id": statement_id,
            "journal_id": journal_id,
            "sequence": i,
            "date": START,
            "amount": int(amount(i) * 100),
            "currency": "EUR",
            "fingerprint": f"raw{i:060d}",
            "occurrence": 1,
            "state": "open",
        }
        for i in range(n)
    ]


def bare_insert(engine: Engine, rows: list[dict[str, Any]]) -> None:
    """The true raw write of the lines (``raw.insert_batch``: ``sqlite3`` executemany of
    tuples, or psycopg COPY, one transaction); deleted again outside the caller's timing."""
    raw.insert_batch(engine, [("statement_lines", rows)])


def drop_bare(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(StatementLine.__table__.delete().where(StatementLine.fingerprint.like("raw%")))


def make_partners(uow: UnitOfWork, company: SeededCompany, prefix: str, n: int) -> list[int]:
    rows = [
        {"company_id": company.id, "name": f"{prefix} {k}", "is_customer": prefix == "Customer",
         "is_supplier": prefix == "Supplier", "receivable_account_id": company.accounts["1100"],
         "payable_account_id": company.accounts["2000"]}
        for k in range(n)
    ]  # fmt: skip
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


def open_invoices(uow: UnitOfWork, company: SeededCompany, kind: str, n: int) -> list[str]:
    """n posted documents of ``kind`` (customer_invoice / vendor_bill), open; their numbers.

    The entries go through batch posting (numbers, hashes); the invoice rows
    pointing at them are bulk inserts (``store.bulk.insert_rows``: bench data, not the invoice
    service; as every bulk writer, it keeps the planner's statistics of what it grows).
    """
    sale = kind == "customer_invoice"
    people = make_partners(uow, company, "Customer" if sale else "Supplier",
                           CUSTOMERS if sale else SUPPLIERS)  # fmt: skip
    journal = "INV" if sale else "BILL"

    def lines(i: int, partner: int) -> tuple[LineInput, LineInput]:
        if sale:
            return (LineInput("1100", debit=amount(i), partner_id=partner),
                    LineInput("4000", credit=amount(i)))  # fmt: skip
        return (LineInput("6100", debit=amount(i)),
                LineInput("2000", credit=amount(i), partner_id=partner))  # fmt: skip

    post_entries(uow, company.id, (
        EntryInput(journal, START, lines(i, people[i % len(people)]), ref=f"{kind} {i}")
        for i in range(n)
    ), chunk_size=2000)  # fmt: skip
    with uow:
        s = uow.session
        entries = s.execute(
            select(JournalEntry.id, JournalEntry.number)
            .where(JournalEntry.journal_id == company.journals[journal])
            .order_by(JournalEntry.sequence_number)
        ).all()
        rows = [
            {"company_id": company.id, "kind": kind, "state": "posted",
             "payment_state": "not_paid", "partner_id": people[i % len(people)],
             "journal_id": company.journals[journal], "number": e.number, "invoice_date": START,
             "due_date": START, "currency": "EUR", "entry_id": e.id,
             "amount_untaxed": int(amount(i) * 100), "amount_total": int(amount(i) * 100),
             "amount_untaxed_company": int(amount(i) * 100),
             "amount_total_company": int(amount(i) * 100), "amount_residual": int(amount(i) * 100)}
            for i, e in enumerate(entries)
        ]  # fmt: skip
        insert_rows(s, Invoice.__table__, rows)  # the product's bulk writer: statistics kept
        uow.commit()
    return [str(e.number) for e in entries]


WRITTEN = (JournalEntry, JournalItem, FullReconciliation, PartialReconciliation, AuditEvent)
"""The tables the automatic pass inserts into (its raw baseline writes the same rows)."""


def top_ids(engine: Engine) -> dict[str, int]:
    """Each written table's highest id: what a pass adds lies above it."""
    with engine.connect() as conn:
        return {
            m.__tablename__: int(conn.scalar(select(func.coalesce(func.max(m.id), 0))) or 0)
            for m in WRITTEN
        }


def _plain(row: Any) -> dict[str, Any]:
    """A row as the bare driver takes it (JSON columns as their text)."""
    return {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in row._mapping.items()}


def _rows_in(conn: Any, stmt: Any, column: Any, values: list[int]) -> list[tuple[Any, ...]]:
    """``stmt`` for rows whose ``column`` is among ``values``, 10,000 values a statement (a
    driver takes at most 65,535 parameters)."""
    return [
        tuple(r)
        for k in range(0, len(values), 10_000)
        for r in conn.execute(stmt.where(column.in_(values[k : k + 10_000])))
    ]


def raw_pass(
    engine: Engine, journal_id: int, before: dict[str, int]
) -> tuple[float, dict[str, int]]:
    """The raw limit of one pass: the very rows it wrote, written again by the bare driver.

    Read back after the pass: the rows above ``before`` in each written table, and the rows it
    updated (its statement lines, the open items it closed, their invoices). They are written
    again with ids past the table's highest (entries numbered and chained apart), pointing at
    each other as the pass's did, and the updates repeated (``raw.write_and_discard``; rolled
    back, nothing stays). Returns its seconds and the rows it wrote per table.
    """
    shift = top_ids(engine)  # the copies' ids go past every id the pass wrote
    e, i, f = shift["journal_entries"], shift["journal_items"], shift["full_reconciliations"]
    with engine.connect() as conn:
        rows = {
            m.__tablename__: [_plain(r) for r in conn.execute(
                select(m.__table__).where(m.id > before[m.__tablename__]).order_by(m.id))]
            for m in WRITTEN
        }  # fmt: skip
        new_items = {r["id"] for r in rows["journal_items"]}
        closed = sorted(
            {
                p[k]
                for p in rows["partial_reconciliations"]
                for k in ("debit_item_id", "credit_item_id")
            }
            - new_items
        )
        open_items = _rows_in(conn, select(
            JournalItem.amount_residual, JournalItem.amount_residual_currency,
            JournalItem.reconciled, JournalItem.full_reconciliation_id, JournalItem.id,
            JournalItem.entry_id), JournalItem.id, closed)  # fmt: skip
        paid = _rows_in(conn, select(Invoice.payment_state, Invoice.amount_residual, Invoice.id),
                        Invoice.entry_id, sorted({r[5] for r in open_items}))  # fmt: skip
        lines = [tuple(r) for r in conn.execute(
            select(StatementLine.entry_id, StatementLine.state, StatementLine.id)
            .where(StatementLine.journal_id == journal_id, StatementLine.entry_id > before["journal_entries"]))]  # fmt: skip
    for r in rows["journal_entries"]:
        r.update(id=r["id"] + e, number=f"{r['number']}-R", chain_index=r["chain_index"] + 10**9)
    for r in rows["journal_items"]:
        r.update(id=r["id"] + i, entry_id=r["entry_id"] + e)
    for table in ("journal_items", "partial_reconciliations"):
        for r in rows[table]:
            if r["full_reconciliation_id"] is not None:
                r["full_reconciliation_id"] += f
    for r in rows["full_reconciliations"]:
        r["id"] += f
    for r in rows["partial_reconciliations"]:
        r["id"] += shift["partial_reconciliations"]
        for k in ("debit_item_id", "credit_item_id"):
            r[k] += i if r[k] in new_items else 0
    for r in rows["audit_events"]:
        r["id"] += shift["audit_events"]
    updates: list[raw.Update] = [
        ("statement_lines", ("entry_id", "state"), [(x + e, st, n) for x, st, n in lines]),
        ("journal_items", ("amount_residual", "amount_residual_currency", "reconciled",
                           "full_reconciliation_id"),
         [(a, b, c, None if d is None else d + f, n) for a, b, c, d, n, _ in open_items]),
        ("invoices", ("payment_state", "amount_residual"), paid),
    ]  # fmt: skip
    inserts = [(m.__tablename__, rows[m.__tablename__]) for m in
               (FullReconciliation, JournalEntry, JournalItem, PartialReconciliation, AuditEvent)]  # fmt: skip
    written = {t: len(r) for t, r in inserts} | {f"{t} updated": len(v) for t, _, v in updates}
    return raw.write_and_discard(engine, inserts, updates), written


def paid_count(uow: UnitOfWork, company_id: int) -> int:
    with uow:
        stmt = select(func.count()).where(
            Invoice.company_id == company_id, Invoice.payment_state == "paid"
        )
        return int(uow.session.scalar(stmt) or 0)


def run(kind: str, n: int) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))
        card = chart.create_journal(uow, company.id, NewJournal(code="CARD", name="Card", kind="bank", default_account_id=company.accounts["1000"]))  # fmt: skip
        setup, (invoices, bills) = timed(lambda: (
            open_invoices(uow, company, "customer_invoice", n),
            open_invoices(uow, company, "vendor_bill", n),
        ))  # fmt: skip
        content = camt(invoices)
        reset_peak_rss()  # the seeding's own peak is not the import's
        seconds, summary = timed(lambda: import_statement(uow, company.id, "BNK1", content))
        assert summary.new == n and summary.balance_ok, summary
        rss = peak_rss_mb()
        with uow:
            sid = uow.session.scalar(select(StatementLine.statement_id).limit(1))
        rows = bare_rows(company.id, card.id, int(sid or 0), n)
        bare_s, _ = timed(lambda: bare_insert(engine, rows))
        drop_bare(engine)
        rows = []
        emit(f"import_camt053[{kind}]", n, seconds, bare_s, file_mb=round(len(content) / 2**20, 1),
             import_peak_rss_mb=rss, setup_seconds=round(setup, 1), load=load())  # fmt: skip
        seconds, again = timed(lambda: import_statement(uow, company.id, "BNK1", content))
        assert again.new == 0 and again.duplicates == n
        emit(f"reimport_camt053_all_duplicates[{kind}]", n, seconds, bare_s, load=load())
        content = b""
        data = csv_file(bills)
        seconds, summary = timed(
            lambda: import_statement(uow, company.id, "CARD", data, profile="odoo_generic")
        )
        assert summary.new == n, summary
        emit(f"import_csv[{kind}]", n, seconds, bare_s, load=load())
        data = b""
        for journal, label in ((company.journals["BNK1"], "camt053"), (card.id, "csv")):
            before = top_ids(engine)
            reset_peak_rss()  # not the earlier steps' peak (the previous baseline read back all)
            start_rss = rss_mb()
            cpu = time.process_time()
            seconds, report = timed(lambda j=journal: auto_reconcile(uow, company.id, journal_id=j))
            cpu = time.process_time() - cpu
            rss = peak_rss_mb()  # before the baseline, which reads back every row written
            bare_pass, written = raw_pass(engine, journal, before)
            assert (len(report.matched), report.left, report.refused) == (n, 0, []), (
                len(report.matched),
                report.left,
                report.refused[:3],
                report.ambiguous[:3],
            )
            emit(f"auto_reconcile_{label}[{kind}]", n, seconds, bare_pass, bulk=report.bulk,
                 per_line=report.per_line, cpu_seconds=round(cpu, 2), pass_start_rss_mb=start_rss,
                 pass_peak_rss_mb=rss,
                 raw_rows=written,
                 load=load())  # fmt: skip
        assert paid_count(uow, company.id) == 2 * n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_STATEMENT_N", "10000")))
    args = parser.parse_args()
    sys.setrecursionlimit(10000)
    for kind in databases():
        run(kind, args.n)


if __name__ == "__main__":
    main()
