"""Payments registered from invoices, credits and the invoice payment state (both databases)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from asiento.domain.errors import InvoiceNotPayable
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.payments.open_items import apply_credit, outstanding_credits
from asiento.services.payments.payment_docs import PaymentInput, cancel_payment, create_payment
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.payments.unreconciliation import unreconcile
from asiento.store.tables import Invoice, JournalItem
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import add_term, customer, invoice_input, line, posted
from tests.builders.ledger import row_counts

D = Decimal
PAY_DAY = date(2026, 3, 15)


def _invoice(
    uow: UnitOfWork, company: SeededCompany, partner: int, price: str, **kw: object
) -> int:
    data = invoice_input(partner, line(price, account_id=company.accounts["4000"]), **kw)  # type: ignore[arg-type]
    return posted(uow, company, data).id


def _state(uow: UnitOfWork, invoice_id: int) -> tuple[str, Decimal]:
    with uow:
        company_id = uow.session.get(Invoice, invoice_id).company_id  # type: ignore[union-attr]
    view = invoices.get_invoice(uow, company_id, invoice_id)
    return view.payment_state, view.amount_residual


def test_full_payment_leaves_the_invoice_in_payment(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    inv = _invoice(uow, company, acme, "250.00")
    result = register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY))
    assert [p.amount for p in result.payments] == [D("250.00")]
    assert result.payment_states == {inv: "in_payment"}
    assert _state(uow, inv) == ("in_payment", D("0.00"))


def test_three_partial_payments_then_a_fourth_closes_it(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    inv = _invoice(uow, company, acme, "1000.00")
    for amount, left in (("100.00", "900.00"), ("250.00", "650.00"), ("400.00", "250.00")):
        register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY, D(amount)))
        assert _state(uow, inv) == ("partial", D(left))
    register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY))
    assert _state(uow, inv) == ("in_payment", D("0.00"))


def test_grouped_payment_or_one_payment_per_invoice(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    ids = [_invoice(uow, company, acme, p) for p in ("10.00", "20.00", "30.00", "40.00", "50.00")]
    grouped = register_payment(uow, company.id, ids[:3], RegisterPaymentInput(PAY_DAY))
    assert [p.amount for p in grouped.payments] == [D("60.00")]
    each = register_payment(uow, company.id, ids[3:], RegisterPaymentInput(PAY_DAY, group=False))
    assert [p.amount for p in each.payments] == [D("40.00"), D("50.00")]
    assert {_state(uow, i)[0] for i in ids} == {"in_payment"}


def test_excess_payment_stays_as_credit_and_can_be_applied(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    first = _invoice(uow, company, acme, "100.00")
    register_payment(uow, company.id, [first], RegisterPaymentInput(PAY_DAY, D("150.00")))
    second = _invoice(uow, company, acme, "80.00")
    credits = outstanding_credits(uow, company.id, second)
    assert [c.residual for c in credits] == [D("-50.00")]
    apply_credit(uow, company.id, second, credits[0].id)
    assert _state(uow, second) == ("partial", D("30.00"))
    assert outstanding_credits(uow, company.id, second) == []


def test_advance_payment_is_an_open_credit(uow: UnitOfWork, company: SeededCompany) -> None:
    acme = customer(uow, company)
    create_payment(
        uow, company.id, PaymentInput("inbound", acme, D("70.00"), date(2026, 3, 1)), post=True
    )
    inv = _invoice(uow, company, acme, "70.00")
    (credit,) = outstanding_credits(uow, company.id, inv)
    apply_credit(uow, company.id, inv, credit.id)
    assert _state(uow, inv) == ("in_payment", D("0.00"))


def test_unreconcile_and_cancel_restore_the_payment_state(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    inv = _invoice(uow, company, acme, "120.00")
    result = register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY))
    unreconcile(
        uow, company.id, full_reconciliation_id=result.reconciliations[0].full_reconciliation_id
    )
    assert _state(uow, inv) == ("not_paid", D("120.00"))
    again = register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY, D("20.00")))
    assert _state(uow, inv) == ("partial", D("100.00"))
    cancelled = cancel_payment(uow, company.id, again.payments[0].id)
    assert cancelled.state == "cancelled"
    assert _state(uow, inv) == ("not_paid", D("120.00"))


def test_early_payment_discount_is_written_off_to_cash_discounts(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    term = add_term(uow, company, "2% 10, Net 30 EOM")
    inv = _invoice(uow, company, acme, "500.00", payment_term_id=term)
    result = register_payment(uow, company.id, [inv], RegisterPaymentInput(date(2026, 3, 20)))
    assert [p.amount for p in result.payments] == [D("490.00")]
    assert _state(uow, inv)[0] == "in_payment"
    with uow:
        discount = uow.session.scalar(
            select(func.sum(JournalItem.debit)).where(
                JournalItem.account_id == company.accounts["6950"]
            )
        )
    assert discount == 1000


def test_paying_a_cancelled_or_paid_invoice_is_refused(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    inv = _invoice(uow, company, acme, "100.00")
    invoices.cancel_invoice(uow, company.id, inv)
    paid = _invoice(uow, company, acme, "10.00")
    register_payment(uow, company.id, [paid], RegisterPaymentInput(PAY_DAY))
    before = row_counts(uow)
    with pytest.raises(InvoiceNotPayable, match="cancelled"):
        register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY))
    with pytest.raises(InvoiceNotPayable, match="nothing left to pay"):
        register_payment(uow, company.id, [paid], RegisterPaymentInput(PAY_DAY))
    assert row_counts(uow) == before


def test_concurrent_payments_never_exceed_the_residual(
    engine: Engine, uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    inv = _invoice(uow, company, acme, "100.00")

    def pay(_: int) -> str:
        try:
            register_payment(
                UnitOfWork.from_engine(engine),
                company.id,
                [inv],
                RegisterPaymentInput(PAY_DAY, D("30.00")),
            )
            return "ok"
        except InvoiceNotPayable:
            return "refused"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(pay, range(6)))
    assert outcomes.count("ok") == 4 and outcomes.count("refused") == 2
    with uow:
        invoice = uow.session.get(Invoice, inv)
        assert invoice is not None
        entry_items = select(JournalItem.amount_residual).where(
            JournalItem.entry_id == invoice.entry_id,
            JournalItem.account_id == company.accounts["1100"],
        )
        assert uow.session.scalars(entry_items).all() == [0]
        # 4 x 30.00 paid for 100.00: 20.00 stays as the customer's credit
        credit = uow.session.scalar(
            select(func.sum(JournalItem.amount_residual)).where(
                JournalItem.partner_id == acme, JournalItem.account_id == company.accounts["1100"]
            )
        )
        assert credit == -2000
