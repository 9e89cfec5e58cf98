"""Property tests: balanced entries always post, the trial balance nets to zero, unbalanced never post."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from asiento.domain.errors import ValidationFailed
from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.tables import JournalItem
from asiento.store.uow import UnitOfWork

ACCOUNTS = ["1000", "1010", "1500", "2200", "3000", "4000", "6000", "6100", "6200"]
cents = st.integers(min_value=1, max_value=10**9)
FIXTURES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def balanced_lines(draw: st.DrawFn) -> tuple[LineInput, ...]:
    debits = draw(st.lists(cents, min_size=1, max_size=4))
    credits = draw(st.lists(cents, min_size=1, max_size=3))
    diff = sum(debits) - sum(credits)
    if diff > 0:
        credits.append(diff)
    elif diff < 0:
        debits.append(-diff)
    acc = st.sampled_from(ACCOUNTS)
    lines = [LineInput(draw(acc), debit=Decimal(c) / 100) for c in debits]
    lines += [LineInput(draw(acc), credit=Decimal(c) / 100) for c in credits]
    return tuple(draw(st.permutations(lines)))


def _trial_balance(uow: UnitOfWork, company_id: int) -> tuple[int, int]:
    with uow:
        row = uow.session.execute(
            select(
                func.coalesce(func.sum(JournalItem.debit), 0),
                func.coalesce(func.sum(JournalItem.credit), 0),
            ).where(JournalItem.company_id == company_id, JournalItem.parent_state == "posted")
        ).one()
        return int(row[0]), int(row[1])


@FIXTURES
@given(lines=balanced_lines(), day=st.dates(date(2025, 1, 1), date(2027, 12, 31)))
def test_generated_balanced_entries_always_post_and_the_trial_balance_nets_to_zero(
    uow: UnitOfWork, company: SeededCompany, lines: tuple[LineInput, ...], day: date
) -> None:
    view = ledger.create_entry(uow, company.id, EntryInput("MISC", day, lines), post=True)
    assert view.state == "posted"
    assert sum(i.debit for i in view.items) == sum(i.credit for i in view.items)
    debit, credit = _trial_balance(uow, company.id)
    assert debit == credit


@FIXTURES
@given(lines=balanced_lines(), skew=st.integers(min_value=1, max_value=10**6))
def test_generated_unbalanced_entries_are_always_refused(
    uow: UnitOfWork, company: SeededCompany, lines: tuple[LineInput, ...], skew: int
) -> None:
    first = lines[0]
    skewed = LineInput(
        first.account,
        debit=first.debit + Decimal(skew) / 100 if first.debit else Decimal(0),
        credit=first.credit + Decimal(skew) / 100 if first.credit else Decimal(0),
    )
    with pytest.raises(ValidationFailed, match="unbalanced"):
        ledger.create_entry(
            uow, company.id, EntryInput("MISC", date(2026, 6, 1), (skewed, *lines[1:])), post=True
        )
