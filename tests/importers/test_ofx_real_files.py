"""OFX as banks really send it (issue 17): QBO, NUL padding, leaf end tags out of order."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from asiento.importers import ofx
from asiento.importers.base import ImportFileError
from asiento.importers.detect import detect_format

QBO = (
    Path(__file__).resolve().parents[1] / "data" / "qbo_web_connect_out_of_order.qbo"
).read_bytes()


def test_a_qbo_with_nul_padding_and_leaf_end_tags_out_of_order_imports() -> None:
    assert QBO.endswith(b"</OFX>\r\n\x00\x00") and b"</NAME></MEMO>" in QBO
    assert detect_format(QBO) == "ofx"
    (statement,) = ofx.parse(QBO)
    grocery, payroll = statement.lines
    assert (grocery.amount, grocery.counterparty_name, grocery.communication) == (
        Decimal("-42.10"),
        "GROCERY STORE",
        "Card purchase",
    )
    assert (payroll.amount, statement.closing_balance, statement.opening_balance) == (
        Decimal("1500.00"),
        Decimal("2457.90"),
        None,
    )


def test_a_missing_dtposted_says_missing_and_where() -> None:
    without = QBO.replace(b"<DTPOSTED>20260310", b"")
    with pytest.raises(ImportFileError) as caught:
        ofx.parse(without)
    assert caught.value.message.endswith("DTPOSTED: date missing")
    assert "STMTTRN[2] (FITID Q2)" in caught.value.message


def test_a_truncated_file_is_refused() -> None:
    with pytest.raises(ImportFileError, match="truncated"):
        ofx.parse(QBO[: QBO.index(b"<LEDGERBAL>")])
