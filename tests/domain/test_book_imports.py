"""Cells of an import read exactly or refused; opening balance rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.book_imports import (
    CellError,
    header_problems,
    parse_amount,
    parse_bool,
    unquote,
)
from asiento.domain.opening_balances import (
    OpeningRow,
    balance_problems,
    counterpart,
    item_label,
    row_problems,
    split_label,
)

D = Decimal


@given(
    st.integers(min_value=0, max_value=10**15),
    st.sampled_from([("EUR", 2), ("JPY", 0), ("BHD", 3)]),
)
def test_an_amount_with_the_currency_s_decimals_reads_exactly(
    units: int, cur: tuple[str, int]
) -> None:
    code, places = cur
    text = str(D(units).scaleb(-places))
    assert parse_amount(text, code) == D(text)
    assert str(parse_amount(text, code)) == text


@given(st.integers(min_value=1, max_value=10**12).filter(lambda n: n % 10 != 0))
def test_an_amount_with_one_decimal_too_many_is_refused_never_rounded(units: int) -> None:
    text = str(D(units).scaleb(-3))
    with pytest.raises(CellError, match="more than 2 decimals for EUR"):
        parse_amount(text, "EUR")


@pytest.mark.parametrize("text", ["1,000.00", "1e3", "12.5 EUR", "--1", "NaN", "Infinity"])
def test_what_is_not_a_plain_number_is_refused(text: str) -> None:
    with pytest.raises(CellError, match="is not a number"):
        parse_amount(text, "EUR")


def test_yes_no_cells_and_the_formula_guard() -> None:
    assert [parse_bool(t, False) for t in ("true", "Yes", "1", "", "no", "FALSE")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    with pytest.raises(CellError):
        parse_bool("maybe", True)
    assert (unquote("'=SUM(A1)"), unquote("'-5"), unquote("'quoted")) == (
        "=SUM(A1)",
        "-5",
        "'quoted",
    )


def test_a_header_names_every_unknown_repeated_or_missing_column() -> None:
    problems = header_problems("chart", ["code", "nmae", "code"])
    assert [(p.column, p.message.split(" (")[0]) for p in problems] == [
        ("nmae", "unknown column"),
        ("code", "column given twice"),
        ("kind", "required column missing"),
        ("name", "required column missing"),
    ]


def row(
    n: int,
    debit: str = "",
    credit: str = "",
    partner: str = "",
    document: str = "",
    day: date = date(2026, 1, 1),
) -> OpeningRow:
    return OpeningRow(n, day, "1100", partner, document, None, None, D(debit or 0), D(credit or 0))


def test_account_balances_must_balance_and_share_the_date() -> None:
    rows = [row(2, debit="100.00"), row(3, credit="99.99", day=date(2026, 1, 2))]
    assert [(p.field, p.message) for p in balance_problems(rows)] == [
        ("row 3, date", "every row has the opening date 2026-01-01"),
        (
            "row 3",
            "the account balances do not balance: debit 100.00 != credit 99.99 (difference 0.01)",
        ),
    ]


def test_open_items_are_balanced_by_the_opening_account() -> None:
    rows = [
        row(2, debit="100.00"),
        row(3, credit="100.00"),
        row(4, debit="70.00", partner="C1", document="F1"),
        row(5, credit="20.00", partner="S1", document="B1"),
    ]
    assert balance_problems(rows) == []
    assert counterpart(rows) == D("-50.00")


def test_a_row_needs_one_amount_and_an_open_item_its_document() -> None:
    assert [p.message for p in row_problems(row(2), "receivable")] == ["the row has no amount"]
    both = row(2, debit="1", credit="1", partner="C1")
    assert [p.column for p in row_problems(both, "expense")] == ["credit", "document", "account"]


def test_an_item_label_reads_back() -> None:
    assert split_label(item_label("F-1 (x)", date(2025, 11, 15))) == ("F-1 (x)", date(2025, 11, 15))
    assert split_label(item_label("F-2", None)) == ("F-2", None)
