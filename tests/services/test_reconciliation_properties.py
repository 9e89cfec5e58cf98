"""Property: after any sequence of reconcile/unreconcile, residual = original - matched."""

from __future__ import annotations

import contextlib
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, or_, select

from asiento.domain.errors import StateConflict
from asiento.services.demo.seed import SeededCompany
from asiento.services.payments.reconciliation import reconcile
from asiento.services.payments.unreconciliation import unreconcile
from asiento.store.tables import JournalItem, PartialReconciliation
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer
from tests.builders.recon import invoice_entry, payment_entry

amounts = st.integers(1, 400).map(lambda n: f"{n}.00")
ops = st.lists(
    st.tuples(st.booleans(), st.lists(st.integers(0, 5), min_size=1, max_size=4)),
    min_size=1,
    max_size=5,
)


def _check(uow: UnitOfWork, item_ids: list[int]) -> None:
    with uow:
        s = uow.session
        for item in s.scalars(select(JournalItem).where(JournalItem.id.in_(item_ids))):
            as_debit = s.scalar(
                select(func.coalesce(func.sum(PartialReconciliation.amount), 0)).where(
                    PartialReconciliation.debit_item_id == item.id
                )
            )
            as_credit = s.scalar(
                select(func.coalesce(func.sum(PartialReconciliation.amount), 0)).where(
                    PartialReconciliation.credit_item_id == item.id
                )
            )
            assert item.amount_residual == item.balance - as_debit + as_credit
            assert 0 <= item.amount_residual * (1 if item.balance > 0 else -1) <= abs(item.balance)
            assert item.reconciled == (item.amount_residual == 0)
        assert s.scalar(select(func.sum(JournalItem.balance))) == 0


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    invoices=st.lists(amounts, min_size=1, max_size=3),
    payments=st.lists(amounts, min_size=1, max_size=3),
    steps=ops,
)
def test_residual_equals_original_minus_matched_after_any_sequence(
    uow: UnitOfWork, company: SeededCompany, invoices: list[str], payments: list[str], steps: list
) -> None:
    partner = customer(uow, company, f"P{len(company.partners)}")
    items = [invoice_entry(uow, company, partner, a) for a in invoices]
    items += [payment_entry(uow, company, partner, a, day=date(2026, 3, 2)) for a in payments]
    for do_reconcile, picks in steps:
        chosen = sorted({items[p % len(items)] for p in picks})
        if do_reconcile:
            # a refused set must have changed nothing, which _check verifies
            with contextlib.suppress(StateConflict):
                reconcile(uow, company.id, chosen)
        else:
            with uow:
                partials = uow.session.scalars(
                    select(PartialReconciliation.id).where(
                        or_(
                            PartialReconciliation.debit_item_id.in_(chosen),
                            PartialReconciliation.credit_item_id.in_(chosen),
                        )
                    )
                ).all()
            if partials:
                unreconcile(uow, company.id, list(partials)[:1])
        _check(uow, items)
