"""Automatic reconciliation over the database: the Smith and Offspring case on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.payments.auto_reconcile import auto_reconcile
from asiento.services.payments.payment_docs import PaymentInput, create_payment
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.builders.ledger import row_counts

D = Decimal


def _smith(uow: UnitOfWork, company: SeededCompany) -> tuple[int, dict[str, int]]:
    smith = customer(uow, company, "Smith and Offspring")
    ids = {}
    for ref, price in (("145", "50.00"), ("167", "120.00"), ("184", "70.00")):
        data = invoice_input(
            smith, line(price, account_id=company.accounts["4000"]), payment_reference=ref
        )
        ids[ref] = posted(uow, company, data).id
    return smith, ids


def _pay(uow: UnitOfWork, company: SeededCompany, partner: int, amount: str, ref: str = "") -> None:
    create_payment(
        uow,
        company.id,
        PaymentInput("inbound", partner, D(amount), date(2026, 3, 20), communication=ref),
        post=True,
    )


def _states(uow: UnitOfWork, company: SeededCompany, ids: dict[str, int]) -> dict[str, str]:
    return {ref: invoices.get_invoice(uow, company.id, i).payment_state for ref, i in ids.items()}


def test_payment_without_reference_is_ambiguous_and_nothing_is_written(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    smith, ids = _smith(uow, company)
    _pay(uow, company, smith, "120.00")
    before = row_counts(uow)
    for dry_run in (True, False):
        report = auto_reconcile(uow, company.id, dry_run=dry_run)
        assert (report.matched_count, report.ambiguous_count) == (0, 1)
        assert report.ambiguous[0].reason == "ambiguous"
        assert len(report.ambiguous[0].candidates) == 2
    assert row_counts(uow) == before
    assert set(_states(uow, company, ids).values()) == {"not_paid"}


def test_payment_with_reference_167_reconciles_invoice_167(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    smith, ids = _smith(uow, company)
    _pay(uow, company, smith, "120.00", ref="167")
    dry = auto_reconcile(uow, company.id, dry_run=True)
    assert dry.matched_count == 1 and dry.matched[0].kind == "reference"
    assert _states(uow, company, ids)["167"] == "not_paid"
    report = auto_reconcile(uow, company.id)
    assert report.matched_count == 1
    assert _states(uow, company, ids) == {"145": "not_paid", "167": "in_payment", "184": "not_paid"}


def test_unambiguous_amounts_match_exact_then_combination(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    smith, ids = _smith(uow, company)
    _pay(uow, company, smith, "50.00")
    _pay(uow, company, smith, "190.00")
    report = auto_reconcile(uow, company.id, partner_id=smith)
    assert [m.kind for m in report.matched] == ["exact", "combination"]
    assert set(_states(uow, company, ids).values()) == {"in_payment"}
    again = auto_reconcile(uow, company.id)
    assert (again.matched_count, again.ambiguous_count, again.untouched_count) == (0, 0, 0)
