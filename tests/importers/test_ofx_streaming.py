"""The streamed OFX read: same statements, same errors, however the file is cut (issue 17)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asiento.importers import _ofx_markup, ofx
from asiento.importers.base import ImportFileError, ParsedStatement, StatementLine
from tests.importers.test_ofx import sgml

TRN = b"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>202601%02d<TRNAMT>%d.00<FITID>F%d<NAME>Ann</STMTTRN>"


def lines(count: int) -> bytes:
    return b"".join(TRN % (1 + n % 28, n, n) for n in range(count))


def refusal(content: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        ofx.parse(content)
    return str(caught.value)


@pytest.fixture(params=[1, 3, 64, 1 << 20])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(_ofx_markup, "CHUNK", request.param)
    return int(request.param)


def test_lines_come_one_by_one_before_their_statement(chunk: int) -> None:
    items = list(ofx.stream(sgml(lines(3))))
    assert [type(item).__name__ for _, item in items] == [
        "StatementLine", "StatementLine", "StatementLine", "ParsedStatement",
    ]  # fmt: skip
    amounts = [item.amount for _, item in items if isinstance(item, StatementLine)]
    assert amounts == [Decimal("0.00"), Decimal("1.00"), Decimal("2.00")]
    statement = items[-1][1]
    assert isinstance(statement, ParsedStatement)
    assert (statement.currency, statement.closing_balance) == ("EUR", Decimal("100.00"))


def test_cdata_nul_padding_and_accents_read_the_same_in_pieces(chunk: int) -> None:
    trn = "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260102<TRNAMT>-1.50<FITID>C1"
    trn += "<NAME><![CDATA[Caf\u00e9 <Z> & co]]></NAME><MEMO>na\u00efve</STMTTRN>"
    content = sgml(trn.encode()) + b"\x00" * 50
    [statement] = ofx.parse(content)
    [line] = statement.lines
    assert (line.counterparty_name, line.communication) == ("Caf\u00e9 <Z> & co", "na\u00efve")
    latin = sgml(trn.replace("<![CDATA[", "").replace("]]>", "").encode("cp1252"))
    assert ofx.parse(latin)[0].lines[0].communication == "na\u00efve"


def test_the_first_error_is_that_of_a_whole_read(chunk: int) -> None:
    bad_date = b"<STMTTRN><TRNTYPE>CREDIT<TRNAMT>7.00<FITID>F7<NAME>Ann</STMTTRN>"
    text = refusal(sgml(lines(40) + bad_date + b"<STMTTRN><TRNAMT>x</STMTTRN>"))
    assert text == "STMTRS[1]/STMTTRN[41] (FITID F7)/DTPOSTED: date missing"
    truncated = sgml(lines(5) + bad_date)[:-40]  # a syntax error wins over a bad line
    assert refusal(truncated).startswith("body: unreadable OFX markup: file ends inside")


def test_a_markup_error_names_its_place_in_the_whole_body(chunk: int) -> None:
    content = sgml(lines(30) + b"</NOPE>")
    expected = content.index(b"</NOPE>") - content.index(b"<OFX>")
    assert refusal(content).startswith(
        f"body: unreadable OFX markup: end tag </NOPE> has no start tag - position=[{expected}:"
    )
