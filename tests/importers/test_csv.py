"""CSV through mapping profiles: exact values, profile data, refusals, real exports."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.errors import InvalidInput
from asiento.importers import csv as csv_importer
from asiento.importers.base import ImportFileError, ParsedStatement
from asiento.importers.csv_cells import read_number
from asiento.importers.csv_profiles import (
    BUILTIN_PROFILES,
    CsvColumns,
    CsvProfile,
    builtin_profile,
)
from tests.conftest import SAMPLES

DATA = Path(__file__).resolve().parents[1] / "data"

DEBIT_CREDIT = CsvProfile(
    "test_debit_credit",
    CsvColumns(
        date=("Booking Date",), value_date=("Value Date",), counterparty_name=("Payee",),
        counterparty_iban=("Payee IBAN",), communication=("Details",), reference=("Reference",),
        transaction_id=("Transaction ID",), debit=("Debit",), credit=("Credit",),
        balance=("Balance",),
    ),
    thousands_separator=",",
    currency="USD",
)  # fmt: skip

LATIN1 = CsvProfile(
    "test_latin1",
    CsvColumns(
        date=("Buchungstag",), value_date=("Valuta",), counterparty_name=("Empfänger/Auftraggeber",),
        communication=("Verwendungszweck",), amount=("Betrag",), currency=("Währung",),
    ),
    delimiter=";",
    encoding="latin-1",
    date_formats=("%d.%m.%Y",),
    decimal_separator=",",
    thousands_separator=".",
    preamble=(("account", 1, 1), ("start_date", 2, 1), ("end_date", 2, 2)),
)  # fmt: skip


def parse_text(text: str, profile: CsvProfile) -> list[ParsedStatement]:
    return csv_importer.parse(text.encode(), profile)


# ---- our files -------------------------------------------------------------------


def test_debit_and_credit_columns_with_running_balance() -> None:
    [statement] = csv_importer.parse(
        (DATA / "csv_debit_credit_columns.csv").read_bytes(), DEBIT_CREDIT
    )

    assert statement.currency == "USD"
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("10000.00"),  # 8,750.00 after a debit of 1,250.00
        Decimal("8820.60"),
    )
    assert (statement.opening_date, statement.date) == (date(2026, 3, 2), date(2026, 3, 5))
    acme, globex, fee = statement.lines
    assert acme.date == date(2026, 3, 2)
    assert acme.value_date == date(2026, 3, 1)
    assert acme.amount == Decimal("-1250.00")
    assert acme.counterparty_name == "Acme Supplies, Inc."
    assert acme.counterparty_iban == "DE89370400440532013000"
    assert acme.communication == "Invoice 2026-117, thanks"
    assert (acme.reference, acme.transaction_id) == ("RF18539007547034", "TX-9001")
    assert globex.amount == Decimal("75.50")
    assert fee.amount == Decimal("-4.90")  # after a blank line: blank lines are skipped
    assert fee.currency == "USD"


def test_semicolon_comma_decimal_latin1_with_preamble() -> None:
    content = (DATA / "csv_semicolon_comma_decimal_latin1.csv").read_bytes()
    [statement] = csv_importer.parse(content, LATIN1)

    assert statement.account_iban == "DE02120300000000202051"
    assert statement.currency == "EUR"
    assert (statement.opening_date, statement.date) == (date(2026, 2, 1), date(2026, 2, 28))
    assert statement.opening_balance is None and statement.closing_balance is None
    mueller, baecker, tax = statement.lines
    assert mueller.counterparty_name == "Müller & Söhne KG"
    assert mueller.amount == Decimal("-1234.56")
    assert baecker.amount == Decimal("89.90")
    assert baecker.communication == "Gutschrift; Überweisung"
    assert baecker.value_date == date(2026, 2, 11)
    assert tax.amount == Decimal("-2000.00")  # trailing minus
    assert tax.counterparty_name == "Finanzamt München"


def test_wrong_encoding_is_refused_with_the_line() -> None:
    content = (DATA / "csv_semicolon_comma_decimal_latin1.csv").read_bytes()
    utf8 = CsvProfile.from_dict({**LATIN1.to_dict(), "encoding": "utf-8"})
    with pytest.raises(ImportFileError, match=r"line 5: not utf-8 text"):
        csv_importer.parse(content, utf8)


# ---- profiles as data ----------------------------------------------------------------


@pytest.mark.parametrize("profile", [*BUILTIN_PROFILES.values(), DEBIT_CREDIT, LATIN1], ids=str)
def test_profile_survives_a_json_round_trip(profile: CsvProfile) -> None:
    assert CsvProfile.from_dict(json.loads(json.dumps(profile.to_dict()))) == profile


def test_a_hand_written_profile_dict_may_give_single_column_references() -> None:
    profile = CsvProfile.from_dict(
        {"name": "mine", "columns": {"date": "When", "amount": 2}, "date_formats": ["%d/%m/%Y"]}
    )
    assert profile.columns.date == ("When",)
    assert profile.columns.amount == (2,)
    [statement] = parse_text("When,x,Amount\n31/01/2026,,1.5\n", profile)
    assert statement.lines[0].amount == Decimal("1.5")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "columns": {"date": "D"}}, "amount, or debit/credit"),
        ({"name": "x", "columns": {"date": "D", "amount": "A"}, "decimal_separator": ";"}, "decimal"),
        ({"name": "x", "columns": {"date": "D", "amount": "A"}, "thousands_separator": "."}, "differ"),
        ({"name": "x", "columns": {"date": "D", "amount": "A"}, "has_header": False}, "indexes"),
        ({"name": "x", "columns": {"date": "D", "amount": "A", "sign": "S"}}, "sign markers"),
        ({"name": "x", "columns": {"date": "D", "amount": "A"}, "encoding": "nope"}, "encoding"),
        ({"name": "x", "columns": {"date": "D", "amount": "A"}, "currency": "EURO"}, "ISO 4217"),
        ({"name": "x", "columns": {"date": "D", "amount": "A"}, "colour": "red"}, "unknown keys"),
        ({"name": "x", "columns": {"date": "D", "amount": "A", "size": 1}}, "unknown columns"),
        ({"name": "x", "columns": {"date": "D", "amount": 1.5}}, "names or indexes"),
        ({"name": "x", "columns": {"date": "D", "amount": "A"}, "delimiter": 4}, "CSV profile"),
    ],
)  # fmt: skip
def test_an_inconsistent_profile_is_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        CsvProfile.from_dict(data)


def test_unknown_builtin_profile_name_lists_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match="zkb_de"):
        builtin_profile("no_such_bank")
    assert builtin_profile("zkb_de").delimiter == ";"


# ---- reading rules ---------------------------------------------------------------

SIGNED = CsvProfile("signed", CsvColumns(date=("Date",), amount=("Amount",)), currency="EUR")


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("12.50", "12.50"), ("-12.50", "-12.50"), ("+3", "3"), ("(7.25)", "-7.25"),
        ("7.25-", "-7.25"), ("$1,036.47", "1036.47"), ("-$20.00", "-20.00"),
        ("EUR 5.10", "5.10"), ("5.10 CHF", "5.10"), ("1 234.5", "1234.5"), (".5", "0.5"),
    ],
)  # fmt: skip
def test_number_forms_are_read_exactly(cell: str, amount: str) -> None:
    profile = CsvProfile.from_dict({**SIGNED.to_dict(), "thousands_separator": ","})
    [statement] = parse_text(f'Date,Amount\n2026-01-02,"{cell}"\n', profile)
    assert statement.lines[0].amount == Decimal(amount)


def test_a_thousands_separator_in_the_wrong_place_is_refused_not_misread() -> None:
    profile = CsvProfile.from_dict({**SIGNED.to_dict(), "thousands_separator": ","})
    with pytest.raises(ImportFileError, match=r"line 2, column 'Amount': '1,25' is not an amount"):
        parse_text('Date,Amount\n2026-01-02,"1,25"\n', profile)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("2026-01-02,12x\n", r"line 3, column 'Amount': '12x' is not an amount"),
        ("02/01/2026,1\n", r"line 3, column 'Date': '02/01/2026' is not a date \(%Y-%m-%d\)"),
        (",1\n", r"line 3, column 'Date': date missing"),
        ("2026-01-02,\n", r"line 3, column 'Amount': amount missing"),
    ],
)
def test_a_row_that_cannot_be_read_names_line_and_column(body: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        parse_text("Date,Amount\n2026-01-01,1\n" + body, SIGNED)


def test_the_line_number_is_the_first_line_of_a_multiline_record() -> None:
    profile = CsvProfile.from_dict(
        {
            **SIGNED.to_dict(),
            "columns": {"date": "Date", "amount": "Amount", "communication": "Text"},
        }
    )
    with pytest.raises(ImportFileError, match="line 4, column 'Amount'"):  # record on lines 4-5
        parse_text('Date,Text,Amount\n2026-01-01,"a\nb",1\n2026-01-02,"c\nd",x\n', profile)


def test_a_missing_header_is_refused() -> None:
    with pytest.raises(ImportFileError, match="header row with columns"):
        parse_text("When,How much\n2026-01-01,1\n", SIGNED)


def test_sign_column_sets_the_sign_and_refuses_unknown_marks() -> None:
    profile = builtin_profile("ing_nl")
    header = '"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)","MutatieSoort","Mededelingen"\n'
    good = header + '"20260102","X","NL91ABNA0417164300","","GT","Af","1.234,50","Online","m"\n'
    [statement] = parse_text(good, profile)
    assert statement.account_iban == "NL91ABNA0417164300"
    assert statement.lines[0].amount == Decimal("-1234.50")
    with pytest.raises(ImportFileError, match="'Op' is no credit/debit mark"):
        parse_text(good.replace('"Af"', '"Op"'), profile)


def test_continuation_rows_extend_the_previous_communication() -> None:
    text = "Datum;Buchungstext;Whg;Betrag Detail;ZKB-Referenz;Referenznummer;Belastung CHF;Gutschrift CHF;Valuta;Saldo CHF;Zahlungszweck\n"
    text += "05.01.2026;Zahlung: Muster AG;;;Z1;;1'250.00;;05.01.2026;8'750.00;\n;;;;;;;;;;\n"
    text += ";Muster AG, Bahnhofstr. 1, 8001 Zürich;;;;;;;;;Rechnung 42\n"
    [statement] = parse_text(text, builtin_profile("zkb_de"))
    [line] = statement.lines
    assert (
        line.communication == "Zahlung: Muster AG Muster AG, Bahnhofstr. 1, 8001 Zürich Rechnung 42"
    )
    assert (line.amount, line.transaction_id) == (Decimal("-1250.00"), "Z1")
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("10000.00"),
        Decimal("8750.00"),
    )
    with pytest.raises(ImportFileError, match="text row before any transaction"):
        parse_text(
            text.replace("05.01.2026;Zahlung", ";Zahlung").replace("1'250.00", ""),
            builtin_profile("zkb_de"),
        )


def test_unknown_record_type_is_refused() -> None:
    profile = builtin_profile("swedbank_lt")
    row = '"LT1","99","2026-01-01","","x","1.00","EUR","K","","AS","","",\n'
    header = '"Sąskaitos Nr.","","Data","Gavėjas","Paaiškinimai","Suma","Valiuta","D/K","Įrašo Nr.","Kodas","Įmokos kodas","Dok. Nr.",\n'
    with pytest.raises(ImportFileError, match="line 2, column 1: unknown record type '99'"):
        parse_text(header + row, profile)


def test_same_day_descending_rows_are_ordered_by_their_balances() -> None:
    text = "Date,Amount,Balance\n2026-01-05,-10.00,90.00\n2026-01-05,50.00,100.00\n"
    profile = CsvProfile.from_dict(
        {**SIGNED.to_dict(), "columns": {"date": "Date", "amount": "Amount", "balance": "Balance"}}
    )
    [statement] = parse_text(text, profile)
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("50.00"),
        Decimal("90.00"),
    )


def test_a_header_only_file_has_no_statement() -> None:
    assert parse_text("Date,Amount\n", SIGNED) == []


def test_no_matching_builtin_profile_asks_for_one() -> None:
    with pytest.raises(ImportFileError, match="choose a profile"):
        csv_importer.parse(b"Foo,Bar\n1,2\n")


# ---- the real exports in shared/samples ----------------------------------------------

# file -> (profile, [(account, currency, statement ref, lines, opening, closing)])
EXPECTED = {
    "csv_beangulp_generic_bank.csv": ("chase_style_us", [(None, "USD", None, 6, "4900.02", "3409.86")]),
    "csv_ch_clerbank_eur.csv": ("clerbank_it_eur", [(None, "EUR", None, 40, "13644.31", "170111.10")]),
    "csv_ch_postfinance_en.csv": ("postfinance_en_chf", [("LD6227144844642517773", "CHF", None, 25, "None", "None")]),
    "csv_ch_ubs_en.csv": ("ubs_en", [("12345678910", "CHF", None, 10, "1000.00", "1441.21")]),
    "csv_ch_zkb.csv": ("zkb_de", [(None, "CHF", None, 40, "79.13", "1796.04")]),
    "csv_es_ing.csv": ("ing_es", [(None, "EUR", None, 10, "1717.07", "318.88")]),
    "csv_generic_odoo_sample.csv": ("odoo_generic", [(None, None, None, 2, "None", "None")]),
    "csv_lt_swedbank.csv": ("swedbank_lt", [
        ("LT797300010XXXXXXXXX", "LTL", None, 5, "2123.82", "3917.30"),
        ("LT797300010XXXXXXXXX", "EUR", None, 0, "120", "120"),
    ]),
    "csv_nl_asn_headerless.csv": ("asn_nl", [
        ("NL00ASNB9999999999", "EUR", "26", 3, "130.44", "152.01"),
        ("NL00ASNB9999999999", "EUR", "28", 7, "152.01", "644.24"),
        ("NL00ASNB9999999999", "EUR", "30", 1, "644.24", "84.24"),
    ]),
    "csv_nl_ing_comma_quoted.csv": ("ing_nl", [("NL99INGB9999999999", "EUR", None, 6, "None", "None")]),
    "csv_us_capitalone_card.csv": ("capitalone_card_us", [("1234", "USD", None, 2, "None", "None")]),
    "csv_us_schwab_checking.csv": ("schwab_checking_us", [(None, "USD", None, 4, "1093.74", "878.47")]),
}  # fmt: skip


@pytest.mark.samples
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_export_is_detected_and_read(name: str) -> None:
    content = (SAMPLES / name).read_bytes()
    profile_name, expected = EXPECTED[name]
    profile = csv_importer.detect_profile(content)
    assert profile is not None and profile.name == profile_name
    got = [
        (s.account_iban or s.account_number, s.currency, s.reference, len(s.lines),
         str(s.opening_balance), str(s.closing_balance))
        for s in csv_importer.parse(content)
    ]  # fmt: skip
    assert got == expected


@pytest.mark.samples
def test_every_csv_sample_has_a_builtin_profile() -> None:
    for path in sorted(SAMPLES.glob("csv_*")):
        assert csv_importer.detect_profile(path.read_bytes()) is not None, path.name
        assert path.name in EXPECTED, path.name


@pytest.mark.samples
def test_real_export_line_values() -> None:
    [ubs] = csv_importer.parse((SAMPLES / "csv_ch_ubs_en.csv").read_bytes())
    atm = ubs.lines[1]
    assert atm.date == date(2022, 9, 28)  # booking date empty: trade date
    assert atm.amount == Decimal("-20.00")
    assert atm.counterparty_name == "FILIALE"
    assert atm.communication == "123456-0 07/24, ATM Withdrawal"
    [odoo] = csv_importer.parse((SAMPLES / "csv_generic_odoo_sample.csv").read_bytes())
    assert odoo.lines[1].amount == Decimal("1525.00")
    assert (odoo.lines[1].original_amount, odoo.lines[1].original_currency) == (
        Decimal("1000.00"),
        "EUR",
    )
    assert odoo.lines[0].original_amount is None  # "0.0" means no foreign amount
    lt = csv_importer.parse((SAMPLES / "csv_lt_swedbank.csv").read_bytes())[0]
    assert lt.lines[2].counterparty_name == 'UAB "Naktida"'  # undoubled inner quotes repaired
    assert lt.lines[3].amount == Decimal("1600.00")
    zkb = csv_importer.parse((SAMPLES / "csv_ch_zkb.csv").read_bytes())[0]
    assert zkb.lines[1].amount == Decimal("-1101.60")  # 1'101.60 in the debit column
    schwab = csv_importer.parse((SAMPLES / "csv_us_schwab_checking.csv").read_bytes())[0]
    assert [ln.amount for ln in schwab.lines] == [
        Decimal(v) for v in ("20.00", "-103.00", "-75.00", "-57.27")
    ]
    assert schwab.lines[2].reference == "558"


# ---- smaller rules -------------------------------------------------------------------


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
    st.sampled_from([(".", ","), (",", "."), (".", "'"), (",", " "), (".", "")]),
)
def test_number_written_with_separators_reads_back_exactly(
    value: Decimal, separators: tuple[str, str]
) -> None:
    decimal_sep, thousands_sep = separators
    written = f"{value:,.2f}".replace(",", "\x00").replace(".", decimal_sep)
    written = written.replace("\x00", thousands_sep)
    profile = CsvProfile(
        "n", SIGNED.columns, decimal_separator=decimal_sep, thousands_separator=thousands_sep
    )
    assert read_number(written, profile, "cell") == value


def test_headerless_profile_skips_rows_and_reads_preamble() -> None:
    profile = CsvProfile(
        "headerless",
        CsvColumns(date=(0,), amount=(2,), communication=(1,)),
        has_header=False,
        skip_rows=2,
        preamble=(("account", 0, 1), ("currency", 1, 1)),
    )
    [statement] = parse_text(
        "Account,NL91ABNA0417164300\nCurrency,eur\n2026-01-02,Rent,-900\n", profile
    )
    assert (statement.account_iban, statement.currency) == ("NL91ABNA0417164300", "EUR")
    assert statement.lines[0].amount == Decimal("-900")
    assert statement.lines[0].communication == "Rent"


def test_invert_sign_for_exports_that_show_charges_as_positive() -> None:
    profile = CsvProfile.from_dict({**SIGNED.to_dict(), "invert_sign": True})
    [statement] = parse_text("Date,Amount\n2026-01-02,25.00\n2026-01-03,-100.00\n", profile)
    assert [ln.amount for ln in statement.lines] == [Decimal("-25.00"), Decimal("100.00")]


def test_unknown_layout_has_no_builtin_profile() -> None:
    assert csv_importer.detect_profile(b"Foo,Bar\n1,2\n") is None
    assert csv_importer.detect(b"Foo,Bar\n1,2\n")  # still CSV text
    assert not csv_importer.detect(b"<?xml version='1.0'?><a/>")
