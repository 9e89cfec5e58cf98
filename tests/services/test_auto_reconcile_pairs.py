"""The bulk pass plans the usual decision (one payment, one item) without the general pairing.

``auto_reconcile_bulk._exact_pair`` must plan exactly what ``_plan`` (the pure
``domain/reconcile.plan_matches``) plans whenever it plans anything, in company and in foreign
currencies, and leave every other pair to ``_plan``.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.reconcile import OpenItem
from asiento.services.payments.auto_reconcile_bulk import _exact_pair, _plan


class Row(NamedTuple):
    id: int
    date: date
    amount_residual: int
    amount_residual_currency: int
    currency: str


amounts = st.integers(min_value=-5, max_value=5) | st.integers(min_value=-(10**9), max_value=10**9)
rows = st.builds(
    Row,
    st.integers(min_value=1, max_value=10**6),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 1, 5)),
    amounts,
    amounts,
    st.sampled_from(["EUR", "USD"]),
)


def _as_item(r: Row) -> OpenItem:
    return OpenItem(r.id, r.date, r.amount_residual, r.amount_residual_currency, r.currency)


@given(rows, rows, st.booleans())
def test_an_exact_pair_is_planned_as_the_general_pairing_plans_it(
    a: Row, b: Row, mirror: bool
) -> None:
    if a.id == b.id:
        b = b._replace(id=a.id + 1)
    if mirror:  # the exactly opposite pair is the case that matters: make it frequent
        b = b._replace(
            amount_residual=-a.amount_residual, amount_residual_currency=-a.amount_residual_currency
        )
    fast = _exact_pair(a, b)
    if fast is None:
        return
    plan = _plan([_as_item(a), _as_item(b)], "EUR")
    assert plan is not None
    assert (fast.matches, fast.residuals, fast.closes) == (
        plan.matches,
        plan.residuals,
        plan.closes,
    )


def test_a_pair_that_does_not_close_both_items_is_left_to_the_general_pairing() -> None:
    day = date(2026, 1, 1)
    invoice = Row(1, day, 10_000, 10_000, "EUR")
    assert _exact_pair(invoice, Row(2, day, -4_000, -4_000, "EUR")) is None
    assert _exact_pair(invoice, Row(2, day, -10_000, -9_000, "USD")) is None
    assert _exact_pair(invoice, Row(2, day, 10_000, 10_000, "EUR")) is None
    paid = _exact_pair(Row(2, day, -10_000, -10_000, "EUR"), invoice)
    assert paid is not None and paid.closes and paid.residuals == {2: (0, 0), 1: (0, 0)}
