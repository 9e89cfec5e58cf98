"""Properties of the payment-state rule (``domain.payment_state``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.payment_state import ItemBalance, balance_of, closed_state, open_state

items = st.lists(
    st.tuples(
        st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6)
    ),
    max_size=5,
)


@given(items, st.permutations(range(5)))
def test_the_balance_does_not_depend_on_item_order(rows: list, order: list[int]) -> None:
    shuffled = [rows[i] for i in order if i < len(rows)]
    assert balance_of(rows) == balance_of(shuffled)


@given(items, st.integers(0, 10**7))
def test_a_posted_document_is_closed_exactly_when_every_residual_is_zero(
    rows: list, total: int
) -> None:
    state = open_state("posted", total, balance_of(rows))
    closed = bool(rows) and all(r == 0 for r, _, _ in rows) and sum(c for _, c, _ in rows) == 0
    assert (state is None) == closed


@given(items, st.integers(0, 10**7))
def test_an_open_residual_is_the_absolute_open_amount_and_partial_means_less_than_the_total(
    rows: list, total: int
) -> None:
    balance = balance_of(rows)
    state = open_state("posted", total, balance)
    if state is None:
        return
    name, residual = state
    assert residual == abs(sum(c for _, c, _ in rows)) >= 0
    assert (name == "partial") == (residual < abs(sum(a for _, _, a in rows)))
    assert name in ("partial", "not_paid")


@given(st.sampled_from(["draft", "proforma"]), st.integers(0, 10**7), items)
def test_an_unposted_document_owes_its_total(state: str, total: int, rows: list) -> None:
    assert open_state(state, total, balance_of(rows)) == ("not_paid", total)


@given(st.integers(0, 10**7), items)
def test_a_cancelled_document_is_reversed_and_owes_nothing(total: int, rows: list) -> None:
    assert open_state("cancelled", total, balance_of(rows)) == ("reversed", 0)


@given(st.lists(st.booleans(), max_size=4), st.booleans())
def test_a_closed_document_waits_for_every_payment_to_be_matched(
    flags: list[bool], refunded: bool
) -> None:
    state = closed_state(flags, refunded)
    if not all(flags):
        assert state == "in_payment"
    elif refunded and not flags:
        assert state == "reversed"
    else:
        assert state == "paid"


def test_no_items_is_not_closed() -> None:
    assert not ItemBalance().closed
    assert open_state("posted", 500, ItemBalance()) == ("not_paid", 0)
