"""MT940 importer: own SWIFT-shaped files, real bank samples, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from asiento.importers import camt053, mt940
from asiento.importers._mt940_text import KNOWN_TAGS
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


# ---- own file: German ?NN structure, two messages -------------------------------------


@pytest.fixture(scope="module")
def german() -> list[ParsedStatement]:
    return mt940.parse(read("mt940_structured_86.sta"))


def test_german_file_has_two_statements_with_their_balances(german: list[ParsedStatement]) -> None:
    first, second = german
    assert (first.account_iban, first.account_number) == ("DE89370400440532013000", None)
    assert (second.account_iban, second.account_number) == (None, "50010517/0648489890")
    assert (first.reference, second.reference) == ("STARTUMS/00031/001", "STARTUMS/00007/002")
    assert (first.opening_balance, first.opening_date) == (D("10000.00"), dt.date(2026, 3, 30))
    assert (first.closing_balance, first.date) == (D("9077.40"), MARCH_31)
    assert (second.opening_balance, second.closing_balance) == (D("500.00"), D("650.00"))  # 60M/62M
    assert [len(s.lines) for s in german] == [5, 2]
    assert all(s.currency == "EUR" and balances_add_up(s) for s in german)


def test_question_mark_31_is_the_counterparty_iban_not_part_of_the_name(
    german: list[ParsedStatement],
) -> None:
    assert german[0].lines[0] == StatementLine(
        date=MARCH_31,
        amount=D("-1750.00"),  # DR: debit with funds code R
        value_date=MARCH_31,
        counterparty_name="Immobilien Schmidt GmbH & Co. KG",  # ?32 + ?33
        counterparty_iban="DE44500105175407324931",  # ?31
        communication="Miete Maerz 2026 Objekt Hauptstrasse 1",  # SVWZ+ over ?21/?22
        transaction_id="BANKREF-0001",
        currency="EUR",
        bank_code="NTRF/116",
    )


def test_rd_is_a_reversal_putting_money_back(german: list[ParsedStatement]) -> None:
    line = german[0].lines[1]
    assert (line.amount, line.reversal) == (D("89.90"), True)
    assert line.counterparty_name == "Streaming Dienst AG"
    assert line.communication == "Abonnement Maerz 2026"
    assert line.reference == "SUB0042"  # customer reference before //


def test_rc_is_a_reversal_taking_money_out(german: list[ParsedStatement]) -> None:
    line = german[0].lines[2]
    assert (line.amount, line.reversal) == (D("-250.00"), True)
    assert line.counterparty_iban is None  # ?31 fails its check digits
    assert line.communication == (
        "Irrtuemliche Gutschrift vom 27.03.2026 [account DE00123456780000000000]"
    )


def test_entry_date_and_original_currency(german: list[ParsedStatement]) -> None:
    line = german[0].lines[3]
    assert (line.date, line.value_date) == (dt.date(2026, 4, 1), MARCH_31)
    assert (line.original_amount, line.original_currency) == (D("1085.50"), "USD")
    assert line.reference == "INV-2026-0099"


def test_unstructured_details_become_the_communication(german: list[ParsedStatement]) -> None:
    line = german[0].lines[4]
    assert line.communication == "Kontofuehrungsgebuehr Maerz 2026 laut Preisaushang"
    assert (line.transaction_id, line.bank_code, line.counterparty_name) == (None, "NCHG", None)


def test_additional_purpose_and_notprovided(german: list[ParsedStatement]) -> None:
    line = german[1].lines[0]
    assert line.communication == "Rechnung 2026-0140 Vielen Dank"
    assert line.counterparty_iban == "DE75512108001245126199"
    assert line.transaction_id == "BANKREF-0101"


# ---- own files: Dutch /KEY/ layouts --------------------------------------------------


def test_ing_cntp_remi_and_statement_level_details() -> None:
    (statement,) = mt940.parse(read("mt940_nl_ing_cntp.sta"))
    assert (statement.account_iban, statement.reference) == (
        "NL20INGB0001234567",
        "P260331000000001/00090",
    )
    assert balances_add_up(statement) and statement.closing_balance == D("552.01")
    first, second, third, fourth = statement.lines
    assert (first.counterparty_name, first.counterparty_iban, first.reference) == (
        "Bakkerij de Vries",
        "NL91ABNA0417164300",
        "1234567890123456",
    )
    assert (first.communication, first.transaction_id) == (None, "00000000012001")
    assert second.communication == (
        "Huur april 2026 kantoor Hoofdstraat 1 Amsterdam, contract 2024-17"
    )
    assert (third.amount, third.reversal, third.counterparty_name) == (
        D("15.00"),
        True,
        "Sportclub Oost",
    )
    assert third.communication == "Contributie maart 2026 [account NL02RABO0123456789]"
    assert "/SUM/" not in (fourth.communication or "")  # :86: after :65: is not the line's
    assert fourth.date == dt.date(2026, 4, 1)


def test_abn_amro_headers_two_accounts_and_lines_without_type_code() -> None:
    first, second = mt940.parse(read("mt940_nl_abnamro_two_accounts.sta"))
    assert (first.account_iban, second.account_iban) == ("NL91ABNA0417164300", "BE68539007547034")
    assert second.opening_balance == D("-150.00")  # :60F:D
    assert [line.amount for line in first.lines] == [
        D("-45.00"),
        D("1200"),
        D("-99.95"),
        D("-10.00"),
    ]
    assert all(balances_add_up(s) for s in (first, second))
    giro, transfer, direct_debit, _ = first.lines
    assert giro.communication == "BEA NR:XXX1234 30.03.26/12.54 DIRCKIII FIL2500 KATWIJK,PAS999"
    assert (transfer.counterparty_name, transfer.counterparty_iban) == (
        "Bakkerij de Vries",
        "NL20INGB0001234567",
    )
    assert transfer.transaction_id == "BDV-2026-0311"  # /EREF/, no bank reference
    assert (direct_debit.counterparty_name, direct_debit.transaction_id) == ("KPN B.V.", None)


# ---- refusals ----------------------------------------------------------------------

MINIMAL = (
    ":20:REF1\n"
    ":25:NL91ABNA0417164300\n"
    ":28C:1/1\n"
    ":60F:C260330EUR100,00\n"
    ":61:2603310331D10,00NTRFNONREF//B1\n"
    ":86:/NAME/Shop/REMI/Coffee\n"
    ":62F:C260331EUR90,00\n"
)


def minimal(old: str = "", new: str = "") -> bytes:
    assert old in MINIMAL
    return MINIMAL.replace(old, new, 1).encode()


def refusal(content: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        mt940.parse(content)
    return str(caught.value)


def test_an_account_iban_failing_its_checks_is_kept_as_a_plain_account_number() -> None:
    (statement,) = mt940.parse(minimal("NL91ABNA0417164300", "NL91ABNA0417164301"))
    assert (statement.account_iban, statement.account_number) == (None, "NL91ABNA0417164301")


def test_the_minimal_file_parses() -> None:
    (statement,) = mt940.parse(minimal())
    assert statement.lines[0].amount == D("-10.00")
    assert statement.lines[0].counterparty_name == "Shop"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("D10,00NTRF", "D1,2,3NTRF", "line 5: amount '1,2,3' is not a SWIFT amount"),
        ("2603310331D", "2613310331D", "line 5: field :61: is invalid"),
        (":61:2603310331D", ":61:XX", "line 5: field :61: does not start with a value date"),
        (":62F:C260331EUR90,00\n", "", "line 1: statement has no closing balance"),
        (":60F:C260330EUR100,00\n:61:", ":61:", "line 4: statement line before the opening"),
        (
            ":60F:C260330EUR100,00\n:61:2603310331D10,00NTRFNONREF//B1\n",
            "",
            "line 1: statement has no opening balance",
        ),
        ("C260330EUR100,00", "C260330EUR", "line 4: field :60F: is not a balance"),
        ("C260330EUR100,00", "C260330XYZ100,00", "line 4: unknown currency 'XYZ'"),
        ("C260331EUR90,00", "C260331CHF90,00", "line 7: closing balance currency 'CHF'"),
        (":25:NL91ABNA0417164300\n", "", "line 1: missing account identification :25:"),
        (":20:REF1\n", "", "line 1: field :25: comes before the statement's :20:"),
        (":28C:1/1", ":28C:ABC", "line 3: field :28C: does not match"),
    ],
)
def test_a_bad_field_names_its_line(old: str, new: str, message: str) -> None:
    assert message in refusal(minimal(old, new))


def test_a_binary_or_utf16_without_bom_file_is_refused_with_its_line() -> None:
    assert "line 2: control character U+0000" in refusal(b":20:X\n\x00\n")
    assert "line 1: control character U+0000" in refusal(MINIMAL.encode("utf-16-le"))


def test_windows_1252_and_utf16_with_bom_are_read() -> None:
    latin = minimal("/REMI/Coffee", "/REMI/Gebühr").decode().encode("cp1252")
    assert mt940.parse(latin)[0].lines[0].communication == "Gebühr"
    assert mt940.parse(b"\xff\xfe" + MINIMAL.encode("utf-16-le"))[0].closing_balance == D("90.00")
    assert mt940.parse(b"\xef\xbb\xbf" + MINIMAL.encode())[0].reference == "REF1/1/1"


def test_bytes_that_are_no_text_in_the_chosen_encoding_are_refused_with_the_line() -> None:
    with pytest.raises(ImportFileError) as caught:
        mt940.parse(b":20:A\n:25:\x81\n", encoding="utf-8")
    assert caught.value.message == "line 2: byte 0x81 is not text in utf-8"


@pytest.mark.parametrize("content", [b"", b"hello", b"\n\n-\n", b"{1:F01}{4:\n-}"])
def test_empty_or_tagless_files_are_refused(content: bytes) -> None:
    assert "no MT940 field" in refusal(content)


def test_a_statement_line_before_the_opening_balance_is_refused() -> None:
    content = minimal(":60F:C260330EUR100,00\n", "").replace(
        b":62F:", b":60F:C260330EUR100,00\n:62F:"
    )
    assert "line 4: statement line before the opening balance" in refusal(content)


def test_a_truncated_file_is_refused() -> None:
    assert "no closing balance" in refusal(minimal()[:110])


def test_our_tokenizer_knows_the_package_tags() -> None:
    assert {"20", "25", "28", "60", "61", "62", "64", "65", "86", "NS"} <= KNOWN_TAGS


# ---- detect ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["mt940_structured_86.sta", "mt940_nl_ing_cntp.sta", "mt940_nl_abnamro_two_accounts.sta"],
)
def test_own_files_are_detected(name: str) -> None:
    assert mt940.detect(read(name))
    assert not camt053.detect(read(name))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (MINIMAL.encode(), True),
        (b"\xef\xbb\xbf" + MINIMAL.encode(), True),
        (b"{1:F01X}{2:O9401200}{4:\r\n:20:X\r\n", True),
        (b"{1:F01X}{2:I942XXXXN}{4:\n:20:X\n:25:Y\n:60F:C260330EUR1,\n", False),  # MT942
        (b":20:X\n:25:Y\n:28C:1\n:34F:EUR0,\n:13D:2603311200+0100\n:61:260331C1,NTRF\n", False),
        (b"Date;Amount\n2026-03-31;:20:\n", False),
        (b'<?xml version="1.0"?><Document/>', False),
        (b"", False),
    ],
)
def test_detect_needs_the_mt940_tag_structure(content: bytes, expected: bool) -> None:
    assert mt940.detect(content) is expected


# ---- the shared real-world samples --------------------------------------------------

SAMPLE_OUTCOMES: dict[str, tuple[int, int, list[bool]] | str] = {
    "mt940_ch_postfinance_chf.sta": (2, 4, [True, False]),
    "mt940_de_commerzbank.txt": (1, 1, [False]),
    "mt940_de_deutschebank.txt": (1, 1, [False]),
    "mt940_de_penta_30tx.txt": (1, 30, [True]),
    "mt940_nl_abnamro.sta": (2, 10, [False, False]),
    "mt940_nl_bunq_111tx.txt": (1, 111, [True]),
    "mt940_nl_triodos.sta": (1, 2, [False]),
    # Made-up account IBANs: kept as plain account numbers.
    "mt940_nl_abnamro_mollie_21tx.mt940": (1, 21, [True]),
    "mt940_nl_ing_iban_21tx.txt": (1, 21, [True]),
    # A line break inside :28C: (and inside :61:): not SWIFT field layout.
    "mt940_nl_ing_structured_86.940": "line 6: field :28C: does not match the MT940 layout",
}


def sample_names(prefix: str) -> list[str]:
    if not SAMPLES.is_dir():
        return []
    return sorted(
        path.name for path in SAMPLES.iterdir() if path.is_file() and path.name.startswith(prefix)
    )


@pytest.mark.samples
@pytest.mark.parametrize("name", sample_names("mt940_"))
def test_every_mt940_sample_is_detected_and_read_or_refused_cleanly(name: str) -> None:
    content = (SAMPLES / name).read_bytes()
    assert mt940.detect(content)
    assert not camt053.detect(content)
    try:
        statements = mt940.parse(content)
    except ImportFileError as exc:
        assert isinstance(SAMPLE_OUTCOMES.get(name), str), f"unexpected refusal: {exc}"
        assert str(SAMPLE_OUTCOMES[name]) in str(exc)
        return
    expected = SAMPLE_OUTCOMES.get(name)
    if isinstance(expected, tuple):
        count, lines, adds_up = expected
        assert (len(statements), sum(len(s.lines) for s in statements)) == (count, lines)
        assert [balances_add_up(s) for s in statements] == adds_up


@pytest.mark.samples
@pytest.mark.parametrize(
    "name", [n for n in sample_names("") if not n.startswith("mt940_") and "." in n]
)
def test_no_other_sample_is_taken_for_mt940(name: str) -> None:
    assert not mt940.detect((SAMPLES / name).read_bytes())


@pytest.mark.samples
def test_commerzbank_sample_structured_details() -> None:
    (statement,) = mt940.parse((SAMPLES / "mt940_de_commerzbank.txt").read_bytes())
    assert statement.account_number == "25040066/0123456789"
    (line,) = statement.lines
    assert (line.amount, line.transaction_id, line.reference) == (
        D("-12.35"),
        "2016021783252833",
        "SEPA-DA20200601221740-34972000-P1",
    )
    assert line.counterparty_name == "TESTEREL"  # ?32 TESTER + ?33 EL
    assert line.counterparty_iban is None  # ?31 DE50712345600200691329 fails its check
    assert line.communication is not None
    assert line.communication.endswith("[account DE50712345600200691329]")


@pytest.mark.samples
def test_bunq_sample_amounts_without_decimals_and_utf8() -> None:
    (statement,) = mt940.parse((SAMPLES / "mt940_nl_bunq_111tx.txt").read_bytes())
    first = statement.lines[0]
    assert (first.amount, first.counterparty_name, first.counterparty_iban) == (
        D("2"),
        "P.C. Wacki",
        "NL65BUNQ2206724936",
    )
    assert statement.account_iban == "NL10BUNQ2290325473"


@pytest.mark.samples
def test_penta_sample_colon_layout() -> None:
    (statement,) = mt940.parse((SAMPLES / "mt940_de_penta_30tx.txt").read_bytes())
    line = statement.lines[2]
    assert (line.amount, line.counterparty_name) == (D("11.25"), "HOPPA Inc")
    assert line.communication == (
        "CCI : 0150577373,PURPOSE:DEVELOPER PROCEEDS,HOPPA PRODUKTVERKAUF AWAKE "
        "[account GB29DEUT40333124517700]"
    )
