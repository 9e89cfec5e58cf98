"""Silent wrong data never again (issue 17): repeats skipped, balances that can fail."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from asiento.domain.commands.chart import JournalChanges
from asiento.domain.errors import InvalidInput, StatementUnverifiable
from asiento.importers.base import ImportFileError
from asiento.importers.csv_profiles import CsvColumns, CsvProfile
from asiento.services.bank.statement_import import import_statement
from asiento.services.bank.statement_views import get_statement
from asiento.services.bank.statements import validate_statement
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store.tables import AuditEvent, StatementLine
from asiento.store.uow import UnitOfWork

D = Decimal
DATA = Path(__file__).resolve().parents[1] / "data"
MT940 = (DATA / "mt940_amounts_good.sta").read_bytes()
IBAN = "DE89370400440532013000"


def bank(uow: UnitOfWork, company: SeededCompany) -> None:
    chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))


def amounts(uow: UnitOfWork) -> list[int]:
    with uow:
        return list(uow.session.scalars(select(StatementLine.amount).order_by(StatementLine.id)))


def ofx(*transactions: tuple[str, str, str], balance: str = "100.00") -> bytes:
    """A small OFX 1 file; ``transactions`` are (FITID, YYYYMMDD, amount)."""
    trns = "".join(
        f"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>{day}<TRNAMT>{amt}<FITID>{fitid}<NAME>Shop</STMTTRN>"
        for fitid, day, amt in transactions
    )
    return (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>"
        f"<CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>{IBAN}<ACCTTYPE>CHECKING</BANKACCTFROM>"
        f"<BANKTRANLIST><DTSTART>20260301<DTEND>20260331{trns}</BANKTRANLIST>"
        f"<LEDGERBAL><BALAMT>{balance}<DTASOF>20260331</LEDGERBAL>"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    ).encode()


def test_a_statement_repeated_in_one_file_is_booked_once(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    summary = import_statement(uow, company.id, "BNK1", MT940 + MT940)
    assert (summary.new, summary.duplicates, summary.statements) == (2, 2, 1)
    assert summary.duplicate_statements == ("AMOUNTS/1/1",)
    assert amounts(uow) == [30050, -50]


def test_a_later_file_repeating_an_imported_statement_adds_only_the_new_one(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    import_statement(uow, company.id, "BNK1", MT940)
    second = MT940.replace(b"AMOUNTS", b"NEXT").replace(b":28C:1/1", b":28C:2/1")
    second = second.replace(b"C260301EUR1000,00", b"C260303EUR1300,00")
    second = second.replace(b"C260303EUR1300,00\r\n-", b"C260304EUR1250,00\r\n-")
    second = second.replace(b"C300,50NMSCNONREF//B1", b"D50,50NMSCNONREF//B3")
    second = second.replace(b"D0,5NTRFNONREF//B2", b"C0,5NTRFNONREF//B4")
    summary = import_statement(uow, company.id, "BNK1", MT940 + second)
    assert (summary.new, summary.duplicates, summary.duplicate_statements) == (
        2,
        2,
        ("AMOUNTS/1/1",),
    )
    assert amounts(uow) == [30050, -50, -5050, 50]


def test_an_ofx_file_repeating_a_fitid_books_it_once(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    content = ofx(("F1", "20260302", "-10.00"), ("F1", "20260302", "-10.00"))
    summary = import_statement(uow, company.id, "BNK1", content)
    assert (summary.new, summary.duplicates) == (1, 1)
    assert amounts(uow) == [-1000]


def test_a_reused_reference_with_another_amount_is_imported_with_a_warning(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    import_statement(uow, company.id, "BNK1", ofx(("F1", "20260302", "-10.00")))
    summary = import_statement(
        uow, company.id, "BNK1", ofx(("F1", "20260305", "-12.00"), balance="88.00")
    )
    assert (summary.new, summary.duplicates) == (1, 0)
    warning = "bank reference F1 was also used on 2026-03-02 for -10.00"
    assert any(warning in text for text in summary.warnings)
    view = get_statement(uow, company.id, summary.statement_ids[0])
    assert [line.warning for line in view.lines] == [warning]


def test_ofx_without_a_previous_closing_is_unverifiable_until_confirmed(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    summary = import_statement(uow, company.id, "BNK1", ofx(("F1", "20260302", "-10.00")))
    statement_id = summary.statement_ids[0]
    assert get_statement(uow, company.id, statement_id).balance_source == "unverifiable"
    with pytest.raises(StatementUnverifiable, match="confirm"):
        validate_statement(uow, company.id, statement_id)
    result = validate_statement(uow, company.id, statement_id, confirm=True)
    assert (result.state, result.opening, result.closing) == ("validated", D("110.00"), D("100.00"))
    with uow:
        actions = list(uow.session.scalars(select(AuditEvent.action)))
    assert "validate_unverifiable" in actions


def test_ofx_takes_its_opening_from_the_previous_closing_and_can_fail(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    first = import_statement(uow, company.id, "BNK1", ofx(("F1", "20260302", "-10.00")))
    validate_statement(uow, company.id, first.statement_ids[0], confirm=True)
    # the bank's closing says 85.00 but a -5.00 line was altered to -3.00
    altered = ofx(("F2", "20260310", "-3.00"), ("F3", "20260311", "-10.00"), balance="85.00")
    summary = import_statement(uow, company.id, "BNK1", altered)
    statement_id = summary.statement_ids[0]
    view = get_statement(uow, company.id, statement_id)
    assert (view.balance_source, view.opening_balance, view.closing_balance) == (
        "previous",
        D("100.00"),
        D("85.00"),
    )
    assert any("opening balance 100.00 taken from" in text for text in summary.warnings)
    result = validate_statement(uow, company.id, statement_id)
    assert (result.ok, result.state, result.difference) == (False, "draft", D("-2.00"))


def test_a_declared_closing_balance_must_fit_the_file(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    with pytest.raises(InvalidInput, match=r"the file states the closing balance 1300\.00"):
        import_statement(uow, company.id, "BNK1", MT940, closing_balance=D("1299.00"))


def test_a_text_beyond_its_bound_is_refused_not_cut(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    content = ofx(("F1", "20260302", "-10.00")).replace(b"<NAME>Shop", b"<NAME>" + b"n" * 201)
    with pytest.raises(ImportFileError) as caught:
        import_statement(uow, company.id, "BNK1", content)
    assert caught.value.location == "statement 1 line 1"
    assert "counterparty_name is 201 characters; at most 200" in caught.value.message
    assert amounts(uow) == []


SIMPLE_CSV = CsvProfile(
    "simple",
    CsvColumns(date=("Date",), amount=("Amount",), counterparty_name=("Name",)),
    currency="EUR",
)


def test_a_csv_import_opens_at_the_last_validated_closing_and_takes_a_declared_closing(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    first = import_statement(uow, company.id, "BNK1", MT940)
    validate_statement(uow, company.id, first.statement_ids[0])  # closes at 1300.00
    rows = "Date,Amount,Name\n2026-03-10,-100.00,Müller\n2026-03-11,50.00,Kunde\n"
    summary = import_statement(
        uow, company.id, "BNK1", rows.encode("cp1252"), format="csv", profile=SIMPLE_CSV,
        closing_balance=D("1250.00"), encoding="cp1252",
    )  # fmt: skip
    view = get_statement(uow, company.id, summary.statement_ids[0])
    assert (view.balance_source, view.opening_balance, view.closing_balance) == (
        "previous",
        D("1300.00"),
        D("1250.00"),
    )
    assert view.lines[0].counterparty_name == "Müller"
    assert validate_statement(uow, company.id, view.id).state == "validated"


def test_a_csv_import_without_a_declared_closing_is_unverifiable(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    rows = b"Date,Amount,Name\n2026-03-10,-100.00,Shop\n"
    summary = import_statement(uow, company.id, "BNK1", rows, format="csv", profile=SIMPLE_CSV)
    view = get_statement(uow, company.id, summary.statement_ids[0])
    assert (view.balance_source, view.opening_balance, view.closing_balance) == (
        "unverifiable",
        None,
        None,
    )
