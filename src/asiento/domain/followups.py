"""Follow-up rules: which reminder level a customer has reached, and what it lists.

A customer's open receivable items are the unreconciled items (residual != 0)
of posted entries on reconcilable receivable accounts. Debit residuals are
invoices (or installments) still to be paid; credit residuals are unreconciled
credits such as an advance payment. Services load the items, leave out disputed
ones, and call ``plan_reminder`` once per customer.

Invariants:
    - Levels escalate: ordered by ``sequence`` their ``days`` strictly increase,
      every level has at least one channel and ``days >= 1`` (``check_levels``).
    - The level reached is the highest one whose ``days`` the OLDEST overdue item
      has reached (``level_for``); an item is overdue the day after its due date
      (its date when it has none).
    - A reminder lists every open item, credits included, and its net total is the
      sum of their residuals; no reminder when the net total is not positive.
    - A channel of a level is never repeated for the same overdue items: it is
      skipped when an earlier reminder through that channel, at this level or a
      higher one, already listed every item that is overdue now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from asiento.domain.errors import InvalidFollowupLevel, Problem

CHANNELS = ("email", "letter", "call")
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class LevelRule:
    """A follow-up level as the rules see it."""

    id: int
    sequence: int
    name: str
    days: int
    send_email: bool = False
    send_letter: bool = False
    manual_call: bool = False

    @property
    def channels(self) -> tuple[str, ...]:
        flags = (self.send_email, self.send_letter, self.manual_call)
        return tuple(c for c, on in zip(CHANNELS, flags, strict=True) if on)


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An unreconciled receivable item; amounts in company currency, residual signed."""

    item_id: int
    number: str
    ref: str
    date: dt.date
    due_date: dt.date | None
    original: Decimal
    residual: Decimal

    @property
    def maturity(self) -> dt.date:
        return self.due_date or self.date

    def days_overdue(self, as_of: dt.date) -> int:
        return (as_of - self.maturity).days

    @property
    def is_credit(self) -> bool:
        return self.residual < 0


@dataclass(frozen=True, slots=True)
class PastReminder:
    """One channel of an earlier reminder: its level and the items then overdue."""

    level_days: int
    channel: str
    overdue_item_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class ReminderPlan:
    """What one customer gets: the level, the channels still to use, every open item."""

    level: LevelRule
    channels: tuple[str, ...]
    items: tuple[OpenItem, ...]
    overdue_item_ids: frozenset[int]
    oldest_days_overdue: int
    total_due: Decimal
    total_overdue: Decimal


@dataclass(frozen=True, slots=True)
class Skip:
    """Why a customer gets nothing: ``nothing_overdue``, ``net_credit``,
    ``below_first_level`` or ``already_sent``."""

    reason: str
    level: LevelRule | None = None


def check_levels(levels: Sequence[LevelRule]) -> list[Problem]:
    """Every problem that stops ``levels`` from forming an escalation."""
    problems: list[Problem] = []
    for n, lv in enumerate(levels):
        if not lv.name.strip():
            problems.append(Problem(f"levels[{n}].name", "a level needs a name", "blank"))
        if lv.days < 1:
            problems.append(Problem(f"levels[{n}].days", "days must be at least 1", "days"))
        if lv.sequence < 1:
            problems.append(Problem(f"levels[{n}].sequence", "sequence must be at least 1"))
        if not lv.channels:
            problems.append(
                Problem(f"levels[{n}]", f"level {lv.name!r} has no channel", "no_channel")
            )
    ordered = sorted(levels, key=lambda lv: lv.sequence)
    for prev, nxt in pairwise(ordered):
        if nxt.sequence == prev.sequence or nxt.days <= prev.days:
            problems.append(
                Problem(
                    "days",
                    f"levels must escalate: {nxt.name!r} (sequence {nxt.sequence}, "
                    f"{nxt.days} days) follows {prev.name!r} (sequence {prev.sequence}, "
                    f"{prev.days} days)",
                    "not_escalating",
                )
            )
    return problems


def require_levels(levels: Sequence[LevelRule]) -> None:
    problems = check_levels(levels)
    if problems:
        first = problems[0]
        raise InvalidFollowupLevel(first.message, field=first.field)


def level_for(levels: Iterable[LevelRule], days_overdue: int) -> LevelRule | None:
    """The highest level whose ``days`` has been reached, or None."""
    reached = [lv for lv in levels if lv.days <= days_overdue]
    return max(reached, key=lambda lv: lv.days) if reached else None


def channels_due(
    level: LevelRule, overdue_ids: frozenset[int], history: Iterable[PastReminder]
) -> tuple[str, ...]:
    """The level's channels not yet used for these overdue items (at this level or above)."""
    covered: dict[str, set[int]] = {}
    for past in history:
        if past.level_days >= level.days:
            covered.setdefault(past.channel, set()).update(past.overdue_item_ids)
    return tuple(c for c in level.channels if not overdue_ids <= covered.get(c, set()))


def plan_reminder(
    items: Sequence[OpenItem],
    levels: Sequence[LevelRule],
    as_of: dt.date,
    history: Iterable[PastReminder] = (),
) -> ReminderPlan | Skip:
    """The reminder one customer should get on ``as_of`` (disputed items already removed)."""
    open_items = tuple(sorted(items, key=lambda i: (i.maturity, i.item_id)))
    overdue = [i for i in open_items if not i.is_credit and i.days_overdue(as_of) >= 1]
    if not overdue:
        return Skip("nothing_overdue")
    total_due = sum((i.residual for i in open_items), ZERO)
    if total_due <= 0:
        return Skip("net_credit")
    oldest = max(i.days_overdue(as_of) for i in overdue)
    level = level_for(levels, oldest)
    if level is None:
        return Skip("below_first_level")
    overdue_ids = frozenset(i.item_id for i in overdue)
    channels = channels_due(level, overdue_ids, history)
    if not channels:
        return Skip("already_sent", level)
    return ReminderPlan(
        level=level,
        channels=channels,
        items=open_items,
        overdue_item_ids=overdue_ids,
        oldest_days_overdue=oldest,
        total_due=total_due,
        total_overdue=sum((i.residual for i in overdue), ZERO),
    )
