"""Builders for reconciliation tests: receivable items posted through the ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.tables import Invoice, JournalItem
from asiento.store.types import to_minor
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


def posted_invoice(
    uow: UnitOfWork,
    company: SeededCompany,
    partner_id: int,
    amount: str,
    number: str,
    day: date = date(2026, 3, 1),
    discount: tuple[date, str] | None = None,
) -> int:
    """An Invoice row posted through the ledger (1100 / 4000); returns the invoice id.

    Stands in for services.invoices where only the receivable item matters.
    ``discount`` = (discount date, discounted amount) sets them on the item.
    """
    item_id = invoice_entry(uow, company, partner_id, amount, day=day, ref=number)
    with uow:
        item = uow.session.get(JournalItem, item_id)
        assert item is not None
        if discount is not None:
            item.discount_date = discount[0]
            item.discount_amount_currency = to_minor(D(discount[1]), "EUR")
        invoice = Invoice(
            company_id=company.id,
            kind="customer_invoice",
            state="posted",
            payment_state="not_paid",
            partner_id=partner_id,
            journal_id=company.journals["INV"],
            number=number,
            invoice_date=day,
            currency=company.currency,
            entry_id=item.entry_id,
            amount_total=item.balance,
            amount_total_company=item.balance,
            amount_residual=item.balance,
            payment_reference=number,
        )
        uow.session.add(invoice)
        uow.commit()
        return invoice.id


def invoice_state(uow: UnitOfWork, invoice_id: int) -> tuple[str, int]:
    with uow:
        inv = uow.session.get(Invoice, invoice_id)
        assert inv is not None
        return inv.payment_state, inv.amount_residual
