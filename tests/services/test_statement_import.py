"""Importing bank files into a bank journal: exact stored values, never twice, all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from asiento.domain.commands.chart import JournalChanges, NewJournal
from asiento.domain.commands.partners import NewPartner
from asiento.domain.errors import (
    NotABankJournal,
    StatementAccountMismatch,
    StatementCurrencyMismatch,
)
from asiento.importers.base import ImportFileError
from asiento.importers.csv_profiles import CsvColumns, CsvProfile
from asiento.services.bank.statement_import import import_statement
from asiento.services.bank.statement_profiles import journal_profiles, save_profile
from asiento.services.bank.statement_views import get_statement, list_statements
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart, partners
from asiento.store.tables import BankStatement, StatementLine
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts

D = Decimal
DATA = Path(__file__).resolve().parents[1] / "data"
SIMPLE = CsvProfile(
    "simple",
    CsvColumns(
        date=("Date",), amount=("Amount",), counterparty_name=("Name",), communication=("Text",)
    ),
    date_formats=("%Y-%m-%d",),
    currency="EUR",
)


def bank(uow: UnitOfWork, company: SeededCompany, **values: object) -> int:
    """BNK1 with the IBAN / account number / currency a test needs."""
    jid = company.journals["BNK1"]
    chart.update_journal(uow, company.id, jid, JournalChanges(**values))
    return jid


def csv_text(*rows: str) -> bytes:
    return ("Date,Amount,Name,Text\n" + "\n".join(rows) + "\n").encode()


def stored_lines(uow: UnitOfWork) -> list[StatementLine]:
    with uow:
        rows = list(uow.session.scalars(select(StatementLine).order_by(StatementLine.id)))
        uow.session.expunge_all()
        return rows


def test_camt053_file_is_stored_with_exact_values(uow: UnitOfWork, company: SeededCompany) -> None:
    bank(uow, company, iban="DE89 3704 0044 0532 0130 00")
    content = (DATA / "camt053_v02_batch_reversal.xml").read_bytes()
    summary = import_statement(uow, company.id, "BNK1", content, "march.xml")
    assert (summary.format, summary.new, summary.duplicates, summary.statements) == (
        "camt053",
        9,
        0,
        1,
    )
    assert summary.balance_ok is True and summary.difference == 0
    assert summary.message() == "9 new, 0 already imported"
    view = get_statement(uow, company.id, summary.statement_ids[0])
    assert (view.journal, view.reference, view.date, view.currency, view.state) == (
        "BNK1",
        "STMT-2026-03-31-001",
        date(2026, 3, 31),
        "EUR",
        "draft",
    )
    assert (view.opening_balance, view.closing_balance, view.line_count) == (
        D("10000.00"),
        D("9950.10"),
        9,
    )
    first, second, third = view.lines[:3]
    assert (first.sequence, first.date, first.amount, first.counterparty_name) == (
        1,
        date(2026, 3, 31),
        D("-1000.00"),
        "Immobilien Schmidt GmbH & Co. KG",
    )
    assert (first.counterparty_iban, first.transaction_id, first.state) == (
        "DE44500105175407324931",
        "BATCH-0331-01/1",
        "open",
    )
    assert first.communication == "Miete Maerz 2026 Objekt Hauptstrasse 1"
    assert (second.amount, second.reference) == (D("-500.00"), "RF18539007547034")
    assert third.communication == "Rechnung 2026-0117 [account DE00123456780000000000]"
    assert sum(line.amount for line in view.lines) == D("-49.90")
    with uow:
        st = uow.session.get(BankStatement, view.id)
        assert st is not None and (st.opening_balance, st.closing_balance) == (1000000, 995010)
        assert (st.file_format, st.filename, len(st.file_hash or "")) == (
            "camt053",
            "march.xml",
            64,
        )


def test_reimporting_the_same_file_imports_nothing(uow: UnitOfWork, company: SeededCompany) -> None:
    bank(uow, company, iban="NL20INGB0001234567")
    content = (DATA / "mt940_nl_ing_cntp.sta").read_bytes()
    first = import_statement(uow, company.id, "BNK1", content)
    before = row_counts(uow)
    again = import_statement(uow, company.id, "BNK1", content)
    assert (first.new, first.duplicates) == (4, 0)
    assert (again.new, again.duplicates, again.statements) == (0, 4, 0)
    assert again.message() == "0 new, 4 already imported (1 statement seen before, skipped)"
    assert row_counts(uow) == before


def test_an_overlapping_statement_imports_only_the_new_lines(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    import_statement(
        uow,
        company.id,
        "BNK1",
        csv_text("2026-03-01,100.00,Ann,rent", "2026-03-02,-20.00,Bob,fee"),
        profile=SIMPLE,
    )
    summary = import_statement(
        uow,
        company.id,
        "BNK1",
        csv_text("2026-03-02,-20.00,Bob,fee", "2026-03-03,5.50,Cy,refund"),
        profile=SIMPLE,
    )
    assert (summary.new, summary.duplicates, summary.statements) == (1, 1, 1)
    lines = stored_lines(uow)
    assert [(x.date, x.amount, x.counterparty_name) for x in lines] == [
        (date(2026, 3, 1), 10000, "Ann"),
        (date(2026, 3, 2), -2000, "Bob"),
        (date(2026, 3, 3), 550, "Cy"),
    ]


def test_identical_twin_transactions_are_both_kept_and_never_duplicated(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    twins = csv_text("2026-03-05,-3.50,Coffee Bar,card", "2026-03-05,-3.50,Coffee Bar,card")
    first = import_statement(uow, company.id, "BNK1", twins, profile=SIMPLE)
    again = import_statement(uow, company.id, "BNK1", twins, profile=SIMPLE)
    assert (first.new, again.new, again.duplicates) == (2, 0, 2)
    assert [(x.amount, x.occurrence) for x in stored_lines(uow)] == [(-350, 1), (-350, 2)]
    third = csv_text(*["2026-03-05,-3.50,Coffee Bar,card"] * 3)
    assert import_statement(uow, company.id, "BNK1", third, profile=SIMPLE).new == 1


def test_a_multi_account_file_imports_the_journals_account_and_names_the_others(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company, iban="FR7630006000011234567890189")
    content = (DATA / "ofx1_sgml_two_accounts.ofx").read_bytes()
    summary = import_statement(uow, company.id, "BNK1", content)
    assert (summary.new, summary.skipped_accounts) == (3, ("00012345678",))
    savings = chart.create_journal(
        uow,
        company.id,
        NewJournal(code="SAV", name="Savings", kind="bank", bank_account="00012345678"),
    )
    other = import_statement(uow, company.id, savings.id, content)
    assert (other.new, other.skipped_accounts, other.warnings) == (
        2,
        ("FR7630006000011234567890189",),
        ("statement 2: no opening balance: the statement is unverifiable until confirmed",),
    )
    assert [x.amount for x in stored_lines(uow)] == [125000, -8420, -1999, 50000, 375]


def test_a_partner_is_recognised_by_the_counterparty_iban(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company, iban="NL20INGB0001234567")
    baker = partners.create_partner(
        uow,
        company.id,
        NewPartner(name="Bakkerij de Vries", is_customer=True, iban="NL91ABNA0417164300"),
    )
    import_statement(uow, company.id, "BNK1", (DATA / "mt940_nl_ing_cntp.sta").read_bytes())
    assert [x.partner_id for x in stored_lines(uow)] == [baker.id, None, None, None]


def test_an_account_of_another_iban_is_refused_and_nothing_is_imported(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company, iban="NL91ABNA0417164300")
    before = row_counts(uow)
    with pytest.raises(
        StatementAccountMismatch,
        match=r"the file is for account DE8937040044"
        r"0532013000; journal BNK1 is for NL91ABNA0417164300",
    ):
        import_statement(
            uow, company.id, "BNK1", (DATA / "camt053_v02_batch_reversal.xml").read_bytes()
        )
    assert row_counts(uow) == before


def test_a_statement_in_another_currency_is_refused(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company, bank_account="4111222233334444")
    before = row_counts(uow)
    with pytest.raises(StatementCurrencyMismatch, match="is in AUD, journal BNK1 in EUR"):
        import_statement(uow, company.id, "BNK1", (DATA / "ofx2_xml_creditcard.ofx").read_bytes())
    assert row_counts(uow) == before


def test_a_truncated_file_is_refused_naming_the_line(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company, iban="DE89370400440532013000")
    content = (DATA / "camt053_v02_batch_reversal.xml").read_bytes()
    before = row_counts(uow)
    with pytest.raises(ImportFileError, match=r"line \d+"):
        import_statement(uow, company.id, "BNK1", content[: len(content) // 2])
    assert row_counts(uow) == before


def test_a_csv_row_whose_amount_cannot_be_read_refuses_the_whole_file(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    before = row_counts(uow)
    bad = csv_text("2026-03-01,100.00,Ann,rent", "2026-03-02,12,50,Bob,fee", "2026-03-03,x,Cy,a")
    with pytest.raises(ImportFileError, match="line 4"):
        import_statement(uow, company.id, "BNK1", bad, profile=SIMPLE)
    assert row_counts(uow) == before


def test_an_amount_finer_than_the_currency_is_refused_naming_the_line(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    bank(uow, company)
    before = row_counts(uow)
    with pytest.raises(ImportFileError, match=r"line 2: 1\.005 has more decimals than EUR"):
        import_statement(
            uow,
            company.id,
            "BNK1",
            csv_text("2026-03-01,1.00,A,a", "2026-03-01,1.005,B,b"),
            profile=SIMPLE,
        )
    assert row_counts(uow) == before


def test_statements_go_to_bank_journals_only(uow: UnitOfWork, company: SeededCompany) -> None:
    with pytest.raises(NotABankJournal, match="journal MISC is a general journal"):
        import_statement(uow, company.id, "MISC", csv_text("2026-03-01,1.00,A,a"), profile=SIMPLE)


def test_a_saved_journal_profile_is_used_by_name(uow: UnitOfWork, company: SeededCompany) -> None:
    jid = bank(uow, company)
    save_profile(uow, company.id, jid, {**SIMPLE.to_dict(), "name": "my bank"})
    assert [p.name for p in journal_profiles(uow, company.id, jid)] == ["my bank"]
    summary = import_statement(
        uow, company.id, "BNK1", csv_text("2026-03-01,7.00,A,a"), profile="my bank"
    )
    assert summary.new == 1
    views, _ = list_statements(uow, company.id)
    assert [(v.line_count, v.file_format, v.opening_balance) for v in views] == [(1, "csv", None)]
