"""The invoice form's service: choices, partner and product defaults, the totals preview."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from asiento.domain.access import Principal, Role
from asiento.domain.commands.partners import PartnerChanges
from asiento.domain.errors import Forbidden, NotFound
from asiento.services.access import principal as access
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_form import (
    form_choices,
    partner_defaults,
    preview_totals,
    product_defaults,
)
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.reference import partners
from asiento.store.tables import Invoice, InvoiceLine
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import add_term, with_catalog

D = Decimal


def chairs(company: SeededCompany, quantity: str = "3") -> InvoiceInput:
    line = InvoiceLineInput(product_id=company.products["CHAIR"], quantity=D(quantity))
    return InvoiceInput("customer_invoice", company.partners["Azure Interior"], (line,))


def rows(uow: UnitOfWork) -> tuple[int, int]:
    with uow:
        s = uow.session
        count = [s.scalar(select(func.count()).select_from(t)) for t in (Invoice, InvoiceLine)]
        return int(count[0] or 0), int(count[1] or 0)


def test_preview_equals_the_saved_draft_and_stores_nothing(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    preview = preview_totals(uow, company.id, chairs(company))
    assert rows(uow) == (0, 0)
    assert (preview.amount_untaxed, preview.amount_tax, preview.amount_total) == (
        D("447.00"),
        D("93.87"),
        D("540.87"),
    )
    assert [(t.name, t.base, t.amount) for t in preview.taxes] == [
        ("VAT 21%", D("447.00"), D("93.87"))
    ]
    saved = invoices.create_invoice(uow, company.id, chairs(company))
    assert (saved.amount_untaxed, saved.amount_tax, saved.amount_total) == (
        preview.amount_untaxed,
        preview.amount_tax,
        preview.amount_total,
    )
    assert [line.description for line in preview.lines] == ["Office chair"]


def test_preview_is_refused_to_an_auditor(uow: UnitOfWork, company: SeededCompany) -> None:
    with_catalog(uow, company)
    access.set_principal(Principal(1, company.id, Role.AUDITOR, "Audrey"))
    try:
        with pytest.raises(Forbidden):
            preview_totals(uow, company.id, chairs(company))
    finally:
        access.set_principal(None)


def test_defaults_of_a_partner_and_a_product(uow: UnitOfWork, company: SeededCompany) -> None:
    with_catalog(uow, company)
    term = add_term(uow, company, "15 Days")
    partner = company.partners["Azure Interior"]
    partners.update_partner(
        uow,
        company.id,
        partner,
        PartnerChanges(customer_payment_term=term, street="Calle Mayor 1", city="Madrid"),
    )
    assert partner_defaults(uow, company.id, "customer_invoice", partner).payment_term_id == term
    assert (
        partner_defaults(uow, company.id, "customer_invoice", partner).address
        == "Calle Mayor 1, Madrid, ES"
    )
    assert partner_defaults(uow, company.id, "vendor_bill", partner).payment_term_id is None
    line = product_defaults(uow, company.id, "vendor_bill", company.products["DESK"])
    assert (line.description, line.price_unit) == ("Standing desk", D("301.00"))
    assert line.account_id == company.accounts["5000"]
    assert line.tax_ids == (company.taxes["VAT 21% purchase"],)


def test_choices_are_scoped_and_follow_the_document(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    other = with_catalog(uow, seed_company(uow, "Other Co SL", "EUR"))
    sale = form_choices(uow, company.id, "customer_invoice")
    assert {c.id for c in sale.partners} == set(company.partners.values())
    assert sale.partners[0].label == "Azure Interior"  # customers first, by name
    assert {c.label for c in sale.taxes} == {"VAT 21%", "VAT 10%", "VAT 0%"}
    assert {c.id for c in sale.taxes} == {
        company.taxes[f"{n} sale"] for n in ("VAT 21%", "VAT 10%", "VAT 0%")
    }
    bills = form_choices(uow, company.id, "vendor_bill")
    assert bills.partners[0].label == "Gemini Furniture"  # suppliers first
    assert [j.label for j in bills.payment_journals] == ["BNK1 Bank", "CSH Cash"]
    assert not {c.id for c in sale.products} & set(other.products.values())
    with pytest.raises(NotFound):
        partner_defaults(uow, company.id, "customer_invoice", other.partners["Azure Interior"])
