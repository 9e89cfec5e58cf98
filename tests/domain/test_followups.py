"""Follow-up rules: level reached, escalation, credits and the never-twice rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.followups import (
    LevelRule,
    OpenItem,
    PastReminder,
    ReminderPlan,
    Skip,
    check_levels,
    level_for,
    plan_reminder,
)

D = Decimal
AS_OF = date(2026, 6, 30)
LEVELS = (
    LevelRule(1, 1, "Friendly", 15, send_email=True),
    LevelRule(2, 2, "Firm", 30, send_email=True, send_letter=True),
    LevelRule(3, 3, "Final", 45, send_letter=True, manual_call=True),
)


def item(item_id: int, residual: str, days_overdue: int, due: bool = True) -> OpenItem:
    maturity = AS_OF - timedelta(days=days_overdue)
    return OpenItem(
        item_id, f"INV/{item_id}", "", maturity, maturity if due else None, D(residual), D(residual)
    )


def test_level_reached_at_exactly_its_days() -> None:
    assert [getattr(level_for(LEVELS, d), "name", None) for d in (14, 15, 29, 30, 44, 45, 400)] == [
        None,
        "Friendly",
        "Friendly",
        "Firm",
        "Firm",
        "Final",
        "Final",
    ]


@given(st.integers(min_value=-30, max_value=400), st.integers(min_value=0, max_value=30))
def test_a_later_day_never_lowers_the_level(days: int, extra: int) -> None:
    before, after = level_for(LEVELS, days), level_for(LEVELS, days + extra)
    assert (before.days if before else 0) <= (after.days if after else 0)


def test_levels_must_escalate_with_sequence() -> None:
    bad = (*LEVELS, LevelRule(4, 4, "Backwards", 40, send_letter=True))
    [problem] = check_levels(bad)
    assert problem.code == "not_escalating"
    assert (
        "'Backwards' (sequence 4, 40 days) follows 'Final' (sequence 3, 45 days)" in problem.message
    )
    assert check_levels(LEVELS) == []


def test_item_without_due_date_is_overdue_from_its_date() -> None:
    plan = plan_reminder([item(1, "10.00", 20, due=False)], LEVELS, AS_OF)
    assert isinstance(plan, ReminderPlan) and plan.level.name == "Friendly"


def test_credits_are_listed_and_netted() -> None:
    plan = plan_reminder([item(1, "100.00", 31), item(2, "-40.00", 3)], LEVELS, AS_OF)
    assert isinstance(plan, ReminderPlan)
    assert [i.item_id for i in plan.items] == [1, 2]
    assert (plan.total_due, plan.total_overdue, plan.overdue_item_ids) == (
        D("60.00"),
        D("100.00"),
        frozenset({1}),
    )


def test_nothing_overdue_or_net_credit_is_skipped() -> None:
    assert plan_reminder([item(1, "10.00", 0)], LEVELS, AS_OF) == Skip("nothing_overdue")
    assert plan_reminder([item(1, "10.00", 20), item(2, "-10.00", 1)], LEVELS, AS_OF) == Skip(
        "net_credit"
    )


def test_a_channel_is_not_repeated_for_items_already_reminded_at_this_level_or_above() -> None:
    items = [item(1, "10.00", 35)]
    sent_email = PastReminder(30, "email", frozenset({1}))
    plan = plan_reminder(items, LEVELS, AS_OF, [sent_email])
    assert isinstance(plan, ReminderPlan) and plan.channels == ("letter",)
    both = [sent_email, PastReminder(30, "letter", frozenset({1}))]
    assert plan_reminder(items, LEVELS, AS_OF, both) == Skip("already_sent", LEVELS[1])
    lower = [PastReminder(15, "email", frozenset({1}))]
    plan = plan_reminder(items, LEVELS, AS_OF, lower)
    assert isinstance(plan, ReminderPlan) and plan.channels == ("email", "letter")
