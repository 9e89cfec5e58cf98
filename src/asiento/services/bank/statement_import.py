"""Importing a bank file into a bank journal: all or nothing, never twice.

Why this shape: banks send overlapping and repeated files; a line booked twice
is money counted twice. A file is read completely before anything is written
(``statement_scan``): any parse error, account or currency mismatch, or
amount the currency cannot hold refuses the whole file. Then its lines are
read a second time, replayed from what the first read spooled to a temporary
file (``importers.spool``: parsed once), and written a chunk of lines at a
time (``statement_duplicates``, ``statement_writer``): memory follows a chunk
and the number of statements, not the file's size
(``importers.detect.stream_file``).

Which statements of a file are imported: those for the journal's account
(IBAN, or the raw account identifier in ``journals.bank_account`` when the
file's identifier is not a valid IBAN, with a warning), or that name no
account. Statements of other accounts in a multi-account file are skipped and
listed in the summary; a file with no statement for the journal is refused.

Invariants:
    - (journal, fingerprint, occurrence) is unique (``domain.statement_lines``);
      a re-imported file adds 0 lines; overlapping files add only new lines;
      a repeated statement or line is skipped and reported, never booked
      (``statement_duplicates``);
    - a statement is created only when it brings at least one new line; when
      some of its lines were imported before, its opening balance is moved by
      their total (the new lines continue from there); where its balances
      come from is recorded (``statement_balances``);
    - lines are written with Core ``executemany`` in chunks, never as ORM
      objects, and looked up for de-duplication a chunk of fingerprints per
      query, so cost follows the file, not the journal's history;
    - everything happens in one transaction, and nothing is written before
      the first pass has read the whole file: a refused file leaves the
      database unchanged (all or nothing per file).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import (
    InvalidAmount,
    InvalidInput,
    NotABankJournal,
    StatementAccountMismatch,
    StatementCurrencyMismatch,
)
from asiento.domain.statement_lines import BalanceCheck
from asiento.importers import base as parsed
from asiento.importers.base import Input, open_input
from asiento.importers.csv_profiles import CsvProfile
from asiento.importers.detect import Stream, stream_file
from asiento.importers.identity import compact, looks_like_iban
from asiento.importers.occurrences import Occurrences
from asiento.importers.spool import Spool
from asiento.services.access import principal as access
from asiento.services.bank.statement_duplicates import (
    CHUNK,
    StatementPlan,
    decide,
    plan_statements,
)
from asiento.services.bank.statement_profiles import resolve_profile
from asiento.services.bank.statement_scan import TEXT_BOUNDS, Scanned, check_lines, scan
from asiento.services.bank.statement_writer import Progress, Source, Target, Writer
from asiento.services.ledger.entries import company_of
from asiento.store.long_runs import book_frozen, freeze_survivors
from asiento.store.query import get_scoped
from asiento.store.tables import Journal
from asiento.store.types import to_minor
from asiento.store.uow import UnitOfWork

_IBAN_LIKE: Final = re.compile(r"[A-Z]{2}[A-Z0-9]{13,32}")
_HASH_CHUNK: Final = 1 << 20
__all__ = ["TEXT_BOUNDS", "ImportSummary", "StatementBalance", "import_statement"]


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
    duplicate_statements: tuple[str, ...] = ()

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
        text = f"{self.new} new, {self.duplicates} already imported"
        if self.duplicate_statements:
            count = len(self.duplicate_statements)
            text += f" ({count} statement{'s' if count > 1 else ''} seen before, skipped)"
        return text


@dataclass(frozen=True, slots=True)
class _Written:
    new: int
    duplicates: int
    duplicate_statements: tuple[str, ...]
    statement_ids: tuple[int, ...]
    balances: tuple[StatementBalance, ...]
    notes: tuple[str, ...]


@access.requires(Permission.STATEMENT_WRITE)
def import_statement(
    uow: UnitOfWork,
    company_id: int,
    journal: str | int,
    content: Input,
    filename: str | None = None,
    format: str | None = None,
    profile: str | CsvProfile | None = None,
    progress: Progress | None = None,
    closing_balance: Decimal | None = None,
    encoding: str | None = None,
) -> ImportSummary:
    """Import the statements of ``content`` into the bank journal ``journal`` (code or id).

    ``content`` is the file's bytes or a seekable binary file (parsed once, a
    chunk at a time, and hashed; a large upload should be passed as its spooled file).

    ``closing_balance`` is the closing balance the user declares for a file
    that states none (CSV); see ``statement_balances``. ``encoding`` is the
    user's choice of text encoding for an MT940 or CSV file (detected if None).

    Raises:
        ImportFileError: the file cannot be read (names the line or element).
        StatementAccountMismatch / StatementCurrencyMismatch: not this journal's account.
        NotABankJournal: the journal is not a bank or cash journal.
    """
    with uow:
        s = uow.session
        target = _target(s, company_id, journal)
        csv_profile = resolve_profile(s, company_id, target.journal.id, profile)
        fmt, stream = stream_file(content, format, csv_profile, encoding)
        # the write pass replays the scan's read; the collector skips what the process held
        # before the import and what survived each chunk (``store.long_runs``)
        with Spool(stream) as once, book_frozen(collect_between_chunks=True):
            scanned = scan(_collected(once), target.currency)
            chosen, warnings, skipped = select_statements(scanned, target.journal, target.currency)
            check_lines(chosen)
            _check_declared(chosen, closing_balance, target.currency)
            source = Source(fmt, _sha256(content), filename, closing_balance)
            written = _write(s, target, once, chosen, source, progress)
        uow.commit()
    return ImportSummary(
        format=fmt,
        new=written.new,
        duplicates=written.duplicates,
        statement_ids=written.statement_ids,
        balances=written.balances,
        warnings=(*warnings, *written.notes),
        skipped_accounts=tuple(skipped),
        duplicate_statements=written.duplicate_statements,
    )


def _collected(stream: Stream) -> Stream:
    """``stream``, with the collector run (and its survivors frozen) every ``CHUNK`` items.

    Why: the import allocates a few objects per element and line, and each automatic full
    collection walked every object of the process (its modules and tables included): about
    a tenth of a 100,000-line import's CPU. Inside ``book_frozen`` they are off; this and
    the write pass's chunks collect instead, walking only what the last chunk left."""

    def items() -> Iterator[parsed.Item]:
        for count, item in enumerate(stream(), 1):
            yield item
            if count % CHUNK == 0:
                freeze_survivors()

    return items


def _sha256(content: Input) -> str:
    if isinstance(content, bytes):
        return hashlib.sha256(content).hexdigest()
    digest, source = hashlib.sha256(), open_input(content)
    for chunk in iter(lambda: source.read(_HASH_CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _check_declared(chosen: Sequence[Scanned], closing: Decimal | None, currency: str) -> None:
    """A declared closing balance fits one statement that states none itself."""
    if closing is None:
        return
    try:
        to_minor(closing, currency)
    except InvalidAmount as exc:
        raise InvalidInput(exc.message, field="closing_balance") from None
    if len(chosen) != 1:
        raise InvalidInput(
            f"a declared closing balance needs a file with one statement; this one has "
            f"{len(chosen)}",
            field="closing_balance",
        )
    stated = chosen[0].statement.closing_balance
    if stated is not None and stated != closing:
        raise InvalidInput(
            f"the file states the closing balance {stated}; declared {closing}",
            field="closing_balance",
        )


def _target(session: Session, company_id: int, journal: str | int) -> Target:
    company = company_of(session, company_id)
    row = find_journal(session, company_id, journal)
    if row.kind not in ("bank", "cash"):
        raise NotABankJournal(
            f"journal {row.code} is a {row.kind} journal, not a bank journal", field="journal"
        )
    return Target(company, row, row.currency or company.currency)


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
    statements: Sequence[Scanned], journal: Journal, currency: str
) -> tuple[list[Scanned], list[str], list[str]]:
    """The file's statements for ``journal``, warnings, and other accounts skipped."""
    chosen: list[Scanned] = []
    warnings: list[str] = []
    skipped: list[str] = []
    for sc in statements:
        st = sc.statement
        verdict = _account_verdict(st, journal)
        if verdict is None:
            skipped.append(st.account_iban or st.account_number or "?")
            continue
        if verdict:
            warnings.append(verdict)
        if st.currency and st.currency != currency:
            if sc.count:
                raise StatementCurrencyMismatch(
                    f"the file's statement {st.reference or ''} is in {st.currency}, "
                    f"journal {journal.code} in {currency}",
                    field="currency",
                )
            continue
        chosen.append(sc)
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
    target: Target,
    stream: Stream,
    chosen: list[Scanned],
    source: Source,
    progress: Progress | None,
) -> _Written:
    """The second pass: decide and write the chosen statements' lines a chunk at a time."""
    plans = plan_statements(session, target.journal.id, chosen)
    by_index = {plan.scanned.index: plan for plan in plans if not plan.duplicate}
    total = sum(plan.scanned.count for plan in by_index.values())
    writer = Writer(session, target, source, total, progress)
    chunk: list[tuple[StatementPlan, parsed.StatementLine]] = []
    with Occurrences() as seen:
        for index, item in stream():
            plan = by_index.get(index)
            if plan is None or not isinstance(item, parsed.StatementLine):
                continue
            chunk.append((plan, item))
            if len(chunk) >= CHUNK:
                _write_chunk(session, target, writer, chunk, seen)
                chunk = []
        _write_chunk(session, target, writer, chunk, seen)
    if progress is not None and writer.done != total:
        progress(writer.done, writer.done)
    return _Written(
        new=writer.done,
        duplicates=sum(plan.duplicates for plan in plans),
        duplicate_statements=tuple(
            plan.statement.reference or "?" for plan in plans if plan.duplicate
        ),
        statement_ids=tuple(plan.row.id for plan in plans if plan.row is not None),
        balances=tuple(_balance(plan.scanned) for plan in plans),
        notes=tuple(_notes(plans, writer.notes)),
    )


def _write_chunk(
    session: Session,
    target: Target,
    writer: Writer,
    chunk: list[tuple[StatementPlan, parsed.StatementLine]],
    seen: Occurrences,
) -> None:
    """Decide one chunk against the journal (earlier chunks included) and write it."""
    for plan, _line, new in decide(session, (target.company.id, target.journal.id), chunk, seen):
        if new is not None:
            writer.line(plan, new)
        plan.read += 1
        if plan.read == plan.scanned.count:
            writer.flush()  # its lines are in: its row may be read by the next statement
            writer.finish(plan)
    writer.flush()
    freeze_survivors()  # the chunk's own garbage goes; what survived is not walked again


def _notes(plans: list[StatementPlan], balance_notes: dict[int, str]) -> list[str]:
    """Per statement in file order: its balance note, then its lines' warnings."""
    notes: list[str] = []
    for plan in plans:
        note = balance_notes.get(plan.scanned.index)
        notes += [note] if note else []
        notes += plan.warnings
    return notes


def _balance(sc: Scanned) -> StatementBalance:
    st, total = sc.statement, sc.total
    if st.opening_balance is None or st.closing_balance is None:
        return StatementBalance(st.reference, st.opening_balance, st.closing_balance, total, None)
    check = BalanceCheck(st.opening_balance, total, st.closing_balance)
    return StatementBalance(st.reference, check.opening, check.closing, total, check.difference)
