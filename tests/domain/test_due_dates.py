"""Due-date rules: month ends, leap years, payment days and company calendars."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.due_dates import DueDateRule, Roll, WorkingCalendar, next_payment_day
from asiento.domain.errors import InvalidInput, PaymentTermInvalid, WorkingCalendarInvalid

D = date.fromisoformat


@st.composite
def due_date_rules(draw: st.DrawFn) -> DueDateRule:
    """Any valid rule, within the sizes real terms use."""
    end_of_month = draw(st.booleans())
    day_of_month = None if end_of_month else draw(st.none() | st.integers(1, 31))
    return DueDateRule(
        days=draw(st.integers(0, 400)),
        months=draw(st.integers(0, 24)),
        end_of_month=end_of_month,
        day_of_month=day_of_month,
        payment_days=tuple(draw(st.lists(st.integers(1, 31), max_size=3))),
    )


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar | None:
    """No calendar, or any valid one with holidays around 2000-2100."""
    if draw(st.booleans()):
        return None
    weekend = draw(st.frozensets(st.integers(0, 6), max_size=6))
    days_off = draw(st.frozensets(st.dates(D("2000-01-01"), D("2103-12-31")), max_size=30))
    return WorkingCalendar(weekend=weekend, holidays=days_off, roll=draw(st.sampled_from(Roll)))


invoice_dates = st.dates(D("2000-01-01"), D("2100-12-31"))


@pytest.mark.parametrize(
    ("rule", "invoice_date", "expected"),
    [
        (DueDateRule(), "2026-02-21", "2026-02-21"),
        (DueDateRule(days=15), "2026-02-21", "2026-03-08"),
        (DueDateRule(days=15), "2024-02-20", "2024-03-06"),
        (DueDateRule(days=15), "2026-12-20", "2027-01-04"),
        (DueDateRule(months=1, day_of_month=21), "2026-02-21", "2026-03-21"),
        (DueDateRule(months=1, day_of_month=21), "2026-01-31", "2026-02-21"),
        (DueDateRule(months=1, day_of_month=21), "2026-12-05", "2027-01-21"),
        (DueDateRule(end_of_month=True), "2026-02-10", "2026-02-28"),
        (DueDateRule(end_of_month=True), "2024-02-10", "2024-02-29"),
        (DueDateRule(end_of_month=True), "2026-04-30", "2026-04-30"),
        (DueDateRule(months=1, end_of_month=True), "2026-02-21", "2026-03-31"),
        (DueDateRule(months=1, end_of_month=True), "2026-01-31", "2026-02-28"),
        (DueDateRule(months=1, end_of_month=True), "2024-01-15", "2024-02-29"),
        (DueDateRule(months=1, end_of_month=True), "2026-12-15", "2027-01-31"),
        (DueDateRule(end_of_month=True, days=10), "2026-02-03", "2026-03-10"),
        (DueDateRule(end_of_month=True, days=10), "2024-02-03", "2024-03-10"),
        (DueDateRule(end_of_month=True, days=10), "2026-12-03", "2027-01-10"),
        (DueDateRule(end_of_month=True, days=45), "2026-01-20", "2026-03-17"),
        (DueDateRule(end_of_month=True, days=45), "2024-01-20", "2024-03-16"),
    ],
)
def test_each_rule_gives_its_due_date(rule: DueDateRule, invoice_date: str, expected: str) -> None:
    assert rule.due_date(D(invoice_date)) == D(expected)


@pytest.mark.parametrize(
    ("rule", "invoice_date", "expected"),
    [
        (DueDateRule(months=1), "2026-01-31", "2026-02-28"),
        (DueDateRule(months=1), "2024-01-31", "2024-02-29"),
        (DueDateRule(months=1), "2026-03-31", "2026-04-30"),
        (DueDateRule(months=1), "2026-08-31", "2026-09-30"),
        (DueDateRule(months=2), "2025-12-31", "2026-02-28"),
        (DueDateRule(months=12), "2024-02-29", "2025-02-28"),
        (DueDateRule(months=48), "2024-02-29", "2028-02-29"),
        (DueDateRule(months=1, day_of_month=31), "2026-03-15", "2026-04-30"),
        (DueDateRule(months=1, day_of_month=30), "2026-01-10", "2026-02-28"),
        (DueDateRule(months=1, day_of_month=30), "2024-01-10", "2024-02-29"),
        (DueDateRule(months=1, day_of_month=29), "2100-01-10", "2100-02-28"),
        (DueDateRule(months=1, day_of_month=29), "2000-01-10", "2000-02-29"),
    ],
)
def test_month_arithmetic_clamps_to_the_last_day_of_short_months(
    rule: DueDateRule, invoice_date: str, expected: str
) -> None:
    assert rule.due_date(D(invoice_date)) == D(expected)


@pytest.mark.parametrize(
    ("day_of_month", "invoice_date", "expected"),
    [
        (25, "2026-02-21", "2026-02-25"),
        (21, "2026-02-21", "2026-02-21"),
        (10, "2026-02-21", "2026-03-10"),
        (31, "2026-02-21", "2026-02-28"),
        (5, "2026-12-21", "2027-01-05"),
    ],
)
def test_a_day_of_the_invoice_month_that_has_passed_means_the_next_month(
    day_of_month: int, invoice_date: str, expected: str
) -> None:
    rule = DueDateRule(day_of_month=day_of_month)

    assert rule.due_date(D(invoice_date)) == D(expected)


@pytest.mark.parametrize(
    ("rule", "invoice_date", "expected"),
    [
        (DueDateRule(payment_days=(10, 25)), "2026-02-21", "2026-02-25"),
        (DueDateRule(payment_days=(10, 25)), "2026-02-25", "2026-02-25"),
        (DueDateRule(payment_days=(10, 25)), "2026-02-26", "2026-03-10"),
        (DueDateRule(payment_days=(10, 25)), "2026-12-28", "2027-01-10"),
        (DueDateRule(payment_days=(25, 10)), "2026-02-05", "2026-02-10"),
        (DueDateRule(payment_days=(30,)), "2026-02-15", "2026-02-28"),
        (DueDateRule(payment_days=(30,)), "2024-02-15", "2024-02-29"),
        (DueDateRule(payment_days=(31,)), "2026-04-30", "2026-04-30"),
        (DueDateRule(days=30, payment_days=(10, 25)), "2026-01-31", "2026-03-10"),
        (DueDateRule(months=1, end_of_month=True, payment_days=(10,)), "2026-02-21", "2026-04-10"),
    ],
)
def test_payment_days_move_the_date_forward_to_the_next_of_them(
    rule: DueDateRule, invoice_date: str, expected: str
) -> None:
    assert rule.due_date(D(invoice_date)) == D(expected)


def test_payment_days_are_kept_sorted_and_without_duplicates() -> None:
    assert DueDateRule(payment_days=(25, 10, 25)).payment_days == (10, 25)


def test_next_payment_day_wraps_into_the_next_year() -> None:
    assert next_payment_day(D("2026-12-31"), (15,)) == D("2027-01-15")


def test_a_due_date_on_a_weekend_moves_to_monday() -> None:
    calendar = WorkingCalendar()

    assert DueDateRule(days=15).due_date(D("2026-02-21"), calendar) == D("2026-03-09")


def test_a_holiday_shift_crosses_the_month_end() -> None:
    calendar = WorkingCalendar(holidays=frozenset({D("2026-11-02")}))
    rule = DueDateRule(end_of_month=True)

    # 31 October 2026 is a Saturday, 1 November a Sunday, 2 November a holiday
    assert rule.due_date(D("2026-10-05"), calendar) == D("2026-11-03")


def test_holidays_over_new_year_move_the_date_into_the_next_year() -> None:
    calendar = WorkingCalendar(holidays=frozenset({D("2026-12-31"), D("2027-01-01")}))
    rule = DueDateRule(months=1, end_of_month=True)

    assert rule.due_date(D("2026-11-20"), calendar) == D("2027-01-04")


def test_a_backward_calendar_moves_to_the_working_day_before() -> None:
    calendar = WorkingCalendar(holidays=frozenset({D("2026-10-30")}), roll=Roll.BACKWARD)
    rule = DueDateRule(end_of_month=True)

    assert rule.due_date(D("2026-10-05"), calendar) == D("2026-10-29")


def test_a_backward_roll_never_goes_before_the_invoice_date() -> None:
    calendar = WorkingCalendar(roll=Roll.BACKWARD)

    # 21 February 2026 is a Saturday: Friday the 20th would precede the invoice
    assert DueDateRule().due_date(D("2026-02-21"), calendar) == D("2026-02-23")


def test_a_due_date_on_a_working_day_does_not_move() -> None:
    calendar = WorkingCalendar(roll=Roll.BACKWARD)

    assert DueDateRule(days=10).due_date(D("2026-02-21"), calendar) == D("2026-03-03")


def test_a_custom_weekend_is_respected() -> None:
    friday_saturday = WorkingCalendar(weekend=frozenset({4, 5}))

    # 31 July 2026 is a Friday
    assert DueDateRule(end_of_month=True).due_date(D("2026-07-01"), friday_saturday) == D(
        "2026-08-02"
    )


def test_a_calendar_built_from_the_holidays_package_skips_christmas() -> None:
    german = holidays.country_holidays("DE", years=range(2026, 2028))
    calendar = WorkingCalendar(holidays=frozenset(german.keys()))

    # Friday 25 and Saturday 26 December 2026 are holidays, Sunday is weekend
    assert DueDateRule(day_of_month=25).due_date(D("2026-12-01"), calendar) == D("2026-12-28")


def test_a_calendar_accepts_plain_sets_and_freezes_them() -> None:
    calendar = WorkingCalendar(weekend={6}, holidays={D("2026-01-01")})  # type: ignore[arg-type]

    assert calendar.weekend == frozenset({6})
    assert calendar.holidays == frozenset({D("2026-01-01")})


@pytest.mark.parametrize("weekend", [frozenset(range(7)), frozenset({7}), frozenset({-1})])
def test_a_calendar_without_a_working_weekday_is_refused(weekend: frozenset[int]) -> None:
    with pytest.raises(WorkingCalendarInvalid) as caught:
        WorkingCalendar(weekend=weekend)

    assert caught.value.code == "working_calendar_invalid"


@pytest.mark.parametrize(
    ("values", "field", "code", "message"),
    [
        ({"days": -5}, "days", "negative_days", "days -5 is negative"),
        ({"months": -1}, "months", "negative_months", "months -1 is negative"),
        ({"days": 4000}, "days", "days_out_of_range", "days 4000 is outside 0..3660"),
        (
            {"day_of_month": 32},
            "day_of_month",
            "day_of_month_out_of_range",
            "day of month 32 is outside 1..31",
        ),
        (
            {"day_of_month": 0},
            "day_of_month",
            "day_of_month_out_of_range",
            "day of month 0 is outside 1..31",
        ),
        (
            {"payment_days": (10, 40)},
            "payment_days",
            "payment_days_out_of_range",
            "payment day 40 is outside 1..31",
        ),
        ({"days": "5"}, "days", "not_a_whole_number", "days '5' is not a whole number"),
        ({"days": True}, "days", "not_a_whole_number", "days True is not a whole number"),
        (
            {"end_of_month": True, "day_of_month": 21},
            "day_of_month",
            "end_of_month_and_day_of_month",
            "end of month and day of month 21 exclude each other",
        ),
    ],
)
def test_a_bad_rule_is_refused_with_a_precise_problem(
    values: dict[str, object], field: str, code: str, message: str
) -> None:
    with pytest.raises(PaymentTermInvalid) as caught:
        DueDateRule(**values)  # type: ignore[arg-type]

    problem = caught.value.problems[0]
    assert (problem.field, problem.code, problem.message) == (field, code, message)
    assert isinstance(caught.value, InvalidInput)
    assert caught.value.status == 422


def test_a_rule_reports_every_problem_at_once() -> None:
    with pytest.raises(PaymentTermInvalid) as caught:
        DueDateRule(days=-1, day_of_month=40)

    assert [p.code for p in caught.value.problems] == ["negative_days", "day_of_month_out_of_range"]
    assert caught.value.message == "days -1 is negative (and 1 more)"


def test_a_rule_round_trips_through_its_dict_form() -> None:
    rule = DueDateRule(days=5, months=1, day_of_month=21, payment_days=(10, 25))

    assert rule.to_dict() == {"days": 5, "months": 1, "day_of_month": 21, "payment_days": [10, 25]}
    assert DueDateRule.from_dict(rule.to_dict()) == rule
    assert DueDateRule().to_dict() == {}


def test_a_rule_dict_with_an_unknown_key_is_refused() -> None:
    with pytest.raises(PaymentTermInvalid) as caught:
        DueDateRule.from_dict({"day": 21})

    assert caught.value.problems[0].code == "unknown_key"
    assert caught.value.message == "unknown key 'day' in a due date rule"


@given(rule=due_date_rules(), invoice_date=invoice_dates, calendar=calendars())
def test_a_due_date_is_never_before_the_invoice_date(
    rule: DueDateRule, invoice_date: date, calendar: WorkingCalendar | None
) -> None:
    assert rule.due_date(invoice_date, calendar) >= invoice_date


@given(rule=due_date_rules(), invoice_date=invoice_dates, calendar=calendars())
def test_a_due_date_under_a_calendar_is_a_working_day(
    rule: DueDateRule, invoice_date: date, calendar: WorkingCalendar | None
) -> None:
    due = rule.due_date(invoice_date, calendar)

    assert calendar is None or calendar.is_working_day(due)


@given(rule=due_date_rules(), invoice_date=invoice_dates)
def test_a_forward_calendar_moves_a_date_no_further_than_the_days_off_in_a_row(
    rule: DueDateRule, invoice_date: date
) -> None:
    calendar = WorkingCalendar(
        holidays=frozenset({invoice_date + timedelta(days=n) for n in (3, 4)})
    )
    plain = rule.due_date(invoice_date)
    shifted = rule.due_date(invoice_date, calendar)

    assert plain <= shifted <= plain + timedelta(days=4)
