"""Profit and loss, balance sheet and tax report on the fixed dataset."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from asiento.reports.common import ReportFilter
from asiento.reports.statements import (
    CURRENT_EARNINGS,
    PRIOR_EARNINGS,
    balance_sheet,
    profit_and_loss,
)
from asiento.reports.tax import tax_report
from asiento.store.uow import UnitOfWork
from tests.reports.conftest import Dataset

D = Decimal
MARCH = date(2026, 3, 31)


def test_profit_and_loss_with_the_previous_year(uow: UnitOfWork, dataset: Dataset) -> None:
    f = ReportFilter(dataset.company.id, date_to=MARCH)
    with uow:
        pnl = profit_and_loss(uow.session, f, compare_to=date(2025, 12, 31))
    assert [(r.section, r.code, str(r.amount), str(r.comparison)) for r in pnl.rows] == [
        ("income", "4000", "300.00", "1000.00"),
        ("income", "4100", "500.00", "0.00"),
        ("expenses", "6000", "800.00", "0.00"),
        ("expenses", "6100", "200.00", "0.00"),
    ]
    assert [(t.section, str(t.amount), str(t.comparison)) for t in pnl.totals] == [
        ("income", "800.00", "1000.00"),
        ("expenses", "1000.00", "0.00"),
    ]
    assert (pnl.result.amount, pnl.result.comparison) == (D("-200.00"), D("1000.00"))


def test_balance_sheet_balances_with_current_and_prior_earnings(
    uow: UnitOfWork, dataset: Dataset
) -> None:
    f = ReportFilter(dataset.company.id, date_to=MARCH)
    with uow:
        bs = balance_sheet(uow.session, f, compare_to=date(2025, 12, 31))
    assert [(r.section, r.code or r.name, str(r.amount), str(r.comparison)) for r in bs.rows] == [
        ("assets", "1000", "10710.00", "10000.00"),
        ("assets", "1100", "668.00", "1210.00"),
        ("assets", "1300", "42.00", "0.00"),
        ("liabilities", "2000", "242.00", "0.00"),
        ("liabilities", "2100", "378.00", "210.00"),
        ("equity", CURRENT_EARNINGS, "-200.00", "1000.00"),
        ("equity", PRIOR_EARNINGS, "1000.00", "0.00"),
        ("equity", "3000", "10000.00", "10000.00"),
    ]
    assets, liabilities, equity = bs.totals
    assert (assets.amount, liabilities.amount, equity.amount) == (
        D("11420.00"), D("620.00"), D("10800.00"),
    )  # fmt: skip
    assert bs.result.amount == assets.amount
    assert bs.result.comparison == assets.comparison == D("11210.00")


def test_tax_report_gives_base_and_tax_per_tax_and_group(uow: UnitOfWork, dataset: Dataset) -> None:
    f = ReportFilter(dataset.company.id, date_from=date(2026, 1, 1), date_to=MARCH)
    with uow:
        report = tax_report(uow.session, f)
    assert [(r.tax, r.usage, str(r.base), str(r.amount)) for r in report.rows] == [
        ("VAT 21%", "sale", "800.00", "168.00"),
        ("VAT 21%", "purchase", "200.00", "42.00"),
    ]
    assert [(g.tax_group, g.usage, str(g.base), str(g.amount)) for g in report.groups] == [
        ("VAT 21%", "sale", "800.00", "168.00"),
        ("VAT 21%", "purchase", "200.00", "42.00"),
    ]


def test_tax_report_of_the_previous_year(uow: UnitOfWork, dataset: Dataset) -> None:
    f = ReportFilter(dataset.company.id, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    with uow:
        report = tax_report(uow.session, f)
    assert [(r.usage, str(r.base), str(r.amount)) for r in report.rows] == [
        ("sale", "1000.00", "210.00")
    ]
