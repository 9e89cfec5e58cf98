"""Opening balances in and out: one posted opening entry per file.

The rules of the file are in ``domain.opening_balances``. Here the rows are
resolved in the company (accounts by code, partners by code else by name),
checked against what earlier opening imports posted, and posted through the
one path into the ledger (``posting.post_new``: numbered, chained, checked)
in the company's first general journal, as an entry whose origin is
``opening``.

Re-importing is **refused**, never doubled: an open item whose partner and
document are already in an opening entry is refused, and so are account
balances for a date that already has an opening entry with account balances
(reverse that entry to bring them in again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from asiento.domain.book_imports import LAYOUTS, optional_date, parse_amount, parse_date
from asiento.domain.entries import ItemDraft
from asiento.domain.opening_balances import (
    PARTNER_KINDS,
    OpeningRow,
    balance_problems,
    counterpart,
    item_label,
    row_problems,
    split_label,
)
from asiento.importers.sheets import Cell
from asiento.services.imports.plans import (
    AccountFact,
    Plan,
    PreviewRow,
    RowReader,
    accounts_by_code,
)
from asiento.services.ledger import posting
from asiento.services.reference.account_settings import optional_company_account
from asiento.store.tables import Company, Journal, JournalEntry, JournalItem, Partner
from asiento.store.types import from_minor

ORIGIN = "opening"
COUNTERPART_LABEL = "Opening balances: open items"
# no entry ref: follow-up letters then show each item's own label (its document number)
NARRATION = "Opening balances"
_TOTAL = re.compile(r"^Opening balance of (?P<code>.+), detail to come$")
ZERO = Decimal(0)


def _partners(session: Session, company_id: int) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for pid, ref, name in session.execute(
        select(Partner.id, Partner.ref, Partner.name).where(Partner.company_id == company_id)
    ):
        if ref:
            found.setdefault(ref, []).append(pid)
        found.setdefault(name, []).append(pid)
    return found


def _read(reader: RowReader, number: int, currency: str) -> OpeningRow | None:
    """The row's cells read (a problem per unreadable cell), or None when one is not."""
    day = document_date = due_date = None
    debit = credit = ZERO
    with reader.cell("date"):
        day = parse_date(reader.text("date"))
    with reader.cell("document_date"):
        document_date = optional_date(reader.text("document_date"))
    with reader.cell("due_date"):
        due_date = optional_date(reader.text("due_date"))
    with reader.cell("debit"):
        debit = parse_amount(reader.text("debit"), currency)
    with reader.cell("credit"):
        credit = parse_amount(reader.text("credit"), currency)
    if not reader.ok or day is None:
        return None
    return OpeningRow(
        number,
        day,
        reader.text("account"),
        reader.text("partner"),
        reader.text("document"),
        document_date,
        due_date,
        debit,
        credit,
    )


def plan_opening(
    session: Session, company: Company, header: list[str], records: list[tuple[int, dict[str, str]]]
) -> Plan:
    plan = Plan()
    accounts, partners = accounts_by_code(session, company.id), _partners(session, company.id)
    rows: list[OpeningRow] = []
    partner_of: dict[int, int] = {}
    for number, record in records:
        reader = RowReader(plan, number, record)
        row = _read(reader, number, company.currency)
        if row is None:
            plan.rows.append(PreviewRow(number, reader.text("account"), "refuse"))
            continue
        _check_row(reader, row, accounts, partners, partner_of)
        plan.rows.append(PreviewRow(number, _key(row), "post" if reader.ok else "refuse"))
        rows.append(row)
    if len(rows) == len(records):  # with a row unread, its balance is unknown: no guess
        plan.problems += balance_problems(rows)
    _refuse_repeats(session, company.id, plan, rows, partner_of)
    suspense = optional_company_account(session, company.id, "opening_balance_account")
    journal = _journal(session, company.id)
    first = rows[0].row if rows else 1
    if suspense is None and not plan.problems and suspense_needed(rows, accounts):
        plan.refuse(first, "account", "set the opening_balance_account setting first: "
                    "open items and receivable/payable totals are posted against it")  # fmt: skip
    if journal is None:
        plan.refuse(first, "", "the company has no general journal")
    if not plan.problems and journal is not None:
        refs = _Refs(accounts, partner_of, suspense)
        plan.apply = lambda: _post(session, company, journal.id, rows, refs)
    return plan


def _check_row(
    reader: RowReader,
    row: OpeningRow,
    accounts: dict[str, AccountFact],
    partners: dict[str, list[int]],
    partner_of: dict[int, int],
) -> None:
    """Resolve the row's account and partner in the company; the row rules of the domain."""
    account = accounts.get(row.account)
    if account is None:
        reader.fail("account", f"no account {row.account!r} in the chart")
    if row.is_open_item:
        found = partners.get(row.partner, [])
        if len(found) == 1:
            partner_of[row.row] = found[0]
        elif not found:
            reader.fail("partner", f"no partner {row.partner!r}")
        else:
            reader.fail("partner", f"{len(found)} partners are named {row.partner!r}: use a code")
    for p in row_problems(row, account.kind if account else None):
        reader.fail(p.column, p.message)


@dataclass(frozen=True, slots=True)
class _Refs:
    accounts: dict[str, AccountFact]
    partner_of: dict[int, int]
    suspense: int | None


def _key(row: OpeningRow) -> str:
    return f"{row.account} {row.partner} {row.document}".strip()


def _refuse_repeats(
    session: Session,
    company_id: int,
    plan: Plan,
    rows: list[OpeningRow],
    partner_of: dict[int, int],
) -> None:
    """Refuse what an earlier opening import already posted (see the module docstring)."""
    earlier = _earlier_items(session, company_id)
    labels = {(i.partner_id, split_label(i.label)[0]) for i in earlier if i.partner_id}
    balance_dates = {i.date for i in earlier if i.partner_id is None}
    for r in rows:
        if r.is_open_item and (partner_of.get(r.row), r.document) in labels:
            plan.refuse(
                r.row, "document", f"{r.document} of {r.partner} is already in an opening entry"
            )
        elif not r.is_open_item and r.date in balance_dates:
            plan.refuse(
                r.row,
                "date",
                f"account balances of {r.date.isoformat()} are already "
                "in an opening entry: reverse it to import them again",
            )
            balance_dates.discard(r.date)  # said once


def _earlier_items(session: Session, company_id: int) -> list[JournalItem]:
    """Items of the company's posted opening entries that no reversal cancelled."""
    reversal = aliased(JournalEntry)
    reversed_ids = select(reversal.reversal_of_id).where(
        reversal.company_id == company_id, reversal.reversal_of_id.is_not(None)
    )
    stmt = (
        select(JournalItem)
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .where(
            JournalEntry.company_id == company_id,
            JournalEntry.origin_kind == ORIGIN,
            JournalEntry.state == "posted",
            JournalEntry.id.not_in(reversed_ids),
        )
        .order_by(JournalEntry.date, JournalEntry.id, JournalItem.sequence, JournalItem.id)
    )
    return list(session.scalars(stmt))


def _journal(session: Session, company_id: int) -> Journal | None:
    """The company's first active general journal: where opening entries go."""
    stmt = (
        select(Journal)
        .where(
            Journal.company_id == company_id, Journal.kind == "general", Journal.active.is_(True)
        )
        .order_by(Journal.id)
    )
    return session.scalars(stmt).first()


def suspense_needed(rows: list[OpeningRow], accounts: dict[str, AccountFact]) -> bool:
    return any(r.is_open_item or _to_suspense(r, accounts) for r in rows)


def _to_suspense(r: OpeningRow, accounts: dict[str, AccountFact]) -> bool:
    a = accounts[r.account]
    return not r.is_open_item and a.kind in PARTNER_KINDS and a.reconcilable


def _post(
    session: Session, company: Company, journal_id: int, rows: list[OpeningRow], refs: _Refs
) -> str:
    items = [_draft(r, refs) for r in rows]
    net = counterpart(rows)
    if net and refs.suspense is not None:
        items.append(
            ItemDraft(
                refs.suspense, debit=max(net, ZERO), credit=max(-net, ZERO), label=COUNTERPART_LABEL
            )
        )
    entry = posting.post_new(
        session,
        company,
        journal_id,
        rows[0].date,
        items,
        narration=NARRATION,
        origin=(ORIGIN, 0),
    )
    return str(entry.number)


def _draft(r: OpeningRow, refs: _Refs) -> ItemDraft:
    account = refs.accounts[r.account].id
    if r.is_open_item:
        return ItemDraft(
            account,
            debit=r.debit,
            credit=r.credit,
            partner_id=refs.partner_of[r.row],
            label=item_label(r.document, r.document_date),
            due_date=r.due_date or r.document_date,
        )
    if _to_suspense(r, refs.accounts) and refs.suspense is not None:
        return ItemDraft(
            refs.suspense,
            debit=r.debit,
            credit=r.credit,
            label=f"Opening balance of {r.account}, detail to come",
        )
    return ItemDraft(account, debit=r.debit, credit=r.credit)


def export_opening(session: Session, company: Company) -> list[list[Cell]]:
    codes = {a.id: code for code, a in accounts_by_code(session, company.id).items()}
    keys = {
        pid: ref or name
        for pid, ref, name in session.execute(
            select(Partner.id, Partner.ref, Partner.name).where(Partner.company_id == company.id)
        )
    }
    rows: list[list[Cell]] = []
    for i in _earlier_items(session, company.id):
        if i.label == COUNTERPART_LABEL:
            continue
        total = _TOTAL.match(i.label)
        document, document_date = split_label(i.label) if i.partner_id else ("", None)
        cells: dict[str, Cell] = {
            "date": i.date,
            "account": total["code"] if total else codes[i.account_id],
            "partner": keys.get(i.partner_id or 0, ""),
            "document": document,
            "document_date": document_date,
            "due_date": i.due_date if i.partner_id else None,
            "debit": _amount(i.debit, company.currency),
            "credit": _amount(i.credit, company.currency),
        }
        rows.append([cells[c] for c in LAYOUTS["opening-balances"]])
    return rows


def _amount(minor: int, currency: str) -> Decimal | None:
    return from_minor(minor, currency) if minor else None
