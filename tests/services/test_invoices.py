"""Invoice lifecycle through the services: defaults, numbering, pro-forma, cancel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from asiento.domain.errors import InvalidTransition
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_inputs import InvoiceFilter, InvoiceLineInput
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import (
    DAY,
    add_term,
    customer,
    entry_items,
    invoice_input,
    line,
    posted,
    with_catalog,
)
from tests.builders.ledger import row_counts

D = Decimal


def test_defaults_come_from_partner_product_and_journal(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    term = add_term(uow, company, "15 Days")
    partner = customer(
        uow,
        company,
        "Lumen BV",
        street="Keizersgracht 1",
        zip="1015 CJ",
        city="Amsterdam",
        country="NL",
        customer_payment_term=term,
    )
    data = invoice_input(partner, InvoiceLineInput(product_id=company.products["CHAIR"]))
    view = invoices.create_invoice(uow, company.id, data)
    assert view.state == "draft" and view.number is None and view.entry_id is None
    assert view.payment_term_id == term
    assert view.invoice_address == "Keizersgracht 1, 1015 CJ Amsterdam, NL"
    assert view.partner_account_id == company.accounts["1100"]
    assert view.journal_id == company.journals["INV"]
    assert view.currency == "EUR"
    (only,) = view.lines
    assert (only.description, only.price_unit, only.account_id) == (
        "Office chair",
        D("149.00"),
        company.accounts["4000"],
    )
    assert only.tax_ids == (company.taxes["VAT 21% sale"],)
    assert (view.amount_untaxed, view.amount_tax, view.amount_total) == (
        D("149.00"),
        D("31.29"),
        D("180.29"),
    )


def test_vendor_bill_takes_purchase_price_expense_account_and_purchase_taxes(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    data = invoice_input(
        company.partners["Wood Corner"],
        InvoiceLineInput(product_id=company.products["DESK"], quantity=D(2)),
        kind="vendor_bill",
    )
    view = invoices.create_invoice(uow, company.id, data)
    assert view.journal_id == company.journals["BILL"]
    assert view.partner_account_id == company.accounts["2000"]
    assert view.lines[0].price_unit == D("301.00")
    assert view.lines[0].account_id == company.accounts["5000"]
    assert view.lines[0].tax_ids == (company.taxes["VAT 21% purchase"],)
    assert view.amount_total == D("728.42")
    bill = invoices.post_invoice(uow, company.id, view.id)
    items = entry_items(uow, bill.entry_id or 0)
    payable = [i for i in items if i.account_id == company.accounts["2000"]]
    assert [(i.debit, i.credit) for i in payable] == [(0, 72842)]


def test_posting_writes_number_entry_and_installments_from_the_term(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    term = add_term(uow, company, "30% now, balance end of following month")
    partner = customer(uow, company)
    data = invoice_input(
        partner, line("1000.00", "1", company.taxes["VAT 0% sale"]), payment_term_id=term
    )
    view = posted(uow, company, data)
    assert view.state == "posted" and view.payment_state == "not_paid"
    assert view.number == "INV/2026/00001"
    assert view.due_date == date(2026, 4, 30)
    assert view.amount_residual == D("1000.00")
    assert [(i.due_date, i.amount) for i in view.installments] == [
        (DAY, D("300.00")),
        (date(2026, 4, 30), D("700.00")),
    ]
    items = entry_items(uow, view.entry_id or 0)
    assert sum(i.debit for i in items) == sum(i.credit for i in items) == 100000


def test_cash_discount_is_written_on_the_receivable_item(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    term = add_term(uow, company, "2% 10, Net 30 EOM")
    data = invoice_input(
        customer(uow, company),
        line("100.00", "1", company.taxes["VAT 21% sale"]),
        payment_term_id=term,
    )
    view = posted(uow, company, data)
    (installment,) = view.installments
    assert installment.amount == D("121.00")
    assert installment.discount_date == date(2026, 3, 20)
    assert installment.discounted_amount == D("118.58")


def test_number_only_at_posting_and_never_reused(uow: UnitOfWork, company: SeededCompany) -> None:
    partner = customer(uow, company)
    drafts = [
        invoices.create_invoice(uow, company.id, invoice_input(partner, line(f"{n}0.00")))
        for n in (1, 2, 3)
    ]
    assert [d.number for d in drafts] == [None, None, None]
    invoices.delete_invoice(uow, company.id, drafts[1].id)
    numbers = [invoices.post_invoice(uow, company.id, d.id).number for d in (drafts[2], drafts[0])]
    assert numbers == ["INV/2026/00001", "INV/2026/00002"]
    later = posted(uow, company, invoice_input(partner, line("5.00")))
    assert later.number == "INV/2026/00003"


def test_proforma_has_no_number_nor_entry_and_can_go_back_to_draft(uow: UnitOfWork) -> None:
    company = seed_company(uow, "Proforma SL", "EUR", allow_proforma=True)
    partner = customer(uow, company)
    draft = invoices.create_invoice(uow, company.id, invoice_input(partner, line("10.00")))
    before = row_counts(uow)
    pro = invoices.proforma_invoice(uow, company.id, draft.id)
    assert (pro.state, pro.number, pro.entry_id) == ("proforma", None, None)
    assert row_counts(uow) == before
    with pytest.raises(invoices.InvoiceNotEditable):
        invoices.update_invoice(uow, company.id, draft.id, invoice_input(partner, line("9.00")))
    again = invoices.reset_to_draft(uow, company.id, draft.id)
    assert again.state == "draft"
    invoices.proforma_invoice(uow, company.id, draft.id)
    done = invoices.post_invoice(uow, company.id, draft.id)
    assert done.number == "INV/2026/00001"
    with pytest.raises(InvalidTransition):
        invoices.reset_to_draft(uow, company.id, draft.id)


def test_update_replaces_lines_and_keeps_totals_exact(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = customer(uow, company)
    vat = company.taxes["VAT 21% sale"]
    draft = invoices.create_invoice(
        uow, company.id, invoice_input(partner, line("10.00", "1", vat))
    )
    data = invoice_input(partner, line("20.00", "2", vat), line("5.00", "1"), ref="PO-7")
    view = invoices.update_invoice(uow, company.id, draft.id, data)
    assert [ln.price_subtotal for ln in view.lines] == [D("40.00"), D("5.00")]
    assert (view.amount_tax, view.amount_total, view.ref) == (D("8.40"), D("53.40"), "PO-7")


def test_cancel_reverses_the_entry(uow: UnitOfWork, company: SeededCompany) -> None:
    partner = customer(uow, company)
    view = posted(uow, company, invoice_input(partner, line("50.00")))
    cancelled = invoices.cancel_invoice(uow, company.id, view.id, reason="wrong customer")
    assert (cancelled.state, cancelled.payment_state) == ("cancelled", "reversed")
    reversal = entry_items(uow, cancelled.reversal_entry_id or 0)
    original = entry_items(uow, view.entry_id or 0)
    assert [(i.debit, i.credit) for i in reversal] == [(i.credit, i.debit) for i in original]


def test_list_filters_by_state_partner_dates_and_overdue(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    a, b = customer(uow, company, "A"), customer(uow, company, "B")
    old = posted(uow, company, invoice_input(a, line("10.00"), invoice_date=date(2026, 1, 5)))
    posted(uow, company, invoice_input(b, line("20.00"), invoice_date=date(2026, 6, 1)))
    draft = invoices.create_invoice(uow, company.id, invoice_input(a, line("30.00")))

    def ids(**f: object) -> list[int]:
        page = invoices.list_invoices(uow, company.id, InvoiceFilter(**f))  # type: ignore[arg-type]
        return [i.id for i in page.invoices]

    assert ids(state="draft") == [draft.id]
    assert ids(partner_id=a, state="posted") == [old.id]
    assert len(ids(date_from=date(2026, 1, 1), date_to=date(2026, 3, 31))) == 2
    assert ids(overdue=True, today=date(2026, 3, 1)) == [old.id]
    first = invoices.list_invoices(uow, company.id, limit=2)
    rest = invoices.list_invoices(uow, company.id, cursor=first.next_cursor, limit=2)
    assert len(first.invoices) == 2 and len(rest.invoices) == 1 and rest.next_cursor is None


def test_foreign_currency_invoice_keeps_both_amounts_on_items(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    from asiento.services.reference.currencies import RateInput, add_rate, enable_currency

    enable_currency(uow, company.id, "USD")
    add_rate(uow, company.id, RateInput("USD", date(2026, 3, 1), D("0.9")))
    vat = company.taxes["VAT 21% sale"]
    data = invoice_input(customer(uow, company), line("100.00", "1", vat), currency="USD")
    view = posted(uow, company, data)
    assert (view.currency, view.rate, view.amount_total) == ("USD", D("0.9"), D("121.00"))
    assert (view.amount_untaxed_company, view.amount_tax_company) == (D("90.00"), D("18.90"))
    assert view.amount_total_company == D("108.90")
    receivable = [
        i for i in entry_items(uow, view.entry_id or 0) if i.account_id == company.accounts["1100"]
    ]
    assert [(i.debit, i.currency, i.amount_currency) for i in receivable] == [(10890, "USD", 12100)]
