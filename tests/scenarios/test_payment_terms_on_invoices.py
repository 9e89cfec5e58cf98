"""End to end: terms created through the terms service, posted on invoices.

A term is stored with ``payment_terms.create_term``, set as a partner's default,
and an invoice for that partner posts one receivable item per installment,
with the cash discount and the company's working calendar applied.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.payment_term_seeds import SEED_TERM_DICTS
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import company_settings, payment_terms
from asiento.store.tables import JournalItem
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, entry_items, invoice_input, line, posted

D = date.fromisoformat


def seed(name: str) -> dict[str, object]:
    return next(t for t in SEED_TERM_DICTS if t["name"] == name)


def receivables(uow: UnitOfWork, company: SeededCompany, entry_id: int) -> list[JournalItem]:
    items = entry_items(uow, entry_id)
    return [i for i in items if i.account_id == company.accounts["1100"]]


def test_the_worked_example_posts_two_receivable_items(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    term = payment_terms.create_term(
        uow, company.id, seed("30% now, balance end of following month")
    )
    partner = customer(uow, company, customer_payment_term=term.name)
    data = invoice_input(
        partner, line("1000.00", "1", company.taxes["VAT 0% sale"]), invoice_date=D("2026-02-21")
    )

    view = posted(uow, company, data)

    assert view.payment_term_id == term.id
    items = receivables(uow, company, view.entry_id or 0)
    assert [(i.debit, i.credit, i.due_date, i.partner_id) for i in items] == [
        (30000, 0, D("2026-02-21"), partner),
        (70000, 0, D("2026-03-31"), partner),
    ]
    assert view.due_date == D("2026-03-31")


def test_a_cash_discount_term_stores_the_discount_on_the_receivable_item(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    term = payment_terms.create_term(uow, company.id, seed("2% 10, Net 30 EOM"))
    partner = customer(uow, company, customer_payment_term=term.id)
    data = invoice_input(
        partner, line("1000.00", "1", company.taxes["VAT 21% sale"]), invoice_date=D("2026-02-21")
    )

    view = posted(uow, company, data)

    (item,) = receivables(uow, company, view.entry_id or 0)
    assert (item.debit, item.due_date) == (121000, D("2026-03-31"))
    assert (item.discount_date, item.discount_amount_currency) == (D("2026-03-03"), 118580)
    (installment,) = view.installments
    assert installment.discounted_amount == Decimal("1185.80")


def test_posting_moves_due_dates_off_the_company_holidays(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    company_settings.update_company(
        uow,
        company.id,
        CompanyChanges(
            weekend_days=[5, 6],
            holiday_country="ES",
            holiday_subdivision="MD",
            extra_holidays=["2026-04-30"],
        ),
    )
    term = payment_terms.create_term(
        uow, company.id, seed("30% now, balance end of following month")
    )
    partner = customer(uow, company, customer_payment_term=term.name)
    data = invoice_input(
        partner, line("99.99", "1", company.taxes["VAT 0% sale"]), invoice_date=D("2026-03-21")
    )

    view = posted(uow, company, data)

    # 21 March 2026 is a Saturday; 30 April a company holiday, 1-3 May holidays and a weekend
    items = receivables(uow, company, view.entry_id or 0)
    assert [(i.debit, i.due_date) for i in items] == [
        (3000, D("2026-03-23")),
        (6999, D("2026-05-04")),
    ]
