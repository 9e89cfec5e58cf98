"""Builders for invoice tests: terms, taxes and posted invoices on a seeded company."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from asiento.domain.commands.partners import NewPartner
from asiento.domain.commands.taxes import NewTax
from asiento.domain.payment_term_seeds import SEED_TERM_DICTS
from asiento.services.demo.seed import SeededCompany, seed_partners_and_products
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_views import InvoiceView
from asiento.services.reference import chart, partners
from asiento.store.tables import JournalItem, PartialReconciliation, PaymentTerm
from asiento.store.uow import UnitOfWork

D = Decimal
DAY = date(2026, 3, 10)


def with_catalog(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    """The demo customers, suppliers and products on ``company``."""
    seed_partners_and_products(uow, company)
    return company


def add_term(uow: UnitOfWork, company: SeededCompany, name: str) -> int:
    """Store one of the seed payment terms (by name) directly, as the terms helper would."""
    definition = next(t for t in SEED_TERM_DICTS if t["name"] == name)
    with uow:
        row = PaymentTerm(
            company_id=company.id,
            name=name,
            note="",
            definition=json.dumps(definition),
            active=True,
            created_at=datetime.now(UTC),
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def add_tax(uow: UnitOfWork, company: SeededCompany, name: str, **values: Any) -> int:
    values.setdefault("usage", "sale")
    values.setdefault("amount_type", "percent")
    values.setdefault("tax_account_id", company.accounts["2100"])
    values.setdefault("tax_group", name)
    tax = chart.create_tax(uow, company.id, NewTax(name=name, **values))
    company.taxes[name] = tax.id
    return tax.id


def customer(uow: UnitOfWork, company: SeededCompany, name: str = "Acme", **values: Any) -> int:
    values.setdefault("receivable_account_id", company.accounts["1100"])
    values.setdefault("payable_account_id", company.accounts["2000"])
    partner = partners.create_partner(uow, company.id, NewPartner(name=name, **values))
    company.partners[name] = partner.id
    return partner.id


def line(price: str, quantity: str = "1", *taxes: int, **values: Any) -> InvoiceLineInput:
    """A line without product on the sales account 4000 (given as ``account_id``)."""
    return InvoiceLineInput(
        description=values.pop("description", "Service"),
        quantity=D(quantity),
        price_unit=D(price),
        tax_ids=tuple(taxes),
        **values,
    )


def invoice_input(
    partner_id: int, *lines: InvoiceLineInput, kind: str = "customer_invoice", **values: Any
) -> InvoiceInput:
    values.setdefault("invoice_date", DAY)
    return InvoiceInput(kind=kind, partner_id=partner_id, lines=lines, **values)


def posted(uow: UnitOfWork, company: SeededCompany, data: InvoiceInput) -> InvoiceView:
    draft = invoices.create_invoice(uow, company.id, data)
    return invoices.post_invoice(uow, company.id, draft.id)


def entry_items(uow: UnitOfWork, entry_id: int) -> list[JournalItem]:
    with uow:
        stmt = select(JournalItem).where(JournalItem.entry_id == entry_id)
        items = list(uow.session.scalars(stmt.order_by(JournalItem.sequence)))
        uow.session.expunge_all()
        return items


def reconcile_directly(uow: UnitOfWork, company: SeededCompany, debit_item: JournalItem) -> None:
    """A partial reconciliation row inserted by hand (the recon engine is another area)."""
    with uow:
        credit = uow.session.scalars(
            select(JournalItem).where(JournalItem.credit > 0, JournalItem.company_id == company.id)
        ).first()
        assert credit is not None
        uow.session.add(
            PartialReconciliation(
                company_id=company.id,
                debit_item_id=debit_item.id,
                credit_item_id=credit.id,
                amount=100,
                debit_amount_currency=100,
                credit_amount_currency=100,
                max_date=DAY,
                note="",
                created_at=datetime.now(UTC),
            )
        )
        uow.commit()
