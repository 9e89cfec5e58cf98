"""Cash discounts: the discount window, partial payments, tax splits and tax on the discounted base."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.cash_discount import (
    CashDiscount,
    TaxBreakdownLine,
    TaxTreatment,
    discount_for_payment,
    split_discount,
    tax_on_discounted_base,
)
from asiento.domain.currency import exponent
from asiento.domain.due_dates import WorkingCalendar
from asiento.domain.errors import (
    CurrencyMismatch,
    InvalidAmount,
    PaymentTermInvalid,
    TaxBreakdownInvalid,
)
from asiento.domain.installments import Installment
from asiento.domain.money import Money, money, zero

D = date.fromisoformat
TWO_PERCENT = CashDiscount(Decimal(2), 10)
WINDOW_END = D("2026-03-03")
INSTALLMENT = Installment(
    1, D("2026-03-31"), money("1000.00", "EUR"), WINDOW_END, money("980.00", "EUR")
)


def eur(amount: str) -> Money:
    return money(amount, "EUR")


def test_a_full_payment_inside_the_window_earns_the_whole_discount() -> None:
    assert discount_for_payment(INSTALLMENT, eur("980.00"), WINDOW_END) == eur("20.00")


def test_a_payment_after_the_window_earns_nothing() -> None:
    assert discount_for_payment(INSTALLMENT, eur("980.00"), D("2026-03-04")) == eur("0.00")


def test_a_partial_payment_earns_the_discount_only_on_what_it_pays() -> None:
    first = discount_for_payment(INSTALLMENT, eur("490.00"), D("2026-02-25"))
    second = discount_for_payment(
        INSTALLMENT, eur("490.00"), WINDOW_END, already_paid=eur("490.00"), already_discounted=first
    )

    assert (first, second) == (eur("10.00"), eur("10.00"))


def test_uneven_partial_payments_end_on_exactly_the_installment_discount() -> None:
    first = discount_for_payment(INSTALLMENT, eur("480.00"), D("2026-02-25"))
    second = discount_for_payment(
        INSTALLMENT, eur("500.00"), WINDOW_END, already_paid=eur("480.00"), already_discounted=first
    )

    assert (first, second) == (eur("9.80"), eur("10.20"))


def test_a_payment_after_the_whole_discount_was_granted_earns_nothing_more() -> None:
    result = discount_for_payment(
        INSTALLMENT,
        eur("10.00"),
        WINDOW_END,
        already_paid=eur("980.00"),
        already_discounted=eur("20.00"),
    )

    assert result == eur("0.00")


def test_paying_the_full_amount_inside_the_window_needs_no_discount() -> None:
    assert discount_for_payment(INSTALLMENT, eur("1000.00"), WINDOW_END) == eur("0.00")


def test_a_payment_between_the_discounted_and_the_full_amount_earns_only_what_settles_it() -> None:
    assert discount_for_payment(INSTALLMENT, eur("990.00"), WINDOW_END) == eur("10.00")


def test_a_zero_payment_earns_nothing() -> None:
    assert discount_for_payment(INSTALLMENT, eur("0"), WINDOW_END) == eur("0.00")


def test_an_installment_without_a_discount_earns_nothing() -> None:
    plain = Installment(1, D("2026-03-31"), eur("1000.00"))

    assert discount_for_payment(plain, eur("980.00"), D("2026-02-21")) == eur("0.00")


def test_a_credit_note_refund_earns_a_negative_discount() -> None:
    refund = Installment(1, D("2026-03-31"), eur("-1000.00"), WINDOW_END, eur("-980.00"))

    assert discount_for_payment(refund, eur("-490.00"), WINDOW_END) == eur("-10.00")


def test_yen_discounts_round_to_whole_yen() -> None:
    yen = Installment(1, D("2026-03-31"), money("10001", "JPY"), WINDOW_END, money("9801", "JPY"))

    assert discount_for_payment(yen, money("4900", "JPY"), WINDOW_END) == money("100", "JPY")


def test_a_payment_of_the_other_sign_is_refused() -> None:
    with pytest.raises(InvalidAmount) as caught:
        discount_for_payment(INSTALLMENT, eur("-5.00"), WINDOW_END)

    assert caught.value.field == "payment"
    assert caught.value.message == (
        "payment -5.00 EUR has the opposite sign of the installment 1000.00 EUR"
    )


def test_a_payment_in_another_currency_is_refused() -> None:
    with pytest.raises(CurrencyMismatch):
        discount_for_payment(INSTALLMENT, money("980.00", "USD"), WINDOW_END)


def test_the_discount_window_counts_days_from_the_invoice_date() -> None:
    assert TWO_PERCENT.discount_date(D("2026-02-21")) == D("2026-03-03")
    assert TWO_PERCENT.discount_date(D("2024-02-21")) == D("2024-03-02")


def test_a_window_ending_on_a_weekend_runs_to_monday() -> None:
    # 21 February 2026 + 14 days is Saturday 7 March
    assert CashDiscount(Decimal(2), 14).discount_date(D("2026-02-21"), WorkingCalendar()) == D(
        "2026-03-09"
    )


@pytest.mark.parametrize(
    ("percent", "days", "treatment", "code", "message"),
    [
        (
            Decimal(0),
            10,
            "reduce_on_early_payment",
            "discount_percent_out_of_range",
            "discount percent 0 is outside (0, 100)",
        ),
        (
            Decimal(100),
            10,
            "reduce_on_early_payment",
            "discount_percent_out_of_range",
            "discount percent 100 is outside (0, 100)",
        ),
        (
            Decimal(2),
            -1,
            "reduce_on_early_payment",
            "negative_days",
            "discount days -1 is negative",
        ),
        (
            Decimal(2),
            10,
            "sometimes",
            "unknown_tax_treatment",
            "tax treatment 'sometimes' is not one of never_reduce_tax, "
            "reduce_on_early_payment, always_on_discounted_base",
        ),
    ],
)
def test_a_bad_cash_discount_is_refused_with_a_precise_problem(
    percent: Decimal, days: int, treatment: str, code: str, message: str
) -> None:
    with pytest.raises(PaymentTermInvalid) as caught:
        CashDiscount.from_dict({"percent": str(percent), "days": days, "tax_treatment": treatment})

    assert (caught.value.problems[0].code, caught.value.message) == (code, message)


def test_a_float_discount_percent_is_refused() -> None:
    with pytest.raises(PaymentTermInvalid) as caught:
        CashDiscount.from_dict({"percent": 2.0, "days": 10})

    assert caught.value.problems[0].code == "not_a_decimal"


def test_a_cash_discount_reduces_tax_on_early_payment_unless_told_otherwise() -> None:
    assert CashDiscount.from_dict({"percent": "2", "days": 10}) == TWO_PERCENT
    assert TWO_PERCENT.tax_treatment is TaxTreatment.REDUCE_ON_EARLY_PAYMENT


BREAKDOWN = [
    TaxBreakdownLine("VAT21", eur("1000.00"), eur("210.00")),
    TaxBreakdownLine("VAT10", eur("500.00"), eur("50.00")),
]


def test_a_discount_reducing_tax_is_shared_by_every_base_and_tax() -> None:
    parts = split_discount(eur("35.20"), BREAKDOWN, TaxTreatment.REDUCE_ON_EARLY_PAYMENT)

    assert parts == [
        TaxBreakdownLine("VAT21", eur("20.00"), eur("4.20")),
        TaxBreakdownLine("VAT10", eur("10.00"), eur("1.00")),
    ]


def test_an_uneven_split_still_sums_to_the_discount_to_the_cent() -> None:
    breakdown = [
        TaxBreakdownLine("VAT21", eur("100.00"), eur("21.00")),
        TaxBreakdownLine("VAT10", eur("100.00"), eur("10.00")),
    ]

    parts = split_discount(eur("10.00"), breakdown, TaxTreatment.REDUCE_ON_EARLY_PAYMENT)

    assert parts == [
        TaxBreakdownLine("VAT21", eur("4.33"), eur("0.91")),
        TaxBreakdownLine("VAT10", eur("4.33"), eur("0.43")),
    ]


@pytest.mark.parametrize(
    "treatment", [TaxTreatment.NEVER_REDUCE_TAX, TaxTreatment.ALWAYS_ON_DISCOUNTED_BASE]
)
def test_a_discount_that_does_not_touch_tax_falls_on_the_bases_only(
    treatment: TaxTreatment,
) -> None:
    parts = split_discount(eur("30.00"), BREAKDOWN, treatment)

    assert parts == [
        TaxBreakdownLine("VAT21", eur("20.00"), eur("0.00")),
        TaxBreakdownLine("VAT10", eur("10.00"), eur("0.00")),
    ]


def test_a_credit_note_discount_splits_into_negative_parts() -> None:
    negative = [TaxBreakdownLine(b.tax, -b.base, -b.tax_amount) for b in BREAKDOWN]

    parts = split_discount(eur("-35.20"), negative, TaxTreatment.REDUCE_ON_EARLY_PAYMENT)

    assert parts == [
        TaxBreakdownLine("VAT21", eur("-20.00"), eur("-4.20")),
        TaxBreakdownLine("VAT10", eur("-10.00"), eur("-1.00")),
    ]


def test_a_zero_discount_splits_into_zeros() -> None:
    parts = split_discount(eur("0.00"), BREAKDOWN, TaxTreatment.REDUCE_ON_EARLY_PAYMENT)

    assert parts == [TaxBreakdownLine(b.tax, zero("EUR"), zero("EUR")) for b in BREAKDOWN]


def test_a_breakdown_of_mixed_signs_is_refused() -> None:
    mixed = [*BREAKDOWN, TaxBreakdownLine("VAT0", eur("-100.00"), eur("0.00"))]

    with pytest.raises(TaxBreakdownInvalid) as caught:
        split_discount(eur("10.00"), mixed, TaxTreatment.REDUCE_ON_EARLY_PAYMENT)

    assert caught.value.message == (
        "tax VAT0: -100.00 EUR has the opposite sign of the discount 10.00 EUR"
    )


def test_an_empty_breakdown_is_refused() -> None:
    with pytest.raises(TaxBreakdownInvalid):
        split_discount(eur("10.00"), [], TaxTreatment.REDUCE_ON_EARLY_PAYMENT)


def test_a_breakdown_with_no_base_cannot_carry_an_untaxed_discount() -> None:
    tax_only = [TaxBreakdownLine("VAT21", eur("0.00"), eur("21.00"))]

    with pytest.raises(TaxBreakdownInvalid):
        split_discount(eur("1.00"), tax_only, TaxTreatment.NEVER_REDUCE_TAX)


def test_a_discount_finer_than_its_currency_cannot_be_split() -> None:
    with pytest.raises(InvalidAmount):
        split_discount(eur("1.005"), BREAKDOWN, TaxTreatment.REDUCE_ON_EARLY_PAYMENT)


@pytest.mark.parametrize(
    ("base", "rate", "expected"),
    [
        (eur("1000.00"), "21", eur("205.80")),
        (eur("0.50"), "21", eur("0.10")),
        (eur("-1000.00"), "21", eur("-205.80")),
        (money("10000", "JPY"), "10", money("980", "JPY")),
        (money("100.000", "BHD"), "10", money("9.800", "BHD")),
    ],
)
def test_tax_on_the_discounted_base_is_rounded_once(
    base: Money, rate: str, expected: Money
) -> None:
    assert tax_on_discounted_base(base, Decimal(rate), TWO_PERCENT) == expected


def test_a_float_tax_rate_is_refused() -> None:
    with pytest.raises(TypeError):
        tax_on_discounted_base(eur("100.00"), 21.0, TWO_PERCENT)  # type: ignore[arg-type]


# ---- properties ------------------------------------------------------------

currencies = st.sampled_from(["EUR", "JPY", "BHD", "USD"])


@st.composite
def discounted_installments(draw: st.DrawFn) -> Installment:
    """An installment of any sign and currency with a discount below its amount."""
    currency = draw(currencies)
    units = draw(st.integers(1, 10**9))
    discount_units = draw(st.integers(0, units))
    sign = draw(st.sampled_from([1, -1]))
    scale = -exponent(currency)
    amount = Money(Decimal(sign * units).scaleb(scale), currency)
    rest = Money(Decimal(sign * (units - discount_units)).scaleb(scale), currency)
    return Installment(1, D("2026-03-31"), amount, WINDOW_END, rest)


@st.composite
def payment_plans(draw: st.DrawFn) -> tuple[Installment, list[Money]]:
    """An installment and a run of payments of its sign, all inside the window."""
    installment = draw(discounted_installments())
    currency, sign = installment.amount.currency, 1 if installment.amount.amount > 0 else -1
    limit = int(abs(installment.amount.amount).scaleb(exponent(currency))) + 5
    pieces = draw(st.lists(st.integers(0, limit), min_size=1, max_size=6))
    scale = -exponent(currency)
    return installment, [Money(Decimal(sign * n).scaleb(scale), currency) for n in pieces]


def run(installment: Installment, payments: list[Money]) -> list[Money]:
    """The discount each payment earns, feeding back what earlier ones paid and earned."""
    paid = discounted = zero(installment.amount.currency)
    earned = []
    for payment in payments:
        discount = discount_for_payment(
            installment, payment, WINDOW_END, already_paid=paid, already_discounted=discounted
        )
        earned.append(discount)
        paid, discounted = paid + payment, discounted + discount
    return earned


@given(plan=payment_plans())
def test_partial_payments_never_earn_more_than_the_installment_discount(
    plan: tuple[Installment, list[Money]],
) -> None:
    installment, payments = plan
    earned = run(installment, payments)

    total = sum((abs(d.amount) for d in earned), Decimal(0))
    assert total <= abs(installment.discount.amount)
    assert all(d.amount * installment.amount.amount >= 0 for d in earned)


@given(plan=payment_plans())
def test_a_discount_never_covers_more_than_its_payment_left_open(
    plan: tuple[Installment, list[Money]],
) -> None:
    installment, payments = plan
    earned = run(installment, payments)

    settled = Decimal(0)
    for payment, discount in zip(payments, earned, strict=True):
        settled += abs(payment.amount)
        assert abs(discount.amount) <= max(abs(installment.amount.amount) - settled, Decimal(0))
        settled += abs(discount.amount)


@given(installment=discounted_installments(), data=st.data())
def test_paying_the_discounted_amount_in_pieces_earns_exactly_the_discount(
    installment: Installment, data: st.DataObject
) -> None:
    assert installment.discounted_amount is not None
    rest = installment.discounted_amount
    weights = data.draw(st.lists(st.integers(1, 100), min_size=1, max_size=5))
    pieces = rest.allocate(weights) if not rest.is_zero() else [rest]

    assert sum(run(installment, pieces), zero(rest.currency)) == installment.discount


@given(
    discount_units=st.integers(-(10**9), 10**9),
    lines=st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 10**8)), min_size=1, max_size=4),
    currency=currencies,
    treatment=st.sampled_from(TaxTreatment),
)
def test_split_discount_parts_sum_to_the_discount(
    discount_units: int, lines: list[tuple[int, int]], currency: str, treatment: TaxTreatment
) -> None:
    scale, sign = -exponent(currency), -1 if discount_units < 0 else 1
    breakdown = [
        TaxBreakdownLine(
            f"T{i}",
            Money(Decimal(sign * b).scaleb(scale), currency),
            Money(Decimal(sign * t).scaleb(scale), currency),
        )
        for i, (b, t) in enumerate(lines)
    ]
    discount = Money(Decimal(discount_units).scaleb(scale), currency)
    try:
        parts = split_discount(discount, breakdown, treatment)
    except TaxBreakdownInvalid:
        assert sum(b for b, _ in lines) == 0
        return

    total = sum((p.base + p.tax_amount for p in parts), zero(currency))
    assert total == discount
    assert treatment is TaxTreatment.REDUCE_ON_EARLY_PAYMENT or all(
        p.tax_amount.is_zero() for p in parts
    )
