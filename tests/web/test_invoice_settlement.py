"""The invoice page shows how the invoice was settled, with links by number, and lets a
paid invoice be unreconciled and a payment cancelled (confirm step, refusal in words).
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from httpx import Response

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import invoices
from asiento.services.ledger import entries as ledger
from asiento.services.payments import payment_docs
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.reference import currencies
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.web.conftest import WebClient, post_form

D = Decimal
PAID_ON = date(2026, 3, 20)


def _paid_invoice(uow: UnitOfWork, company: SeededCompany) -> tuple[int, int, str]:
    """An invoice of 121.00 paid in full: (invoice id, payment id, payment number)."""
    acme = customer(uow, company, "Acme SL")
    inv = posted(
        uow, company, invoice_input(acme, line("121.00", account_id=company.accounts["4000"]))
    )
    payment = register_payment(uow, company.id, [inv.id], RegisterPaymentInput(PAID_ON)).payments[0]
    assert payment.entry_id is not None
    number = ledger.get_entry(uow, company.id, payment.entry_id).number
    assert number
    return inv.id, payment.id, number


def test_the_invoice_page_links_its_entry_and_its_payment_by_number(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    inv_id, payment_id, number = _paid_invoice(uow, company)
    view = invoices.get_invoice(uow, company.id, inv_id)
    entry_number = ledger.get_entry(uow, company.id, view.entry_id or 0).number
    page = as_user("auditor").get(f"/invoices/{inv_id}").text
    assert f'<a href="/entries/{view.entry_id}">{entry_number}</a>' in page
    assert f'<a href="/payments/{payment_id}">{number}</a>' in page
    assert 'id="unreconcile-' not in page and 'id="cancel-payment-' not in page
    payment_page = as_user("accountant").get(f"/payments/{payment_id}").text
    assert f'<span id="payment-number">{number}</span>' in payment_page
    assert f'<a href="/invoices/{inv_id}">{view.number}</a>' in payment_page
    assert "#" + str(payment_id) not in payment_page


def test_unreconcile_from_the_invoice_page_reopens_it_and_a_second_try_says_so(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    inv_id, _, _ = _paid_invoice(uow, company)
    accountant = as_user("accountant")
    page = accountant.get(f"/invoices/{inv_id}").text
    partial = page.split('id="unreconcile-', 1)[1].split('"', 1)[0]
    unconfirmed = post_form(
        accountant,
        f"/invoices/{inv_id}/unreconcile",
        {"partial_id": partial},
        f"/invoices/{inv_id}",
    )
    assert isinstance(unconfirmed, Response) and unconfirmed.status_code == 303
    assert invoices.get_invoice(uow, company.id, inv_id).payment_state != "not_paid"
    assert "Tick the box to confirm." in accountant.get(f"/invoices/{inv_id}").text
    data = {"partial_id": partial, "confirm": "1"}
    post_form(accountant, f"/invoices/{inv_id}/unreconcile", data, f"/invoices/{inv_id}")
    view = invoices.get_invoice(uow, company.id, inv_id)
    assert (view.payment_state, view.amount_residual) == ("not_paid", D("121.00"))
    post_form(accountant, f"/invoices/{inv_id}/unreconcile", data, f"/invoices/{inv_id}")
    assert "It was already undone: nothing changed." in accountant.get(f"/invoices/{inv_id}").text


def test_cancelling_the_payment_from_the_invoice_page_reverses_it_once(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    inv_id, payment_id, _ = _paid_invoice(uow, company)
    accountant = as_user("accountant")
    data = {"payment_id": str(payment_id), "confirm": "1"}
    post_form(accountant, f"/invoices/{inv_id}/cancel-payment", data, f"/invoices/{inv_id}")
    assert payment_docs.get_payment(uow, company.id, payment_id).state == "cancelled"
    view = invoices.get_invoice(uow, company.id, inv_id)
    assert (view.payment_state, view.amount_residual) == ("not_paid", D("121.00"))
    again = post_form(accountant, f"/invoices/{inv_id}/cancel-payment", data, f"/invoices/{inv_id}")
    assert isinstance(again, Response) and again.status_code == 303
    assert "already cancelled" in accountant.get(f"/invoices/{inv_id}").text


def test_a_clerk_cannot_unreconcile_and_another_companys_invoice_is_not_found(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    inv_id, payment_id, _ = _paid_invoice(uow, company)
    other = seed_company(uow, "Other Company SL", "EUR")
    theirs, their_payment, _ = _paid_invoice(uow, other)
    clerk = as_user("billing_clerk")
    assert 'id="unreconcile-' not in clerk.get(f"/invoices/{inv_id}").text
    accountant = as_user("accountant")
    assert accountant.get(f"/invoices/{theirs}").status_code == 404
    data = {"payment_id": str(their_payment), "confirm": "1"}
    refused = post_form(accountant, f"/invoices/{theirs}/cancel-payment", data, "/invoices")
    assert isinstance(refused, Response) and refused.status_code == 404
    post_form(accountant, f"/invoices/{inv_id}/cancel-payment", data, f"/invoices/{inv_id}")
    assert payment_docs.get_payment(uow, other.id, their_payment).state == "posted"
    assert payment_docs.get_payment(uow, company.id, payment_id).state == "posted"


def test_a_foreign_invoice_shows_the_rate_used_and_the_exchange_difference(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    currencies.enable_currency(uow, company.id, "USD")
    for day, rate in ((date(2026, 3, 10), "0.90"), (PAID_ON, "0.80")):
        currencies.add_rate(uow, company.id, currencies.RateInput("USD", day, D(rate)))
    acme = customer(uow, company, "Acme Inc")
    data = invoice_input(acme, line("100.00", account_id=company.accounts["4000"]), currency="USD")
    inv = posted(uow, company, data)
    register_payment(uow, company.id, [inv.id], RegisterPaymentInput(PAID_ON))
    page = as_user("auditor").get(f"/invoices/{inv.id}").text
    assert '<dd id="rate-used">1 USD = 0.90 EUR</dd>' in page
    exchange = page.split('<dd id="exchange-difference">', 1)[1].split("</dd>", 1)[0]
    assert "-10.00" in exchange and "loss" in exchange
