"""Taxes of one line: a table of hand-computed cases, the refusals, and the invariants."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.currency import quantum
from asiento.domain.errors import (
    DiscountOutOfRange,
    FixedTaxPriceIncluded,
    InvalidAmount,
    InvalidTaxRule,
    NonPositiveQuantity,
    UnitPriceTooPrecise,
    UnknownRoundingMode,
)
from asiento.domain.taxes import (
    TaxableLine,
    TaxRule,
    compute_line_taxes,
    exact_line_taxes,
    round_exact,
)

D = Decimal


def tax(
    id: int,
    amount: str,
    *,
    fixed: bool = False,
    included: bool = False,
    sequence: int = 10,
    affects_base: bool = False,
) -> TaxRule:
    return TaxRule(
        id=id,
        name=f"T{id}",
        amount_type="fixed" if fixed else "percent",
        amount=D(amount),
        price_include=included,
        tax_account_id=4700 + id,
        base_account_id=None,
        group="VAT",
        sequence=sequence,
        include_base_amount=affects_base,
    )


VAT21 = tax(1, "21")
VAT10_INC = tax(2, "10", included=True)
ZERO_RATE = tax(3, "0")
ECO_ON_BASE = tax(4, "0.50", fixed=True, sequence=5, affects_base=True)
ECO = tax(5, "0.50", fixed=True)
SURCHARGE = tax(6, "5.2", sequence=20)
TEN_ON_BASE = tax(7, "10", sequence=1, affects_base=True)
VAT8 = tax(8, "8")
VAT10 = tax(9, "10")
TEN_ON_BASE_INC = tax(10, "10", included=True, sequence=1, affects_base=True)
VAT21_INC = tax(11, "21", included=True)

# (price, quantity, discount, taxes, currency) -> (base, [(tax id, tax base, amount)], total)
CASES = {
    "21% excluded": (
        ("100.00", "1", "0", (VAT21,), "EUR"),
        ("100.00", [(1, "100.00", "21.00")], "121.00"),
    ),
    "21% on 0.50 rounds 0.105 half up": (
        ("0.50", "1", "0", (VAT21,), "EUR"),
        ("0.50", [(1, "0.50", "0.11")], "0.61"),
    ),
    "10% included": (
        ("110.00", "1", "0", (VAT10_INC,), "EUR"),
        ("100.00", [(2, "100.00", "10.00")], "110.00"),
    ),
    # 69.93 / 11 = 6.357272.. -> 6.36; the base is what remains: 63.57
    "10% included, extracted from 7 x 9.99": (
        ("9.99", "7", "0", (VAT10_INC,), "EUR"),
        ("63.57", [(2, "63.57", "6.36")], "69.93"),
    ),
    "0%": (
        ("50.00", "2", "0", (ZERO_RATE,), "EUR"),
        ("100.00", [(3, "100.00", "0.00")], "100.00"),
    ),
    "fixed amount per unit": (
        ("10.00", "3", "0", (ECO,), "EUR"),
        ("30.00", [(5, "30.00", "1.50")], "31.50"),
    ),
    # 33.33 x 21% = 6.9993 -> 7.00 ; 33.33 x 5.2% = 1.73316 -> 1.73
    "two taxes on one line": (
        ("33.33", "1", "0", (SURCHARGE, VAT21), "EUR"),
        ("33.33", [(1, "33.33", "7.00"), (6, "33.33", "1.73")], "42.06"),
    ),
    # 10% of 100 = 10.00 joins the base of VAT: 21% of 110.00 = 23.10
    "tax on tax": (
        ("100.00", "1", "0", (VAT21, TEN_ON_BASE), "EUR"),
        ("100.00", [(7, "100.00", "10.00"), (1, "110.00", "23.10")], "133.10"),
    ),
    # eco-tax 3 x 0.50 = 1.50; VAT on 31.50 = 6.615 -> 6.62
    "eco-tax that VAT is charged on": (
        ("10.00", "3", "0", (VAT21, ECO_ON_BASE), "EUR"),
        ("30.00", [(4, "30.00", "1.50"), (1, "31.50", "6.62")], "38.12"),
    ),
    # 133.10 = B x 1.10 x 1.21 = 1.331 B -> B = 100.00
    "price-included tax on tax": (
        ("133.10", "1", "0", (VAT21_INC, TEN_ON_BASE_INC), "EUR"),
        ("100.00", [(10, "100.00", "10.00"), (11, "110.00", "23.10")], "133.10"),
    ),
    # 3 x 19.99 = 59.97 less 12.5% = 52.47375 -> 52.47 ; 21% = 11.0187 -> 11.02
    "discount": (
        ("19.99", "3", "12.5", (VAT21,), "EUR"),
        ("52.47", [(1, "52.47", "11.02")], "63.49"),
    ),
    # 1000 x 0.123456 = 123.456 -> 123.46 ; 21% = 25.9266 -> 25.93
    "6-decimal unit price": (
        ("0.123456", "1000", "0", (VAT21,), "EUR"),
        ("123.46", [(1, "123.46", "25.93")], "149.39"),
    ),
    "JPY has no minor unit": (
        ("1234", "1", "0", (VAT8,), "JPY"),
        ("1234", [(8, "1234", "99")], "1333"),
    ),
    # 1000 / 11 = 90.9 -> 91
    "JPY 10% included": (
        ("1000", "1", "0", (VAT10_INC,), "JPY"),
        ("909", [(2, "909", "91")], "1000"),
    ),
    "BHD has three decimals": (
        ("1.234", "2", "0", (VAT10,), "BHD"),
        ("2.468", [(9, "2.468", "0.247")], "2.715"),
    ),
    "a negative price (discount line)": (
        ("-10.00", "1", "0", (VAT21,), "EUR"),
        ("-10.00", [(1, "-10.00", "-2.10")], "-12.10"),
    ),
    "a negative half rounds away from zero": (
        ("-0.50", "1", "0", (VAT21,), "EUR"),
        ("-0.50", [(1, "-0.50", "-0.11")], "-0.61"),
    ),
    "no taxes": (
        ("12.345", "2", "0", (), "EUR"),
        ("24.69", [], "24.69"),
    ),
}


@pytest.mark.parametrize(("given_line", "expected"), CASES.values(), ids=CASES.keys())
def test_line_taxes_match_the_hand_computed_figures_when_rounding_per_line(
    given_line: tuple[str, str, str, tuple[TaxRule, ...], str],
    expected: tuple[str, list[tuple[int, str, str]], str],
) -> None:
    price, quantity, discount, taxes, currency = given_line
    line = TaxableLine(D(price), D(quantity), taxes, D(discount))

    result = compute_line_taxes(line, currency, "round_per_line")

    base, amounts, total = expected
    assert result.base == D(base)
    assert [(t.tax_id, t.base, t.amount) for t in result.taxes] == [
        (i, D(b), D(a)) for i, b, a in amounts
    ]
    assert result.total == D(total)
    assert str(result.total) == total  # the currency's exponent, not more, not less


def test_taxes_apply_by_sequence_whatever_order_they_are_listed_in() -> None:
    one = compute_line_taxes(
        TaxableLine(D(100), D(1), (VAT21, TEN_ON_BASE)), "EUR", "round_per_line"
    )
    other = compute_line_taxes(
        TaxableLine(D(100), D(1), (TEN_ON_BASE, VAT21)), "EUR", "round_per_line"
    )

    assert one == other


def test_rounding_globally_leaves_line_amounts_unrounded() -> None:
    line = TaxableLine(D("1.00"), D(1), (VAT10_INC,))

    result = compute_line_taxes(line, "EUR", "round_globally")

    assert (result.base, result.taxes[0].amount, result.total) == (
        D("0.90909091"),
        D("0.09090909"),
        D("1.00000000"),
    )


def test_exact_line_figures_rounding_globally_are_rationals() -> None:
    exact = exact_line_taxes(TaxableLine(D("1.00"), D(1), (VAT10_INC,)), "EUR", "round_globally")

    assert (exact.gross, exact.base, exact.taxes[0].amount) == (
        Fraction(1),
        Fraction(10, 11),
        Fraction(1, 11),
    )


def test_a_unit_price_with_trailing_zeros_beyond_six_decimals_is_still_six_decimals() -> None:
    line = TaxableLine(D("1.1234560"), D(1), (VAT21,))

    assert compute_line_taxes(line, "EUR", "round_per_line").base == D("1.12")


# ---- refusals ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "error", "code", "message"),
    [
        (
            TaxableLine(D(10), D(0)),
            NonPositiveQuantity,
            "quantity_not_positive",
            "lines[2].quantity: quantity must be positive",
        ),
        (
            TaxableLine(D(10), D(-1)),
            NonPositiveQuantity,
            "quantity_not_positive",
            "lines[2].quantity: quantity must be positive",
        ),
        (
            TaxableLine(D("1.1234567"), D(1)),
            UnitPriceTooPrecise,
            "unit_price_precision",
            "lines[2].price_unit: unit price 1.1234567 has more than 6 decimals",
        ),
        (
            TaxableLine(D(10), D(1), discount=D("100.01")),
            DiscountOutOfRange,
            "discount_out_of_range",
            "lines[2].discount: discount must be between 0 and 100",
        ),
        (
            TaxableLine(D(10), D(1), discount=D(-1)),
            DiscountOutOfRange,
            "discount_out_of_range",
            "lines[2].discount: discount must be between 0 and 100",
        ),
        (
            TaxableLine(D(10), D(1), (VAT21, tax(12, "0.10", fixed=True, included=True))),
            FixedTaxPriceIncluded,
            "fixed_tax_price_included",
            "lines[2].taxes[1]: tax 12 (T12) is a fixed amount per unit and cannot be "
            "included in the price",
        ),
        (
            TaxableLine(D(10), D(1), (VAT21, VAT21)),
            InvalidTaxRule,
            "invalid_tax",
            "lines[2].taxes[1]: tax 1 is on the line twice",
        ),
        (
            TaxableLine(D(10), D(1), (tax(13, "-100"),)),
            InvalidTaxRule,
            "invalid_tax",
            "lines[2].taxes[0]: tax 13 (T13): percent must exceed -100",
        ),
        (
            TaxableLine(D("NaN"), D(1)),
            InvalidAmount,
            "invalid_amount",
            "lines[2].price_unit: Decimal('NaN') is not a finite number",
        ),
    ],
)
def test_a_bad_line_is_refused_with_an_error_naming_the_field(
    line: TaxableLine, error: type[Exception], code: str, message: str
) -> None:
    with pytest.raises(error) as caught:
        compute_line_taxes(line, "EUR", "round_per_line", field="lines[2]")

    assert caught.value.code == code  # type: ignore[attr-defined]
    assert str(caught.value) == message


def test_a_negative_percent_above_minus_100_is_accepted_as_a_withholding() -> None:
    withholding = tax(14, "-15", sequence=30)
    line = TaxableLine(D(100), D(1), (VAT21, withholding))

    assert compute_line_taxes(line, "EUR", "round_per_line").total == D("106.00")


def test_an_unknown_amount_type_is_refused() -> None:
    odd = TaxRule(15, "odd", "division", D(1), False, 4700, None, "VAT", 1)  # type: ignore[arg-type]

    with pytest.raises(InvalidTaxRule, match=r"lines\[0\]\.taxes\[0\]: .*unknown amount type"):
        compute_line_taxes(
            TaxableLine(D(1), D(1), (odd,)), "EUR", "round_per_line", field="lines[0]"
        )


def test_an_unknown_rounding_mode_is_refused() -> None:
    with pytest.raises(UnknownRoundingMode):
        compute_line_taxes(TaxableLine(D(1), D(1)), "EUR", "round_sometimes")  # type: ignore[arg-type]


def test_a_float_price_is_refused() -> None:
    with pytest.raises(TypeError):
        compute_line_taxes(TaxableLine(1.5, D(1)), "EUR", "round_per_line")  # type: ignore[arg-type]


# ---- invariants -------------------------------------------------------------

prices = st.decimals(min_value=D("0.000001"), max_value=D(100000), places=6)
quantities = st.decimals(min_value=D("0.001"), max_value=D(1000), places=3)
discounts = st.decimals(min_value=D(0), max_value=D(100), places=2)
included_sets = st.lists(
    st.sampled_from([VAT10_INC, VAT21_INC, TEN_ON_BASE_INC, tax(16, "5.5", included=True)]),
    min_size=1,
    max_size=3,
    unique_by=lambda t: t.id,
)
others = st.lists(st.sampled_from([ECO_ON_BASE, SURCHARGE, VAT8]), max_size=2, unique=True)


@given(prices, quantities, discounts, included_sets, others, st.sampled_from(["EUR", "JPY", "BHD"]))
def test_price_included_taxes_and_base_add_up_to_the_line_amount_exactly(
    price: Decimal,
    quantity: Decimal,
    discount: Decimal,
    included: list[TaxRule],
    excluded: list[TaxRule],
    currency: str,
) -> None:
    line = TaxableLine(price, quantity, (*included, *excluded), discount)
    exact_gross = Fraction(price) * Fraction(quantity) * (100 - Fraction(discount)) / 100
    gross = round_exact(exact_gross, quantum(currency))

    rounded = compute_line_taxes(line, currency, "round_per_line")
    exact = exact_line_taxes(line, currency, "round_globally")

    assert rounded.base + sum(t.amount for t in rounded.taxes if t.tax.price_include) == gross
    assert exact.base + sum(t.amount for t in exact.taxes if t.tax.price_include) == gross
    assert rounded.total == rounded.base + sum(t.amount for t in rounded.taxes)


@given(st.decimals(min_value=D(-10000), max_value=D(10000), places=8))
def test_rounding_an_exact_value_is_decimal_half_up(value: Decimal) -> None:
    assert round_exact(Fraction(value), D("0.01")) == value.quantize(D("0.01"), ROUND_HALF_UP)
