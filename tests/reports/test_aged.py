"""Aged receivable / payable as of past dates: reconciliations count from their date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from asiento.domain.errors import InvalidInput
from asiento.reports.aged import aged_payable, aged_receivable
from asiento.reports.balances import trial_balance
from asiento.reports.common import ReportFilter
from asiento.store.uow import UnitOfWork
from tests.reports.conftest import Dataset

D = Decimal


def _aged(uow: UnitOfWork, ds: Dataset, day: date, **kw: object) -> dict[str, list[str]]:
    with uow:
        report = aged_receivable(uow.session, ReportFilter(ds.company.id, date_to=day), **kw)  # type: ignore[arg-type]
    rows = {r.partner: [str(b) for b in r.buckets] + [str(r.total)] for r in report.rows}
    rows["Total"] = [str(b) for b in report.total.buckets] + [str(report.total.total)]
    return rows


def test_aged_receivable_at_the_end_of_march(uow: UnitOfWork, dataset: Dataset) -> None:
    assert _aged(uow, dataset, date(2026, 3, 31)) == {
        "Azure": ["363.00", "0.00", "0.00", "0.00", "0.00", "363.00"],
        "Deco": ["0.00", "0.00", "305.00", "0.00", "0.00", "305.00"],
        "Total": ["363.00", "0.00", "305.00", "0.00", "0.00", "668.00"],
    }


def test_an_as_of_date_before_the_payment_shows_the_invoice_still_open(
    uow: UnitOfWork, dataset: Dataset
) -> None:
    assert _aged(uow, dataset, date(2026, 2, 19)) == {
        "Azure": ["0.00", "0.00", "0.00", "1210.00", "0.00", "1210.00"],
        "Deco": ["0.00", "605.00", "0.00", "0.00", "0.00", "605.00"],
        "Total": ["0.00", "605.00", "0.00", "1210.00", "0.00", "1815.00"],
    }


def test_a_reconciliation_dated_after_the_as_of_date_does_not_count(
    uow: UnitOfWork, dataset: Dataset
) -> None:
    from tests.reports.conftest import reconcile

    c, items = dataset.company, dataset.receivable_items
    # the March payment of Deco is matched again on the 2026 Azure invoice... on April 2nd:
    # a partial dated after March 31 changes nothing at March 31
    reconcile(uow, c.id, items["azure_2026"], items["deco"], "0.01", date(2026, 4, 2))
    assert _aged(uow, dataset, date(2026, 3, 31))["Total"][-1] == "668.00"
    assert _aged(uow, dataset, date(2026, 4, 2))["Azure"][-1] == "362.99"


def test_custom_buckets(uow: UnitOfWork, dataset: Dataset) -> None:
    assert _aged(uow, dataset, date(2026, 3, 31), buckets=(45, 90))["Deco"] == [
        "0.00", "0.00", "305.00", "0.00", "305.00",
    ]  # fmt: skip


def test_bad_buckets_are_refused(uow: UnitOfWork, dataset: Dataset) -> None:
    with pytest.raises(InvalidInput, match="buckets must be increasing"):
        _aged(uow, dataset, date(2026, 3, 31), buckets=(60, 30))


def test_aged_total_equals_the_receivable_balance(uow: UnitOfWork, dataset: Dataset) -> None:
    for day in (date(2026, 1, 31), date(2026, 2, 20), date(2026, 3, 31)):
        f = ReportFilter(dataset.company.id, date_to=day, account_from="1100", account_to="1100")
        with uow:
            aged = aged_receivable(uow.session, f)
            (row,) = trial_balance(uow.session, f).rows
        assert aged.total.total == row.closing


def test_aged_payable_shows_what_we_owe_credit_positive(uow: UnitOfWork, dataset: Dataset) -> None:
    with uow:
        report = aged_payable(
            uow.session, ReportFilter(dataset.company.id, date_to=date(2026, 3, 31))
        )
    assert report.bucket_labels == ("not due", "1-30", "31-60", "61-90", "> 90")
    assert [(r.partner, r.buckets[1], r.total) for r in report.rows] == [
        ("Wood", D("242.00"), D("242.00"))
    ]
