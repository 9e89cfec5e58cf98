"""Entries the reconciliation posts by itself: realized exchange differences and write-offs.

Both go through ``services/posting.py`` like every other ledger write. An
exchange difference item sits on the reconciled account, with the partner and
the foreign currency but no currency amount: it only corrects the company
value, so that the item it is matched with closes in both currencies.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.entries import ItemDraft
from asiento.domain.errors import NotFound
from asiento.services.ledger import posting
from asiento.services.reference.account_settings import company_account
from asiento.store.tables import Company, Journal, JournalEntry, JournalItem
from asiento.store.types import from_minor

ZERO = Decimal(0)


def general_journal(session: Session, company_id: int) -> Journal:
    """The miscellaneous (kind ``general``) journal: exchange and write-off entries go there."""
    journal = session.scalars(
        select(Journal)
        .where(Journal.company_id == company_id, Journal.kind == "general")
        .order_by(Journal.id)
    ).first()
    if journal is None:
        raise NotFound("journal", "general", field="journal")
    return journal


def _post(
    session: Session, company: Company, day: date, items: list[ItemDraft], ref: str
) -> JournalEntry:
    journal = general_journal(session, company.id)
    entry = posting.add_entry(session, company, journal, day, items, ref=ref)
    return posting.post(session, company, entry)


def _partner_item(session: Session, entry: JournalEntry, account_id: int) -> JournalItem:
    return session.scalars(
        select(JournalItem).where(
            JournalItem.entry_id == entry.id, JournalItem.account_id == account_id
        )
    ).one()


def post_exchange_difference(
    session: Session, company: Company, like: JournalItem, difference: int, day: date
) -> JournalItem:
    """Post a realized exchange difference and return its item on ``like``'s account.

    ``difference`` > 0: the debit side was valued higher than the credit side
    (a loss on a receivable, counterpart the ``exchange_loss_account`` setting);
    < 0: a gain (``exchange_gain_account``).
    The returned item has the opposite sign of the residual it closes.
    """
    value = from_minor(abs(difference), company.currency)
    loss = difference > 0
    setting = "exchange_loss_account" if loss else "exchange_gain_account"
    other = company_account(session, company.id, setting, "a realized exchange difference")
    on_account = ItemDraft(
        account_id=like.account_id,
        debit=ZERO if loss else value,
        credit=value if loss else ZERO,
        partner_id=like.partner_id,
        label="Exchange difference",
        currency=like.currency,
        amount_currency=ZERO,
    )
    counterpart = ItemDraft(
        account_id=other,
        debit=value if loss else ZERO,
        credit=ZERO if loss else value,
        label="Exchange difference",
    )
    entry = _post(session, company, day, [on_account, counterpart], "Exchange difference")
    return _partner_item(session, entry, like.account_id)


def post_writeoff(
    session: Session,
    company: Company,
    like: JournalItem,
    residual: int,
    account_id: int,
    label: str,
    day: date,
) -> JournalItem:
    """Post an entry closing ``residual`` (company minor units) of ``like``'s account.

    Returns the new item on the reconciled account, which nets the set to zero.
    """
    value = from_minor(abs(residual), company.currency)
    closes_debit = residual > 0
    on_account = ItemDraft(
        account_id=like.account_id,
        debit=ZERO if closes_debit else value,
        credit=value if closes_debit else ZERO,
        partner_id=like.partner_id,
        label=label,
    )
    counterpart = ItemDraft(
        account_id=account_id,
        debit=value if closes_debit else ZERO,
        credit=ZERO if closes_debit else value,
        partner_id=like.partner_id,
        label=label,
    )
    entry = _post(session, company, day, [on_account, counterpart], label or "Write-off")
    return _partner_item(session, entry, like.account_id)
