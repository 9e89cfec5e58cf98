"""Automatic matching of payments with open items: propose a match only when exactly one fits.

For one partner and one account, each payment (a credit on a receivable, a
debit on a payable) is matched with open items of the other side:

1. reference: the payment's communication names an item's document number
   (whole, or its trailing sequence number without leading zeros) or its
   payment reference -> those items, whatever the amounts;
2. otherwise every set of at most ``max_items`` open items whose amounts sum
   exactly to the payment is a candidate (a single item of exactly the amount
   is the one-item case). One candidate -> matched; several -> ambiguous,
   nothing is matched and the candidate sets are reported; none -> untouched;
3. the search is bounded by ``max_steps``; beyond it the payment is reported
   as "too many candidates" and left alone.

Invariants: a decision never names an item twice; an item matched by one
payment is not offered to the next payment of the same run; the function
never guesses between two fitting sets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_ITEMS = 6
MAX_STEPS = 20_000
MAX_REPORTED = 10
_TOKEN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True, slots=True)
class Candidate:
    """An open item that a payment could settle; ``amount`` unsigned minor units."""

    id: int
    amount: int
    refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PaymentLine:
    """An open payment item; ``amount`` unsigned minor units."""

    id: int
    amount: int
    communication: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one payment. ``kind``: reference, exact, combination, ambiguous,
    too_many or none; ``item_ids`` is set only for the first three."""

    payment_id: int
    kind: str
    item_ids: tuple[int, ...] = ()
    candidates: tuple[tuple[int, ...], ...] = field(default_factory=tuple)

    @property
    def matched(self) -> bool:
        return bool(self.item_ids)


def _keys(ref: str) -> set[str]:
    """What in a communication names ``ref``: the whole ref, and its trailing number."""
    ref = ref.strip().lower()
    if not ref:
        return set()
    keys = {str(int(ref)) if ref.isdigit() else ref}
    tokens = _TOKEN.findall(ref)
    if len(tokens) > 1 and tokens[-1].isdigit():
        keys.add(str(int(tokens[-1])))
    return keys


def _names(communication: str, ref: str) -> bool:
    text = communication.lower()
    tokens = {t.lstrip("0") or "0" if t.isdigit() else t for t in _TOKEN.findall(text)}
    for key in _keys(ref):
        if key.isdigit() and key in tokens:
            return True
        if not key.isdigit() and re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", text):
            return True
    return False


def by_reference(payment: PaymentLine, pool: Sequence[Candidate]) -> tuple[int, ...]:
    if not payment.communication.strip():
        return ()
    return tuple(c.id for c in pool if any(_names(payment.communication, r) for r in c.refs))


def combinations(
    target: int, pool: Sequence[Candidate], max_items: int = MAX_ITEMS, max_steps: int = MAX_STEPS
) -> tuple[list[tuple[int, ...]], bool]:
    """Sets of at most ``max_items`` items summing to ``target``; (sets, search complete).

    Depth-first over items sorted by amount, descending, pruned when the rest
    cannot reach the target. Stops after ``MAX_REPORTED`` sets (enough to say
    "ambiguous") or ``max_steps`` steps (then incomplete).
    """
    items = sorted((c for c in pool if 0 < c.amount <= target), key=lambda c: (-c.amount, c.id))
    suffix = [0] * (len(items) + 1)
    for n in range(len(items) - 1, -1, -1):
        suffix[n] = suffix[n + 1] + items[n].amount
    found: list[tuple[int, ...]] = []
    steps = 0
    stack: list[tuple[int, int, tuple[int, ...]]] = [(0, target, ())]
    while stack:
        start, rest, chosen = stack.pop()
        steps += 1
        if steps > max_steps:
            return found, False
        if rest == 0:
            found.append(tuple(sorted(chosen)))
            if len(found) >= MAX_REPORTED:
                return found, True
            continue
        if len(chosen) == max_items or suffix[start] < rest:
            continue
        for n in range(len(items) - 1, start - 1, -1):
            if items[n].amount <= rest:
                stack.append((n + 1, rest - items[n].amount, (*chosen, items[n].id)))
    return found, True


def decide(payment: PaymentLine, pool: Sequence[Candidate], max_steps: int = MAX_STEPS) -> Decision:
    """The decision for one payment against the open items still available."""
    referenced = by_reference(payment, pool)
    if referenced:
        return Decision(payment.id, "reference", referenced)
    sets, complete = combinations(payment.amount, pool, max_steps=max_steps)
    if not complete:
        return Decision(payment.id, "too_many", (), tuple(sets))
    if len(sets) == 1:
        kind = "exact" if len(sets[0]) == 1 else "combination"
        return Decision(payment.id, kind, sets[0], tuple(sets))
    if sets:
        return Decision(payment.id, "ambiguous", (), tuple(sets))
    return Decision(payment.id, "none")


def match_partner(
    payments: Sequence[PaymentLine], pool: Sequence[Candidate], max_steps: int = MAX_STEPS
) -> list[Decision]:
    """Decide each payment in turn (oldest first as given); matched items leave the pool."""
    left = list(pool)
    decisions = []
    for payment in payments:
        decision = decide(payment, left, max_steps)
        if decision.item_ids:
            taken = set(decision.item_ids)
            left = [c for c in left if c.id not in taken]
        decisions.append(decision)
    return decisions
