"""Writing planned statements and their new lines: rows in chunks, never ORM objects per line.

Why set-based writes in chunks: a statement of 100,000 lines must cost
memory in proportion to a chunk, not to the file, and one statement per
chunk, not per line (a plain ``executemany`` on SQLite, ``COPY`` on
PostgreSQL; no ids are read back).

Invariants:
    - text fields are cut to their column sizes only after the scan refused
      longer ones (``statement_scan.TEXT_BOUNDS``), so nothing long is
      silently stored;
    - a statement row is written only for a statement that brings new lines:
      when its first new line comes. Its balances are resolved then (a
      missing opening from the journal's previous closing, as it stands);
      once all its lines are decided, its opening is moved by the total of
      its duplicates and, without a date of its own, it takes its latest new
      line's date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.importers.identity import compact
from asiento.services.bank.statement_balances import resolve_balances
from asiento.services.bank.statement_duplicates import NewLine, StatementPlan
from asiento.store.bulk import insert_tuples
from asiento.store.tables import BankStatement, Company, Journal, Partner, StatementLine
from asiento.store.types import to_minor

CHUNK: Final = 2000
LINE_COLUMNS: Final = (
    "company_id", "statement_id", "journal_id", "sequence", "date", "value_date", "amount",
    "currency", "counterparty_name", "counterparty_iban", "communication", "reference",
    "transaction_id", "fingerprint", "occurrence", "state", "partner_id", "warning",
    "original_amount", "original_currency",
)  # fmt: skip
"""The columns a new line is written with (``entry_id`` and ``payment_id`` stay NULL)."""
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


def partners_by_iban(session: Session, company_id: int) -> dict[str, int]:
    """Partner ids by compact IBAN (the company's partners, not the file's lines)."""
    rows = session.execute(
        select(Partner.iban, Partner.id).where(
            Partner.company_id == company_id, Partner.iban.is_not(None)
        )
    )
    return {compact(r[0]): r[1] for r in rows if r[0]}


class Writer:
    """Creates statement rows when needed and buffers lines for chunked ``executemany``."""

    def __init__(
        self,
        session: Session,
        target: Target,
        source: Source,
        total: int,
        progress: Progress | None,
    ) -> None:
        self.session, self.target, self.source = session, target, source
        self.partners = partners_by_iban(session, target.company.id)
        # read once: an ORM attribute costs about a microsecond, twice per line
        self.keys = (target.company.id, target.journal.id)
        self.total, self.progress, self.done = total, progress, 0
        self.buffer: list[tuple[Any, ...]] = []
        self.notes: dict[int, str] = {}  # statement index -> balance note
        self.statement_ids: dict[int, int] = {}  # statement index -> its row's id

    def line(self, plan: StatementPlan, new: NewLine) -> None:
        """Buffer a new line of ``plan``, writing the statement row first if needed."""
        statement_id = self.statement_ids.get(plan.scanned.index)
        if statement_id is None:
            statement_id = self.statement_ids[plan.scanned.index] = self._statement(plan).id
        plan.written += 1
        day = new.line.date
        plan.latest_new = day if plan.latest_new is None else max(plan.latest_new, day)
        self.buffer.append(self._row(statement_id, plan.written, new))
        if new.warning:
            plan.warnings.append(f"line {new.line.date} {new.line.amount}: {new.warning}")

    def _statement(self, plan: StatementPlan) -> BankStatement:
        st, cur, sc = plan.statement, self.target.currency, plan.scanned
        balances = resolve_balances(
            self.session, self.target.journal.id, st, Decimal(0), self.source.closing,
            end=st.date or sc.last_date,
        )  # fmt: skip
        row = BankStatement(
            company_id=self.target.company.id,
            journal_id=self.target.journal.id,
            date=st.date or sc.last_date,
            reference=(st.reference or "")[:100],
            opening_balance=None if balances.opening is None else to_minor(balances.opening, cur),
            closing_balance=None if balances.closing is None else to_minor(balances.closing, cur),
            currency=cur,
            state="draft",
            file_hash=self.source.file_hash,
            file_format=self.source.format,
            filename=(self.source.filename or "")[:255] or None,
            identity=plan.identity,
            balance_source=balances.source,
        )
        self.session.add(row)
        self.session.flush()
        plan.row = row
        if balances.note:
            self.notes[sc.index] = f"statement {st.reference or row.id}: {balances.note}"
        return row

    def finish(self, plan: StatementPlan) -> None:
        """Once all of ``plan``'s lines are decided: the opening moved by the
        duplicates' total (a stated opening), the date from the new lines."""
        row, st = plan.row, plan.statement
        if row is None:
            return
        if st.opening_balance is not None and plan.duplicate_total:
            opening = st.opening_balance + plan.duplicate_total
            row.opening_balance = to_minor(opening, self.target.currency)
        if st.date is None and plan.latest_new is not None:
            row.date = plan.latest_new
        self.session.flush()

    def _row(self, statement_id: int, seq: int, new: NewLine) -> tuple[Any, ...]:
        """The line's row in ``LINE_COLUMNS`` order (its amount converted once, here)."""
        (company_id, journal_id), currency, line = self.keys, self.target.currency, new.line
        return (
            company_id, statement_id, journal_id, seq, line.date, line.value_date,
            to_minor(line.amount, currency), currency,
            _cut(line.counterparty_name, 200), line.counterparty_iban, line.communication,
            _cut(line.reference, 140), _cut(line.transaction_id, 140), new.key, new.occurrence,
            "open", self.partners.get(line.counterparty_iban or ""), new.warning,
            line.original_amount, line.original_currency,
        )  # fmt: skip

    def flush(self) -> None:
        """Write the buffered lines (one plain ``executemany`` on SQLite, one ``COPY`` on
        PostgreSQL: ``store.bulk.insert_tuples``) and report progress."""
        if self.buffer:
            insert_tuples(self.session, StatementLine.__table__, LINE_COLUMNS, self.buffer)
            self.done += len(self.buffer)
            self.buffer = []
            if self.progress is not None:
                self.progress(self.done, self.total)


def _cut(text: str | None, size: int) -> str | None:
    return None if text is None else text[:size]
