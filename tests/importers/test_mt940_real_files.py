"""MT940 as banks really send it (issue 17): SWIFT blocks, Ctrl-Z, DOS code pages, wraps."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from asiento.importers import mt940
from asiento.importers.base import ImportFileError
from asiento.importers.detect import detect_format, parse_file

DATA = Path(__file__).resolve().parents[1] / "data"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_swift_block_characters_headers_and_concatenated_exports_import() -> None:
    content = read("mt940_swift_blocks_concatenated.sta")
    assert content.startswith(b"\x01{1:") and b"\x03\x1a\x01{1:" in content
    assert detect_format(content) == "mt940"
    first, second = mt940.parse(content)
    assert (first.reference, second.reference) == ("P1/7/1", "P2/8/1")  # ':28C: 7/1'
    assert [line.amount for line in (*first.lines, *second.lines)] == [
        Decimal("-10.00"),
        Decimal("5.50"),
    ]


def test_text_after_ocmt_is_kept() -> None:
    _, second = mt940.parse(read("mt940_swift_blocks_concatenated.sta"))
    (line,) = second.lines
    assert (line.original_amount, line.original_currency) == (Decimal("6.00"), "USD")
    assert line.communication == "Refund for order 42"


def test_dos_code_page_cr_only_and_a_continued_28c_import() -> None:
    content = read("mt940_cp852_cr_only_28c_continued.sta")
    assert b"\n" not in content
    fmt, (statement,) = parse_file(content)
    assert fmt == "mt940"
    assert statement.reference == "940S260303/00000/01"
    assert statement.lines[0].communication == "Zażółć gęślą jaźń"


def test_the_user_can_choose_the_encoding() -> None:
    content = read("mt940_cp852_cr_only_28c_continued.sta")
    _, (statement,) = parse_file(content, "mt940", encoding="cp437")
    assert statement.lines[0].communication != "Zażółć gęślą jaźń"  # the user's choice wins
    with pytest.raises(ImportFileError, match="unknown encoding 'klingon'"):
        parse_file(content, "mt940", encoding="klingon")


def test_the_purpose_after_eref_without_svwz_is_the_communication() -> None:
    (statement,) = mt940.parse(read("mt940_eref_without_svwz.sta"))
    (line,) = statement.lines
    assert line.communication == "Rechnung 4711 Strom Maerz KUNDE 99"
    assert line.counterparty_name == "Stadtwerke Koeln"


def test_a_huge_86_is_refused_with_its_line_not_stored() -> None:
    content = read("mt940_eref_without_svwz.sta").replace(b"?22KUNDE 99", b"?22" + b"x" * 100_000)
    with pytest.raises(ImportFileError) as caught:
        mt940.parse(content)
    assert caught.value.location == "line 6"
    assert "field :86: is 100," in caught.value.message
