"""The per-invoice and the set-based payment state agree on random ledgers (both databases).

Both loaders feed ``domain.payment_state``; this drives them from random
invoices, partial and full payments and statement matches, then recomputes
every invoice with the bulk path after scrambling the stored states, and
compares with the per-invoice answer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from asiento.services.demo.seed import SeededCompany
from asiento.services.payments.payment_state import payment_state_of
from asiento.services.payments.payment_state_bulk import refresh_for_entries_bulk
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.store.tables import Invoice, Payment
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted

PAY_DAY = date(2026, 3, 20)
cases = st.lists(
    st.tuples(
        st.integers(1, 900),  # invoice amount in units
        st.sampled_from(["none", "partial", "full"]),
        st.booleans(),  # the payment is matched by a statement line
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases=cases)
def test_bulk_and_per_invoice_payment_states_agree(
    uow: UnitOfWork, company: SeededCompany, cases: list[tuple[int, str, bool]]
) -> None:
    partner = customer(uow, company, f"P{len(company.partners)}-{len(cases)}")
    invoice_ids = []
    for amount, pay, matched in cases:
        data = invoice_input(partner, line(f"{amount}.00", account_id=company.accounts["4000"]))
        inv = posted(uow, company, data).id
        invoice_ids.append(inv)
        if pay == "none":
            continue
        paid = Decimal(amount) if pay == "full" else Decimal(amount) / 2
        register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY, amount=paid))
        if matched:
            with uow:
                uow.session.execute(
                    update(Payment)
                    .where(Payment.company_id == company.id, Payment.partner_id == partner)
                    .values(is_matched=True)
                )
    with uow:
        s = uow.session
        rows = list(s.scalars(select(Invoice).where(Invoice.id.in_(invoice_ids))))
        expected = {inv.id: payment_state_of(s, inv) for inv in rows}
        s.execute(
            update(Invoice)
            .where(Invoice.id.in_(invoice_ids))
            .values(payment_state="not_paid", amount_residual=-1)
        )
        refresh_for_entries_bulk(s, company.id, [inv.entry_id for inv in rows])
        got = dict(
            s.execute(
                select(Invoice.id, Invoice.payment_state).where(Invoice.id.in_(invoice_ids))
            ).all()
        )
        residuals = dict(
            s.execute(
                select(Invoice.id, Invoice.amount_residual).where(Invoice.id.in_(invoice_ids))
            ).all()
        )
    assert {i: (got[i], residuals[i]) for i in invoice_ids} == expected
    states = {state for state, _ in expected.values()}
    assert states <= {"not_paid", "partial", "in_payment", "paid"}
