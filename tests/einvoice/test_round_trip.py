"""Round trip: asiento writes an e-invoice in company A, company B imports it as a bill.

The bill reproduces the invoice's lines (quantity, unit price, discount, VAT category and
rate), its taxes and its totals exactly, in every format asiento writes (Factur-X PDF,
XRechnung CII and UBL, Peppol UBL), for an invoice and for its credit note.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.taxes import NewTax
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing.bill_imports import ReceivedFile, import_bills
from asiento.services.invoicing.einvoice_files import FORMATS, einvoice_file
from asiento.services.invoicing.invoice_views import InvoiceView
from asiento.services.invoicing.invoices import get_invoice
from asiento.services.reference import chart
from asiento.services.reference.company_settings import update_company
from asiento.store.tables import Tax
from asiento.store.uow import UnitOfWork
from tests.einvoice.bills import supplier
from tests.einvoice.scenario import credit_note_of, german_buyer, ready_company, several_rates

D = Decimal
BUYER_VAT = "DE811907980"


def buying_company(uow: UnitOfWork) -> SeededCompany:
    """Company B: the buyer of A's invoices, with A as supplier and an exempt purchase tax."""
    b = seed_company(uow, "Bundesamt für Beispiele", "EUR", tax_rounding="round_globally")
    update_company(uow, b.id, CompanyChanges(tax_id=BUYER_VAT))
    tax = chart.create_tax(uow, b.id, NewTax(name="Exempt purchase", usage="purchase", amount=D(0), amount_type="percent", tax_account_id=b.accounts["2100"], tax_group="Exempt", legal_mention="exempt"))  # fmt: skip
    b.taxes["Exempt purchase"] = tax.id
    supplier(uow, b, "Beispiel Handel GmbH", "DE136695976")
    return b


def tax_keys(uow: UnitOfWork, view: InvoiceView) -> list[tuple[tuple[str, Decimal], ...]]:
    """Each line's taxes as (VAT category, rate): what the two companies' tax ids mean."""
    with uow:
        s = uow.session
        keys = []
        for ln in view.lines:
            taxes = [s.get(Tax, t) for t in ln.tax_ids]
            keys.append(tuple((t.vat_category or "", t.amount.normalize()) for t in taxes if t))
        return keys


def figures(view: InvoiceView) -> tuple[object, ...]:
    lines = [(ln.description, ln.quantity.normalize(), ln.price_unit.normalize(),
              ln.discount.normalize(), ln.price_subtotal) for ln in view.lines]  # fmt: skip
    taxes = sorted((t.amount, t.base) for t in view.taxes)
    return (lines, taxes, view.amount_untaxed, view.amount_tax, view.amount_total, view.currency)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_invoice_and_its_credit_note_come_back_as_bills_with_the_same_figures(
    uow: UnitOfWork, company: SeededCompany, fmt: str
) -> None:
    seller = ready_company(uow, company)
    invoice = several_rates(uow, seller, german_buyer(uow, seller))
    credit = credit_note_of(uow, seller, invoice.id)
    b = buying_company(uow)
    for sent, kind in ((invoice, "vendor_bill"), (credit, "vendor_credit_note")):
        written = einvoice_file(uow, seller.id, sent.id, fmt)
        received = ReceivedFile(written.filename, written.content)
        [outcome] = import_bills(uow, b.id, [received])
        assert outcome.refusal is None, outcome.refusal
        assert outcome.differences == () and outcome.warnings == ()
        assert outcome.bill_id is not None and outcome.kind == kind
        bill = get_invoice(uow, b.id, outcome.bill_id)
        assert figures(bill) == figures(sent)
        assert tax_keys(uow, bill) == tax_keys(uow, sent)
        assert bill.ref == sent.number
