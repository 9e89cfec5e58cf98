"""The project's own CAMT.053 v04 and QBO files imported end to end, on both databases.

The importer tests read these files as shapes; here they go through the import service
into a bank journal: exact stored amounts (minor units), balances, and never twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from asiento.domain.commands.chart import JournalChanges
from asiento.services.bank.statement_import import import_statement
from asiento.services.bank.statement_views import get_statement
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.reference import chart
from asiento.store.uow import UnitOfWork

D = Decimal
DATA = Path(__file__).resolve().parents[1] / "data"


def test_camt053_v04_foreign_currency_lines_are_stored_in_the_account_currency(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow,
        company.id,
        company.journals["BNK1"],
        JournalChanges(iban="FR14 2004 1010 0505 0001 3M02 606"),
    )
    content = (DATA / "camt053_v04_foreign_currency.xml").read_bytes()

    summary = import_statement(uow, company.id, "BNK1", content, "april.xml")

    assert (summary.format, summary.new, summary.duplicates, summary.statements) == (
        "camt053", 4, 0, 1,
    )  # fmt: skip
    assert summary.balance_ok is True and summary.difference == 0
    view = get_statement(uow, company.id, summary.statement_ids[0])
    assert (view.reference, view.date, view.currency) == (
        "STMT-2026-04-30-004", date(2026, 4, 30), "EUR",
    )  # fmt: skip
    assert (view.opening_balance, view.closing_balance) == (D("2000.00"), D("3528.38"))
    assert [line.amount for line in view.lines] == [
        D("1085.50"), D("-45.12"), D("-12.00"), D("500.00"),
    ]  # fmt: skip
    assert [line.currency for line in view.lines] == ["EUR"] * 4

    again = import_statement(uow, company.id, "BNK1", content, "april.xml")
    assert (again.new, again.duplicates) == (0, 4)


def test_a_qbo_file_imports_into_a_dollar_journal_by_account_number(uow: UnitOfWork) -> None:
    dollars = seed_company(uow, "Dollar Co", "USD")
    chart.update_journal(
        uow, dollars.id, dollars.journals["BNK1"], JournalChanges(bank_account="4455667788")
    )
    content = (DATA / "qbo_sgml_quickbooks_web_connect.qbo").read_bytes()

    summary = import_statement(uow, dollars.id, "BNK1", content, "april.qbo")

    assert (summary.format, summary.new, summary.duplicates) == ("ofx", 3, 0)
    # the file states no opening balance and the journal has no earlier closing
    assert summary.balance_ok is None
    view = get_statement(uow, dollars.id, summary.statement_ids[0])
    assert (view.currency, view.opening_balance, view.closing_balance) == (
        "USD", None, D("6255.49"),
    )  # fmt: skip
    assert [(line.date, line.amount, line.reference) for line in view.lines] == [
        (date(2026, 4, 3), D("-1234.56"), "1042"),
        (date(2026, 4, 15), D("2500.00"), None),
        (date(2026, 4, 30), D("-9.95"), "SC-0430"),
    ]
    again = import_statement(uow, dollars.id, "BNK1", content, "april.qbo")
    assert (again.new, again.duplicates) == (0, 3)
