"""Recurring schedules: periods due up to a date, short months, end dates and counts."""

from __future__ import annotations

import calendar
import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.errors import InvalidSchedule
from asiento.domain.recurrence import FREQUENCIES, STEP_MONTHS, Schedule, due, next_after

D = date.fromisoformat


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    """Any valid schedule within 2000-2060, with an end, a count, both or neither."""
    start = draw(st.dates(D("2000-01-01"), D("2060-12-31")))
    end = draw(st.none() | st.dates(start, D("2070-12-31")))
    return Schedule(
        frequency=draw(st.sampled_from(FREQUENCIES)),
        day=draw(st.integers(1, 31)),
        start=start,
        end=end,
        count=draw(st.none() | st.integers(1, 40)),
    )


UNTIL = st.dates(D("1999-01-01"), D("2075-12-31"))


def test_day_31_is_the_last_day_of_shorter_months() -> None:
    s = Schedule("monthly", 31, D("2026-01-01"))
    dates = [o.invoice_date for o in due(s, D("2026-06-30"))]
    assert dates == [D("2026-01-31"), D("2026-02-28"), D("2026-03-31"), D("2026-04-30"),
                     D("2026-05-31"), D("2026-06-30")]  # fmt: skip


def test_leap_february_gets_the_29th() -> None:
    s = Schedule("monthly", 30, D("2028-02-01"), count=1)
    assert [o.invoice_date for o in due(s, D("2028-12-31"))] == [D("2028-02-29")]


def test_a_start_after_the_day_begins_with_the_next_period() -> None:
    s = Schedule("quarterly", 10, D("2026-02-15"))
    occurrences = due(s, D("2026-12-31"))
    assert [o.period for o in occurrences] == [D("2026-05-01"), D("2026-08-01"), D("2026-11-01")]
    assert [o.invoice_date for o in occurrences] == [D("2026-05-10"), D("2026-08-10"),
                                                     D("2026-11-10")]  # fmt: skip


def test_count_and_end_date_stop_the_schedule() -> None:
    by_count = Schedule("monthly", 1, D("2026-01-01"), count=3)
    assert len(due(by_count, D("2030-01-01"))) == 3
    assert next_after(by_count, D("2030-01-01")) is None
    by_end = Schedule("yearly", 15, D("2026-03-01"), end=D("2028-03-14"))
    assert [o.invoice_date for o in due(by_end, D("2030-01-01"))] == [D("2026-03-15"),
                                                                     D("2027-03-15")]  # fmt: skip


def test_nothing_is_due_before_the_first_invoice_date() -> None:
    s = Schedule("monthly", 20, D("2026-01-05"))
    assert due(s, D("2026-01-19")) == []
    nxt = next_after(s, D("2026-01-19"))
    assert nxt is not None and nxt.invoice_date == D("2026-01-20")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"frequency": "weekly"}, "frequency"),
        ({"day": 0}, "day"),
        ({"day": 32}, "day"),
        ({"count": 0}, "count"),
        ({"end": D("2025-12-31")}, "end_date"),
    ],
)
def test_invalid_schedules_are_refused_naming_the_field(values: dict, field: str) -> None:
    base = {"frequency": "monthly", "day": 1, "start": D("2026-01-01")} | values
    with pytest.raises(InvalidSchedule) as caught:
        Schedule(**base)
    assert caught.value.field == field


@given(schedules(), UNTIL)
def test_invoice_dates_increase_within_start_end_and_count(s: Schedule, until: date) -> None:
    occurrences = due(s, until)
    dates = [o.invoice_date for o in occurrences]
    assert dates == sorted(set(dates))
    assert all(s.start <= d <= until for d in dates)
    assert s.end is None or all(d <= s.end for d in dates)
    assert s.count is None or len(dates) <= s.count
    assert [o.index for o in occurrences] == list(range(len(occurrences)))


@given(schedules(), UNTIL)
def test_invoice_day_is_the_day_or_the_month_end(s: Schedule, until: date) -> None:
    for o in due(s, until):
        last = calendar.monthrange(o.period.year, o.period.month)[1]
        assert o.period.day == 1
        assert (o.invoice_date.year, o.invoice_date.month) == (o.period.year, o.period.month)
        assert o.invoice_date.day == min(s.day, last)


@given(schedules(), UNTIL)
def test_periods_are_one_step_apart(s: Schedule, until: date) -> None:
    months = [o.period.year * 12 + o.period.month for o in due(s, until)]
    step = STEP_MONTHS[s.frequency]
    assert all(b - a == step for a, b in itertools.pairwise(months))


@given(schedules(), UNTIL, UNTIL)
def test_an_earlier_run_is_a_prefix_of_a_later_one(s: Schedule, a: date, b: date) -> None:
    early, late = sorted((a, b))
    assert due(s, late)[: len(due(s, early))] == due(s, early)


@given(schedules(), UNTIL)
def test_next_after_is_the_first_occurrence_past_until(s: Schedule, until: date) -> None:
    nxt = next_after(s, until)
    if nxt is not None:
        assert nxt.invoice_date > until
        assert due(s, nxt.invoice_date)[-1] == nxt
