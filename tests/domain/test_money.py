"""Money: exact Decimals, no floats, per-currency rounding, allocation that loses no cent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.entries import ItemDraft, check_amounts
from asiento.domain.errors import CurrencyMismatch, InvalidAmount, UnknownCurrency
from asiento.domain.money import Money, money


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError, match="floats are not accepted"):
        money(0.1, "EUR")


@pytest.mark.parametrize("raw", ["abc", "12,5x", "NaN", "Infinity", "1e400"])
def test_non_numeric_infinite_or_absurd_amounts_are_refused(raw: str) -> None:
    with pytest.raises(InvalidAmount):
        money(raw, "EUR")


def test_an_absurd_amount_in_an_item_is_a_problem_not_a_crash() -> None:
    items = [ItemDraft(1, debit=Decimal("1e400")), ItemDraft(2, credit=Decimal("1e400"))]
    assert [p.code for p in check_amounts(items, "EUR")] == ["too_large", "too_large"]


def test_unknown_currencies_are_refused() -> None:
    with pytest.raises(UnknownCurrency, match="XYZ"):
        money("1", "XYZ")


@pytest.mark.parametrize(
    ("currency", "raw", "rounded"),
    [
        ("EUR", "2.345", "2.35"),
        ("EUR", "-2.345", "-2.35"),
        ("JPY", "1234.5", "1235"),
        ("BHD", "1.2345", "1.235"),
    ],
)
def test_quantize_rounds_half_up_to_the_currency_exponent(
    currency: str, raw: str, rounded: str
) -> None:
    assert money(raw, currency).quantize() == Money(Decimal(rounded), currency)


def test_different_currencies_do_not_add() -> None:
    with pytest.raises(CurrencyMismatch):
        _ = money("1", "EUR") + money("1", "USD")


def test_allocate_gives_leftover_cents_to_the_largest_remainders() -> None:
    parts = money("100.00", "EUR").allocate([1, 1, 1])
    assert [p.amount for p in parts] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


@given(
    cents=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=8).filter(
        lambda w: sum(w) > 0
    ),
    currency=st.sampled_from(["EUR", "JPY", "BHD"]),
)
def test_allocated_parts_always_sum_to_the_total(
    cents: int, weights: list[int], currency: str
) -> None:
    total = money(Decimal(cents).scaleb(-2), currency).quantize()
    parts = total.allocate(weights)
    assert sum((p.amount for p in parts), Decimal(0)) == total.amount
