"""MT940 amounts by the SWIFT layout: exact or refused with the line (issue 17)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from asiento.importers import mt940
from asiento.importers.base import ImportFileError

DATA = Path(__file__).resolve().parents[1] / "data"
GOOD = (DATA / "mt940_amounts_good.sta").read_bytes()


def test_amounts_with_one_decimal_comma_are_read_exactly() -> None:
    (statement,) = mt940.parse(GOOD)
    assert [line.amount for line in statement.lines] == [Decimal("300.50"), Decimal("-0.50")]
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1300.00"),
    )


@pytest.mark.parametrize(
    ("good", "bad", "line", "why"),
    [
        (b"C300,50NMSC", b"C300.50NMSC", 5, "not a SWIFT amount"),  # was 300, ref ".50NMSC"
        (b"C300,50NMSC", b"C1.234,56NMSC", 5, "not a SWIFT amount"),  # was 1
        (b"C300,50NMSC", b"CNMSC", 5, "amount is missing"),  # was the reference digits
        (b"C300,50NMSC", b"C1.2.3NMSC", 5, "not a SWIFT amount"),
        (b"C300,50NMSC", b"C12e3,00NMSC", 5, "not a SWIFT amount"),
        (b"C300,50NMSC", b"C300,505NMSC", 5, "has 3 decimals; EUR has 2"),
        (b"C300,50NMSC", b"C300NMSC", 5, "not a SWIFT amount"),  # no decimal comma
        (b"C300,50NMSC", b"C300,50N.MSC", 5, "no transaction type"),
        (b"EUR1000,00", b"EUR1000.00", 4, "not a balance"),  # opening cut at the dot
        (b"EUR1300,00", b"EUR1.300,00", 9, "not a balance"),  # closing
        (b"EUR1300,00", b"EUR1300,00X", 9, "not a balance"),
        (b"EUR1300,00", b"EUR", 9, "not a balance"),
    ],
)
def test_a_malformed_amount_is_refused_with_its_line(
    good: bytes, bad: bytes, line: int, why: str
) -> None:
    assert good in GOOD
    mutant = GOOD.replace(good, bad, 1)
    with pytest.raises(ImportFileError) as caught:
        mt940.parse(mutant)
    assert caught.value.location == f"line {line}"
    assert why in caught.value.message


def test_a_zero_decimal_currency_refuses_decimals() -> None:
    yen = GOOD.replace(b"EUR", b"JPY").replace(b"D0,5N", b"D5,N")
    yen = (
        yen.replace(b"1000,00", b"1000,").replace(b"300,50", b"300,").replace(b"1300,00", b"1295,")
    )
    (statement,) = mt940.parse(yen)
    assert [line.amount for line in statement.lines] == [Decimal(300), Decimal(-5)]
    with pytest.raises(ImportFileError, match="has 2 decimals; JPY has 0"):
        mt940.parse(yen.replace(b"C300,N", b"C300,00N"))
