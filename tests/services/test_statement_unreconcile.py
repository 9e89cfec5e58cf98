"""Unreconciling a statement line: entry reversed, items, invoices and payments as before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from asiento.domain.commands.reconciliation_rules import NewRule
from asiento.domain.errors import PeriodLocked, StatementLineNotReconciled
from asiento.services.access import audit
from asiento.services.bank.reconciliation_rules import create_rule
from asiento.services.bank.statement_reconcile import (
    LineReconciliation,
    apply_rule,
    match_payment,
    reconcile_line,
)
from asiento.services.bank.statement_unreconcile import unreconcile_line
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.ledger.verify import verify_chains
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.reference.companies import set_lock_date
from asiento.store.tables import JournalEntry, JournalItem, Payment
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.builders.ledger import row_counts
from tests.services.test_statement_reconcile import DAY, invoice, lines, residual

D = Decimal


def _balance(uow: UnitOfWork, account_id: int) -> int:
    with uow:
        total = uow.session.scalar(
            select(func.coalesce(func.sum(JournalItem.balance), 0)).where(
                JournalItem.account_id == account_id
            )
        )
        return int(total or 0)


def _reversal_of(uow: UnitOfWork, entry_id: int | None) -> tuple[str, str]:
    with uow:
        rev = uow.session.scalars(
            select(JournalEntry).where(JournalEntry.reversal_of_id == entry_id)
        ).one()
        return str(rev.ref), str(rev.reversal_reason)


def test_unreconciling_a_split_line_reopens_both_invoices_and_reverses_the_entry(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    first, _ = invoice(uow, company, acme, "100.00")
    second, _ = invoice(uow, company, acme, "50.00")
    (line_id,) = lines(uow, company, ("155.00", "two invoices"))
    how = LineReconciliation(item_ids=(first, second), writeoff_account_id=company.accounts["4900"])
    booked = reconcile_line(uow, company.id, line_id, how)
    view = unreconcile_line(uow, company.id, line_id)
    assert (view.state, view.entry_id, view.payment_id) == ("open", None, None)
    assert residual(uow, first) == (10000, False) and residual(uow, second) == (5000, False)
    assert [i.payment_state for i in invoices.list_invoices(uow, company.id).invoices] == [
        "not_paid",
        "not_paid",
    ]
    number = _entry_number(uow, booked.entry_id)
    assert _reversal_of(uow, booked.entry_id) == (
        f"Reversal of {number}",
        f"Statement line {line_id} unreconciled",
    )
    for code in ("1000", "1100", "4900"):  # bank, receivable and write-off net back
        assert _balance(uow, company.accounts[code]) == (15000 if code == "1100" else 0)
    with uow:  # the counterparts are closed with their mirrors, not left open
        opened = uow.session.scalars(
            select(JournalItem.id).where(
                JournalItem.account_id == company.accounts["1100"],
                JournalItem.reconciled.is_(False),
            )
        ).all()
    assert sorted(opened) == [first, second]
    again = reconcile_line(uow, company.id, line_id, how)
    assert again.state == "reconciled" and residual(uow, first) == (0, True)
    assert all(check.ok for check in verify_chains(uow, company.id))
    (event,) = audit.list_events(uow, company.id, object_kind="statement_line")
    assert (event.action, event.object_id) == ("statement_line.unreconcile", line_id)


def _entry_number(uow: UnitOfWork, entry_id: int | None) -> str:
    with uow:
        return str(uow.session.get_one(JournalEntry, entry_id).number)


def test_unreconciling_a_matched_payment_puts_its_invoice_back_in_payment(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    inv = posted(
        uow, company, invoice_input(acme, line("200.00", account_id=company.accounts["4000"]))
    )
    paid = register_payment(uow, company.id, [inv.id], RegisterPaymentInput(date=DAY))
    pay_id = paid.payments[0].id
    (line_id,) = lines(uow, company, ("200.00", "transfer"))
    match_payment(uow, company.id, line_id, pay_id)
    assert invoices.get_invoice(uow, company.id, inv.id).payment_state == "paid"
    view = unreconcile_line(uow, company.id, line_id)
    assert (view.state, view.payment_id) == ("open", None)
    assert invoices.get_invoice(uow, company.id, inv.id).payment_state == "in_payment"
    with uow:
        assert uow.session.get_one(Payment, pay_id).is_matched is False
    assert match_payment(uow, company.id, line_id, pay_id).state == "reconciled"
    assert invoices.get_invoice(uow, company.id, inv.id).payment_state == "paid"


def test_unreconciling_a_taxed_rule_line_reverses_base_and_tax(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    rule = create_rule(
        uow,
        company.id,
        NewRule(
            name="Fees",
            label_contains="fee",
            account_id=company.accounts["6200"],
            tax_id=company.taxes["VAT 21% purchase"],
        ),
    )
    (line_id,) = lines(uow, company, ("-12.10", "Monthly fee"))
    apply_rule(uow, company.id, line_id, rule.id)
    assert _balance(uow, company.accounts["1300"]) == 210
    unreconcile_line(uow, company.id, line_id)
    assert [_balance(uow, company.accounts[c]) for c in ("1000", "6200", "1300")] == [0, 0, 0]


def test_an_open_line_and_a_locked_period_are_refused_and_nothing_is_written(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    item, _ = invoice(uow, company, acme, "121.00")
    first, second = lines(uow, company, ("121.00", "invoice"), ("5.00", "other"))
    booked = reconcile_line(uow, company.id, first, LineReconciliation(item_ids=(item,)))
    before = row_counts(uow)
    with pytest.raises(StatementLineNotReconciled, match=f"statement line {second} is not"):
        unreconcile_line(uow, company.id, second)
    set_lock_date(uow, company.id, date(2026, 3, 31))
    before = row_counts(uow)
    number = _entry_number(uow, booked.entry_id)
    with pytest.raises(PeriodLocked) as caught:
        unreconcile_line(uow, company.id, first)
    assert caught.value.message == (
        f"statement line {first} was booked in entry {number} on 2026-03-20, in a period "
        "locked up to 2026-03-31: it cannot be unreconciled"
    )
    assert row_counts(uow) == before
    assert residual(uow, item) == (0, True)
