"""CAMT.053 importer: own standard-shaped files, real bank samples, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from asiento.importers import camt053, mt940
from asiento.importers.base import ImportFileError, ParsedStatement, StatementLine
from tests.conftest import SAMPLES

DATA = Path(__file__).resolve().parents[1] / "data"

D = Decimal
MARCH_31 = dt.date(2026, 3, 31)


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def balances_add_up(statement: ParsedStatement) -> bool:
    assert statement.opening_balance is not None and statement.closing_balance is not None
    total = sum((line.amount for line in statement.lines), D(0))
    return statement.opening_balance + total == statement.closing_balance


# ---- own file: v02, batch, reversals ------------------------------------------------


@pytest.fixture(scope="module")
def v02() -> ParsedStatement:
    statements = camt053.parse(read("camt053_v02_batch_reversal.xml"))
    assert len(statements) == 1
    return statements[0]


def test_v02_statement_header_and_balances(v02: ParsedStatement) -> None:
    assert v02.account_iban == "DE89370400440532013000"
    assert v02.account_number is None
    assert v02.currency == "EUR"
    assert v02.reference == "STMT-2026-03-31-001"
    assert v02.opening_balance == D("10000.00")
    assert v02.opening_date == dt.date(2026, 3, 30)
    assert v02.closing_balance == D("9950.10")
    assert v02.date == MARCH_31
    assert balances_add_up(v02)


def test_v02_pending_entry_is_not_imported_and_the_batch_is_split(v02: ParsedStatement) -> None:
    assert [line.amount for line in v02.lines] == [
        D("-1000.00"), D("-500.00"), D("-250.00"), D("-89.90"),
        D("300.00"), D("1000.00"), D("250.00"), D("120.00"), D("120.00"),
    ]  # fmt: skip


def test_a_batch_with_amounts_gives_one_line_per_transaction(v02: ParsedStatement) -> None:
    first, second, third = v02.lines[:3]
    assert first == StatementLine(
        date=MARCH_31,
        amount=D("-1000.00"),
        value_date=MARCH_31,
        counterparty_name="Immobilien Schmidt GmbH & Co. KG",
        counterparty_iban="DE44500105175407324931",
        communication="Miete Maerz 2026 Objekt Hauptstrasse 1",
        transaction_id="BATCH-0331-01/1",
        currency="EUR",
        bank_code="PMNT/ICDT/ESCT",
    )
    assert second.reference == "RF18539007547034"
    assert second.counterparty_iban == "AT611904300234573201"
    assert second.transaction_id == "BATCH-0331-01/2"
    assert third.transaction_id == "BATCH-0331-01/3"


def test_an_invalid_counterparty_iban_goes_to_the_communication(v02: ParsedStatement) -> None:
    third = v02.lines[2]
    assert third.counterparty_iban is None
    assert third.communication == "Rechnung 2026-0117 [account DE00123456780000000000]"


def test_a_returned_direct_debit_is_money_out_with_the_original_debtor(
    v02: ParsedStatement,
) -> None:
    line = v02.lines[3]
    assert line.amount == D("-89.90")
    assert line.reversal is True
    assert line.counterparty_name == "Jan Janssen"
    assert line.counterparty_iban == "NL91ABNA0417164300"
    assert line.date == MARCH_31  # BookgDt/DtTm, local calendar day
    assert line.value_date == dt.date(2026, 3, 30)
    assert line.transaction_id == "RTN-7781"


def test_a_returned_transfer_is_money_in_with_the_original_creditor(
    v02: ParsedStatement,
) -> None:
    line = v02.lines[6]
    assert line.amount == D("250.00")
    assert line.reversal is True
    assert line.counterparty_name == "Ancien Fournisseur SARL"
    assert line.counterparty_iban == "FR1420041010050500013M02606"


def test_a_batch_without_amounts_stays_one_line(v02: ParsedStatement) -> None:
    line = v02.lines[4]
    assert line.amount == D("300.00")
    assert line.counterparty_name is None  # two different payers
    assert line.transaction_id == "COLL-0331"
    assert line.communication == (
        "SAMMLER GUTSCHRIFT INV-2026-0100; INV-2026-0101 "
        "[batch of 2 transactions: Kunde Eins GmbH; Kunde Zwei AG]"
    )


def test_a_foreign_currency_credit_keeps_its_instructed_amount(v02: ParsedStatement) -> None:
    line = v02.lines[5]
    assert (line.amount, line.currency) == (D("1000.00"), "EUR")
    assert (line.original_amount, line.original_currency) == (D("1085.50"), "USD")
    assert line.reference == "RF86INV20260099"
    assert line.transaction_id == "FX-55120"  # TxDtls AcctSvcrRef, no entry reference
    assert line.counterparty_name == "ACME Corp Ltd"
    assert line.communication == "PO 7781 [on behalf of ACME Holdings Inc]"
    assert line.value_date == dt.date(2026, 4, 1)


def test_a_repeated_end_to_end_id_is_made_unique(v02: ParsedStatement) -> None:
    assert [line.transaction_id for line in v02.lines[7:]] == ["INV-2026-1001", "INV-2026-1001#2"]


# ---- own file: v08, two accounts ----------------------------------------------------


@pytest.fixture(scope="module")
def v08() -> list[ParsedStatement]:
    return camt053.parse(read("camt053_v08_multi_account.xml"))


def test_v08_file_gives_one_statement_per_account(v08: list[ParsedStatement]) -> None:
    chf, usd = v08
    assert (chf.account_iban, chf.account_number, chf.currency) == (
        "CH9300762011623852957",
        None,
        "CHF",
    )
    assert (usd.account_iban, usd.account_number, usd.currency) == (None, "0012-3456789-01", "USD")
    assert (chf.opening_balance, chf.closing_balance) == (D("500.00"), D("-200.00"))  # PRCD, DBIT
    assert (usd.opening_balance, usd.closing_balance) == (D("1000.00"), D("3460.00"))
    assert usd.date == MARCH_31 and chf.opening_date == dt.date(2026, 3, 30)
    assert all(balances_add_up(statement) for statement in v08)


def test_v08_names_under_pty_and_structured_references(v08: list[ParsedStatement]) -> None:
    first, second, third = v08[0].lines
    assert (first.amount, first.counterparty_name, first.reference, first.transaction_id) == (
        D("-600.00"),
        "Druckerei Huber AG",
        "210000000003139471430009017",
        "CH-0001/1",
    )
    assert (second.counterparty_iban, second.reference) == ("LI21088100002324013AA", "RE-2026-044")
    assert first.date == MARCH_31  # 23:30 at +01:00 stays on the 31st
    assert third.communication == "Mitgliederbeitrag 2026 [on behalf of Verein Seeblick]"
    assert third.counterparty_name == "Treuhand Keller"


def test_v08_batch_with_own_directions_splits_credit_and_fee(v08: list[ParsedStatement]) -> None:
    wire, fee, software = v08[1].lines
    assert (wire.amount, wire.counterparty_name, wire.transaction_id) == (
        D("3000.00"),
        "Globex Inc",
        "US-9001/1",
    )
    assert (fee.amount, fee.counterparty_name, fee.communication) == (
        D("-500.00"),
        "Correspondent Bank Fees",
        "Incoming wire charges",
    )
    assert (software.amount, software.original_amount, software.original_currency) == (
        D("-40.00"),
        D("-36.80"),
        "EUR",
    )
    assert software.transaction_id == "TX-889"
    assert software.value_date is None


# ---- own file: v04, foreign-currency entries -----------------------------------------


@pytest.fixture(scope="module")
def v04() -> ParsedStatement:
    (statement,) = camt053.parse(read("camt053_v04_foreign_currency.xml"))
    return statement


def test_v04_header_balances_and_the_pending_entry_left_out(v04: ParsedStatement) -> None:
    assert (v04.account_iban, v04.account_number, v04.currency) == (
        "FR1420041010050500013M02606",
        None,
        "EUR",
    )
    assert (v04.reference, v04.date, v04.opening_date) == (
        "STMT-2026-04-30-004",
        dt.date(2026, 4, 30),
        dt.date(2026, 4, 29),
    )
    assert (v04.opening_balance, v04.closing_balance) == (D("2000.00"), D("3528.38"))
    assert [line.amount for line in v04.lines] == [
        D("1085.50"), D("-45.12"), D("-12.00"), D("500.00"),
    ]  # fmt: skip
    assert balances_add_up(v04)


def test_v04_foreign_amounts_keep_the_instructed_currency_and_the_line_sign(
    v04: ParsedStatement,
) -> None:
    usd, gbp, fee, sepa = v04.lines
    assert (usd.amount, usd.currency, usd.original_amount, usd.original_currency) == (
        D("1085.50"), "EUR", D("1180.00"), "USD",
    )  # fmt: skip
    assert (gbp.amount, gbp.original_amount, gbp.original_currency) == (
        D("-45.12"), D("-38.40"), "GBP",
    )  # fmt: skip
    assert (fee.original_amount, sepa.original_amount) == (None, None)


def test_v04_line_values(v04: ParsedStatement) -> None:
    usd, gbp, fee, sepa = v04.lines
    assert (usd.counterparty_name, usd.counterparty_iban, usd.transaction_id, usd.bank_code) == (
        "Acme Tools Inc.", None, "FX-0001", "PMNT/RCDT/XBCT",
    )  # fmt: skip
    # a US account number is not an IBAN: kept in the communication, not as the counterparty's
    assert usd.communication == "Invoice INV/2026/0117 [account 021000021-4455667788]"
    assert (gbp.value_date, gbp.counterparty_iban) == (
        dt.date(2026, 4, 28), "GB29NWBK60161331926819",
    )  # fmt: skip
    assert (fee.communication, fee.counterparty_name, fee.value_date) == (
        "Frais de tenue de compte avril 2026", None, None,
    )  # fmt: skip
    assert (sepa.reference, sepa.counterparty_iban, sepa.transaction_id) == (
        "RF18539007547034", "NL91ABNA0417164300", "SEPA-0500",
    )  # fmt: skip


# ---- refusals and malformed files ---------------------------------------------------

MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04">
<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-31T10:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><CreDtTm>2026-03-31T10:00:00</CreDtTm>
<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">10.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-30</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">2.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-03-31</Dt></BookgDt><ValDt><Dt>2026-03-31</Dt></ValDt></Ntry>
</Stmt></BkToCstmrStmt></Document>
"""


def minimal(old: str = "", new: str = "") -> bytes:
    assert old in MINIMAL
    return MINIMAL.replace(old, new, 1).encode()


def refusal(content: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        camt053.parse(content)
    return str(caught.value)


def test_the_minimal_file_parses() -> None:
    (statement,) = camt053.parse(minimal())
    assert statement.lines[0].amount == D("-2.50")
    assert statement.closing_balance is None and statement.date == MARCH_31


def test_an_account_iban_failing_its_checks_is_kept_as_a_plain_account_number() -> None:
    (statement,) = camt053.parse(minimal("NL91ABNA0417164300", "NL91ABNA0417164301"))
    assert (statement.account_iban, statement.account_number) == (None, "NL91ABNA0417164301")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('<Amt Ccy="EUR">2.50', '<Amt Ccy="EUR">2,50', "Stmt/Ntry/Amt: amount '2,50' is not"),
        ('<Amt Ccy="EUR">2.50', '<Amt Ccy="EUR">-2.50', "amount '-2.50' is not a decimal"),
        ('<Amt Ccy="EUR">2.50', '<Amt Ccy="EUR">NaN', "amount 'NaN' is not a decimal"),
        ('<Amt Ccy="EUR">2.50', '<Amt Ccy="XYZ">2.50', "Ntry/Amt: unknown currency 'XYZ'"),
        ('<Amt Ccy="EUR">2.50', "<Amt>2.50", "Ntry/Amt: missing currency"),
        ("<CdtDbtInd>DBIT</CdtDbtInd>", "", "Ntry/CdtDbtInd: missing mandatory element"),
        ("<CdtDbtInd>DBIT", "<CdtDbtInd>DEBIT", "CdtDbtInd must be CRDT or DBIT"),
        ("<Dt>2026-03-31</Dt></BookgDt>", "<Dt>2026-02-30</Dt></BookgDt>", "'2026-02-30' is not"),
        ("<Sts>BOOK</Sts>", "<RvslInd>yes</RvslInd>", "Ntry/RvslInd: 'yes' is not a boolean"),
        ("<Dt>2026-03-31</Dt></BookgDt>", "</BookgDt>", "BookgDt: expected a Dt or DtTm"),
        ("<IBAN>NL91ABNA0417164300", "<IBAN>NL91-ABNA0417164301", "account IBAN 'NL91-ABNA0"),
        ("<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id>", "<Acct>", "Acct/Id: missing account"),
        ("<Ccy>EUR</Ccy></Acct>", "<Ccy>CHF</Ccy></Acct>", "balance currency EUR differs"),
        ("<Dt><Dt>2026-03-30</Dt></Dt></Bal>", "</Bal>", None),  # a balance date is optional
    ],
)
def test_a_bad_value_names_its_element(old: str, new: str, message: str | None) -> None:
    if message is None:
        camt053.parse(minimal(old, new))
    else:
        assert message in refusal(minimal(old, new))


def test_a_zero_debit_is_zero_not_minus_zero() -> None:
    content = minimal('<Amt Ccy="EUR">2.50', '<Amt Ccy="EUR">0.00')
    assert str(camt053.parse(content)[0].lines[0].amount) == "0.00"


def test_an_entry_without_any_date_is_refused() -> None:
    content = minimal("<BookgDt><Dt>2026-03-31</Dt></BookgDt><ValDt><Dt>2026-03-31</Dt></ValDt>")
    assert "Ntry: entry has neither BookgDt nor ValDt" in refusal(content)


def test_a_truncated_file_names_the_line() -> None:
    text = refusal(minimal()[:400])
    assert text.startswith("line ") and "not well-formed XML" in text


def test_a_wrong_encoding_is_refused() -> None:
    content = minimal("<Id>S1</Id>", "<Id>Bäckerei</Id>").replace("ä".encode(), b"\xe4")
    assert "not well-formed XML" in refusal(content)


def test_a_doctype_is_refused_and_entities_never_expand() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><Document>&a;</Document>'
    assert "DOCTYPE is not allowed" in refusal(bomb)
    external = b'<!DOCTYPE d SYSTEM "http://example.invalid/x.dtd"><Document/>'
    message = refusal(external)  # libxml2 itself refuses the fetch (no_network)
    assert "DOCTYPE is not allowed" in message or "network entity" in message


def test_other_camt_messages_are_refused_by_name() -> None:
    report = MINIMAL.replace("camt.053.001.04", "camt.052.001.04").replace(
        "BkToCstmrStmt", "BkToCstmrAcctRpt"
    )
    assert "this is a CAMT.052 account report" in refusal(report.encode())
    assert "missing mandatory element BkToCstmrStmt" in refusal(b"<Document><Other/></Document>")


def test_a_file_without_statements_is_refused() -> None:
    assert "no Stmt element" in refusal(b"<Document><BkToCstmrStmt/></Document>")


@pytest.mark.parametrize("content", [b"", b"   ", b"\x00\x01\x02", "ü".encode("latin-1")])
def test_garbage_is_refused(content: bytes) -> None:
    refusal(content)


# ---- detect ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["camt053_v02_batch_reversal.xml", "camt053_v08_multi_account.xml"]
)
def test_own_files_are_detected(name: str) -> None:
    assert camt053.detect(read(name))
    assert not mt940.detect(read(name))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<Document><BkToCstmrStmt/></Document>", True),  # no namespace
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.10">', True),  # cut
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"/>', False),
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>', False),
        (b"<OFX><BANKMSGSRSV1/></OFX>", False),
        (b":20:REF\n:25:NL91ABNA0417164300\n:60F:C260330EUR1,00\n", False),
        (b"", False),
        (b"\xff\xfe\x00garbage", False),
    ],
)
def test_detect_reads_the_root_only(content: bytes, expected: bool) -> None:
    assert camt053.detect(content) is expected


# ---- the shared real-world samples --------------------------------------------------

# name -> (statements, lines, balances add up) or the reason it is refused.
SAMPLE_OUTCOMES: dict[str, tuple[int, int, bool | None] | str] = {
    "camt053_v02_tryton.xml": (1, 1, True),
    "camt053_v08_ch_single_entry.xml": (1, 1, True),
    # The fixture's balances are arbitrary values, one per balance type.
    "camt053_v02_all_balance_types.xml": (1, 1, False),
    # Redacted or made-up account IBANs: kept as plain account numbers.
    "camt053_v02_eur_4_entries.xml": (1, 4, True),
    "camt053_v02_sftp_sample.xml": (1, 1, None),  # no closing balance stated
    "camt053_v04_ch_16_entries_no_txdtls.xml": (1, 16, True),
    # Closing balance in SEK on an EUR statement (a parser unit-test fixture).
    "camt053_v04_generic.xml": "Bal[2]/Amt: balance currency SEK differs",
    "camt053_v08_generic.xml": "Bal[2]/Amt: balance currency SEK differs",
}


def sample_names(prefix: str) -> list[str]:
    if not SAMPLES.is_dir():
        return []
    return sorted(
        path.name for path in SAMPLES.iterdir() if path.is_file() and path.name.startswith(prefix)
    )


@pytest.mark.samples
@pytest.mark.parametrize("name", sample_names("camt053_"))
def test_every_camt_sample_is_detected_and_read_or_refused_cleanly(name: str) -> None:
    content = (SAMPLES / name).read_bytes()
    assert camt053.detect(content)
    assert not mt940.detect(content)
    try:
        statements = camt053.parse(content)
    except ImportFileError as exc:
        assert isinstance(SAMPLE_OUTCOMES.get(name), str), f"unexpected refusal: {exc}"
        assert str(SAMPLE_OUTCOMES[name]) in str(exc)
        return
    expected = SAMPLE_OUTCOMES.get(name)
    if isinstance(expected, tuple):
        count, lines, adds_up = expected
        assert (len(statements), sum(len(s.lines) for s in statements)) == (count, lines)
        if adds_up is not None:
            assert all(balances_add_up(s) is adds_up for s in statements)


@pytest.mark.samples
@pytest.mark.parametrize(
    "name", [n for n in sample_names("") if not n.startswith("camt053_") and "." in n]
)
def test_no_other_sample_is_taken_for_camt(name: str) -> None:
    assert not camt053.detect((SAMPLES / name).read_bytes())


@pytest.mark.samples
def test_tryton_sample_line_values() -> None:
    (statement,) = camt053.parse((SAMPLES / "camt053_v02_tryton.xml").read_bytes())
    assert statement.account_iban == "BE55442968847144"
    assert statement.lines == (
        StatementLine(
            date=dt.date(2009, 4, 29),
            amount=D("-100.00"),
            value_date=dt.date(2009, 4, 25),
            counterparty_name="Supplier",
            counterparty_iban="DE79370400440123619900",
            communication="INV 2150135",
            transaction_id="Bank Reference",
            currency="EUR",
            bank_code="PMNT/ICDT/ESCT",
        ),
    )


@pytest.mark.samples
def test_swiss_v08_sample_line_values() -> None:
    (statement,) = camt053.parse((SAMPLES / "camt053_v08_ch_single_entry.xml").read_bytes())
    assert (statement.account_iban, statement.account_number) == (None, "0035-2915203-10-000")
    (line,) = statement.lines
    assert (line.amount, line.counterparty_name, line.communication, line.transaction_id) == (
        D("1284.30"),
        "PAYEE",
        "PAYMENT INFO",
        "8082230156M02SJ62/1010",
    )
