"""Credit notes: full and partial, linked to their invoice, posted like any document."""

from __future__ import annotations

from decimal import Decimal

from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import credit_notes, invoices
from asiento.services.invoicing.invoice_inputs import (
    CreditLineInput,
    CreditNoteInput,
    InvoiceLineInput,
)
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import DAY, entry_items, invoice_input, posted, with_catalog

D = Decimal


def _invoice(uow: UnitOfWork, company: SeededCompany) -> invoices.InvoiceView:
    with_catalog(uow, company)
    data = invoice_input(
        company.partners["Azure Interior"],
        InvoiceLineInput(product_id=company.products["CHAIR"], quantity=D(3)),
        InvoiceLineInput(product_id=company.products["BOOK"]),
    )
    return posted(uow, company, data)


def test_partial_credit_note_credits_one_chair(uow: UnitOfWork, company: SeededCompany) -> None:
    view = _invoice(uow, company)
    chair = view.lines[0].id
    cmd = CreditNoteInput((CreditLineInput(chair, D(1)),), reason="damaged", date=DAY)
    credit = credit_notes.create_credit_note(uow, company.id, view.id, cmd)
    assert (credit.kind, credit.state, credit.origin_invoice_id) == (
        "customer_credit_note",
        "draft",
        view.id,
    )
    assert (credit.amount_untaxed, credit.amount_tax, credit.amount_total) == (
        D("149.00"),
        D("31.29"),
        D("180.29"),
    )
    assert credit.lines[0].origin_line_id == chair
    done = invoices.post_invoice(uow, company.id, credit.id)
    assert done.number == "INV/2026/00002"
    receivable = [
        i for i in entry_items(uow, done.entry_id or 0) if i.account_id == company.accounts["1100"]
    ]
    assert [(i.debit, i.credit) for i in receivable] == [(0, 18029)]


def test_full_credit_note_after_a_partial_one_credits_what_is_left(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    view = _invoice(uow, company)
    first = CreditNoteInput((CreditLineInput(view.lines[0].id, D(1)),))
    credit_notes.create_credit_note(uow, company.id, view.id, first)
    rest = credit_notes.create_credit_note(uow, company.id, view.id, CreditNoteInput())
    assert [(ln.description, ln.quantity) for ln in rest.lines] == [
        ("Office chair", D(2)),
        ("Accounting handbook", D(1)),
    ]
    assert rest.amount_total == view.amount_total - D("180.29")


def test_a_full_credit_note_mirrors_the_invoice_totals(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    view = _invoice(uow, company)
    credit = credit_notes.create_credit_note(uow, company.id, view.id, CreditNoteInput())
    assert (credit.amount_untaxed, credit.amount_tax, credit.amount_total) == (
        view.amount_untaxed,
        view.amount_tax,
        view.amount_total,
    )
    assert credit.payment_term_id is None
