"""CAMT entries in another currency than the account's: booked amount, original kept (issue 17)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from asiento.importers import camt053
from asiento.importers.base import ImportFileError

FILE = (Path(__file__).resolve().parents[1] / "data" / "camt053_foreign_entry.xml").read_bytes()


def test_a_foreign_entry_is_booked_at_its_account_currency_amount() -> None:
    (statement,) = camt053.parse(FILE)
    first, second = statement.lines
    assert (first.amount, first.currency) == (Decimal("9.20"), "EUR")
    assert (first.original_amount, first.original_currency) == (Decimal("10.00"), "USD")
    assert (second.amount, second.original_amount, second.original_currency) == (
        Decimal("-4.60"),
        Decimal("-5.00"),
        "USD",
    )
    assert first.counterparty_name == "US Customer Inc"
    total = sum((line.amount for line in statement.lines), Decimal(0))
    assert statement.opening_balance is not None
    assert statement.opening_balance + total == statement.closing_balance


def test_a_foreign_entry_without_an_account_currency_amount_is_refused() -> None:
    without = FILE.replace(b'<AmtDtls><TxAmt><Amt Ccy="EUR">4.60</Amt></TxAmt></AmtDtls>', b"")
    assert without != FILE
    with pytest.raises(ImportFileError) as caught:
        camt053.parse(without)
    assert "entry amount is in USD, the account in EUR" in caught.value.message
    assert "Ntry[2]" in (caught.value.location or "")


def test_a_v08_balance_without_cdtdbtind_is_a_credit() -> None:
    without = FILE.replace(
        b'<Amt Ccy="EUR">104.60</Amt><CdtDbtInd>CRDT</CdtDbtInd>', b'<Amt Ccy="EUR">104.60</Amt>'
    )
    assert without != FILE
    (statement,) = camt053.parse(without)
    assert statement.closing_balance == Decimal("104.60")
