"""How many SQL statements a CAMT.053 import sends per chunk of lines (pinned, not timed).

A chunk of new lines costs exactly two statements: one look-up of what the
journal already holds (fingerprints and bank references together) and one
write (a plain executemany on SQLite, ``COPY`` on PostgreSQL); a chunk of
lines seen before costs the look-up alone. The cost of a file is then a fixed
part plus two per chunk, whatever its size: a per-line statement or a second
look-up that creeps back in fails here.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from asiento.domain.commands.chart import JournalChanges
from asiento.services.bank import statement_import
from asiento.services.bank.statement_import import import_statement
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store import statistics
from asiento.store.tables import StatementLine
from asiento.store.uow import UnitOfWork
from tests.sql_counter import counting

IBAN = "DE89370400440532013000"
CHUNK = 150  # above store.bulk.COPY_FROM, so PostgreSQL takes the COPY path


@pytest.fixture(autouse=True)
def chunks_of_150(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statement_import, "CHUNK", CHUNK)
    # statistics upkeep (an ANALYZE once a table has grown) is pinned by test_statistics
    monkeypatch.setattr(statistics, "FIRST", 10**9)


def camt(first: int, count: int, ref: str = "S") -> bytes:
    """One statement ``ref`` of ``count`` credit entries numbered from ``first``."""
    amounts = [Decimal(100 + n) / 100 for n in range(first, first + count)]
    entries = "".join(
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        f"<BookgDt><Dt>{date(2026, 1, 1) + timedelta(days=n % 300)}</Dt></BookgDt>"
        f"<AcctSvcrRef>TX-{n}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Customer {n}"
        f"</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Invoice {n}</Ustrd></RmtInf></TxDtls>"
        "</NtryDtls></Ntry>"
        for n, amount in zip(range(first, first + count), amounts, strict=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:'
        'camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-12-31T10:00:00'
        f"</CreDtTm></GrpHdr><Stmt><Id>{ref}-{first}</Id><CreDtTm>2026-12-31T10:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>{entries}"
        "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def sent(uow: UnitOfWork, engine: Engine, company: SeededCompany, content: bytes) -> int:
    with counting(engine) as statements:
        import_statement(uow, company.id, "BNK1", content, "s.xml", "camt053")
    return len(statements)


@pytest.fixture()
def bank(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))
    return company


def test_each_chunk_of_new_lines_costs_one_lookup_and_one_write(
    uow: UnitOfWork, engine: Engine, bank: SeededCompany
) -> None:
    small = sent(uow, engine, bank, camt(0, 2 * CHUNK))
    large = sent(uow, engine, bank, camt(10_000, 6 * CHUNK))
    assert large - small == 2 * (6 - 2)
    with uow:
        stored = uow.session.scalars(
            select(StatementLine.transaction_id).order_by(StatementLine.id)
        ).all()
    assert len(stored) == 8 * CHUNK and stored[-1] == "TX-10899"


def test_each_chunk_of_lines_seen_before_costs_one_lookup(
    uow: UnitOfWork, engine: Engine, bank: SeededCompany
) -> None:
    """Lines imported before under another statement are looked up a chunk per query and
    not written; a statement imported again is known by its identity, without a look-up."""
    sent(uow, engine, bank, camt(0, 6 * CHUNK, ref="A"))
    small = sent(uow, engine, bank, camt(0, 2 * CHUNK, ref="B"))
    large = sent(uow, engine, bank, camt(0, 6 * CHUNK, ref="C"))
    assert large - small == 6 - 2
    again = sent(uow, engine, bank, camt(0, 6 * CHUNK, ref="A"))
    assert again < small
    with uow:
        stored = uow.session.scalars(select(StatementLine.id)).all()
    assert len(stored) == 6 * CHUNK
