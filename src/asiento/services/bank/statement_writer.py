"""Writing planned statements and their new lines: rows in chunks, never ORM objects per line.

Why Core ``executemany`` in chunks: a statement of 100,000 lines must cost
memory in proportion to a chunk, not to the file.

Invariants:
    - text fields are cut to their column sizes only after the importers
      bounded them (``importers.base.MAX_TEXT``), so nothing long is silently
      stored;
    - a statement row is written only for a statement that brings new lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from asiento.importers import base as parsed
from asiento.importers.identity import compact
from asiento.services.bank.statement_balances import Balances
from asiento.services.bank.statement_duplicates import NewLine, StatementPlan
from asiento.store.tables import BankStatement, Company, Journal, Partner, StatementLine
from asiento.store.types import to_minor

CHUNK: Final = 2000
Progress = Callable[[int, int], None]
"""``progress(done, total)`` after each chunk of lines written."""


@dataclass(frozen=True, slots=True)
class Target:
    """The journal an import writes into."""

    company: Company
    journal: Journal
    currency: str


@dataclass(frozen=True, slots=True)
class Source:
    """The file an import reads: format, hash, name and the user's declared closing."""

    format: str
    file_hash: str
    filename: str | None
    closing: Decimal | None = None


def partners_by_iban(
    session: Session, company_id: int, statements: Sequence[parsed.ParsedStatement]
) -> dict[str, int]:
    """Partner ids by compact IBAN, for the counterparties the file names."""
    ibans = {line.counterparty_iban for st in statements for line in st.lines}
    ibans.discard(None)
    if not ibans:
        return {}
    rows = session.execute(
        select(Partner.iban, Partner.id).where(
            Partner.company_id == company_id, Partner.iban.is_not(None)
        )
    )
    return {compact(r[0]): r[1] for r in rows if r[0] and compact(r[0]) in ibans}


class Writer:
    """Creates statement rows and buffers their lines for chunked ``executemany``."""

    def __init__(
        self,
        session: Session,
        target: Target,
        partners: dict[str, int],
        total: int,
        progress: Progress | None,
    ) -> None:
        self.session, self.target, self.partners = session, target, partners
        self.total, self.progress, self.done = total, progress, 0
        self.buffer: list[dict[str, Any]] = []

    def statement(self, plan: StatementPlan, balances: Balances, source: Source) -> int:
        """Write the statement row of ``plan`` and buffer its new lines; its id."""
        st, cur = plan.statement, self.target.currency
        row = BankStatement(
            company_id=self.target.company.id,
            journal_id=self.target.journal.id,
            date=st.date or max(new.line.date for new in plan.new),
            reference=(st.reference or "")[:100],
            opening_balance=None if balances.opening is None else to_minor(balances.opening, cur),
            closing_balance=None if balances.closing is None else to_minor(balances.closing, cur),
            currency=cur,
            state="draft",
            file_hash=source.file_hash,
            file_format=source.format,
            filename=(source.filename or "")[:255] or None,
            identity=plan.identity,
            balance_source=balances.source,
        )
        self.session.add(row)
        self.session.flush()
        for seq, new in enumerate(plan.new, 1):
            self.buffer.append(self._row(row.id, seq, new))
            if len(self.buffer) >= CHUNK:
                self.flush()
        return row.id

    def _row(self, statement_id: int, seq: int, new: NewLine) -> dict[str, Any]:
        t, line = self.target, new.line
        return {
            "company_id": t.company.id,
            "statement_id": statement_id,
            "journal_id": t.journal.id,
            "sequence": seq,
            "date": line.date,
            "value_date": line.value_date,
            "amount": to_minor(line.amount, t.currency),
            "currency": t.currency,
            "counterparty_name": _cut(line.counterparty_name, 200),
            "counterparty_iban": line.counterparty_iban,
            "communication": line.communication,
            "reference": _cut(line.reference, 140),
            "transaction_id": _cut(line.transaction_id, 140),
            "fingerprint": new.key,
            "occurrence": new.occurrence,
            "state": "open",
            "entry_id": None,
            "payment_id": None,
            "partner_id": self.partners.get(line.counterparty_iban or ""),
            "warning": new.warning,
            "original_amount": line.original_amount,
            "original_currency": line.original_currency,
        }

    def flush(self) -> None:
        """Write the buffered lines (one ``executemany``) and report progress."""
        if self.buffer:
            self.session.execute(insert(StatementLine), self.buffer)
            self.done += len(self.buffer)
            self.buffer = []
            if self.progress is not None:
                self.progress(self.done, self.total)


def _cut(text: str | None, size: int) -> str | None:
    return None if text is None else text[:size]
