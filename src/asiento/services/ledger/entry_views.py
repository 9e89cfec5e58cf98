"""Read models of journal entries: exact Decimals, ready for the API and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.store.tables import Account, JournalEntry, JournalItem, Partner
from asiento.store.types import from_minor


@dataclass(frozen=True, slots=True)
class ItemView:
    id: int
    account_id: int
    account_code: str
    partner_id: int | None
    partner_name: str | None
    label: str
    debit: Decimal
    credit: Decimal
    currency: str
    amount_currency: Decimal
    due_date: date | None
    amount_residual: Decimal
    reconciled: bool


@dataclass(frozen=True, slots=True)
class EntryView:
    id: int
    company_id: int
    journal_id: int
    number: str | None
    date: date
    ref: str
    narration: str
    state: str
    origin_kind: str | None
    origin_id: int | None
    reversal_of_id: int | None
    reversed_by_id: int | None
    hash: str | None
    items: tuple[ItemView, ...]

    @property
    def total_debit(self) -> Decimal:
        return sum((i.debit for i in self.items), Decimal(0))


def item_view(item: JournalItem, company_currency: str, code: str, partner: str | None) -> ItemView:
    return ItemView(
        id=item.id,
        account_id=item.account_id,
        account_code=code,
        partner_id=item.partner_id,
        partner_name=partner,
        label=item.label,
        debit=from_minor(item.debit, company_currency),
        credit=from_minor(item.credit, company_currency),
        currency=item.currency,
        amount_currency=from_minor(item.amount_currency, item.currency),
        due_date=item.due_date,
        amount_residual=from_minor(item.amount_residual, company_currency),
        reconciled=item.reconciled,
    )


def entry_views(
    session: Session, entries: Sequence[JournalEntry], company_currency: str
) -> list[EntryView]:
    """Views of several entries with two queries, not one per entry."""
    ids = [e.id for e in entries]
    if not ids:
        return []
    rows = session.execute(
        select(JournalItem, Account.code, Partner.name)
        .join(Account, Account.id == JournalItem.account_id)
        .outerjoin(Partner, Partner.id == JournalItem.partner_id)
        .where(JournalItem.entry_id.in_(ids))
        .order_by(JournalItem.entry_id, JournalItem.sequence, JournalItem.id)
    ).all()
    by_entry: dict[int, list[ItemView]] = {i: [] for i in ids}
    for item, code, partner in rows:
        by_entry[item.entry_id].append(item_view(item, company_currency, code, partner))
    reversed_by = dict(
        session.execute(
            select(JournalEntry.reversal_of_id, JournalEntry.id).where(
                JournalEntry.company_id.in_({e.company_id for e in entries}),
                JournalEntry.reversal_of_id.in_(ids),
            )
        ).all()
    )
    return [_entry_view(e, tuple(by_entry[e.id]), reversed_by.get(e.id)) for e in entries]


def _entry_view(e: JournalEntry, items: tuple[ItemView, ...], reversed_by: int | None) -> EntryView:
    return EntryView(
        id=e.id,
        company_id=e.company_id,
        journal_id=e.journal_id,
        number=e.number,
        date=e.date,
        ref=e.ref,
        narration=e.narration,
        state=e.state,
        origin_kind=e.origin_kind,
        origin_id=e.origin_id,
        reversal_of_id=e.reversal_of_id,
        reversed_by_id=reversed_by,
        hash=e.hash,
        items=items,
    )
