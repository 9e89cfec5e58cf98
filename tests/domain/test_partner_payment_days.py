"""Partners' payment days ("días de pago"): after the term, before the working calendar."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.due_dates import (
    DueDateRule,
    Roll,
    WorkingCalendar,
    on_payment_day,
    parse_payment_days,
)
from asiento.domain.errors import InvalidInput
from asiento.domain.installments import compute_installments
from asiento.domain.money import money
from asiento.domain.payment_terms import PaymentTerm

D = date.fromisoformat
DAYS = st.lists(st.integers(1, 31), min_size=1, max_size=4).map(lambda d: tuple(sorted(set(d))))
DATES = st.dates(D("2000-01-01"), D("2099-12-31"))


def _is_payment_day(day: date, days: tuple[int, ...]) -> bool:
    last = calendar.monthrange(day.year, day.month)[1]
    return any(min(d, last) == day.day for d in days)


@given(DATES, DAYS)
def test_a_due_date_never_moves_backward(due: date, days: tuple[int, ...]) -> None:
    assert on_payment_day(due, days) >= due


@given(DATES, DAYS)
def test_the_moved_date_is_a_payment_day(due: date, days: tuple[int, ...]) -> None:
    assert _is_payment_day(on_payment_day(due, days), days)


@given(DATES, DAYS)
def test_no_payment_day_is_skipped(due: date, days: tuple[int, ...]) -> None:
    moved = on_payment_day(due, days)
    between = (due + timedelta(n) for n in range((moved - due).days))
    assert not any(_is_payment_day(day, days) for day in between)


@given(DATES, DAYS)
def test_moving_twice_changes_nothing(due: date, days: tuple[int, ...]) -> None:
    once = on_payment_day(due, days)
    assert on_payment_day(once, days) == once


@given(DATES)
def test_no_payment_days_leave_the_date_alone(due: date) -> None:
    assert on_payment_day(due, ()) == due


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2026-03-01", "2026-03-05"),
        ("2026-03-05", "2026-03-05"),
        ("2026-03-06", "2026-03-20"),
        ("2026-03-21", "2026-04-05"),
        ("2026-12-31", "2027-01-05"),
    ],
)
def test_days_5_and_20(due: str, expected: str) -> None:
    assert on_payment_day(D(due), (5, 20)) == D(expected)


def test_the_partner_days_come_after_the_term_and_before_the_calendar() -> None:
    # Net 30 from 2026-01-02 is Sunday 2026-02-01 -> partner pays on the 5th:
    # Thursday 2026-02-05 ... unless the 5th is a holiday: then the calendar rolls on
    rule = DueDateRule(days=30)
    assert rule.due_date(D("2026-01-02"), None, (5, 20)) == D("2026-02-05")
    closed = WorkingCalendar(weekend=frozenset({5, 6}), holidays=frozenset({D("2026-02-05")}))
    assert rule.due_date(D("2026-01-02"), closed, (5, 20)) == D("2026-02-06")
    backward = WorkingCalendar(
        weekend=frozenset({5, 6}), holidays=frozenset({D("2026-02-05")}), roll=Roll.BACKWARD
    )
    assert rule.due_date(D("2026-01-02"), backward, (5, 20)) == D("2026-02-04")


def test_installments_take_the_partner_days() -> None:
    term = PaymentTerm.from_dict(
        {
            "name": "50/50",
            "lines": [
                {"kind": "percent", "value": "50", "due": {"days": 30}},
                {"kind": "balance", "due": {"days": 60}},
            ],
        }
    )
    found = compute_installments(
        term, money(Decimal("1000.00"), "EUR"), D("2026-03-10"), partner_days=(5, 20)
    )
    assert [(i.due_date, i.amount.amount) for i in found] == [
        (D("2026-04-20"), Decimal("500.00")),
        (D("2026-05-20"), Decimal("500.00")),
    ]


def test_parse_payment_days() -> None:
    assert parse_payment_days("20, 5,5") == (5, 20)
    assert parse_payment_days([31, 1]) == (1, 31)
    assert parse_payment_days("") == ()
    with pytest.raises(InvalidInput, match="payment day '32'"):
        parse_payment_days("5,32")
    with pytest.raises(InvalidInput, match="payment day 'x'"):
        parse_payment_days("x")
