"""General ledger, partner ledger and printed journal on the fixed dataset."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from asiento.domain.errors import InvalidInput
from asiento.reports.common import ReportFilter
from asiento.reports.journal import journal_lines, journal_report
from asiento.reports.ledgers import general_ledger, ledger_lines, partner_ledger
from asiento.store.uow import UnitOfWork
from tests.reports.conftest import Dataset

D = Decimal
Q1 = {"date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)}


def test_general_ledger_of_the_bank_has_opening_running_balance_and_closing(
    uow: UnitOfWork, dataset: Dataset
) -> None:
    f = ReportFilter(dataset.company.id, account_from="1000", account_to="1000", **Q1)
    with uow:
        gl = general_ledger(uow.session, f)
        lines = [(str(x.date), str(x.debit), str(x.credit), str(x.balance), x.journal)
                 for x in ledger_lines(uow.session, gl)]  # fmt: skip
    (bank,) = gl.groups
    assert (bank.key, bank.name) == ("1000", "Bank")
    assert (bank.opening, bank.debit, bank.credit, bank.closing) == (
        D("10000.00"), D("1510.00"), D("800.00"), D("10710.00"),
    )  # fmt: skip
    assert lines == [
        ("2026-02-20", "1210.00", "0.00", "11210.00", "BNK1"),
        ("2026-03-01", "0.00", "800.00", "10410.00", "BNK1"),
        ("2026-03-10", "300.00", "0.00", "10710.00", "BNK1"),
    ]


def test_general_ledger_restarts_income_accounts_at_the_fiscal_year(
    uow: UnitOfWork, dataset: Dataset
) -> None:
    f = ReportFilter(dataset.company.id, account_from="4000", account_to="4999", **Q1)
    with uow:
        gl = general_ledger(uow.session, f)
        lines = list(ledger_lines(uow.session, gl))
    assert [(g.key, str(g.opening), str(g.closing)) for g in gl.groups] == [
        ("4000", "0.00", "-300.00"),
        ("4100", "0.00", "-500.00"),
    ]
    assert [(x.group, str(x.balance)) for x in lines] == [("4000", "-300.00"), ("4100", "-500.00")]


def test_partner_ledger_per_customer(uow: UnitOfWork, dataset: Dataset) -> None:
    with uow:
        pl = partner_ledger(uow.session, ReportFilter(dataset.company.id, **Q1), "receivable")
        lines = [(x.group, x.entry[:4], str(x.balance)) for x in ledger_lines(uow.session, pl)]
    assert [(g.name, str(g.opening), str(g.debit), str(g.credit), str(g.closing))
            for g in pl.groups] == [
        ("Azure", "1210.00", "363.00", "1210.00", "363.00"),
        ("Deco", "0.00", "605.00", "300.00", "305.00"),
    ]  # fmt: skip
    assert lines == [
        ("Azure", "BNK1", "0.00"),
        ("Azure", "INV/", "363.00"),
        ("Deco", "INV/", "605.00"),
        ("Deco", "BNK1", "305.00"),
    ]


def test_partner_ledger_payable_and_partner_filter(uow: UnitOfWork, dataset: Dataset) -> None:
    c = dataset.company
    f = ReportFilter(c.id, partner_id=dataset.partners["Wood"], **Q1)
    with uow:
        payable = partner_ledger(uow.session, f, "payable")
        receivable = partner_ledger(uow.session, f, "receivable")
    assert [(g.name, str(g.closing)) for g in payable.groups] == [("Wood", "-242.00")]
    assert receivable.groups == ()


def test_journal_report_lists_every_item_of_the_sales_journal(
    uow: UnitOfWork, dataset: Dataset
) -> None:
    f = ReportFilter(dataset.company.id, journal_id=dataset.company.journals["INV"], **Q1)
    with uow:
        report = journal_report(uow.session, f)
        lines = [(x.entry, x.account, x.partner, str(x.debit), str(x.credit))
                 for x in journal_lines(uow.session, report)]  # fmt: skip
    assert (report.journal, report.entries) == ("INV", 2)
    assert report.total_debit == report.total_credit == D("968.00")
    assert lines == [
        ("INV/2026/00001", "1100", "Deco", "605.00", "0.00"),
        ("INV/2026/00001", "4100", "", "0.00", "500.00"),
        ("INV/2026/00001", "2100", "", "0.00", "105.00"),
        ("INV/2026/00002", "1100", "Azure", "363.00", "0.00"),
        ("INV/2026/00002", "4000", "", "0.00", "300.00"),
        ("INV/2026/00002", "2100", "", "0.00", "63.00"),
    ]


def test_journal_report_needs_a_journal(uow: UnitOfWork, dataset: Dataset) -> None:
    with uow, pytest.raises(InvalidInput, match="journal is required"):
        journal_report(uow.session, ReportFilter(dataset.company.id, **Q1))
