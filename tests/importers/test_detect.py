"""Format detection from content, and dispatch to the format's parser."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from asiento.importers import detect
from asiento.importers.base import ImportFileError
from asiento.importers.csv_profiles import CsvProfile, builtin_profile
from asiento.importers.detect import FORMATS, detect_format, parse_file
from tests.conftest import SAMPLES

DATA = Path(__file__).resolve().parents[1] / "data"

CAMT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-01-31T18:00:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>S1</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2026-01-31T18:00:00</CreDtTm>
   <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
   <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-01</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">150.00</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-31</Dt></Dt></Bal>
   <Ntry><Amt Ccy="EUR">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-01-15</Dt></BookgDt><ValDt><Dt>2026-01-15</Dt></ValDt>
    <NtryDtls><TxDtls><RmtInf><Ustrd>Invoice 42</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>
"""

MT940 = b"""{1:F01ABNANL2AXXXX0000000000}{2:O9400000000000ABNANL2AXXXX00000000000000000000N}{4:
:20:STMT-2026-01
:25:NL91ABNA0417164300
:28C:1/1
:60F:C260101EUR100,00
:61:2601150115C50,00NTRFNONREF//B1
:86:Invoice 42
:62F:C260131EUR150,00
-}
"""


# ---- detection -------------------------------------------------------------------


# Every file the project wrote in tests/data/, with its format.
FIXTURES = [
    ("camt053_foreign_entry.xml", "camt053"),
    ("camt053_v02_batch_reversal.xml", "camt053"),
    ("camt053_v04_foreign_currency.xml", "camt053"),
    ("camt053_v08_multi_account.xml", "camt053"),
    ("csv_builtin_barclays_uk.csv", "csv"),
    ("csv_builtin_capitalone_card_us.csv", "csv"),
    ("csv_builtin_chase_style_us.csv", "csv"),
    ("csv_builtin_danske_dk.csv", "csv"),
    ("csv_builtin_ing_es.csv", "csv"),
    ("csv_builtin_ing_nl.csv", "csv"),
    ("csv_builtin_monzo_uk.csv", "csv"),
    ("csv_builtin_nordea_se.csv", "csv"),
    ("csv_builtin_postfinance_en_chf.csv", "csv"),
    ("csv_builtin_schwab_checking_us.csv", "csv"),
    ("csv_builtin_sparkasse_camt_de.csv", "csv"),
    ("csv_builtin_zkb_de.csv", "csv"),
    ("csv_debit_credit_columns.csv", "csv"),
    ("csv_semicolon_comma_decimal_latin1.csv", "csv"),
    ("mt940_amounts_good.sta", "mt940"),
    ("mt940_cp852_cr_only_28c_continued.sta", "mt940"),
    ("mt940_eref_without_svwz.sta", "mt940"),
    ("mt940_nl_abnamro_two_accounts.sta", "mt940"),
    ("mt940_nl_ing_cntp.sta", "mt940"),
    ("mt940_structured_86.sta", "mt940"),
    ("mt940_swift_blocks_concatenated.sta", "mt940"),
    ("ofx1_sgml_two_accounts.ofx", "ofx"),
    ("ofx2_xml_creditcard.ofx", "ofx"),
    ("qbo_sgml_quickbooks_web_connect.qbo", "ofx"),
    ("qbo_web_connect_out_of_order.qbo", "ofx"),
]


@pytest.mark.parametrize(("name", "fmt"), FIXTURES)
def test_format_is_detected_from_content(name: str, fmt: str) -> None:
    assert detect_format((DATA / name).read_bytes()) == fmt


def test_every_format_has_project_fixtures_and_every_fixture_is_listed() -> None:
    # bank files only: e-invoice fixtures live in their own folder (tests/data/einvoice/)
    bank_files = sorted(p.name for p in DATA.iterdir() if p.is_file())
    assert sorted(name for name, _ in FIXTURES) == bank_files
    assert {fmt for _, fmt in FIXTURES} == set(FORMATS)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02\xff" * 50, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"just a sentence\n",
     b'<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl"/>'],
)  # fmt: skip
def test_unknown_content_is_refused(content: bytes) -> None:
    with pytest.raises(ImportFileError, match="unrecognised file format"):
        detect_format(content)


def test_camt053_is_detected_by_its_module() -> None:
    assert detect_format(CAMT) == "camt053"


def test_mt940_is_detected_by_its_module() -> None:
    assert detect_format(MT940) == "mt940"
    assert detect_format(MT940[MT940.index(b":20:") :]) == "mt940"  # without SWIFT blocks


def test_without_their_modules_camt_and_mt940_are_named_then_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = detect._module

    def missing(fmt: str) -> ModuleType | None:
        return None if fmt in {"camt053", "mt940"} else real(fmt)

    monkeypatch.setattr(detect, "_module", missing)
    assert detect_format(CAMT) == "camt053"
    assert detect_format(MT940) == "mt940"
    with pytest.raises(ImportFileError, match="mt940 files are recognised but"):
        parse_file(MT940)


# ---- dispatch --------------------------------------------------------------------


def test_parse_file_detects_and_parses_ofx() -> None:
    fmt, statements = parse_file((DATA / "ofx2_xml_creditcard.ofx").read_bytes())
    assert fmt == "ofx"
    assert statements[0].closing_balance == Decimal("-1234.56")


def test_parse_file_reads_csv_with_the_given_profile() -> None:
    content = b"Date,Amount\n2026-01-02,12.30\n"
    profile = CsvProfile.from_dict(
        {"name": "mine", "columns": {"date": "Date", "amount": "Amount"}}
    )
    fmt, [statement] = parse_file(content, profile=profile)
    assert fmt == "csv"
    assert statement.lines[0].amount == Decimal("12.30")


def test_parse_file_picks_a_builtin_csv_profile_by_header() -> None:
    content = b"Transaction Date,Posted Date,Card No.,Description,Category,Debit,Credit\n"
    content += b"2026-01-02,2026-01-03,9999,Coffee,Dining,3.50,\n"
    fmt, [statement] = parse_file(content)
    assert fmt == "csv"
    assert statement.lines[0].amount == Decimal("-3.50")


def test_a_csv_profile_does_not_stop_an_ofx_file_from_being_read_as_ofx() -> None:
    content = (DATA / "ofx1_sgml_two_accounts.ofx").read_bytes()
    fmt, statements = parse_file(content, profile=builtin_profile("zkb_de"))
    assert (fmt, len(statements)) == ("ofx", 2)


def test_a_stated_format_is_used_even_when_content_says_otherwise() -> None:
    with pytest.raises(ImportFileError):
        parse_file((DATA / "ofx2_xml_creditcard.ofx").read_bytes(), fmt="csv")


def test_an_unknown_stated_format_is_refused() -> None:
    with pytest.raises(ImportFileError, match="unknown format 'qif'"):
        parse_file(b"!Type:Bank\n", fmt="qif")


def test_parse_file_dispatches_camt053() -> None:
    fmt, [statement] = parse_file(CAMT)
    assert fmt == "camt053"
    assert statement.closing_balance == Decimal("150.00")
    assert [ln.amount for ln in statement.lines] == [Decimal("50.00")]


def test_parse_file_dispatches_mt940() -> None:
    fmt, [statement] = parse_file(MT940)
    assert fmt == "mt940"
    assert statement.closing_balance == Decimal("150.00")
    assert [ln.amount for ln in statement.lines] == [Decimal("50.00")]


# ---- the real files in shared/samples ----------------------------------------------

PREFIXES = {"camt053_": "camt053", "mt940_": "mt940", "ofx": "ofx", "qfx": "ofx", "csv_": "csv"}


@pytest.mark.samples
def test_every_bank_sample_is_detected_as_its_format() -> None:
    checked = 0
    for path in sorted(SAMPLES.iterdir()):
        fmt = next((f for p, f in PREFIXES.items() if path.name.startswith(p)), None)
        if fmt is None or not path.is_file():
            continue
        assert detect_format(path.read_bytes()) == fmt, path.name
        checked += 1
    assert checked >= 30
    assert set(PREFIXES.values()) == set(FORMATS)
