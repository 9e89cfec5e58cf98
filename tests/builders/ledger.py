"""Test builders on top of the services (like Tryton's tests/tools.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from asiento.domain.commands.partners import NewPartner
from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.services.ledger.entry_views import EntryView
from asiento.services.reference import partners
from asiento.store.tables import Base
from asiento.store.uow import UnitOfWork

D = Decimal


def customer(uow: UnitOfWork, company: SeededCompany, name: str = "Smith and Offspring") -> int:
    partner = partners.create_partner(
        uow,
        company.id,
        NewPartner(
            name=name,
            email="ap@example.com",
            is_customer=True,
            receivable_account_id=company.accounts["1100"],
            payable_account_id=company.accounts["2000"],
        ),
    )
    company.partners[name] = partner.id
    return partner.id


def simple_entry(
    debit_account: str = "6000",
    credit_account: str = "1000",
    amount: str = "100.00",
    day: date = date(2026, 3, 1),
    journal: str = "MISC",
    ref: str = "",
) -> EntryInput:
    return EntryInput(
        journal=journal,
        date=day,
        ref=ref,
        lines=(
            LineInput(debit_account, debit=D(amount)),
            LineInput(credit_account, credit=D(amount)),
        ),
    )


def post_simple(uow: UnitOfWork, company: SeededCompany, **kwargs: object) -> EntryView:
    return ledger.create_entry(uow, company.id, simple_entry(**kwargs), post=True)  # type: ignore[arg-type]


def row_counts(uow: UnitOfWork) -> dict[str, int]:
    """Rows per table: to show a refused operation changed nothing."""
    with uow:
        return {
            t.name: int(uow.session.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
        }
