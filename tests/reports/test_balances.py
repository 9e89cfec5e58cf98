"""Trial balance on the fixed dataset: exact figures, P&L reset, drafts, comparison."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from asiento.domain.errors import InvalidInput
from asiento.reports.balances import PRIOR_EARNINGS, trial_balance
from asiento.reports.common import ReportFilter
from asiento.store.uow import UnitOfWork
from tests.reports.conftest import Dataset

D = Decimal


def _figures(tb) -> dict[str, tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return {
        r.code or r.name: (str(r.opening), str(r.debit), str(r.credit), str(r.closing))
        for r in tb.rows
    }


def test_trial_balance_as_of_the_end_of_march(uow: UnitOfWork, dataset: Dataset) -> None:
    with uow:
        tb = trial_balance(uow.session, ReportFilter(dataset.company.id, date_to=date(2026, 3, 31)))
    assert tb.date_from == date(2026, 1, 1)
    assert _figures(tb) == {
        "1000": ("10000.00", "1510.00", "800.00", "10710.00"),
        "1100": ("1210.00", "968.00", "1510.00", "668.00"),
        "1300": ("0.00", "42.00", "0.00", "42.00"),
        "2000": ("0.00", "0.00", "242.00", "-242.00"),
        "2100": ("-210.00", "0.00", "168.00", "-378.00"),
        "3000": ("-10000.00", "0.00", "0.00", "-10000.00"),
        "4000": ("0.00", "0.00", "300.00", "-300.00"),
        "4100": ("0.00", "0.00", "500.00", "-500.00"),
        "6000": ("0.00", "800.00", "0.00", "800.00"),
        "6100": ("0.00", "200.00", "0.00", "200.00"),
        PRIOR_EARNINGS: ("-1000.00", "0.00", "0.00", "-1000.00"),
    }
    assert (tb.total.opening, tb.total.closing) == (D("0.00"), D("0.00"))
    assert tb.total.debit == tb.total.credit == D("3520.00")


def test_a_period_starting_mid_year_opens_p_and_l_at_the_fiscal_year_start(
    uow: UnitOfWork, dataset: Dataset
) -> None:
    """January's sale of services is in 4100's opening; 2025's sale only in prior earnings."""
    f = ReportFilter(dataset.company.id, date_from=date(2026, 2, 1), date_to=date(2026, 3, 31))
    with uow:
        tb = trial_balance(uow.session, f)
    assert _figures(tb) == {
        "1000": ("10000.00", "1510.00", "800.00", "10710.00"),
        "1100": ("1815.00", "363.00", "1510.00", "668.00"),
        "1300": ("0.00", "42.00", "0.00", "42.00"),
        "2000": ("0.00", "0.00", "242.00", "-242.00"),
        "2100": ("-315.00", "0.00", "63.00", "-378.00"),
        "3000": ("-10000.00", "0.00", "0.00", "-10000.00"),
        "4000": ("0.00", "0.00", "300.00", "-300.00"),
        "4100": ("-500.00", "0.00", "0.00", "-500.00"),
        "6000": ("0.00", "800.00", "0.00", "800.00"),
        "6100": ("0.00", "200.00", "0.00", "200.00"),
        PRIOR_EARNINGS: ("-1000.00", "0.00", "0.00", "-1000.00"),
    }
    assert (tb.total.opening, tb.total.closing) == (D("0.00"), D("0.00"))
    assert tb.total.debit == tb.total.credit == D("2915.00")


def test_drafts_count_only_when_asked(uow: UnitOfWork, dataset: Dataset) -> None:
    f = ReportFilter(dataset.company.id, date_to=date(2026, 3, 31), include_draft=True)
    with uow:
        figures = _figures(trial_balance(uow.session, f))
    assert figures["6300"] == ("0.00", "999.00", "0.00", "999.00")
    assert figures["1000"] == ("10000.00", "1510.00", "1799.00", "9711.00")


def test_comparison_column_is_the_closing_of_the_other_period(
    uow: UnitOfWork, dataset: Dataset
) -> None:
    f = ReportFilter(dataset.company.id, date_to=date(2026, 3, 31))
    with uow:
        tb = trial_balance(uow.session, f, compare_to=date(2025, 12, 31))
    compared = {r.code or r.name: str(r.comparison) for r in tb.rows}
    assert compared["1000"] == "10000.00"
    assert compared["4000"] == "-1000.00"
    assert compared["6000"] == "0.00"
    assert compared[PRIOR_EARNINGS] == "0.00"
    assert tb.compare_from == date(2025, 1, 1)
    assert tb.total.comparison == D("0.00")


def test_account_range_and_journal_filters(uow: UnitOfWork, dataset: Dataset) -> None:
    c = dataset.company
    f = ReportFilter(c.id, date_to=date(2026, 3, 31), account_from="1000", account_to="1100")
    g = ReportFilter(c.id, date_to=date(2026, 3, 31), journal_id=c.journals["BNK1"])
    with uow:
        ranged = _figures(trial_balance(uow.session, f))
        bank_journal = _figures(trial_balance(uow.session, g))
    assert set(ranged) == {"1000", "1100"}
    assert bank_journal["1000"] == ("0.00", "1510.00", "800.00", "710.00")


def test_a_period_ending_before_it_starts_is_refused(dataset: Dataset) -> None:
    with pytest.raises(InvalidInput, match="date_from must not be after date_to"):
        ReportFilter(dataset.company.id, date_from=date(2026, 4, 1), date_to=date(2026, 3, 31))
