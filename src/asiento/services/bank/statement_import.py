"""Importing a bank file into a bank journal: all or nothing, never twice.

Why this shape: banks send overlapping and repeated files; a line booked twice
is money counted twice. A file is parsed completely (``importers.parse_file``)
before anything is written; any parse error, account or currency mismatch, or
amount the currency cannot hold refuses the whole file.

Which statements of a file are imported: those for the journal's account
(IBAN, or the raw account identifier in ``journals.bank_account`` when the
file's identifier is not a valid IBAN, with a warning), or that name no
account. Statements of other accounts in a multi-account file are skipped and
listed in the summary; a file with no statement for the journal is refused.

Invariants:
    - (journal, fingerprint, occurrence) is unique (``domain.statement_lines``);
      a re-imported file adds 0 lines; overlapping files add only new lines;
    - a statement is created only when it brings at least one new line; when
      some of its lines were imported before, its opening balance is moved by
      their total (the new lines continue from there);
    - lines are written with Core ``executemany`` in chunks, never as ORM
      objects, and looked up for de-duplication a chunk of fingerprints per
      query, so cost and memory follow the file, not the journal's history;
    - everything happens in one transaction: a refusal found at any line
      rolls back the lines already written (all or nothing per file).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import (
    InvalidAmount,
    NotABankJournal,
    StatementAccountMismatch,
    StatementCurrencyMismatch,
)
from asiento.domain.statement_lines import BalanceCheck, fingerprint, with_occurrences
from asiento.importers import base as parsed
from asiento.importers.base import ImportFileError
from asiento.importers.csv_profiles import CsvProfile
from asiento.importers.detect import parse_file
from asiento.importers.identity import compact, looks_like_iban
from asiento.services.access import principal as access
from asiento.services.bank.statement_profiles import resolve_profile
from asiento.services.ledger.entries import company_of
from asiento.store.query import get_scoped
from asiento.store.tables import BankStatement, Company, Journal, Partner, StatementLine
from asiento.store.types import to_minor
from asiento.store.uow import UnitOfWork

CHUNK: Final = 2000
_IBAN_LIKE: Final = re.compile(r"[A-Z]{2}[A-Z0-9]{13,32}")
Progress = Callable[[int, int], None]
"""``progress(done, total)`` after each chunk of lines written."""


@dataclass(frozen=True, slots=True)
class StatementBalance:
    """The file's own balance check of one statement (before de-duplication)."""

    reference: str | None
    opening: Decimal | None
    closing: Decimal | None
    lines_total: Decimal
    difference: Decimal | None

    @property
    def ok(self) -> bool | None:
        return None if self.difference is None else self.difference == 0


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did: ``new`` lines written, ``duplicates`` skipped."""

    format: str
    new: int
    duplicates: int
    statement_ids: tuple[int, ...]
    balances: tuple[StatementBalance, ...]
    warnings: tuple[str, ...] = ()
    skipped_accounts: tuple[str, ...] = field(default_factory=tuple)

    @property
    def statements(self) -> int:
        return len(self.statement_ids)

    @property
    def balance_ok(self) -> bool | None:
        """True when every stated balance adds up, None when the file states none."""
        known = [b.ok for b in self.balances if b.ok is not None]
        return all(known) if known else None

    @property
    def difference(self) -> Decimal:
        return sum(
            (b.difference for b in self.balances if b.difference is not None), Decimal("0.00")
        )

    def message(self) -> str:
        return f"{self.new} new, {self.duplicates} already imported"


@dataclass(frozen=True, slots=True)
class _Target:
    company: Company
    journal: Journal
    currency: str


@access.requires(Permission.STATEMENT_WRITE)
def import_statement(
    uow: UnitOfWork,
    company_id: int,
    journal: str | int,
    content: bytes,
    filename: str | None = None,
    format: str | None = None,
    profile: str | CsvProfile | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import the statements of ``content`` into the bank journal ``journal`` (code or id).

    Raises:
        ImportFileError: the file cannot be read (names the line or element).
        StatementAccountMismatch / StatementCurrencyMismatch: not this journal's account.
        NotABankJournal: the journal is not a bank or cash journal.
    """
    with uow:
        s = uow.session
        target = _target(s, company_id, journal)
        csv_profile = resolve_profile(s, company_id, target.journal.id, profile)
        fmt, statements = parse_file(content, format, csv_profile)
        chosen, warnings, skipped = select_statements(statements, target.journal, target.currency)
        summary = _write(s, target, chosen, fmt, content, filename, progress)
        uow.commit()
    return ImportSummary(
        fmt, summary[0], summary[1], summary[2], summary[3], tuple(warnings), tuple(skipped)
    )


def _target(session: Session, company_id: int, journal: str | int) -> _Target:
    company = company_of(session, company_id)
    row = find_journal(session, company_id, journal)
    if row.kind not in ("bank", "cash"):
        raise NotABankJournal(
            f"journal {row.code} is a {row.kind} journal, not a bank journal", field="journal"
        )
    return _Target(company, row, row.currency or company.currency)


def find_journal(session: Session, company_id: int, journal: str | int) -> Journal:
    """A journal by id or by code, in this company."""
    if isinstance(journal, int) or str(journal).isdigit():
        return get_scoped(session, Journal, company_id, int(journal), "journal")
    row = session.scalar(
        select(Journal).where(Journal.company_id == company_id, Journal.code == journal)
    )
    if row is None:
        from asiento.domain.errors import NotFound

        raise NotFound("journal", journal, field="journal")
    return row


def select_statements(
    statements: Sequence[parsed.ParsedStatement], journal: Journal, currency: str
) -> tuple[list[parsed.ParsedStatement], list[str], list[str]]:
    """The file's statements for ``journal``, warnings, and other accounts skipped."""
    chosen: list[parsed.ParsedStatement] = []
    warnings: list[str] = []
    skipped: list[str] = []
    for st in statements:
        verdict = _account_verdict(st, journal)
        if verdict is None:
            skipped.append(st.account_iban or st.account_number or "?")
            continue
        if verdict:
            warnings.append(verdict)
        if st.currency and st.currency != currency:
            if st.lines:
                raise StatementCurrencyMismatch(
                    f"the file's statement {st.reference or ''} is in {st.currency}, "
                    f"journal {journal.code} in {currency}",
                    field="currency",
                )
            continue
        chosen.append(st)
    if not chosen and skipped:
        ours = journal.iban or journal.bank_account or "no account set"
        raise StatementAccountMismatch(
            f"the file is for account {', '.join(sorted(set(skipped)))}; journal {journal.code} "
            f"is for {ours}",
            field="journal",
        )
    return chosen, sorted(set(warnings)), sorted(set(skipped))


def _account_verdict(st: parsed.ParsedStatement, journal: Journal) -> str | None:
    """None: another account; "" a clean match; a text: a match with a warning."""
    own = {compact(x) for x in (journal.iban, journal.bank_account) if x}
    if st.account_iban:
        return "" if st.account_iban in own else None
    if st.account_number:
        if compact(st.account_number) not in own:
            return None
        if looks_like_iban(st.account_number) or _IBAN_LIKE.fullmatch(compact(st.account_number)):
            return (
                f"account {st.account_number!r} is not a valid IBAN; matched to journal "
                f"{journal.code} by its raw identifier"
            )
        return ""
    return f"the file names no account; its lines are booked to journal {journal.code}"


def _write(
    session: Session,
    target: _Target,
    statements: Sequence[parsed.ParsedStatement],
    fmt: str,
    content: bytes,
    filename: str | None,
    progress: Progress | None,
) -> tuple[int, int, tuple[int, ...], tuple[StatementBalance, ...]]:
    file_hash = hashlib.sha256(content).hexdigest()
    keyed = [_keyed_lines(target.currency, n, st) for n, st in enumerate(statements, 1)]
    flat = with_occurrences(
        (key, (n, line)) for n, lines in enumerate(keyed) for key, line in lines
    )
    existing = _existing_keys(session, target.journal.id, {key for key, _, _ in flat})
    partners = _partners_by_iban(session, target.company.id, statements)
    total = sum(1 for key, occ, _ in flat if (key, occ) not in existing)
    written, ids, state = 0, [], _Writer(session, target, partners, total, progress)
    by_statement: list[list[tuple[str, int, parsed.StatementLine]]] = [[] for _ in statements]
    for key, occ, (m, line) in flat:
        by_statement[m].append((key, occ, line))
    for n, st in enumerate(statements):
        mine = by_statement[n]
        new = [(key, occ, line) for key, occ, line in mine if (key, occ) not in existing]
        if new:
            dup_total = sum((line.amount for k, o, line in mine if (k, o) in existing), Decimal(0))
            ids.append(state.statement(st, dup_total, fmt, file_hash, filename, new))
            written += len(new)
    state.flush()
    balances = tuple(_balance(st) for st in statements)
    return written, len(flat) - written, tuple(ids), balances


def _keyed_lines(
    currency: str, n: int, st: parsed.ParsedStatement
) -> list[tuple[str, parsed.StatementLine]]:
    result = []
    for i, line in enumerate(st.lines, 1):
        try:
            to_minor(line.amount, currency)
        except InvalidAmount as exc:
            where = f"statement {st.reference or n} line {i}"
            raise ImportFileError(exc.message, location=where) from None
        key = fingerprint(
            day=line.date,
            amount=line.amount,
            counterparty_name=line.counterparty_name,
            counterparty_iban=line.counterparty_iban,
            communication=line.communication,
            transaction_id=line.transaction_id,
        )
        result.append((key, line))
    return result


def _existing_keys(session: Session, journal_id: int, keys: set[str]) -> set[tuple[str, int]]:
    """The (fingerprint, occurrence) pairs of ``keys`` already booked in the journal.

    Looked up ``CHUNK`` fingerprints per query on the unique (journal,
    fingerprint, occurrence) index: memory and time follow the file, not the
    journal's history.
    """
    found: set[tuple[str, int]] = set()
    ordered = sorted(keys)
    for start in range(0, len(ordered), CHUNK):
        rows = session.execute(
            select(StatementLine.fingerprint, StatementLine.occurrence).where(
                StatementLine.journal_id == journal_id,
                StatementLine.fingerprint.in_(ordered[start : start + CHUNK]),
            )
        )
        found.update((r[0], r[1]) for r in rows)
    return found


def _partners_by_iban(
    session: Session, company_id: int, statements: Sequence[parsed.ParsedStatement]
) -> dict[str, int]:
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


def _balance(st: parsed.ParsedStatement) -> StatementBalance:
    total = sum((line.amount for line in st.lines), Decimal(0))
    if st.opening_balance is None or st.closing_balance is None:
        return StatementBalance(st.reference, st.opening_balance, st.closing_balance, total, None)
    check = BalanceCheck(st.opening_balance, total, st.closing_balance)
    return StatementBalance(st.reference, check.opening, check.closing, total, check.difference)


class _Writer:
    """Creates statement rows and buffers their lines for chunked ``executemany``."""

    def __init__(
        self,
        session: Session,
        target: _Target,
        partners: dict[str, int],
        total: int,
        progress: Progress | None,
    ) -> None:
        self.session, self.target, self.partners = session, target, partners
        self.total, self.progress, self.done = total, progress, 0
        self.buffer: list[dict[str, Any]] = []

    def statement(
        self,
        st: parsed.ParsedStatement,
        dup_total: Decimal,
        fmt: str,
        file_hash: str,
        filename: str | None,
        lines: Sequence[tuple[str, int, parsed.StatementLine]],
    ) -> int:
        cur = self.target.currency
        opening = None if st.opening_balance is None else st.opening_balance + dup_total
        row = BankStatement(
            company_id=self.target.company.id,
            journal_id=self.target.journal.id,
            date=st.date or max(x.date for _, _, x in lines),
            reference=(st.reference or "")[:100],
            opening_balance=None if opening is None else to_minor(opening, cur),
            closing_balance=None
            if st.closing_balance is None
            else to_minor(st.closing_balance, cur),
            currency=cur,
            state="draft",
            file_hash=file_hash,
            file_format=fmt,
            filename=(filename or "")[:255] or None,
        )
        self.session.add(row)
        self.session.flush()
        for seq, (key, occ, line) in enumerate(lines, 1):
            self.buffer.append(self._row(row.id, seq, key, occ, line))
            if len(self.buffer) >= CHUNK:
                self.flush()
        return row.id

    def _row(
        self, statement_id: int, seq: int, key: str, occ: int, line: parsed.StatementLine
    ) -> dict[str, Any]:
        t = self.target
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
            "fingerprint": key,
            "occurrence": occ,
            "state": "open",
            "entry_id": None,
            "payment_id": None,
            "partner_id": self.partners.get(line.counterparty_iban or ""),
        }

    def flush(self) -> None:
        if self.buffer:
            self.session.execute(insert(StatementLine), self.buffer)
            self.done += len(self.buffer)
            self.buffer = []
            if self.progress is not None:
                self.progress(self.done, self.total)


def _cut(text: str | None, size: int) -> str | None:
    return None if text is None else text[:size]
