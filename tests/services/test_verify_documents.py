"""``verify`` proves documents against the ledger: raw-SQL tampering is named (both databases).

Each test builds an invoice of 1,000.00 (no tax) paid 400.00, so the invoice,
its payment, the receivable item and the payment's item are all consistent;
then one stored figure is changed behind the application's back, and the check
must name exactly that document and the figure the ledger implies.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger.verify_documents import DocumentBreak, verify_documents
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.store.tables import Account, JournalItem
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted


def _tamper(uow: UnitOfWork, sql: str, params: dict[str, object]) -> None:
    with uow:
        uow.session.execute(text(sql), params)
        uow.commit()


@pytest.fixture
def paid_400(uow: UnitOfWork, company: SeededCompany) -> dict[str, int]:
    """Ids of an invoice of 1,000.00 paid 400.00 and of its receivable item and payment."""
    partner = customer(uow, company)
    data = invoice_input(partner, line("1000.00", account_id=company.accounts["4000"]))
    invoice = posted(uow, company, data)
    result = register_payment(
        uow, company.id, [invoice.id], RegisterPaymentInput(date(2026, 3, 15), Decimal("400"))
    )
    with uow:
        receivable = uow.session.scalars(
            select(JournalItem.id)
            .join(Account, Account.id == JournalItem.account_id)
            .where(JournalItem.entry_id == invoice.entry_id, Account.reconcilable)
        ).one()
    return {"invoice": invoice.id, "payment": result.payments[0].id, "item": receivable}


def test_a_consistent_ledger_verifies_with_its_counts(
    uow: UnitOfWork, company: SeededCompany, paid_400: dict[str, int]
) -> None:
    check = verify_documents(uow, company.id)
    assert check.ok
    assert (check.invoices, check.payments, check.items) == (1, 1, 4)


def test_a_raised_invoice_total_is_named(
    uow: UnitOfWork, company: SeededCompany, paid_400: dict[str, int]
) -> None:
    _tamper(
        uow, "UPDATE invoices SET amount_total = 110000 WHERE id = :i", {"i": paid_400["invoice"]}
    )
    assert verify_documents(uow, company.id).broken == DocumentBreak(
        "invoice",
        paid_400["invoice"],
        "INV/2026/00001",
        "amount_total 110000 but its entry's partner items total 100000 (minor units)",
    )


def test_a_raised_invoice_residual_is_named(
    uow: UnitOfWork, company: SeededCompany, paid_400: dict[str, int]
) -> None:
    _tamper(
        uow,
        "UPDATE invoices SET amount_residual = 100000 WHERE id = :i",
        {"i": paid_400["invoice"]},
    )
    assert verify_documents(uow, company.id).broken == DocumentBreak(
        "invoice",
        paid_400["invoice"],
        "INV/2026/00001",
        "amount_residual 100000 but its items leave 60000 open (minor units)",
    )


def test_a_zeroed_item_residual_is_named(
    uow: UnitOfWork, company: SeededCompany, paid_400: dict[str, int]
) -> None:
    _tamper(
        uow,
        "UPDATE journal_items SET amount_residual = 0, amount_residual_currency = 0 WHERE id = :i",
        {"i": paid_400["item"]},
    )
    broken = verify_documents(uow, company.id).broken
    # the invoice's residual is read from its items, so the invoice disagrees first
    assert broken == DocumentBreak(
        "invoice",
        paid_400["invoice"],
        "INV/2026/00001",
        "amount_residual 60000 but its items leave 0 open (minor units)",
    )
    _tamper(
        uow, "UPDATE invoices SET amount_residual = 0 WHERE id = :i", {"i": paid_400["invoice"]}
    )
    assert verify_documents(uow, company.id).broken == DocumentBreak(
        "journal item",
        paid_400["item"],
        None,
        "amount_residual 0 but its reconciliations leave 60000 (minor units)",
    )


def test_a_changed_payment_amount_is_named(
    uow: UnitOfWork, company: SeededCompany, paid_400: dict[str, int]
) -> None:
    _tamper(uow, "UPDATE payments SET amount = 4000 WHERE id = :p", {"p": paid_400["payment"]})
    assert verify_documents(uow, company.id).broken == DocumentBreak(
        "payment",
        paid_400["payment"],
        None,
        "amount 4000 but its entry moves 40000 on the bank account (minor units)",
    )


def test_a_deleted_partial_reconciliation_is_named_at_both_items(
    uow: UnitOfWork, company: SeededCompany, paid_400: dict[str, int]
) -> None:
    _tamper(
        uow, "DELETE FROM partial_reconciliations WHERE debit_item_id = :i", {"i": paid_400["item"]}
    )
    broken = verify_documents(uow, company.id).broken
    assert broken is not None and broken.kind == "journal item"
    assert broken.id == paid_400["item"]
    assert (
        broken.reason == "amount_residual 60000 but its reconciliations leave 100000 (minor units)"
    )
