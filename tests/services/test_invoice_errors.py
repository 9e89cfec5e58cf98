"""Every bad input of the invoice issue: a precise error and an unchanged database."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from asiento.domain.errors import (
    AlreadyPosted,
    AsientoError,
    CreditExceedsInvoiced,
    InvoiceNotEditable,
    InvoiceReconciled,
    NoInvoiceLines,
    NonPositiveQuantity,
    NotFound,
    ProformaNotAllowed,
    TaxUsageMismatch,
    UnknownCurrency,
)
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import credit_notes, invoices
from asiento.services.invoicing.invoice_inputs import CreditLineInput, CreditNoteInput
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import (
    customer,
    entry_items,
    invoice_input,
    line,
    posted,
    reconcile_directly,
)
from tests.builders.ledger import row_counts

D = Decimal


def refused(
    uow: UnitOfWork, error: type[AsientoError], action: Callable[[], object], field: str | None
) -> AsientoError:
    """Run ``action``, expect ``error`` naming ``field``, and check nothing changed."""
    before = row_counts(uow)
    with pytest.raises(error) as caught:
        action()
    assert caught.value.field == field
    assert row_counts(uow) == before
    return caught.value


def test_no_lines(uow: UnitOfWork, company: SeededCompany) -> None:
    data = invoice_input(customer(uow, company))
    err = refused(
        uow, NoInvoiceLines, lambda: invoices.create_invoice(uow, company.id, data), "lines"
    )
    assert err.message == "lines: an invoice needs at least one line"


@pytest.mark.parametrize("quantity", ["0", "-2"])
def test_zero_or_negative_quantity(uow: UnitOfWork, company: SeededCompany, quantity: str) -> None:
    data = invoice_input(customer(uow, company), line("10.00"), line("5.00", quantity))
    refused(
        uow,
        NonPositiveQuantity,
        lambda: invoices.create_invoice(uow, company.id, data),
        "lines[1].quantity",
    )


def test_tax_or_account_of_another_company(uow: UnitOfWork, company: SeededCompany) -> None:
    other = seed_company(uow, "Other SL", "EUR")
    partner = customer(uow, company)
    foreign_tax = invoice_input(partner, line("10.00", "1", other.taxes["VAT 21% sale"]))
    err = refused(
        uow,
        NotFound,
        lambda: invoices.create_invoice(uow, company.id, foreign_tax),
        "lines[0].tax_ids[0]",
    )
    assert err.message == f"tax {other.taxes['VAT 21% sale']} not found"
    foreign_account = invoice_input(partner, line("10.00", account_id=other.accounts["4000"]))
    refused(
        uow,
        NotFound,
        lambda: invoices.create_invoice(uow, company.id, foreign_account),
        "lines[0].account_id",
    )


def test_purchase_tax_on_a_customer_invoice(uow: UnitOfWork, company: SeededCompany) -> None:
    data = invoice_input(
        customer(uow, company), line("1.00", "1", company.taxes["VAT 21% purchase"])
    )
    err = refused(
        uow,
        TaxUsageMismatch,
        lambda: invoices.create_invoice(uow, company.id, data),
        "lines[0].tax_ids[0]",
    )
    assert "is a purchase tax" in err.message


@pytest.mark.parametrize("code", ["XXX", "USD"])
def test_unknown_or_not_enabled_currency(
    uow: UnitOfWork, company: SeededCompany, code: str
) -> None:
    data = invoice_input(customer(uow, company), line("10.00"), currency=code)
    refused(
        uow, UnknownCurrency, lambda: invoices.create_invoice(uow, company.id, data), "currency"
    )


def test_proforma_when_the_company_does_not_allow_it(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    draft = invoices.create_invoice(
        uow, company.id, invoice_input(customer(uow, company), line("1.00"))
    )
    refused(
        uow,
        ProformaNotAllowed,
        lambda: invoices.proforma_invoice(uow, company.id, draft.id),
        "state",
    )


def test_posting_twice(uow: UnitOfWork, company: SeededCompany) -> None:
    view = posted(uow, company, invoice_input(customer(uow, company), line("1.00")))
    err = refused(
        uow, AlreadyPosted, lambda: invoices.post_invoice(uow, company.id, view.id), "state"
    )
    assert err.message == "invoice INV/2026/00001 is already posted"


def test_editing_or_deleting_a_posted_invoice(uow: UnitOfWork, company: SeededCompany) -> None:
    partner = customer(uow, company)
    view = posted(uow, company, invoice_input(partner, line("1.00")))
    data = invoice_input(partner, line("2.00"))
    err = refused(
        uow,
        InvoiceNotEditable,
        lambda: invoices.update_invoice(uow, company.id, view.id, data),
        "state",
    )
    assert err.message == (
        "invoice INV/2026/00001 is posted: it cannot be edited; "
        "cancel it or issue a credit note instead"
    )
    refused(
        uow, InvoiceNotEditable, lambda: invoices.delete_invoice(uow, company.id, view.id), "state"
    )


def test_cancelling_a_reconciled_invoice(uow: UnitOfWork, company: SeededCompany) -> None:
    view = posted(uow, company, invoice_input(customer(uow, company), line("1.00")))
    receivable = [
        i for i in entry_items(uow, view.entry_id or 0) if i.account_id == company.accounts["1100"]
    ]
    reconcile_directly(uow, company, receivable[0])
    err = refused(
        uow, InvoiceReconciled, lambda: invoices.cancel_invoice(uow, company.id, view.id), "state"
    )
    assert err.message.endswith("unreconcile first")


def test_crediting_more_than_invoiced(uow: UnitOfWork, company: SeededCompany) -> None:
    view = posted(uow, company, invoice_input(customer(uow, company), line("10.00", "3")))
    line_id = view.lines[0].id
    credit_notes.create_credit_note(
        uow, company.id, view.id, CreditNoteInput((CreditLineInput(line_id, D(2)),))
    )
    too_much = CreditNoteInput((CreditLineInput(line_id, D(2)),))
    err = refused(
        uow,
        CreditExceedsInvoiced,
        lambda: credit_notes.create_credit_note(uow, company.id, view.id, too_much),
        "lines[0].quantity",
    )
    assert err.message == (
        "lines[0].quantity: crediting 2 of line 1 (Service) but only 1 of 3 remain to credit"
    )
