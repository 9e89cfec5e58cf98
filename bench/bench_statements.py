"""Bank statement import and automatic reconciliation throughput.

Generates a CAMT.053 file and a CSV file of BENCH_STATEMENT_N lines (default
10,000; the issue's full size is 100,000: ``BENCH_STATEMENT_N=100000``),
imports each into a fresh journal, re-imports the CAMT file (all duplicates),
then auto-reconciles BENCH_RECONCILE_N lines (default 100) against as many
open receivable items whose entry numbers the lines quote. The ratio compares
the import with a bare ``executemany`` of the same statement_lines rows.

Each result also gives ``import_peak_rss_mb`` (the process peak right after
that step, before the baseline rows are built) and the machine's load average
(the machine is shared). Run one database per process (``BENCH_DATABASES``)
for a clean peak; full size: ``BENCH_STATEMENT_N=100000 BENCH_RECONCILE_N=1000``.
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from common import databases, emit, fresh_database, peak_rss_mb, timed
from sqlalchemy import Engine, insert, select

from asiento.services import chart, partners
from asiento.services.batch_posting import post_entries
from asiento.services.demo import SeededCompany, seed_company
from asiento.services.ledger import EntryInput, LineInput
from asiento.services.statement_auto import auto_reconcile
from asiento.services.statement_import import import_statement
from asiento.store.tables import StatementLine
from asiento.store.uow import UnitOfWork

N = int(os.environ.get("BENCH_STATEMENT_N", "10000"))
N_RECONCILE = int(os.environ.get("BENCH_RECONCILE_N", "100"))
IBAN = "DE89370400440532013000"
START = date(2026, 1, 1)


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def amount(i: int) -> Decimal:
    return Decimal(1000 + i % 90000) / 100


def camt(n: int, quote: int) -> bytes:
    """n credit entries; the first ``quote`` quote the entry number MISC/2026/<i+1>."""
    total = sum((amount(i) for i in range(n)), Decimal(0))
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
    for i in range(n):
        day = START + timedelta(days=i % 360)
        text = f"MISC/2026/{i + 1:05d}" if i < quote else f"Sale {i}"
        body.append(
            f'<Ntry><Amt Ccy="EUR">{amount(i)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
            f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
            f"<AcctSvcrRef>TX-{i}</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-{i}"
            f"</EndToEndId></Refs><RltdPties><Dbtr><Nm>Customer {i % 500}</Nm></Dbtr></RltdPties>"
            f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
        )
    return (head + "".join(body) + "</Stmt></BkToCstmrStmt></Document>\n").encode()


def csv_file(n: int) -> bytes:
    rows = ["Date,Amount,Label,Partner Name,Bank Account,Amount Currency,Currency"]
    for i in range(n):
        day = START + timedelta(days=i % 360)
        rows.append(f'{day:%m/%d/%Y},"{-amount(i)}",Card {i},Shop {i % 97},,,')
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
    with engine.begin() as conn:
        for start in range(0, len(rows), 2000):
            conn.execute(insert(StatementLine), rows[start : start + 2000])


def open_items(uow: UnitOfWork, company: SeededCompany, n: int) -> None:
    """n customer invoices as posted MISC entries: MISC/2026/00001 ... (receivable open)."""
    partner = partners.create_partner(
        uow,
        company.id,
        name="Bench customer",
        is_customer=True,
        receivable_account_id=company.accounts["1100"],
    )
    post_entries(
        uow,
        company.id,
        [
            EntryInput(
                "MISC",
                START,
                (
                    LineInput("1100", debit=amount(i), partner_id=partner.id, label=f"Invoice {i}"),
                    LineInput("4000", credit=amount(i), label=f"Invoice {i}"),
                ),
                ref=f"invoice {i}",
            )
            for i in range(n)
        ],
    )


def run(kind: str) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        chart.update_journal(uow, company.id, company.journals["BNK1"], iban=IBAN)
        card = chart.create_journal(
            uow,
            company.id,
            code="CARD",
            name="Card",
            kind="bank",
            default_account_id=company.accounts["1000"],
        )
        open_items(uow, company, N_RECONCILE)
        content = camt(N, N_RECONCILE)
        seconds, summary = timed(lambda: import_statement(uow, company.id, "BNK1", content))
        assert summary.new == N and summary.balance_ok, summary
        rss = peak_rss_mb()
        with uow:
            sid = uow.session.scalar(select(StatementLine.statement_id).limit(1))
        bare_s, _ = timed(
            lambda: bare_insert(engine, bare_rows(company.id, card.id, int(sid or 0), N))
        )
        mb = round(len(content) / 2**20, 1)
        emit(
            f"import_camt053[{kind}]",
            N,
            seconds,
            bare_s,
            file_mb=mb,
            import_peak_rss_mb=rss,
            load=load(),
        )
        seconds, again = timed(lambda: import_statement(uow, company.id, "BNK1", content))
        assert again.new == 0 and again.duplicates == N
        emit(f"reimport_camt053_all_duplicates[{kind}]", N, seconds, bare_s, load=load())
        data = csv_file(N)
        seconds, summary = timed(
            lambda: import_statement(uow, company.id, "CARD", data, profile="odoo_generic")
        )
        assert summary.new == N, summary
        emit(f"import_csv[{kind}]", N, seconds, bare_s, load=load())
        seconds, report = timed(
            lambda: auto_reconcile(uow, company.id, journal_id=company.journals["BNK1"])
        )
        assert len(report.matched) == N_RECONCILE, (len(report.matched), report.ambiguous[:3])
        emit(
            f"auto_reconcile_matched[{kind}]",
            N_RECONCILE,
            seconds,
            None,
            open_lines_scanned=N,
            left_open=report.left,
            load=load(),
        )


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    for kind in databases():
        run(kind)
