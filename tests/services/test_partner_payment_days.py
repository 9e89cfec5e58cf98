"""Partners' payment days move the due dates of their invoices and of the term preview."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from asiento.domain.commands.partners import PartnerChanges
from asiento.domain.errors import InvalidInput
from asiento.domain.money import money
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import partners, payment_terms
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import add_term, customer, entry_items, invoice_input, line, posted
from tests.builders.ledger import row_counts


def test_an_invoice_of_a_partner_with_payment_days_falls_due_on_them(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company, payment_days="5, 20")
    term = add_term(uow, company, "15 Days")
    data = invoice_input(
        acme,
        line("100.00", account_id=company.accounts["4000"]),
        invoice_date=date(2026, 3, 10),
        payment_term_id=term,
    )
    view = posted(uow, company, data)
    # 15 days after 10 March is the 25th: the partner pays on the 5th of April
    due = [i.due_date for i in entry_items(uow, int(view.entry_id or 0)) if i.due_date]
    assert due == [date(2026, 4, 5)]


def test_the_term_preview_shows_the_partner_days(uow: UnitOfWork, company: SeededCompany) -> None:
    acme = customer(uow, company, payment_days="5,20")
    term = add_term(uow, company, "15 Days")
    preview = payment_terms.preview_term(
        uow,
        company.id,
        term,
        total=money(Decimal("100.00"), "EUR"),
        invoice_date=date(2026, 3, 1),
        partner_id=acme,
    )
    assert preview.payment_days == (5, 20)
    assert [i.due_date for i in preview.installments] == [date(2026, 3, 20)]


def test_bad_payment_days_are_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    acme = customer(uow, company)
    before = row_counts(uow)
    with pytest.raises(InvalidInput, match="payment day '0'"):
        partners.update_partner(uow, company.id, acme, PartnerChanges(payment_days="0,15"))
    assert row_counts(uow) == before
    assert partners.update_partner(
        uow, company.id, acme, PartnerChanges(payment_days=[20, 5])
    ).payment_days == ("5,20")
