"""Payment terms as the accountant defines them: lines, validation, dict form, seeds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asiento.domain.cash_discount import CashDiscount, TaxTreatment
from asiento.domain.due_dates import DueDateRule
from asiento.domain.errors import InvalidInput, PaymentTermInvalid
from asiento.domain.payment_term_seeds import SEED_TERM_DICTS, seed_terms
from asiento.domain.payment_terms import LineKind, PaymentTerm, PaymentTermLine

BALANCE_EOM = {"kind": "balance", "due": {"months": 1, "end_of_month": True}}


def term(*lines: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": "T", "lines": list(lines), **extra}


def problem_of(data: dict[str, Any]) -> tuple[str, str, str]:
    with pytest.raises(PaymentTermInvalid) as caught:
        PaymentTerm.from_dict(data)
    first = caught.value.problems[0]
    return first.field, first.code, first.message


def test_thirty_percent_now_and_the_balance_later_is_a_valid_term() -> None:
    built = PaymentTerm.from_dict(term({"kind": "percent", "value": "30"}, BALANCE_EOM))

    assert built.lines == (
        PaymentTermLine(LineKind.PERCENT, Decimal(30)),
        PaymentTermLine(LineKind.BALANCE, due=DueDateRule(months=1, end_of_month=True)),
    )


def test_a_percent_over_100_names_its_line() -> None:
    data = term(
        {"kind": "percent", "value": "20"}, {"kind": "percent", "value": "120"}, {"kind": "balance"}
    )

    assert problem_of(data) == (
        "lines[1].value",
        "percent_over_100",
        "line 2: percent 120 is over 100 %",
    )


def test_percents_that_add_up_to_more_than_100_are_refused_at_the_line_that_overflows() -> None:
    data = term(
        {"kind": "percent", "value": "60"},
        {"kind": "percent", "value": "40.01"},
        {"kind": "balance"},
    )

    assert problem_of(data) == (
        "lines[1].value",
        "percent_total_over_100",
        "line 2: percents add up to 100.01 %, over 100 %",
    )


def test_percents_that_add_up_to_exactly_100_are_accepted() -> None:
    data = term(
        {"kind": "percent", "value": "60"}, {"kind": "percent", "value": "40"}, {"kind": "balance"}
    )

    assert len(PaymentTerm.from_dict(data).lines) == 3


def test_a_last_line_that_is_not_the_balance_is_refused() -> None:
    data = term({"kind": "percent", "value": "30"}, {"kind": "percent", "value": "70"})

    assert problem_of(data) == (
        "lines[1].kind",
        "last_line_not_balance",
        "line 2: the last line must be the balance, not percent",
    )


def test_a_balance_line_that_is_not_last_is_refused() -> None:
    data = term({"kind": "balance"}, {"kind": "balance", "due": {"days": 30}})

    assert problem_of(data) == (
        "lines[0].kind",
        "balance_not_last",
        "line 1: a balance line must be last",
    )


def test_an_empty_term_is_refused() -> None:
    assert problem_of(term()) == ("lines", "empty_term", "a payment term needs at least one line")


def test_a_term_without_a_name_is_refused() -> None:
    data = {"name": " ", "lines": [{"kind": "balance"}]}

    assert problem_of(data) == ("name", "name_missing", "a payment term needs a name")


@pytest.mark.parametrize(
    ("due", "field", "code", "message"),
    [
        (
            {"months": 1, "day_of_month": 32},
            "lines[1].due.day_of_month",
            "day_of_month_out_of_range",
            "line 2: day of month 32 is outside 1..31",
        ),
        ({"days": -10}, "lines[1].due.days", "negative_days", "line 2: days -10 is negative"),
        (
            {"payment_days": [0]},
            "lines[1].due.payment_days",
            "payment_days_out_of_range",
            "line 2: payment day 0 is outside 1..31",
        ),
        (
            {"months": 1, "day": 21},
            "lines[1].due.day",
            "unknown_key",
            "line 2: unknown key 'day' in a due date rule",
        ),
    ],
)
def test_a_bad_due_date_rule_names_its_line(
    due: dict[str, Any], field: str, code: str, message: str
) -> None:
    data = term({"kind": "percent", "value": "30"}, {"kind": "balance", "due": due})

    assert problem_of(data) == (field, code, message)


@pytest.mark.parametrize(
    ("line", "field", "code", "message"),
    [
        (
            {"kind": "percent", "value": "0"},
            "lines[0].value",
            "percent_not_positive",
            "line 1: percent 0 is not positive",
        ),
        (
            {"kind": "fixed", "value": "-5"},
            "lines[0].value",
            "fixed_not_positive",
            "line 1: fixed amount -5 is not positive",
        ),
        (
            {"kind": "percent"},
            "lines[0].value",
            "not_a_decimal",
            "line 1: percent None is not a Decimal",
        ),
        (
            {"kind": "percent", "value": 2.5},
            "lines[0].value",
            "not_a_decimal",
            "line 1: percent 2.5 is a float; give a string",
        ),
        (
            {"kind": "percent", "value": "abc"},
            "lines[0].value",
            "not_a_decimal",
            "line 1: percent 'abc' is not a number",
        ),
        (
            {"kind": "share", "value": "5"},
            "lines[0].kind",
            "unknown_kind",
            "line 1: kind 'share' is not one of percent, fixed, balance",
        ),
        (
            {"kind": "percent", "amount": "5"},
            "lines[0].amount",
            "unknown_key",
            "line 1: unknown key 'amount' in a payment term line",
        ),
    ],
)
def test_a_bad_line_is_refused_with_a_precise_problem(
    line: dict[str, Any], field: str, code: str, message: str
) -> None:
    assert problem_of(term(line, {"kind": "balance"})) == (field, code, message)


def test_a_balance_line_with_a_value_is_refused() -> None:
    data = term({"kind": "balance", "value": "10"})

    assert problem_of(data) == (
        "lines[0].value",
        "balance_with_value",
        "line 1: a balance line takes no value",
    )


@pytest.mark.parametrize("percent", ["0", "100", "-2", "150"])
def test_a_discount_percent_outside_0_and_100_is_refused(percent: str) -> None:
    data = term(BALANCE_EOM, discount={"percent": percent, "days": 10})

    assert problem_of(data) == (
        "discount.percent",
        "discount_percent_out_of_range",
        f"discount percent {percent} is outside (0, 100)",
    )


def test_every_problem_of_a_term_is_reported_in_one_error() -> None:
    data = term(
        {"kind": "percent", "value": "120"},
        {"kind": "balance", "due": {"day_of_month": 32}},
        discount={"percent": "100", "days": -1},
    )

    with pytest.raises(PaymentTermInvalid) as caught:
        PaymentTerm.from_dict(data)

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("lines[0].value", "percent_over_100"),
        ("lines[1].due.day_of_month", "day_of_month_out_of_range"),
        ("discount.percent", "discount_percent_out_of_range"),
        ("discount.days", "negative_days"),
    ]
    assert caught.value.message == "line 1: percent 120 is over 100 % (and 3 more)"
    assert caught.value.code == "payment_term_invalid"
    assert isinstance(caught.value, InvalidInput)


def test_a_term_built_in_python_is_validated_too() -> None:
    lines = (PaymentTermLine(LineKind.BALANCE), PaymentTermLine(LineKind.PERCENT, Decimal(50)))

    with pytest.raises(PaymentTermInvalid) as caught:
        PaymentTerm("T", lines)

    assert [p.code for p in caught.value.problems] == ["balance_not_last", "last_line_not_balance"]


def test_a_line_built_in_python_with_a_percent_over_100_is_refused() -> None:
    with pytest.raises(PaymentTermInvalid) as caught:
        PaymentTermLine(LineKind.PERCENT, Decimal(120))

    assert caught.value.message == "percent 120 is over 100 %"


def test_a_term_round_trips_through_its_dict_form() -> None:
    data = term(
        {"kind": "fixed", "value": "100.50", "due": {}},
        {"kind": "percent", "value": "12.5", "due": {"days": 30, "payment_days": [10, 25]}},
        {"kind": "balance", "due": {"end_of_month": True, "days": 10}},
        discount={"percent": "1.5", "days": 8, "tax_treatment": "never_reduce_tax"},
    )
    built = PaymentTerm.from_dict(data)

    assert built.to_dict() == data
    assert PaymentTerm.from_dict(built.to_dict()) == built
    assert built.discount == CashDiscount(Decimal("1.5"), 8, TaxTreatment.NEVER_REDUCE_TAX)


def test_the_five_seed_terms_are_valid_and_keep_their_dict_form() -> None:
    terms = seed_terms()

    assert [t.name for t in terms] == [
        "Immediate",
        "15 Days",
        "21st of the following month",
        "2% 10, Net 30 EOM",
        "30% now, balance end of following month",
    ]
    assert [t.to_dict() for t in terms] == list(SEED_TERM_DICTS)


def test_terms_are_values_that_compare_and_hash() -> None:
    assert hash(seed_terms()[4]) == hash(seed_terms()[4])
    assert seed_terms()[4] == PaymentTerm.from_dict(SEED_TERM_DICTS[4])


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-40, 200)
    | st.floats(allow_nan=True)
    | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
known_keys = st.sampled_from(
    [
        "name",
        "lines",
        "kind",
        "value",
        "due",
        "days",
        "months",
        "end_of_month",
        "day_of_month",
        "payment_days",
        "discount",
        "percent",
        "tax_treatment",
        "balance",
        "percent",
    ]
)
dict_like = st.recursive(
    st.none()
    | st.integers(-40, 200)
    | st.text(max_size=6)
    | st.sampled_from(["balance", "percent", "30"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(known_keys, inner, max_size=4),
    max_leaves=16,
)


# recursive JSON generation is slow on a loaded machine: time is not what this test checks
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(known_keys, json_values | dict_like, max_size=4))
def test_any_json_input_builds_a_term_or_raises_payment_term_invalid(data: dict[str, Any]) -> None:
    try:
        built = PaymentTerm.from_dict(data)
    except PaymentTermInvalid as exc:
        assert exc.problems
    else:
        assert PaymentTerm.from_dict(built.to_dict()) == built
