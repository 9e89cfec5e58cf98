"""Journal entry use cases: create a draft, post, reverse, delete a draft, read, list.

Each function is one transaction over a unit of work: it commits on success,
and on any error the unit of work rolls back, leaving the database unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.entries import ItemDraft, check_moves_money
from asiento.domain.errors import InvalidInput, NotFound, ValidationFailed
from asiento.domain.money import round_to
from asiento.services.access import principal as access
from asiento.services.ledger import posting
from asiento.services.ledger.entry_views import EntryView, entry_views
from asiento.services.reference.currencies import rate_at, require_enabled
from asiento.store.document_locks import lock_entry
from asiento.store.query import get_scoped, page
from asiento.store.tables import Account, Company, Journal, JournalEntry, JournalItem
from asiento.store.tenancy import bind_company
from asiento.store.uow import UnitOfWork

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class LineInput:
    """One line of a manual entry. ``account`` is an id or an account code."""

    account: int | str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    partner_id: int | None = None
    label: str = ""
    currency: str | None = None
    amount_currency: Decimal | None = None
    due_date: date | None = None


@dataclass(frozen=True, slots=True)
class EntryInput:
    """A manual journal entry. ``journal`` is an id or a journal code."""

    journal: int | str
    date: date
    lines: tuple[LineInput, ...]
    ref: str = ""
    narration: str = ""


@dataclass(frozen=True, slots=True)
class EntryFilter:
    journal_id: int | None = None
    state: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    partner_id: int | None = None
    account_id: int | None = None
    origin_kind: str | None = None


@dataclass(frozen=True, slots=True)
class EntryPage:
    entries: list[EntryView]
    next_cursor: str | None = None
    filters: EntryFilter = field(default_factory=EntryFilter)


def company_of(session: Session, company_id: int) -> Company:
    """The company, and the session limited to it (``store.tenancy``)."""
    bind_company(session, company_id)
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound("company", company_id)
    return company


def resolve_journal(session: Session, company_id: int, key: int | str) -> Journal:
    if isinstance(key, int):
        return get_scoped(session, Journal, company_id, key, "journal")
    row = session.scalars(
        select(Journal).where(Journal.company_id == company_id, Journal.code == key)
    ).first()
    if row is None:
        raise NotFound("journal", key, field="journal")
    return row


def resolve_account_ids(session: Session, company_id: int, keys: list[int | str]) -> list[int]:
    """Account ids for ids or codes; unknown codes raise ``NotFound`` naming the line."""
    codes = {k for k in keys if isinstance(k, str)}
    by_code = dict(
        session.execute(
            select(Account.code, Account.id).where(
                Account.company_id == company_id, Account.code.in_(codes)
            )
        ).all()
    )
    out: list[int] = []
    for n, key in enumerate(keys):
        if isinstance(key, str):
            if key not in by_code:
                raise NotFound("account", key, field=f"lines[{n}].account")
            out.append(by_code[key])
        else:
            out.append(key)
    return out


def to_drafts(session: Session, company: Company, cmd: EntryInput) -> list[ItemDraft]:
    account_ids = resolve_account_ids(session, company.id, [line.account for line in cmd.lines])
    drafts = [
        _draft(session, company, cmd.date, n, line, account_id)
        for n, (line, account_id) in enumerate(zip(cmd.lines, account_ids, strict=True))
    ]
    problems = check_moves_money(drafts)
    if problems:
        raise ValidationFailed(problems)
    return drafts


def _draft(
    session: Session, company: Company, day: date, n: int, line: LineInput, account_id: int
) -> ItemDraft:
    debit, credit = line.debit, line.credit
    currency = line.currency
    if currency is not None:
        require_enabled(session, company.id, currency, field=f"lines[{n}].currency")
    foreign = currency is not None and currency != company.currency
    if foreign and line.amount_currency is not None and debit == ZERO and credit == ZERO:
        rate = rate_at(session, company.id, str(currency), day)
        converted = round_to(abs(line.amount_currency) * rate, company.currency)
        debit, credit = (converted, ZERO) if line.amount_currency > 0 else (ZERO, converted)
    return ItemDraft(
        account_id=account_id,
        debit=debit,
        credit=credit,
        partner_id=line.partner_id,
        label=line.label,
        currency=currency,
        amount_currency=line.amount_currency,
        due_date=line.due_date,
    )


def create_entry(
    uow: UnitOfWork, company_id: int, cmd: EntryInput, *, post: bool = False
) -> EntryView:
    """Create a draft manual entry (and post it at once when ``post``)."""
    access.require(Permission.ENTRY_POST if post else Permission.ENTRY_WRITE, company_id)
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        journal = resolve_journal(s, company_id, cmd.journal)
        entry = posting.add_entry(
            s,
            company,
            journal,
            cmd.date,
            to_drafts(s, company, cmd),
            ref=cmd.ref,
            narration=cmd.narration,
        )
        if post:
            posting.post(s, company, entry)
        view = entry_views(s, [entry], company.currency)[0]
        uow.commit()
        return view


def post_entry(uow: UnitOfWork, company_id: int, entry_id: int) -> EntryView:
    access.require(Permission.ENTRY_POST, company_id)
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        entry = lock_entry(s, company_id, entry_id)
        posting.post(s, company, entry)
        view = entry_views(s, [entry], company.currency)[0]
        uow.commit()
        return view


def reverse_entry(
    uow: UnitOfWork, company_id: int, entry_id: int, day: date | None = None, reason: str = ""
) -> EntryView:
    """Post the reversal of a posted entry; ``day`` defaults to the entry's own date."""
    access.require(Permission.ENTRY_POST, company_id)
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        entry = lock_entry(s, company_id, entry_id)
        reversal = posting.reverse(s, company, entry, day or entry.date, reason)
        view = entry_views(s, [reversal], company.currency)[0]
        uow.commit()
        return view


def delete_entry(uow: UnitOfWork, company_id: int, entry_id: int) -> None:
    """Delete a draft; a posted entry is refused (reverse it instead)."""
    access.require(Permission.ENTRY_WRITE, company_id)
    with uow:
        entry = lock_entry(uow.session, company_id, entry_id)
        posting.refuse_change(entry)
        uow.session.delete(entry)
        uow.commit()


def update_entry(uow: UnitOfWork, company_id: int, entry_id: int, cmd: EntryInput) -> EntryView:
    """Replace a draft's header and lines; a posted entry is refused."""
    access.require(Permission.ENTRY_WRITE, company_id)
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        entry = lock_entry(s, company_id, entry_id)
        posting.refuse_change(entry)
        drafts = to_drafts(s, company, cmd)
        posting.check_items(s, company, drafts)
        posting.check_not_locked(company, cmd.date)
        for item in posting.entry_items(s, entry):
            s.delete(item)
        s.flush()
        journal = resolve_journal(s, company_id, cmd.journal)
        entry.journal_id, entry.date, entry.ref, entry.narration = (
            journal.id,
            cmd.date,
            cmd.ref,
            cmd.narration,
        )
        posting.write_items(s, company, entry, drafts)
        view = entry_views(s, [entry], company.currency)[0]
        uow.commit()
        return view


def get_entry(uow: UnitOfWork, company_id: int, entry_id: int) -> EntryView:
    with uow:
        company = company_of(uow.session, company_id)
        entry = get_scoped(uow.session, JournalEntry, company_id, entry_id, "entry")
        return entry_views(uow.session, [entry], company.currency)[0]


def list_entries(
    uow: UnitOfWork,
    company_id: int,
    filters: EntryFilter,
    cursor: str | None = None,
    limit: int = 50,
) -> EntryPage:
    """Entries of the company, newest first, filtered, one page at a time."""
    if filters.state not in (None, "draft", "posted"):
        raise InvalidInput("state must be draft or posted", field="state")
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        stmt = select(JournalEntry).where(JournalEntry.company_id == company_id)
        stmt = _apply_filters(stmt, company_id, filters)
        rows, next_cursor = page(s, stmt, JournalEntry.id, cursor, limit)
        return EntryPage(entry_views(s, rows, company.currency), next_cursor, filters)


def _apply_filters(stmt, company_id: int, f: EntryFilter):  # type: ignore[no-untyped-def]
    if f.journal_id is not None:
        stmt = stmt.where(JournalEntry.journal_id == f.journal_id)
    if f.state is not None:
        stmt = stmt.where(JournalEntry.state == f.state)
    if f.origin_kind is not None:
        stmt = stmt.where(JournalEntry.origin_kind == f.origin_kind)
    if f.date_from is not None:
        stmt = stmt.where(JournalEntry.date >= f.date_from)
    if f.date_to is not None:
        stmt = stmt.where(JournalEntry.date <= f.date_to)
    for column, value in (
        (JournalItem.partner_id, f.partner_id),
        (JournalItem.account_id, f.account_id),
    ):
        if value is not None:
            stmt = stmt.where(
                exists().where(
                    JournalItem.entry_id == JournalEntry.id,
                    JournalItem.company_id == company_id,
                    column == value,
                )
            )
    return stmt
