"""Every shared sample imports, or is refused for a stated defect of the file (issue 17).

Each sample maps to its format and, per statement, (lines, closing - opening -
lines) when the file states both balances: "0.00" balances; any other figure
is the sample's own inconsistency (test fixtures of other projects with
made-up balances), which the statement service reports and will not validate.
Refused files name the defect.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from asiento.importers.base import ImportFileError
from asiento.importers.detect import parse_file
from tests.conftest import SAMPLES

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")

EXPECTED: dict[str, tuple[str, object]] = {
    "camt053_v02_all_balance_types.xml": ("camt053", [(1, "-5.820")]),
    "camt053_v02_eur_4_entries.xml": ("camt053", [(4, "0.00")]),
    "camt053_v02_sftp_sample.xml": ("camt053", [(1, None)]),
    "camt053_v02_tryton.xml": ("camt053", [(1, "0.00")]),
    "camt053_v04_ch_16_entries_no_txdtls.xml": ("camt053", [(16, "0.00")]),
    "camt053_v04_generic.xml": (
        "refused",
        "Document/BkToCstmrStmt/Stmt/Bal[2]/Amt: balance currency SEK differs f",
    ),
    "camt053_v08_ch_single_entry.xml": ("camt053", [(1, "0.00")]),
    "camt053_v08_generic.xml": (
        "refused",
        "Document/BkToCstmrStmt/Stmt/Bal[2]/Amt: balance currency SEK differs f",
    ),
    "csv_beangulp_generic_bank.csv": ("csv", [(6, "0.00")]),
    "csv_ch_clerbank_eur.csv": ("csv", [(40, "143447.77")]),
    "csv_ch_postfinance_en.csv": ("csv", [(25, None)]),
    "csv_ch_ubs_en.csv": ("csv", [(10, "743.62")]),
    "csv_ch_zkb.csv": ("csv", [(40, "2149.00")]),
    "csv_es_ing.csv": ("csv", [(10, "-1748.40")]),
    "csv_generic_odoo_sample.csv": ("csv", [(2, None)]),
    "csv_lt_swedbank.csv": ("csv", [(5, "735.02"), (0, "0")]),
    "csv_nl_asn_headerless.csv": ("csv", [(3, "0.00"), (7, "0.00"), (1, "0.00")]),
    "csv_nl_ing_comma_quoted.csv": ("csv", [(6, None)]),
    "csv_us_capitalone_card.csv": ("csv", [(2, None)]),
    "csv_us_schwab_checking.csv": ("csv", [(4, "0.00")]),
    "mt940_ch_postfinance_chf.sta": ("mt940", [(2, "0.0"), (2, "0.2")]),
    "mt940_de_commerzbank.txt": ("mt940", [(1, "12.35")]),
    "mt940_de_deutschebank.txt": ("mt940", [(1, "12.35")]),
    "mt940_de_penta_30tx.txt": ("mt940", [(30, "0.00")]),
    "mt940_nl_abnamro.sta": ("mt940", [(8, "-2038.00"), (2, "-1002.60")]),
    "mt940_nl_abnamro_mollie_21tx.mt940": ("mt940", [(21, "0.00")]),
    "mt940_nl_bunq_111tx.txt": ("mt940", [(111, "0.00")]),
    "mt940_nl_ing_iban_21tx.txt": ("mt940", [(21, "0.00")]),
    "mt940_nl_ing_structured_86.940": ("mt940", [(8, "0.00")]),
    "mt940_nl_triodos.sta": ("mt940", [(2, "111.40")]),
    "ofx1_sgml_bank_medium.ofx": ("ofx", [(3, None)]),
    "ofx1_sgml_beangulp_download.ofx": ("ofx", [(12, None)]),
    "ofx1_sgml_bofa_creditcard.ofx": ("ofx", [(27, None)]),
    "ofx1_sgml_checking.ofx": ("ofx", [(3, None)]),
    "ofx2_xml_v200_suncorp.ofx": ("ofx", [(1, None)]),
    "ofx2_xml_v211_bank.ofx": ("ofx", [(4, None), (0, None)]),
    "qfx_sgml_quicken.qfx": (
        "refused",
        "investment statement (INVSTMTRS) only: asiento imports bank and credit",
    ),
}
DEFECTS = {
    "camt053_v04_generic.xml": "closing balance in SEK on a EUR account",
    "camt053_v08_generic.xml": "closing balance in SEK on a EUR account",
    "qfx_sgml_quicken.qfx": "an investment statement, not a bank statement",
}


def _files() -> list[str]:
    if not SAMPLES.is_dir():
        return sorted(EXPECTED)
    return sorted(p.name for p in SAMPLES.iterdir() if p.is_file() and p.name != "SOURCES.md")


@needs_samples
def test_every_sample_is_listed() -> None:
    assert _files() == sorted(EXPECTED)


@needs_samples
@pytest.mark.parametrize("name", _files())
def test_a_sample_imports_or_is_refused_for_its_stated_defect(name: str) -> None:
    fmt, outcome = EXPECTED[name]
    content = (SAMPLES / name).read_bytes()
    if fmt == "refused":
        assert name in DEFECTS
        with pytest.raises(ImportFileError) as caught:
            parse_file(content)
        assert str(outcome) in caught.value.message
        return
    got_format, statements = parse_file(content)
    got = []
    for st in statements:
        total = sum((line.amount for line in st.lines), Decimal(0))
        known = st.opening_balance is not None and st.closing_balance is not None
        off = str(st.closing_balance - st.opening_balance - total) if known else None  # type: ignore[operator]
        got.append((len(st.lines), off))
    assert (got_format, got) == (fmt, outcome)
