"""The streamed CAMT.053 read: same lines and same errors as a whole-tree read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asiento.importers import camt053
from asiento.importers.base import ImportFileError

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04">
<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-31T10:00:00</CreDtTm></GrpHdr>
"""
STMT = """<Stmt><Id>{ref}</Id><CreDtTm>2026-03-31T10:00:00</CreDtTm>
<Acct><Id><IBAN>{iban}</IBAN></Id></Acct>
{entries}</Stmt>
"""
ENTRY = """<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-03-{day:02d}</Dt></BookgDt><AcctSvcrRef>R{n}</AcctSvcrRef></Ntry>
"""


def camt(*statements: tuple[str, str, list[str]]) -> bytes:
    body = "".join(
        STMT.format(
            ref=ref,
            iban=iban,
            entries="".join(
                ENTRY.format(amount=a, day=1 + n % 28, n=n) for n, a in enumerate(amounts)
            ),
        )
        for ref, iban, amounts in statements
    )
    return (HEAD + body + "</BkToCstmrStmt></Document>\n").encode()


def refusal(content: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        camt053.parse(content)
    return str(caught.value)


def test_every_entry_of_every_statement_is_read_in_order() -> None:
    amounts = [f"{n}.25" for n in range(1, 301)]
    first, second = camt053.parse(
        camt(("S1", "NL91ABNA0417164300", amounts), ("S2", "DE89370400440532013000", ["7.00"]))
    )
    assert [line.amount for line in first.lines] == [Decimal(a) for a in amounts]
    assert [line.transaction_id for line in first.lines[:3]] == ["R0", "R1", "R2"]
    assert first.currency == "EUR"  # from the first entry, which is kept for this fallback
    assert (second.reference, second.lines[0].amount) == ("S2", Decimal("7.00"))


def test_a_bad_entry_deep_in_the_file_is_named_with_its_full_path() -> None:
    amounts = ["1.00", "2.00", "3,00", "4.00"]
    text = refusal(camt(("S1", "NL91ABNA0417164300", amounts), ("S2", "NL91ABNA0417164300", [])))
    assert text.startswith("Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt: amount '3,00'")


def test_a_statement_error_comes_before_a_later_entry_error() -> None:
    bad_account = ("S1", "NL91-ABNA0417164301", ["1.00"])
    content = camt(bad_account, ("S2", "NL91ABNA0417164300", ["2.00", "x"]))
    assert "account IBAN 'NL91-ABNA0" in refusal(content)


def test_a_truncated_file_is_a_syntax_error_even_after_a_bad_entry() -> None:
    content = camt(("S1", "NL91ABNA0417164300", ["1.00", "bad", "3.00"]))
    text = refusal(content[: len(content) - 40])
    assert text.startswith("line ") and "not well-formed XML" in text


def test_paths_are_those_of_the_whole_file_although_read_entries_were_removed() -> None:
    many = [f"{n}.00" for n in range(1, 40)]
    content = camt(
        ("S1", "NL91ABNA0417164300", many),
        ("S2", "NL91ABNA0417164300", [*many, "9.999.0"]),
        ("S3", "NL91ABNA0417164300", ["1.00"]),
    )
    assert refusal(content).startswith("Document/BkToCstmrStmt/Stmt[2]/Ntry[40]/Amt: amount")
    single = camt(("S1", "NL91ABNA0417164300", ["1.00", "2.00", "3.00", "x"]))
    assert refusal(single).startswith("Document/BkToCstmrStmt/Stmt/Ntry[4]/Amt: amount")
    late = camt(*[("S", "NL91ABNA0417164300", many)] * 3, ("S4", "NL91-ABNA0417164301", many))
    assert refusal(late).startswith("Document/BkToCstmrStmt/Stmt[4]/Acct/Id/IBAN: ")


def test_the_stream_yields_lines_before_their_statement() -> None:
    content = camt(("S1", "NL91ABNA0417164300", ["1.00", "2.00"]), ("S2", "NL91ABNA0417164300", []))
    kinds = [(index, type(item).__name__) for index, item in camt053.stream(content)]
    assert kinds == [
        (0, "StatementLine"), (0, "StatementLine"), (0, "ParsedStatement"), (1, "ParsedStatement"),
    ]  # fmt: skip
