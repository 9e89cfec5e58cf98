"""schedule_for with a company working calendar: weekends, public holidays, extra days off."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.due_dates import Roll
from asiento.domain.errors import InvalidInput
from asiento.domain.money import money
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.payment_schedule import company_calendar, schedule_for
from asiento.services.reference import companies, company_settings, payment_terms
from asiento.store.tables import Company
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts

D = date.fromisoformat
NET_30_EOM = {
    "name": "Net 30 EOM",
    "lines": [{"kind": "balance", "due": {"months": 1, "end_of_month": True}}],
}
NET_15 = {"name": "15 Days", "lines": [{"kind": "balance", "due": {"days": 15}}]}
MADRID: dict[str, Any] = {
    "weekend_days": [5, 6],
    "holiday_country": "es",
    "holiday_subdivision": "MD",
    "extra_holidays": ["2026-04-30", "2026-04-30"],
}


def due_dates(uow: UnitOfWork, company: SeededCompany, term: dict[str, Any], day: str) -> list[str]:
    made = payment_terms.create_term(uow, company.id, term)
    with uow:
        row = uow.session.get(Company, company.id)
        assert row is not None
        total = money("500.00", "EUR")
        result = schedule_for(
            uow.session, row, term_id=made.id, invoice_date=D(day), total=total, untaxed=total
        )
    return [i.due_date.isoformat() for i in result]


def test_a_company_without_calendar_settings_works_every_day(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with uow:
        row = uow.session.get(Company, company.id)
        assert row is not None
        assert company_calendar(uow.session, row) is None
    # 31 January 2027 is a Sunday and stays the due date
    assert due_dates(uow, company, NET_30_EOM, "2026-12-15") == ["2027-01-31"]


def test_a_holiday_shift_crosses_the_month_end(uow: UnitOfWork, company: SeededCompany) -> None:
    company_settings.update_company(uow, company.id, CompanyChanges(**MADRID))

    # 30 April extra day off, 1 May Labour Day, 2 May Madrid's day (Saturday), 3 May Sunday
    assert due_dates(uow, company, NET_30_EOM, "2026-03-10") == ["2026-05-04"]


def test_a_backward_roll_moves_to_the_working_day_before(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    company_settings.update_company(
        uow, company.id, CompanyChanges(**MADRID, due_date_roll="backward")
    )

    assert due_dates(uow, company, NET_30_EOM, "2026-03-10") == ["2026-04-29"]


def test_public_holidays_of_the_next_year_are_known(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    company_settings.update_company(
        uow, company.id, CompanyChanges(weekend_days=[5, 6], holiday_country="ES")
    )

    # 1 January 2027 (Friday) is New Year's Day, then a weekend
    assert due_dates(uow, company, NET_15, "2026-12-17") == ["2027-01-04"]


def test_the_company_calendar_is_stored_and_read_back(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    changed = company_settings.update_company(uow, company.id, CompanyChanges(**MADRID))
    assert (changed.weekend_days, changed.holiday_country, changed.holiday_subdivision) == (
        "5,6",
        "ES",
        "MD",
    )
    assert changed.extra_holidays == "2026-04-30"
    with uow:
        row = uow.session.get(Company, company.id)
        assert row is not None
        calendar = company_calendar(uow.session, row, years=range(2026, 2027))
    assert calendar is not None
    assert (calendar.weekend, calendar.roll) == (frozenset({5, 6}), Roll.FORWARD)
    assert {D("2026-04-30"), D("2026-05-01"), D("2026-05-02")} <= calendar.holidays
    assert D("2027-01-01") not in calendar.holidays


def test_a_new_holiday_country_drops_the_old_subdivision(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    company_settings.update_company(uow, company.id, CompanyChanges(**MADRID))

    changed = company_settings.update_company(uow, company.id, CompanyChanges(holiday_country="DE"))

    assert (changed.holiday_country, changed.holiday_subdivision) == ("DE", None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"weekend_days": [5, 7]},
            "weekend_days",
            "weekend day 7 is not a weekday (0 = Monday .. 6 = Sunday)",
        ),
        (
            {"weekend_days": list(range(7))},
            "weekend_days",
            "a calendar needs at least one working weekday",
        ),
        (
            {"holiday_country": "XX"},
            "holiday_country",
            "holiday country 'XX' is not supported by the holidays package",
        ),
        (
            {"holiday_subdivision": "MD"},
            "holiday_subdivision",
            "a holiday subdivision needs a holiday country",
        ),
        (
            {"extra_holidays": ["2026-02-30"]},
            "extra_holidays",
            "extra holiday '2026-02-30' is not a date (YYYY-MM-DD)",
        ),
        (
            {"due_date_roll": "sideways"},
            "due_date_roll",
            "due_date_roll 'sideways' must be forward or backward",
        ),
    ],
)
def test_a_bad_calendar_setting_is_refused_and_nothing_changes(
    uow: UnitOfWork, company: SeededCompany, changes: dict[str, Any], field: str, message: str
) -> None:
    before = row_counts(uow)

    with pytest.raises(InvalidInput) as caught:
        company_settings.update_company(uow, company.id, CompanyChanges(**changes))

    assert (caught.value.field, caught.value.message) == (field, message)
    assert row_counts(uow) == before
    assert companies.get_company(uow, company.id).weekend_days == ""


def test_a_subdivision_of_another_country_is_refused(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with pytest.raises(InvalidInput, match="holiday subdivision 'BY' is not one of ES's: AN, AR"):
        company_settings.update_company(
            uow, company.id, CompanyChanges(holiday_country="ES", holiday_subdivision="BY")
        )

    assert companies.get_company(uow, company.id).holiday_country is None


def test_a_manual_due_date_wins_over_the_term(uow: UnitOfWork, company: SeededCompany) -> None:
    made = payment_terms.create_term(uow, company.id, NET_15)
    with uow:
        row = uow.session.get(Company, company.id)
        assert row is not None
        total = money("500.00", "EUR")
        result = schedule_for(
            uow.session,
            row,
            term_id=made.id,
            invoice_date=D("2026-02-21"),
            total=total,
            untaxed=total,
            manual_due_date=D("2026-06-30"),
        )
    assert [(i.due_date, i.amount) for i in result] == [(D("2026-06-30"), total)]
