"""Rates from CSV: exact rows, every problem by row, all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from asiento.importers.rates_csv import RateRow, parse_rates_csv


def test_rows_with_a_header_in_either_separator() -> None:
    comma = b"\xef\xbb\xbfdate,currency,rate\n2026-01-02,usd,0.92\n\n2026-01-02,GBP,1.16\n"
    rows, problems = parse_rates_csv(comma)
    assert problems == []
    assert rows == [
        RateRow(2, dt.date(2026, 1, 2), "USD", Decimal("0.92")),
        RateRow(4, dt.date(2026, 1, 2), "GBP", Decimal("1.16")),
    ]
    semicolon, _ = parse_rates_csv(b"2026-01-02;JPY;0,0061\n")
    assert semicolon == [RateRow(1, dt.date(2026, 1, 2), "JPY", Decimal("0.0061"))]


def test_every_bad_row_is_named_and_nothing_is_returned() -> None:
    content = (
        b"date,currency,rate\n2026-01-02,USD,0.92\n02/01/2026,USD,1\n2026-01-03,QQQ,1\n"
        b"2026-01-04,USD,0\n2026-01-05,USD,1.0000000000001\n2026-01-02,USD,0.93\n2026-01-06,USD\n"
        b"2026-01-07,USD,NaN\n"
    )
    rows, problems = parse_rates_csv(content)
    assert rows == []
    assert [p.message for p in problems] == [
        "row 3: date '02/01/2026' is not YYYY-MM-DD",
        "row 4: currency 'QQQ' is not an ISO 4217 code",
        "row 5: rate '0' must be above 0 and below 10^15",
        "row 6: rate '1.0000000000001' has more than 12 decimal places",
        "row 7: USD 2026-01-02 is already on row 2",
        "row 8: expected 3 cells (date, currency, rate), found 2",
        "row 9: rate 'NaN' must be above 0 and below 10^15",
    ]
    assert problems[0].field == "rows[3]"


def test_an_empty_or_binary_file_is_refused() -> None:
    assert [p.message for p in parse_rates_csv(b"date,currency,rate\n")[1]] == [
        "the file has no rates (date,currency,rate)"
    ]
    assert parse_rates_csv(b"\xff\xfe")[1][0].message == "the file is not UTF-8 text (byte 1)"


def test_a_file_that_is_not_csv_is_refused_with_its_row() -> None:
    problems = parse_rates_csv(b"date,currency,rate\n" + b"a" * 200_000)[1]
    assert [p.message for p in problems] == [
        "row 2: not a CSV row (field larger than field limit (131072))"
    ]
