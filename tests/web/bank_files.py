"""Small bank files for the web tests: a CAMT.053 statement written on the fly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from asiento.domain.commands.chart import JournalChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store.uow import UnitOfWork

IBAN = "DE89370400440532013000"


@dataclass(frozen=True, slots=True)
class Entry:
    amount: str  # signed: credit > 0
    name: str
    text: str
    ref: str


def bank_with_iban(uow: UnitOfWork, company: SeededCompany) -> int:
    """BNK1 with the IBAN the files below are for."""
    jid = company.journals["BNK1"]
    chart.update_journal(uow, company.id, jid, JournalChanges(iban=IBAN))
    return jid


def _entry(e: Entry, day: date) -> str:
    amount = Decimal(e.amount)
    side, party = ("CRDT", "Dbtr") if amount > 0 else ("DBIT", "Cdtr")
    return f"""
      <Ntry>
        <Amt Ccy="EUR">{abs(amount)}</Amt><CdtDbtInd>{side}</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>{day.isoformat()}</Dt></BookgDt><AcctSvcrRef>{e.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><{party}><Nm>{e.name}</Nm></{party}></RltdPties>
          <RmtInf><Ustrd>{e.text}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""


def camt053(
    *entries: Entry, opening: str = "1000.00", day: date = date(2026, 3, 20), ref: str = "S-1"
) -> bytes:
    """A one-statement CAMT.053 for ``IBAN`` whose closing balance adds up."""
    closing = Decimal(opening) + sum((Decimal(e.amount) for e in entries), Decimal(0))
    body = "".join(_entry(e, day) for e in entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-{ref}</MsgId><CreDtTm>{day.isoformat()}T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{ref}</Id><CreDtTm>{day.isoformat()}T06:00:00</CreDtTm>
      <Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>{body}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()
