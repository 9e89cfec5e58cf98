"""Manual reconciliation and unreconciliation on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from asiento.domain.errors import (
    ItemAlreadyReconciled,
    NotFound,
    NothingToMatch,
    ReconcileRefused,
)
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.payments.reconciliation import WriteOff, reconcile
from asiento.services.payments.unreconciliation import unreconcile
from asiento.services.reference import currencies
from asiento.store.tables import JournalItem, PartialReconciliation
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer, row_counts
from tests.builders.recon import invoice_entry, payment_entry, residuals


def test_a_payment_equal_to_the_invoice_closes_both_items(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    smith = customer(uow, company)
    inv = invoice_entry(uow, company, smith, "120.00")
    pay = payment_entry(uow, company, smith, "120.00")
    result = reconcile(uow, company.id, [inv, pay])
    assert len(result.partial_ids) == 1
    assert result.full_reconciliation_id is not None
    assert residuals(uow, inv, pay) == [(0, 0, True), (0, 0, True)]


def test_three_partial_payments_then_a_fourth_closes_the_invoice(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    smith = customer(uow, company)
    inv = invoice_entry(uow, company, smith, "1000.00")
    for n, amount in enumerate(("100.00", "250.00", "400.00")):
        pay = payment_entry(uow, company, smith, amount, day=date(2026, 3, 10 + n))
        result = reconcile(uow, company.id, [inv, pay])
        assert result.full_reconciliation_id is None
    assert residuals(uow, inv) == [(25000, 25000, False)]
    last = payment_entry(uow, company, smith, "250.00", day=date(2026, 3, 20))
    result = reconcile(uow, company.id, [inv, last])
    assert result.full_reconciliation_id is not None
    assert residuals(uow, inv, last) == [(0, 0, True), (0, 0, True)]
    with uow:
        n_partials = uow.session.scalar(select(func.count()).select_from(PartialReconciliation))
        full_items = uow.session.scalar(
            select(func.count()).where(
                JournalItem.full_reconciliation_id == result.full_reconciliation_id
            )
        )
    assert (n_partials, full_items) == (4, 5)


def test_one_payment_over_five_invoices_matches_oldest_first(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    smith = customer(uow, company)
    invoices = [
        invoice_entry(uow, company, smith, "100.00", day=date(2026, 3, 5 - n)) for n in range(5)
    ]
    pay = payment_entry(uow, company, smith, "450.00")
    result = reconcile(uow, company.id, [*invoices, pay])
    assert len(result.partial_ids) == 5
    assert result.full_reconciliation_id is None
    # the newest invoice (first created, dated 5 March) keeps 50.00 open
    assert residuals(uow, *invoices) == [(5000, 5000, False)] + [(0, 0, True)] * 4
    assert residuals(uow, pay) == [(0, 0, True)]


def test_write_off_closes_the_difference_and_posts_an_entry(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    smith = customer(uow, company)
    inv = invoice_entry(uow, company, smith, "100.00")
    pay = payment_entry(uow, company, smith, "99.70")
    result = reconcile(
        uow,
        company.id,
        [inv, pay],
        writeoff=WriteOff(company.accounts["6200"], "Bank fees withheld"),
    )
    assert result.full_reconciliation_id is not None and result.writeoff_item_id is not None
    assert residuals(uow, inv, pay, result.writeoff_item_id) == [(0, 0, True)] * 3
    with uow:
        fee = uow.session.execute(
            select(JournalItem.debit, JournalItem.label).where(
                JournalItem.account_id == company.accounts["6200"]
            )
        ).one()
    assert tuple(fee) == (30, "Bank fees withheld")


def test_unreconcile_restores_every_residual(uow: UnitOfWork, company: SeededCompany) -> None:
    smith = customer(uow, company)
    a = invoice_entry(uow, company, smith, "50.00")
    b = invoice_entry(uow, company, smith, "70.00")
    pay = payment_entry(uow, company, smith, "120.00")
    result = reconcile(uow, company.id, [a, b, pay])
    assert result.full_reconciliation_id is not None
    removed = unreconcile(uow, company.id, full_reconciliation_id=result.full_reconciliation_id)
    assert removed == sorted(result.partial_ids)
    assert residuals(uow, a, b, pay) == [
        (5000, 5000, False),
        (7000, 7000, False),
        (-12000, -12000, False),
    ]
    # one partial at a time works too
    again = reconcile(uow, company.id, [a, b, pay])
    unreconcile(uow, company.id, [again.partial_ids[0]])
    assert residuals(uow, a, b, pay) == [(5000, 5000, False), (0, 0, True), (-5000, -5000, False)]


def _usd(uow: UnitOfWork, company: SeededCompany) -> None:
    currencies.enable_currency(uow, company.id, "USD")
    for day, rate in ((date(2026, 3, 1), "0.90"), (date(2026, 3, 10), "0.80")):
        currencies.add_rate(uow, company.id, currencies.RateInput("USD", day, D(rate)))


def test_exchange_difference_on_a_partial_payment(uow: UnitOfWork, company: SeededCompany) -> None:
    _usd(uow, company)
    smith = customer(uow, company)
    # invoice USD 100 at 0.90 = EUR 90; payment USD 40 at 0.80 = EUR 32
    inv = invoice_entry(uow, company, smith, "90.00", currency="USD", amount_currency="100.00")
    pay = payment_entry(uow, company, smith, "32.00", currency="USD", amount_currency="40.00")
    result = reconcile(uow, company.id, [inv, pay])
    assert len(result.exchange_entry_ids) == 1 and result.full_reconciliation_id is None
    # 40 USD of the invoice were worth 36.00 EUR: 4.00 EUR realized loss on 6900
    assert residuals(uow, inv, pay) == [(5400, 6000, False), (0, 0, True)]
    with uow:
        loss = uow.session.scalars(
            select(JournalItem.debit).where(JournalItem.account_id == company.accounts["6900"])
        ).one()
    assert loss == 400
    # unreconcile reverses the exchange entry and restores both items
    unreconcile(uow, company.id, result.partial_ids)
    assert residuals(uow, inv, pay) == [(9000, 10000, False), (-3200, -4000, False)]
    with uow:
        net = uow.session.scalar(
            select(func.sum(JournalItem.balance)).where(
                JournalItem.account_id == company.accounts["6900"]
            )
        )
    assert net == 0


def test_refused_sets_change_nothing(uow: UnitOfWork, company: SeededCompany) -> None:
    smith = customer(uow, company)
    azure = customer(uow, company, "Azure Interior")
    inv = invoice_entry(uow, company, smith, "100.00")
    other = payment_entry(uow, company, azure, "100.00")
    inv2 = invoice_entry(uow, company, smith, "30.00")
    pay = payment_entry(uow, company, smith, "100.00")
    reconcile(uow, company.id, [inv, pay])
    other_company = seed_company(uow, "Other SL", "EUR")
    stranger = payment_entry(uow, other_company, customer(uow, other_company), "30.00")
    before = row_counts(uow)
    cases: list[tuple[list[int], type[Exception], str]] = [
        ([inv2, other], ReconcileRefused, "different partners"),
        ([inv, inv2], ItemAlreadyReconciled, "already reconciled"),
        ([inv2], NothingToMatch, "write-off"),
        ([inv2, stranger], NotFound, "not found"),
    ]
    for ids, error, text in cases:
        with pytest.raises(error, match=text):
            reconcile(uow, company.id, ids)
    with uow:
        bank = uow.session.scalars(
            select(JournalItem.id).where(JournalItem.account_id == company.accounts["1000"])
        ).first()
    with pytest.raises(ReconcileRefused, match="not reconcilable"):
        reconcile(uow, company.id, [int(bank or 0), inv2])
    assert row_counts(uow) == before
    assert residuals(uow, inv2) == [(3000, 3000, False)]
