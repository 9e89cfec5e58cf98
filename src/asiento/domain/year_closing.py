"""Fiscal year closing: the closing entry and what blocks it.

Closing a year posts one entry on its last day that brings every income and
expense account of the year to zero against retained earnings, then locks the
year. There is no opening entry: balance-sheet accounts (retained earnings
included) carry forward by summation, and receivable/payable items stay open
with their reconciliation links. Re-opening reverses the closing entry.

Invariants:
    - the closing entry balances: its retained-earnings item is minus the sum
      of the P&L items (the year's net result);
    - after it, every P&L account's balance over the year is zero;
    - a year closes only when nothing of it is still a draft or unreconciled
      (``blocker_problems`` lists each document);
    - ``YEAR_TRANSITIONS`` is the whole state machine: open <-> closed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from asiento.domain.entries import ItemDraft
from asiento.domain.errors import Problem, YearClosed, YearNotClosable, YearNotClosed

ZERO = Decimal(0)
YEAR_TRANSITIONS = frozenset({("open", "closed"), ("closed", "open")})
CLOSING_ORIGIN = "year_closing"
"""``origin_kind`` of closing entries and of their reversals (origin id: the fiscal year)."""

BLOCKER_KINDS = ("entry", "invoice", "payment", "statement", "statement_line")


@dataclass(frozen=True, slots=True)
class Blocker:
    """One document of the year that stops it from closing."""

    kind: str
    id: int
    label: str
    day: date | None
    reason: str


def require_transition(year: str, state: str, target: str) -> None:
    """Raise unless ``state -> target`` is in ``YEAR_TRANSITIONS``."""
    if (state, target) in YEAR_TRANSITIONS:
        return
    if target == "closed":
        raise YearClosed(f"fiscal year {year} is already closed", field="year")
    raise YearNotClosed(f"fiscal year {year} is not closed", field="year")


def blocker_problems(blockers: Sequence[Blocker]) -> list[Problem]:
    """One problem per blocking document: ``field`` names it (``invoice 12``)."""
    return [
        Problem(
            field=f"{b.kind} {b.id}",
            message=f"{b.label} ({b.day.isoformat() if b.day else 'no date'}) {b.reason}",
            code=b.kind,
        )
        for b in blockers
    ]


def check_closable(year: str, blockers: Sequence[Blocker]) -> None:
    """Refuse to close while any document of the year is a draft or unreconciled."""
    if blockers:
        raise YearNotClosable(year, blocker_problems(blockers))


def closing_items(
    balances: Mapping[int, Decimal], retained_earnings_id: int, label: str
) -> list[ItemDraft]:
    """Items that bring each P&L balance to zero, the net result to retained earnings.

    Args:
        balances: debit-positive balance of the year per P&L account (company currency).
        retained_earnings_id: the equity account from the company settings.
        label: the items' label (``Closing of fiscal year 2026``).

    Returns:
        One item per non-zero account, in account id order, then the retained
        earnings item (none when the result is exactly zero); empty when every
        balance is zero.
    """
    items = [
        ItemDraft(
            account_id=account_id,
            debit=-amount if amount < 0 else ZERO,
            credit=amount if amount > 0 else ZERO,
            label=label,
        )
        for account_id, amount in sorted(balances.items())
        if amount != 0
    ]
    result = sum((a for a in balances.values()), ZERO)
    if items and result != 0:
        items.append(
            ItemDraft(
                account_id=retained_earnings_id,
                debit=result if result > 0 else ZERO,
                credit=-result if result < 0 else ZERO,
                label=label,
            )
        )
    return items


def net_result(balances: Mapping[int, Decimal]) -> Decimal:
    """Profit (positive) or loss of the year from debit-positive P&L balances."""
    return -sum(balances.values(), ZERO)
