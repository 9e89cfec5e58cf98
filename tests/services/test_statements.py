"""Manual statements, the balance check, and every shared real-world sample imported or refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from asiento.domain.commands.chart import JournalChanges
from asiento.domain.errors import InvalidInput
from asiento.importers.base import ImportFileError
from asiento.importers.detect import parse_file
from asiento.services.bank.statement_import import import_statement
from asiento.services.bank.statements import (
    ManualLine,
    ManualStatement,
    create_statement,
    validate_statement,
)
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.reference import chart
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.conftest import SAMPLES

D = Decimal
DAY = date(2026, 4, 30)
DATA = Path(__file__).resolve().parents[1] / "data"


def manual(opening: str | None, closing: str | None, *amounts: str) -> ManualStatement:
    lines = tuple(ManualLine(DAY, D(a), counterparty_name="X") for a in amounts)
    return ManualStatement(
        "BNK1", DAY, "APR", D(opening) if opening else None, D(closing) if closing else None, lines
    )


def test_a_manual_statement_is_stored_as_entered(uow: UnitOfWork, company: SeededCompany) -> None:
    view = create_statement(uow, company.id, manual("100.00", "150.00", "70.00", "-20.00"))
    assert (view.journal, view.reference, view.state, view.currency) == (
        "BNK1",
        "APR",
        "draft",
        "EUR",
    )
    assert [(x.sequence, x.amount, x.state) for x in view.lines] == [
        (1, D("70.00"), "open"),
        (2, D("-20.00"), "open"),
    ]


def test_a_balanced_statement_is_validated(uow: UnitOfWork, company: SeededCompany) -> None:
    view = create_statement(uow, company.id, manual("100.00", "150.00", "70.00", "-20.00"))
    result = validate_statement(uow, company.id, view.id)
    assert (result.state, result.ok, result.lines_total, result.difference) == (
        "validated",
        True,
        D("50.00"),
        D("0.00"),
    )


def test_an_unbalanced_statement_stays_draft_and_reports_the_difference(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    view = create_statement(uow, company.id, manual("100.00", "160.00", "70.00", "-20.00"))
    result = validate_statement(uow, company.id, view.id)
    assert (result.state, result.ok, result.closing, result.difference) == (
        "draft",
        False,
        D("160.00"),
        D("10.00"),
    )


def test_missing_balances_continue_from_the_previous_statement(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    create_statement(uow, company.id, manual("0.00", "40.00", "40.00"))
    second = create_statement(uow, company.id, manual(None, None, "2.50"))
    result = validate_statement(uow, company.id, second.id)
    assert (result.opening, result.closing, result.state) == (D("40.00"), D("42.50"), "validated")


def test_an_imported_camt_file_validates(uow: UnitOfWork, company: SeededCompany) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    content = (DATA / "camt053_v02_batch_reversal.xml").read_bytes()
    summary = import_statement(uow, company.id, "BNK1", content)
    result = validate_statement(uow, company.id, summary.statement_ids[0])
    assert (result.state, result.opening, result.closing) == (
        "validated",
        D("10000.00"),
        D("9950.10"),
    )


def test_a_manual_amount_finer_than_the_currency_is_refused(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    with pytest.raises(InvalidInput, match="more decimals than EUR"):
        create_statement(uow, company.id, manual("0", "1", "0.001"))
    assert row_counts(uow) == before


# ---- every shared sample: imported, or refused with a clear reason ------------------

REFUSED = {
    "camt053_v04_generic.xml": "balance currency SEK differs from the statement currency EUR",
    "camt053_v08_generic.xml": "balance currency SEK differs from the statement currency EUR",
    "qfx_sgml_quicken.qfx": r"investment statement \(INVSTMTRS\) only",
}
# Redacted or made-up account IBANs: imported, matched by the raw identifier, with a warning.
RAW_ACCOUNT_WARNED = {
    "camt053_v02_eur_4_entries.xml",
    "camt053_v02_sftp_sample.xml",
    "camt053_v04_ch_16_entries_no_txdtls.xml",
    "mt940_nl_abnamro_mollie_21tx.mt940",
    "mt940_nl_ing_iban_21tx.txt",
    "mt940_nl_ing_structured_86.940",
    # CSV account columns holding redacted IBAN-like numbers
    "csv_ch_postfinance_en.csv",
    "csv_lt_swedbank.csv",
    "csv_nl_asn_headerless.csv",
    "csv_nl_ing_comma_quoted.csv",
}


def sample_names() -> list[str]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p.name for p in SAMPLES.iterdir() if p.is_file() and p.suffix != ".md")


def _bank_for(uow: UnitOfWork, content: bytes) -> tuple[SeededCompany, int]:
    """A company in the file's currency whose BNK1 holds the file's first account."""
    _, statements = parse_file(content)
    first = statements[0]
    company = seed_company(uow, "Sample Co", first.currency or "EUR")
    values: dict[str, str] = {}
    if first.account_iban:
        values["iban"] = first.account_iban
    elif first.account_number:
        values["bank_account"] = first.account_number
    jid = company.journals["BNK1"]
    chart.update_journal(uow, company.id, jid, JournalChanges(**values))
    return company, sum(len(s.lines) for s in statements if _same(s, first))


def _same(a: object, b: object) -> bool:
    keys = ("account_iban", "account_number", "currency")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


@pytest.mark.samples
@pytest.mark.parametrize("name", sample_names())
def test_every_shared_sample_is_imported_or_refused_with_a_reason(
    uow: UnitOfWork, name: str
) -> None:
    content = (SAMPLES / name).read_bytes()
    if name in REFUSED:
        company = seed_company(uow, "Sample Co", "EUR")
        before = row_counts(uow)
        with pytest.raises(ImportFileError, match=REFUSED[name]):
            import_statement(uow, company.id, "BNK1", content, name)
        assert row_counts(uow) == before
        return
    company, expected = _bank_for(uow, content)
    summary = import_statement(uow, company.id, "BNK1", content, name)
    assert (summary.new, summary.duplicates) == (expected, 0)
    warned = any("is not a valid IBAN" in w for w in summary.warnings)
    assert warned is (name in RAW_ACCOUNT_WARNED)
    again = import_statement(uow, company.id, "BNK1", content, name)
    assert (again.new, again.duplicates) == (0, expected)
