"""Builders for reconciliation tests: receivable items posted through the ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from asiento.services import ledger
from asiento.services.demo import SeededCompany
from asiento.services.ledger import EntryInput, LineInput
from asiento.store.tables import JournalItem
from asiento.store.uow import UnitOfWork

D = Decimal


def receivable_item(uow: UnitOfWork, entry_id: int) -> int:
    """The id of the partner (receivable/payable) item of an entry."""
    with uow:
        return int(
            uow.session.scalars(
                select(JournalItem.id).where(
                    JournalItem.entry_id == entry_id, JournalItem.partner_id.is_not(None)
                )
            ).one()
        )


def invoice_entry(
    uow: UnitOfWork,
    company: SeededCompany,
    partner_id: int,
    amount: str,
    day: date = date(2026, 3, 1),
    ref: str = "",
    currency: str | None = None,
    amount_currency: str | None = None,
) -> int:
    """Post 1100 (partner) debit / 4000 credit; return the receivable item id."""
    foreign = currency is not None
    ac = D(amount_currency) if amount_currency else None
    view = ledger.create_entry(
        uow,
        company.id,
        EntryInput(
            journal="INV",
            date=day,
            ref=ref,
            lines=(
                LineInput(
                    "1100",
                    debit=D(amount),
                    partner_id=partner_id,
                    currency=currency,
                    amount_currency=ac if foreign else None,
                ),
                LineInput(
                    "4000",
                    credit=D(amount),
                    currency=currency,
                    amount_currency=-ac if foreign and ac else None,
                ),
            ),
        ),
        post=True,
    )
    return receivable_item(uow, view.id)


def payment_entry(
    uow: UnitOfWork,
    company: SeededCompany,
    partner_id: int,
    amount: str,
    day: date = date(2026, 3, 10),
    currency: str | None = None,
    amount_currency: str | None = None,
) -> int:
    """Post bank debit / 1100 (partner) credit; return the receivable item id."""
    foreign = currency is not None
    ac = D(amount_currency) if amount_currency else None
    view = ledger.create_entry(
        uow,
        company.id,
        EntryInput(
            journal="BNK1",
            date=day,
            lines=(
                LineInput(
                    "1000",
                    debit=D(amount),
                    currency=currency,
                    amount_currency=ac if foreign else None,
                ),
                LineInput(
                    "1100",
                    credit=D(amount),
                    partner_id=partner_id,
                    currency=currency,
                    amount_currency=-ac if foreign and ac else None,
                ),
            ),
        ),
        post=True,
    )
    return receivable_item(uow, view.id)


def residuals(uow: UnitOfWork, *item_ids: int) -> list[tuple[int, int, bool]]:
    """(residual, residual in currency, reconciled) per item, in the order given."""
    with uow:
        rows = {
            i.id: (i.amount_residual, i.amount_residual_currency, i.reconciled)
            for i in uow.session.scalars(select(JournalItem).where(JournalItem.id.in_(item_ids)))
        }
    return [rows[i] for i in item_ids]
