"""OFX 1 (SGML), OFX 2 (XML) and QFX: exact values from our files and real ones."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from asiento.importers import ofx
from asiento.importers.base import ImportFileError, ParsedStatement
from tests.conftest import SAMPLES

DATA = Path(__file__).resolve().parents[1] / "data"

HEADER_V1 = b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
HEADER_V1 += b"CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"


def sgml(transactions: bytes, *, header: bytes = HEADER_V1, tail: bytes = b"</OFX>") -> bytes:
    """A one-statement SGML file around ``transactions``."""
    return (
        header + b"<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>EUR"
        b"<BANKACCTFROM><BANKID>1<ACCTID>123<ACCTTYPE>CHECKING</BANKACCTFROM>"
        b"<BANKTRANLIST><DTSTART>20260101<DTEND>20260131" + transactions + b"</BANKTRANLIST>"
        b"<LEDGERBAL><BALAMT>100.00<DTASOF>20260131</LEDGERBAL>"
        b"</STMTRS></STMTTRNRS></BANKMSGSRSV1>" + tail
    )


def one_line(transactions: bytes, **kwargs: bytes) -> ParsedStatement:
    [statement] = ofx.parse(sgml(transactions, **kwargs))
    return statement


# ---- our files -------------------------------------------------------------------


def test_sgml_file_with_two_accounts_gives_two_statements_with_exact_values() -> None:
    checking, savings = ofx.parse((DATA / "ofx1_sgml_two_accounts.ofx").read_bytes())

    assert checking.account_iban == "FR7630006000011234567890189"
    assert checking.account_number is None
    assert checking.currency == "EUR"
    assert checking.date == date(2026, 2, 28)
    assert checking.opening_date == date(2026, 2, 1)
    assert checking.closing_balance == Decimal("3146.11")
    assert checking.opening_balance is None  # OFX states none; never derived from the lines
    credit, cheque, card = checking.lines
    assert credit.date == date(2026, 2, 3)
    assert credit.value_date == date(2026, 2, 4)  # DTAVAIL wins over DTUSER
    assert credit.amount == Decimal("1250.00")  # comma decimal point, OFX 3.2.9.1
    assert credit.counterparty_name == "Société Générale Café"  # CHARSET 1252
    assert credit.communication == "Facture F-2026-0042 (1 250 €)"
    assert (credit.transaction_id, credit.bank_code) == ("FR-0001", "CREDIT")
    assert cheque.amount == Decimal("-84.20")
    assert cheque.counterparty_name == "Boulangerie Dupré & Fils"  # PAYEE/NAME, &amp;
    assert cheque.reference == "000123"
    assert cheque.communication is None  # empty <MEMO>
    assert card.reference == "CB-778812"  # CHECKNUM 0 means no cheque: REFNUM
    assert card.value_date == date(2026, 2, 14)  # DTUSER when no DTAVAIL
    assert (card.original_amount, card.original_currency) == (Decimal("-230.03"), "SEK")

    assert savings.account_iban is None
    assert savings.account_number == "00012345678"
    assert [ln.transaction_id for ln in savings.lines] == ["SAV-0001", "SAV-0002"]
    assert savings.lines[0].communication == "Épargne mensuelle"  # no </STMTTRN>
    assert savings.lines[1].amount == Decimal("3.75")
    assert (savings.opening_balance, savings.closing_balance) == (None, Decimal("5003.75"))


def test_xml_credit_card_statement_keeps_bank_dates_and_converts_foreign_amounts() -> None:
    [card] = ofx.parse((DATA / "ofx2_xml_creditcard.ofx").read_bytes())

    assert (card.account_iban, card.account_number) == (None, "4111222233334444")
    assert card.currency == "AUD"
    assert (card.closing_balance, card.opening_balance) == (Decimal("-1234.56"), None)
    assert card.date == date(2026, 1, 31)
    groceries, amazon, payment = card.lines
    # 2026-01-05 00:00 at +10:00 is 2026-01-04 in UTC; the bank booked it on the 5th.
    assert groceries.date == date(2026, 1, 5)
    assert groceries.value_date == date(2026, 1, 3)
    assert groceries.counterparty_name == "Woolworths Bondi"  # CDATA, stripped
    assert groceries.communication == "Groceries & household"
    # <CURRENCY>: TRNAMT is in USD, CURRATE converts to the account's AUD.
    assert amazon.amount == Decimal("-152.34")
    assert (amazon.original_amount, amazon.original_currency) == (Decimal("-100.00"), "USD")
    assert payment.amount == Decimal("500.00")
    assert payment.communication is None


def test_amounts_are_exact_decimals() -> None:
    statement = one_line(b"<STMTTRN><DTPOSTED>20260102<TRNAMT>-0.10<FITID>1</STMTTRN>")
    assert statement.lines[0].amount == Decimal("-0.10")
    assert str(statement.lines[0].amount) == "-0.10"


def test_a_quickbooks_web_connect_file_is_read_as_ofx() -> None:
    """QBO is OFX 1 SGML with Intuit's INTU.BID / INTU.USERID in the sign-on: ignored."""
    [statement] = ofx.parse((DATA / "qbo_sgml_quickbooks_web_connect.qbo").read_bytes())
    assert (statement.account_iban, statement.account_number, statement.currency) == (
        None, "4455667788", "USD",
    )  # fmt: skip
    assert (statement.opening_date, statement.date) == (date(2026, 4, 1), date(2026, 4, 30))
    # closing 6255.49 stated; OFX states no opening, and none is derived from the lines
    assert (statement.opening_balance, statement.closing_balance) == (None, Decimal("6255.49"))
    rent, deposit, charge = statement.lines
    assert (rent.date, rent.amount, rent.reference, rent.bank_code) == (
        date(2026, 4, 3), Decimal("-1234.56"), "1042", "CHECK",
    )  # fmt: skip
    assert (rent.counterparty_name, rent.communication, rent.transaction_id) == (
        "Office Lease LLC", "April rent", "202604030001",
    )  # fmt: skip
    assert (deposit.amount, deposit.counterparty_name, deposit.communication) == (
        Decimal("2500.00"), "Smith and Offspring", "Payment INV/2026/00012",
    )  # fmt: skip
    # CHECKNUM 0000 means "no cheque": REFNUM is the reference
    assert (charge.amount, charge.reference, charge.bank_code) == (
        Decimal("-9.95"), "SC-0430", "SRVCHG",
    )  # fmt: skip


# ---- sloppy real-world shapes ------------------------------------------------------


def test_utf8_body_declared_as_1252_is_read_as_utf8() -> None:
    statement = one_line("<STMTTRN><DTPOSTED>20260102<TRNAMT>1<NAME>Müller</STMTTRN>".encode())
    assert statement.lines[0].counterparty_name == "Müller"


def test_bom_and_missing_header_are_tolerated() -> None:
    content = b"\xef\xbb\xbf" + sgml(
        b"<STMTTRN><DTPOSTED>20260102<TRNAMT>5<FITID>A</STMTTRN>", header=b""
    )
    assert ofx.detect(content)
    assert ofx.parse(content)[0].lines[0].amount == Decimal("5")


def test_unknown_charset_and_header_version_do_not_block_reading() -> None:
    header = b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:160\nCHARSET:UTF-8\n\n"
    statement = one_line(b"<STMTTRN><DTPOSTED>20260102<TRNAMT>5</STMTTRN>", header=header)
    assert statement.lines[0].amount == Decimal("5")


def test_lowercase_entities_in_xml_text_are_decoded() -> None:
    statement = one_line(
        b"<STMTTRN><DTPOSTED>20260102<TRNAMT>1<NAME>A &lt;B&gt; &quot;C&quot;</STMTTRN>"
    )
    assert statement.lines[0].counterparty_name == 'A <B> "C"'


def test_several_transaction_lists_in_one_statement_are_read_as_one() -> None:
    content = sgml(b"<STMTTRN><DTPOSTED>20260102<TRNAMT>1<FITID>A</STMTTRN></BANKTRANLIST>"
                   b"<BANKTRANLIST><STMTTRN><DTPOSTED>20260103<TRNAMT>2<FITID>B</STMTTRN>")  # fmt: skip
    assert [ln.transaction_id for ln in ofx.parse(content)[0].lines] == ["A", "B"]


def test_missing_aggregate_end_tags_lose_no_line_and_no_balance() -> None:
    content = HEADER_V1 + b"<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR"
    content += b"<BANKACCTFROM><BANKID>1<ACCTID>111"  # no </BANKACCTFROM>
    content += b"<BANKTRANLIST><STMTTRN><DTPOSTED>20260102<TRNAMT>4<FITID>A"  # no </STMTTRN>
    content += b"<STMTTRN><DTPOSTED>20260103<TRNAMT>6<FITID>B</BANKTRANLIST>"
    content += b"<LEDGERBAL><BALAMT>10<DTASOF>20260131"  # no </LEDGERBAL>, no </STMTRS>
    content += b"<STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>222</BANKACCTFROM><BANKTRANLIST>"
    content += b"<STMTTRN><DTPOSTED>20260104<TRNAMT>1<FITID>C</STMTTRN></BANKTRANLIST>"
    content += b"</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    first, second = ofx.parse(content)
    assert (first.account_number, first.currency) == ("111", "EUR")
    assert [ln.transaction_id for ln in first.lines] == ["A", "B"]
    assert (first.opening_balance, first.closing_balance) == (None, Decimal("10"))
    assert (second.account_number, second.currency) == ("222", "USD")
    assert [ln.transaction_id for ln in second.lines] == ["C"]  # not counted twice


# ---- refusals ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("transactions", "message"),
    [
        (b"<STMTTRN><DTPOSTED>20260102<TRNAMT>12x<FITID>F1</STMTTRN>", "STMTTRN[1] (FITID F1)/TRNAMT"),
        (b"<STMTTRN><DTPOSTED>20260102<FITID>F1</STMTTRN>", "amount missing"),
        (b"<STMTTRN><DTPOSTED>20261302<TRNAMT>1</STMTTRN>", "not a calendar date"),
        (b"<STMTTRN><DTPOSTED>2026-01-02<TRNAMT>1</STMTTRN>", "not an OFX date"),
        (b"<STMTTRN><TRNAMT>1</STMTTRN>", "DTPOSTED"),
        (b"<STMTTRN><DTPOSTED>20260102<TRNAMT>1<CURRENCY><CURRATE>0<CURSYM>USD</CURRENCY></STMTTRN>",
         "CURRATE must be positive"),
    ],
)  # fmt: skip
def test_a_transaction_without_valid_date_or_amount_refuses_the_file(
    transactions: bytes, message: str
) -> None:
    with pytest.raises(ImportFileError, match=re.escape(message)):
        ofx.parse(sgml(transactions))


def test_a_truncated_file_is_refused_not_read_short() -> None:
    content = sgml(b"<STMTTRN><DTPOSTED>20260102<TRNAMT>1</STMTTRN>", tail=b"")
    with pytest.raises(ImportFileError, match="truncated"):
        ofx.parse(content[: content.index(b"</BANKTRANLIST>")])


def test_an_end_tag_without_start_tag_is_refused() -> None:
    with pytest.raises(ImportFileError, match="no start tag"):
        ofx.parse(sgml(b"</STMTTRN>"))


def test_investment_only_file_is_refused_with_the_reason() -> None:
    content = HEADER_V1 + b"<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>USD"
    content += b"</INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>"
    with pytest.raises(ImportFileError, match="INVSTMTRS"):
        ofx.parse(content)


def test_a_bank_error_answer_is_reported() -> None:
    content = HEADER_V1 + b"<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>2000"
    content += b"<SEVERITY>ERROR<MESSAGE>Account locked</STATUS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    with pytest.raises(ImportFileError, match="error 2000: Account locked"):
        ofx.parse(content)


@pytest.mark.parametrize(
    "content", [b"", b"Date,Amount\n2026-01-01,1\n", b"<?xml version='1.0'?><x/>"]
)
def test_non_ofx_content_is_not_detected_and_refused(content: bytes) -> None:
    assert not ofx.detect(content)
    with pytest.raises(ImportFileError):
        ofx.parse(content)


# ---- the real files in shared/samples ----------------------------------------------

# file -> [(account number, currency, lines, closing, closing - lines)]
EXPECTED = {
    "ofx1_sgml_bank_medium.ofx": [("12300 000012345678", "CAD", 3, "382.34", "727.61")],
    "ofx1_sgml_beangulp_download.ofx": [("379700001111222", "USD", 12, "-2356.38", "-2003.56")],
    "ofx1_sgml_bofa_creditcard.ofx": [("379700001111222", "USD", 27, "-2093.01", "-1103.75")],
    "ofx1_sgml_checking.ofx": [("1452687~7", "USD", 3, "100.99", "160.49")],
    "ofx2_xml_v200_suncorp.ofx": [("123456789", "AUD", 1, "1234.12", "1250.97")],
    "ofx2_xml_v211_bank.ofx": [
        ("123456", "USD", 4, "2156.56", "2516.56"),
        ("123412341234", "USD", 0, "-562.00", "-562.00"),
    ],
}
REFUSED = {"qfx_sgml_quicken.qfx": "INVSTMTRS"}


@pytest.mark.samples
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_sample_gives_expected_statements(name: str) -> None:
    statements = ofx.parse((SAMPLES / name).read_bytes())
    got = [
        (s.account_number, s.currency, len(s.lines), str(s.closing_balance), str(_derived(s)))
        for s in statements
    ]
    assert got == EXPECTED[name]
    assert all(s.opening_balance is None for s in statements)


def _derived(s: ParsedStatement) -> Decimal | None:
    if s.closing_balance is None:
        return None
    return s.closing_balance - sum((ln.amount for ln in s.lines), Decimal(0))


@pytest.mark.samples
def test_real_sample_lines_carry_the_mapped_fields() -> None:
    [statement] = ofx.parse((SAMPLES / "ofx1_sgml_checking.ofx").read_bytes())
    fee = statement.lines[2]
    assert fee.date == date(2011, 4, 7)
    assert fee.amount == Decimal("-25.00")
    assert fee.reference == "319"
    assert fee.counterparty_name == "RETURNED CHECK FEE, CHECK # 319"
    assert fee.communication == "RETURNED CHECK FEE, CHECK # 319 FOR $45.33 ON 04/07/11"
    assert (fee.transaction_id, fee.bank_code) == ("0000488", "CHECK")


@pytest.mark.samples
def test_every_ofx_and_qfx_sample_is_read_or_refused_for_a_documented_reason() -> None:
    for path in sorted([*SAMPLES.glob("ofx*"), *SAMPLES.glob("qfx*")]):
        assert ofx.detect(path.read_bytes()), path.name
        if path.name in REFUSED:
            with pytest.raises(ImportFileError, match=REFUSED[path.name]):
                ofx.parse(path.read_bytes())
        else:
            assert ofx.parse(path.read_bytes()), path.name
