"""The set-based auto-reconcile writes exactly what the per-match path writes (both databases).

Two companies get the same mixed dataset (reference, exact, combination,
partial-by-reference, an item already partly matched, an exchange difference,
an ambiguous payment and one with no match); one is reconciled with
``bulk=False`` (``reconcile_in`` per match), the other with the bulk path.
Items, partials, full reconciliations and invoice states are compared after
replacing ids by each row's position in its company.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.payments.auto_reconcile import auto_reconcile
from asiento.services.payments.payment_docs import PaymentInput, create_payment
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.reference import currencies
from asiento.store.tables import FullReconciliation, Invoice, JournalItem, PartialReconciliation
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.builders.recon import invoice_entry, payment_entry

D = Decimal
PAY_DAY = date(2026, 3, 20)


def _invoice(uow: UnitOfWork, company: SeededCompany, partner: int, price: str, ref: str) -> int:
    data = invoice_input(
        partner, line(price, account_id=company.accounts["4000"]), payment_reference=ref
    )
    return posted(uow, company, data).id


def _pay(uow: UnitOfWork, company: SeededCompany, partner: int, amount: str, ref: str = "") -> None:
    data = PaymentInput("inbound", partner, D(amount), PAY_DAY, communication=ref)
    create_payment(uow, company.id, data, post=True)


def _dataset(uow: UnitOfWork, company: SeededCompany) -> None:
    smith = customer(uow, company, "Smith and Offspring")
    for ref, price in (("145", "50.00"), ("167", "120.00"), ("184", "70.00")):
        _invoice(uow, company, smith, price, ref)
    _pay(uow, company, smith, "120.00", "167")  # reference
    _pay(uow, company, smith, "50.00")  # exact
    _pay(uow, company, smith, "999.00")  # none
    jones = customer(uow, company, "Jones")
    _invoice(uow, company, jones, "300.00", "J1")
    _pay(uow, company, jones, "100.00", "J1")  # partial by reference
    combo = customer(uow, company, "Combo")
    _invoice(uow, company, combo, "30.00", "C1")
    _invoice(uow, company, combo, "40.00", "C2")
    _pay(uow, company, combo, "70.00")  # combination closing both
    early = customer(uow, company, "Early")
    inv = _invoice(uow, company, early, "500.00", "E1")
    register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY, amount=D("200.00")))
    _pay(uow, company, early, "300.00")  # closes an item that already has an open partial
    twins = customer(uow, company, "Twins")
    _invoice(uow, company, twins, "60.00", "T1")
    _invoice(uow, company, twins, "60.00", "T2")
    _pay(uow, company, twins, "60.00")  # ambiguous
    currencies.enable_currency(uow, company.id, "USD")
    usd = customer(uow, company, "Dollar")
    invoice_entry(uow, company, usd, "90.00", currency="USD", amount_currency="100.00")
    payment_entry(uow, company, usd, "80.00", currency="USD", amount_currency="100.00")


def _snapshot(uow: UnitOfWork, company_id: int) -> dict[str, Any]:
    with uow:
        s = uow.session
        items = list(
            s.scalars(
                select(JournalItem)
                .where(JournalItem.company_id == company_id)
                .order_by(JournalItem.id)
            )
        )
        pos = {i.id: n for n, i in enumerate(items)}
        fulls = {
            f: n
            for n, f in enumerate(
                s.scalars(
                    select(FullReconciliation.id)
                    .where(FullReconciliation.company_id == company_id)
                    .order_by(FullReconciliation.id)
                )
            )
        }
        members: dict[int, set[int]] = {}
        for i in items:
            if i.full_reconciliation_id is not None:
                members.setdefault(i.full_reconciliation_id, set()).add(pos[i.id])
        group = {f: frozenset(members.get(f, set())) for f in fulls}
        partials = sorted(
            (
                pos[p.debit_item_id],
                pos[p.credit_item_id],
                p.amount,
                p.debit_amount_currency,
                p.credit_amount_currency,
                p.max_date,
                p.created_by,
                p.note,
                p.exchange_entry_id is not None,
                group.get(p.full_reconciliation_id) if p.full_reconciliation_id else None,
            )
            for p in s.scalars(
                select(PartialReconciliation).where(PartialReconciliation.company_id == company_id)
            )
        )
        return {
            "items": [
                (
                    i.amount_residual,
                    i.amount_residual_currency,
                    i.reconciled,
                    group.get(i.full_reconciliation_id) if i.full_reconciliation_id else None,
                )
                for i in items
            ],
            "partials": partials,
            "fulls": sorted(sorted(g) for g in group.values()),
            "invoices": [
                (inv.payment_state, inv.amount_residual)
                for inv in s.scalars(
                    select(Invoice).where(Invoice.company_id == company_id).order_by(Invoice.id)
                )
            ],
        }


def test_bulk_path_writes_exactly_what_the_per_match_path_writes(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    twin = seed_company(uow, "Twin SL", "EUR")
    for c in (company, twin):
        _dataset(uow, c)
    before = _snapshot(uow, company.id)
    assert before == _snapshot(uow, twin.id)
    slow = auto_reconcile(uow, company.id, bulk=False)
    fast = auto_reconcile(uow, twin.id, bulk=True)
    counts = (fast.matched_count, fast.ambiguous_count, fast.untouched_count)
    assert counts == (slow.matched_count, slow.ambiguous_count, slow.untouched_count) == (6, 1, 1)
    after = _snapshot(uow, twin.id)
    assert after == _snapshot(uow, company.id)
    assert after != before
    assert [s for s, _ in after["invoices"]] == [
        "in_payment",
        "in_payment",
        "not_paid",
        "partial",
        "in_payment",
        "in_payment",
        "in_payment",
        "not_paid",
        "not_paid",
    ]
    assert after["invoices"][3] == ("partial", 20000)
    assert sum(1 for p in after["partials"] if p[8]) == 2  # the USD exchange difference pair
    assert len(after["fulls"]) == 5


def test_bulk_run_again_finds_nothing_new(uow: UnitOfWork, company: SeededCompany) -> None:
    _dataset(uow, company)
    auto_reconcile(uow, company.id)
    first = _snapshot(uow, company.id)
    again = auto_reconcile(uow, company.id)
    assert again.matched_count == 0
    assert _snapshot(uow, company.id) == first
