"""Installments: a total split by a payment term, to the minor unit, with due dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from asiento.domain.cash_discount import CashDiscount, TaxTreatment, tax_on_discounted_base
from asiento.domain.currency import exponent
from asiento.domain.due_dates import DueDateRule, WorkingCalendar
from asiento.domain.errors import CashDiscountBaseInvalid, InstallmentsExceedTotal, InvalidAmount
from asiento.domain.installments import Installment, compute_installments
from asiento.domain.money import Money, money
from asiento.domain.payment_term_seeds import seed_terms
from asiento.domain.payment_terms import LineKind, PaymentTerm, PaymentTermLine
from tests.domain.test_due_dates import calendars, due_date_rules, invoice_dates

D = date.fromisoformat
EOM_NEXT = DueDateRule(months=1, end_of_month=True)
IMMEDIATE, FIFTEEN_DAYS, TWENTY_FIRST, NET_30_EOM_2_10, THIRTY_NOW = seed_terms()


def schedule(installments: list[Installment]) -> list[tuple[str, str]]:
    """Installments as (due date, amount) strings, for exact comparison."""
    return [(i.due_date.isoformat(), str(i.amount)) for i in installments]


def percent_then_balance(*percents: str) -> PaymentTerm:
    lines = [PaymentTermLine(LineKind.PERCENT, Decimal(p)) for p in percents]
    return PaymentTerm("T", (*lines, PaymentTermLine(LineKind.BALANCE, due=EOM_NEXT)))


def test_thirty_percent_now_and_the_balance_at_the_end_of_next_month() -> None:
    result = compute_installments(THIRTY_NOW, money("1000.00", "EUR"), D("2026-02-21"))

    assert schedule(result) == [("2026-02-21", "300.00 EUR"), ("2026-03-31", "700.00 EUR")]
    assert [i.line_number for i in result] == [1, 2]


def test_a_credit_note_gets_the_same_schedule_negated() -> None:
    result = compute_installments(THIRTY_NOW, money("-1000.00", "EUR"), D("2026-02-21"))

    assert schedule(result) == [("2026-02-21", "-300.00 EUR"), ("2026-03-31", "-700.00 EUR")]


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (money("1001", "JPY"), ["300 JPY", "701 JPY"]),
        (money("5", "JPY"), ["2 JPY", "3 JPY"]),
        (money("1.005", "BHD"), ["0.302 BHD", "0.703 BHD"]),
        (money("-1.005", "BHD"), ["-0.302 BHD", "-0.703 BHD"]),
        (money("0.05", "EUR"), ["0.02 EUR", "0.03 EUR"]),
        (money("333.33", "USD"), ["100.00 USD", "233.33 USD"]),
    ],
)
def test_amounts_round_by_the_currency_exponent_and_the_balance_takes_the_rest(
    total: Money, expected: list[str]
) -> None:
    result = compute_installments(THIRTY_NOW, total, D("2026-02-21"))

    assert [str(i.amount) for i in result] == expected


def test_three_thirds_put_the_rounding_cent_on_the_balance() -> None:
    result = compute_installments(
        percent_then_balance("33.33", "33.33"), money("100", "EUR"), D("2026-02-21")
    )

    assert [str(i.amount) for i in result] == ["33.33 EUR", "33.33 EUR", "33.34 EUR"]


def test_a_half_cent_rounds_away_from_zero_on_both_sides() -> None:
    term = percent_then_balance("50")

    assert [
        str(i.amount) for i in compute_installments(term, money("0.05", "EUR"), D("2026-01-01"))
    ] == [
        "0.03 EUR",
        "0.02 EUR",
    ]
    assert [
        str(i.amount) for i in compute_installments(term, money("-0.05", "EUR"), D("2026-01-01"))
    ] == [
        "-0.03 EUR",
        "-0.02 EUR",
    ]


def test_rounding_up_never_pushes_the_installments_past_the_total() -> None:
    result = compute_installments(
        percent_then_balance("50", "50"), money("0.01", "EUR"), D("2026-01-01")
    )

    assert schedule(result) == [("2026-01-01", "0.01 EUR")]


def test_the_seed_terms_give_their_due_dates() -> None:
    total, day = money("1000.00", "EUR"), D("2026-02-21")

    assert schedule(compute_installments(IMMEDIATE, total, day)) == [("2026-02-21", "1000.00 EUR")]
    assert schedule(compute_installments(FIFTEEN_DAYS, total, day)) == [
        ("2026-03-08", "1000.00 EUR")
    ]
    assert schedule(compute_installments(TWENTY_FIRST, total, day)) == [
        ("2026-03-21", "1000.00 EUR")
    ]
    assert schedule(compute_installments(NET_30_EOM_2_10, total, day)) == [
        ("2026-03-31", "1000.00 EUR")
    ]


def test_a_company_calendar_moves_each_installment_to_a_working_day() -> None:
    result = compute_installments(
        THIRTY_NOW, money("1000.00", "EUR"), D("2026-02-21"), WorkingCalendar()
    )

    # 21 February 2026 is a Saturday; 31 March a Tuesday
    assert schedule(result) == [("2026-02-23", "300.00 EUR"), ("2026-03-31", "700.00 EUR")]


def test_a_fixed_line_takes_its_amount_and_the_balance_the_rest() -> None:
    term = PaymentTerm(
        "T",
        (
            PaymentTermLine(LineKind.FIXED, Decimal(250)),
            PaymentTermLine(LineKind.BALANCE, due=EOM_NEXT),
        ),
    )

    assert [
        str(i.amount) for i in compute_installments(term, money("1000.00", "EUR"), D("2026-02-21"))
    ] == [
        "250.00 EUR",
        "750.00 EUR",
    ]
    assert [
        str(i.amount) for i in compute_installments(term, money("-1000.00", "EUR"), D("2026-02-21"))
    ] == [
        "-250.00 EUR",
        "-750.00 EUR",
    ]


def test_a_fixed_line_larger_than_the_invoice_is_refused() -> None:
    term = PaymentTerm(
        "T", (PaymentTermLine(LineKind.FIXED, Decimal(1200)), PaymentTermLine(LineKind.BALANCE))
    )

    with pytest.raises(InstallmentsExceedTotal) as caught:
        compute_installments(term, money("-1000.00", "EUR"), D("2026-02-21"))

    assert (
        caught.value.message
        == "line 1: fixed amount 1200 is larger than the invoice total 1000.00 EUR"
    )
    assert caught.value.code == "installments_exceed_total"


def test_lines_that_together_ask_for_more_than_the_total_are_refused() -> None:
    term = PaymentTerm(
        "T",
        (
            PaymentTermLine(LineKind.PERCENT, Decimal(50)),
            PaymentTermLine(LineKind.FIXED, Decimal(600)),
            PaymentTermLine(LineKind.BALANCE),
        ),
    )

    with pytest.raises(InstallmentsExceedTotal) as caught:
        compute_installments(term, money("1000.00", "EUR"), D("2026-02-21"))

    assert caught.value.message == (
        "line 2: fixed amount 600 brings the installments to 1100.00 EUR, over the total 1000.00 EUR"
    )


def test_a_fixed_amount_finer_than_the_currency_is_refused() -> None:
    term = PaymentTerm(
        "T", (PaymentTermLine(LineKind.FIXED, Decimal("10.5")), PaymentTermLine(LineKind.BALANCE))
    )

    with pytest.raises(InvalidAmount) as caught:
        compute_installments(term, money("1000", "JPY"), D("2026-02-21"))

    assert (
        caught.value.message
        == "line 1: fixed amount 10.5 JPY has more decimals than JPY allows (0)"
    )
    assert caught.value.field == "lines[0].value"


def test_a_total_finer_than_the_currency_is_refused() -> None:
    with pytest.raises(InvalidAmount) as caught:
        compute_installments(IMMEDIATE, money("10.005", "EUR"), D("2026-02-21"))

    assert caught.value.message == "total 10.005 EUR has more decimals than EUR allows (2)"


def test_a_zero_installment_is_left_out() -> None:
    result = compute_installments(
        percent_then_balance("100"), money("80.00", "EUR"), D("2026-02-21")
    )

    assert schedule(result) == [("2026-02-21", "80.00 EUR")]


def test_a_zero_total_still_gives_one_installment() -> None:
    result = compute_installments(THIRTY_NOW, money("0", "EUR"), D("2026-02-21"))

    assert schedule(result) == [("2026-03-31", "0.00 EUR")]
    assert result[0].line_number == 2


def test_two_percent_ten_net_30_eom_carries_its_discount() -> None:
    (only,) = compute_installments(NET_30_EOM_2_10, money("1000.00", "EUR"), D("2026-02-21"))

    assert only.due_date == D("2026-03-31")
    assert only.discount_date == D("2026-03-03")
    assert str(only.discounted_amount) == "980.00 EUR"
    assert str(only.discount) == "20.00 EUR"
    assert str(only.amount_to_pay(D("2026-03-03"))) == "980.00 EUR"
    assert str(only.amount_to_pay(D("2026-03-04"))) == "1000.00 EUR"


def test_a_discount_window_ending_on_a_holiday_runs_to_the_next_working_day() -> None:
    calendar = WorkingCalendar(holidays=frozenset({D("2026-03-03")}))

    (only,) = compute_installments(
        NET_30_EOM_2_10, money("1000.00", "EUR"), D("2026-02-21"), calendar
    )

    assert only.discount_date == D("2026-03-04")


def test_the_invoice_discount_is_spread_over_installments_to_the_cent() -> None:
    term = PaymentTerm("T", percent_then_balance("30").lines, CashDiscount(Decimal(2), 10))

    result = compute_installments(term, money("100.01", "EUR"), D("2026-02-21"))

    assert [(str(i.amount), str(i.discount)) for i in result] == [
        ("30.00 EUR", "0.60 EUR"),
        ("70.01 EUR", "1.40 EUR"),
    ]


def test_a_credit_note_discount_is_negative_too() -> None:
    (only,) = compute_installments(NET_30_EOM_2_10, money("-1000.00", "EUR"), D("2026-02-21"))

    assert str(only.discounted_amount) == "-980.00 EUR"
    assert str(only.discount) == "-20.00 EUR"


def test_a_discount_that_never_reduces_tax_is_a_percent_of_the_untaxed_amount() -> None:
    term = PaymentTerm(
        "T", IMMEDIATE.lines, CashDiscount(Decimal(2), 10, TaxTreatment.NEVER_REDUCE_TAX)
    )

    (only,) = compute_installments(
        term, money("1210.00", "EUR"), D("2026-02-21"), untaxed=money("1000.00", "EUR")
    )

    assert str(only.discount) == "20.00 EUR"
    assert str(only.discounted_amount) == "1190.00 EUR"


def test_a_discount_always_on_the_discounted_base_leaves_the_tax_on_the_invoice() -> None:
    discount = CashDiscount(Decimal(2), 10, TaxTreatment.ALWAYS_ON_DISCOUNTED_BASE)
    base = money("1000.00", "EUR")
    tax = tax_on_discounted_base(base, Decimal(21), discount)

    (only,) = compute_installments(
        PaymentTerm("T", IMMEDIATE.lines, discount), base + tax, D("2026-02-21"), untaxed=base
    )

    assert str(tax) == "205.80 EUR"
    assert str(only.amount) == "1205.80 EUR"
    assert str(only.discounted_amount) == "1185.80 EUR"


def test_a_discount_on_the_untaxed_amount_needs_that_amount() -> None:
    term = PaymentTerm(
        "T", IMMEDIATE.lines, CashDiscount(Decimal(2), 10, TaxTreatment.NEVER_REDUCE_TAX)
    )

    with pytest.raises(CashDiscountBaseInvalid) as caught:
        compute_installments(term, money("1210.00", "EUR"), D("2026-02-21"))

    assert caught.value.field == "untaxed"
    assert caught.value.code == "cash_discount_base_invalid"


def test_an_untaxed_amount_of_the_other_sign_is_refused() -> None:
    term = PaymentTerm(
        "T", IMMEDIATE.lines, CashDiscount(Decimal(2), 10, TaxTreatment.NEVER_REDUCE_TAX)
    )

    with pytest.raises(CashDiscountBaseInvalid):
        compute_installments(
            term, money("1210.00", "EUR"), D("2026-02-21"), untaxed=money("-1000.00", "EUR")
        )


def test_an_installment_refuses_a_discounted_amount_larger_than_itself() -> None:
    with pytest.raises(InvalidAmount):
        Installment(1, D("2026-03-31"), money("100", "EUR"), D("2026-03-03"), money("120", "EUR"))


# ---- properties ------------------------------------------------------------

currencies = st.sampled_from(["EUR", "JPY", "BHD", "USD"])


@st.composite
def totals(draw: st.DrawFn) -> Money:
    """Any amount of any of the test currencies, already rounded to it."""
    currency = draw(currencies)
    units = draw(st.integers(-(10**12), 10**12))
    return Money(Decimal(units).scaleb(-exponent(currency)), currency)


@st.composite
def terms(draw: st.DrawFn) -> PaymentTerm:
    """Any valid term of percent lines (percents with two decimals) and a balance."""
    room, lines = 10_000, []
    for _ in range(draw(st.integers(0, 3))):
        if room == 0:
            break
        hundredths = draw(st.integers(1, room))
        room -= hundredths
        lines.append(
            PaymentTermLine(
                LineKind.PERCENT, Decimal(hundredths).scaleb(-2), draw(due_date_rules())
            )
        )
    lines.append(PaymentTermLine(LineKind.BALANCE, due=draw(due_date_rules())))
    percent = st.integers(1, 9_999).map(lambda n: Decimal(n).scaleb(-2))
    discount = draw(st.none() | st.builds(CashDiscount, percent, st.integers(0, 60)))
    return PaymentTerm("T", tuple(lines), discount)


@given(term=terms(), total=totals(), invoice_date=invoice_dates, calendar=calendars())
def test_installments_sum_to_total(
    term: PaymentTerm, total: Money, invoice_date: date, calendar: WorkingCalendar | None
) -> None:
    result = compute_installments(term, total, invoice_date, calendar)

    assert sum((i.amount for i in result), Money(Decimal(0), total.currency)) == total
    assert all(i.amount == i.amount.quantize() for i in result)
    assert all(i.amount.amount * total.amount >= 0 for i in result)


@given(term=terms(), total=totals(), invoice_date=invoice_dates, calendar=calendars())
def test_every_due_date_is_on_or_after_the_invoice_date(
    term: PaymentTerm, total: Money, invoice_date: date, calendar: WorkingCalendar | None
) -> None:
    result = compute_installments(term, total, invoice_date, calendar)

    assert all(i.due_date >= invoice_date for i in result)
    assert all(i.discount_date is None or i.discount_date >= invoice_date for i in result)


@given(term=terms(), total=totals(), invoice_date=invoice_dates)
def test_a_credit_note_schedule_mirrors_the_invoice_schedule(
    term: PaymentTerm, total: Money, invoice_date: date
) -> None:
    invoice = compute_installments(term, total, invoice_date)
    credit = compute_installments(term, -total, invoice_date)

    assert [(i.due_date, -i.amount, -i.discount) for i in invoice] == [
        (c.due_date, c.amount, c.discount) for c in credit
    ]


@given(term=terms(), total=totals(), invoice_date=invoice_dates)
def test_installment_discounts_sum_to_the_invoice_discount(
    term: PaymentTerm, total: Money, invoice_date: date
) -> None:
    assume(term.discount is not None)
    assert term.discount is not None
    result = compute_installments(term, total, invoice_date)

    whole = (total * (term.discount.percent / 100)).quantize()
    assert sum((i.discount for i in result), Money(Decimal(0), total.currency)) == whole
    assert all(abs(i.discount.amount) <= abs(i.amount.amount) for i in result)


@given(
    fixed=st.lists(st.integers(1, 10**6), min_size=1, max_size=3),
    total=totals(),
    invoice_date=invoice_dates,
)
def test_fixed_lines_are_refused_exactly_when_they_ask_for_more_than_the_total(
    fixed: list[int], total: Money, invoice_date: date
) -> None:
    quantum = Decimal(1).scaleb(-exponent(total.currency))
    lines = tuple(PaymentTermLine(LineKind.FIXED, n * quantum) for n in fixed)
    term = PaymentTerm("T", (*lines, PaymentTermLine(LineKind.BALANCE)))

    if sum(fixed) * quantum > abs(total.amount):
        with pytest.raises(InstallmentsExceedTotal):
            compute_installments(term, total, invoice_date)
    else:
        result = compute_installments(term, total, invoice_date)
        assert sum((i.amount for i in result), Money(Decimal(0), total.currency)) == total
