"""Pure rules of bank statement lines: identity for de-duplication, balance check, rules.

Why here: "never import a bank movement twice" and "opening + lines = closing"
are one-sentence rules that must not depend on a database.

Invariants:
    - ``fingerprint`` is stable across runs, formats' whitespace and case of
      the counterparty: the bank's reference *with* the date and amount when
      there is one (a reference reused for another movement is another line),
      else (date, amount, counterparty name, counterparty IBAN, communication);
    - ``statement_identity`` is None when a statement states neither a number
      nor a closing balance (nothing tells two of them apart but their lines);
    - ``with_occurrences`` numbers identical fingerprints 1, 2, 3 ... in file
      order, so two genuinely identical transactions are two keys and the
      same file read twice gives the same keys;
    - ``split_tax_included`` parts always sum to the amount.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol, TypeVar

from asiento.domain.money import round_to

T = TypeVar("T")


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def fingerprint(
    *,
    day: date,
    amount: Decimal,
    counterparty_name: str | None,
    counterparty_iban: str | None,
    communication: str | None,
    transaction_id: str | None,
) -> str:
    """SHA-256 (hex) identifying one bank movement, see the module invariants."""
    figures = (day.isoformat(), format(amount.normalize(), "f"))
    if transaction_id:
        key = "\x1f".join(("ref", transaction_id.strip(), *figures))
    else:
        parts = (*figures, _norm(counterparty_name), _norm(counterparty_iban))
        key = "\x1f".join((*parts, _norm(communication)))
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class StatementFacts:
    """What identifies one statement of a bank file (before de-duplication)."""

    account: str | None
    reference: str | None
    period_start: date | None
    period_end: date | None
    opening: Decimal | None
    closing: Decimal | None
    line_count: int
    lines_total: Decimal


def statement_identity(facts: StatementFacts) -> str | None:
    """SHA-256 (hex) of a statement's identity, or None when it has none.

    The line count and total are part of it: a bank's corrected re-issue of a
    statement under the same number is not the same statement.
    """
    if not facts.reference and facts.closing is None:
        return None
    parts = [
        _norm(facts.account),
        (facts.reference or "").strip(),
        facts.period_start.isoformat() if facts.period_start else "",
        facts.period_end.isoformat() if facts.period_end else "",
        "" if facts.opening is None else format(facts.opening.normalize(), "f"),
        "" if facts.closing is None else format(facts.closing.normalize(), "f"),
        str(facts.line_count),
        format(facts.lines_total.normalize(), "f"),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def with_occurrences(keys: Iterable[tuple[str, T]]) -> list[tuple[str, int, T]]:
    """(fingerprint, occurrence, item) with occurrence 1, 2 ... per repeated fingerprint."""
    seen: dict[str, int] = {}
    result: list[tuple[str, int, T]] = []
    for key, item in keys:
        seen[key] = seen.get(key, 0) + 1
        result.append((key, seen[key], item))
    return result


@dataclass(frozen=True, slots=True)
class BalanceCheck:
    """Opening + lines against closing; ``difference`` = closing - computed."""

    opening: Decimal
    lines_total: Decimal
    closing: Decimal

    @property
    def computed_closing(self) -> Decimal:
        return self.opening + self.lines_total

    @property
    def difference(self) -> Decimal:
        return self.closing - self.computed_closing

    @property
    def ok(self) -> bool:
        return self.difference == 0


class LabelPattern(Protocol):
    """A compiled label pattern; services supply a linear-time one (RE2)."""

    def search(self, text: str) -> object | None: ...


@dataclass(frozen=True, slots=True)
class RuleCriteria:
    """What a reconciliation rule asks of a line; None means "any"."""

    label_contains: str | None = None
    label_regex: LabelPattern | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    partner_id: int | None = None
    journal_id: int | None = None


@dataclass(frozen=True, slots=True)
class LineFacts:
    """What a rule can see of a statement line."""

    label: str
    amount: Decimal
    partner_id: int | None
    journal_id: int


def rule_matches(rule: RuleCriteria, line: LineFacts) -> bool:
    """True when every criterion the rule sets holds for the line."""
    label = line.label.casefold()
    checks = (
        rule.label_contains is None or rule.label_contains.casefold() in label,
        rule.label_regex is None or rule.label_regex.search(line.label) is not None,
        rule.amount_min is None or line.amount >= rule.amount_min,
        rule.amount_max is None or line.amount <= rule.amount_max,
        rule.partner_id is None or rule.partner_id == line.partner_id,
        rule.journal_id is None or rule.journal_id == line.journal_id,
    )
    return all(checks)


def first_matching(rules: Sequence[tuple[RuleCriteria, T]], line: LineFacts) -> T | None:
    """The payload of the first rule (in the given order) that matches, else None."""
    for criteria, payload in rules:
        if rule_matches(criteria, line):
            return payload
    return None


def split_tax_included(
    amount: Decimal, rate_percent: Decimal, currency: str
) -> tuple[Decimal, Decimal]:
    """(base, tax) of a tax-included ``amount``: base rounded, tax the remainder.

    Why the remainder: the bank moved exactly ``amount``; base + tax must equal it.
    """
    base = round_to(amount * 100 / (100 + rate_percent), currency)
    return base, amount - base


def line_label(*parts: str | None) -> str:
    """The text a rule and a reader see: counterparty, communication, reference."""
    return " ".join(p.strip() for p in parts if p and p.strip())


def fitting_sets(
    amounts: Sequence[tuple[int, int]], target: int, *, limit: int = 2, max_items: int = 12
) -> list[tuple[int, ...]]:
    """Up to ``limit`` sets of ids whose amounts sum to ``target`` (minor units).

    Why: automatic reconciliation matches only when exactly one combination
    fits (invoices 50, 120 and 70 against 120 fit twice: refused). With more
    than ``max_items`` candidates only single items are tried, to stay fast.
    """
    singles: list[tuple[int, ...]] = [(i,) for i, amount in amounts if amount == target]
    if len(amounts) > max_items:
        return singles[:limit]
    found: list[tuple[int, ...]] = []

    def walk(start: int, chosen: tuple[int, ...], total: int) -> None:
        if len(found) >= limit or abs(total) > abs(target):
            return
        if chosen and total == target:
            found.append(chosen)
            return
        for n in range(start, len(amounts)):
            key, amount = amounts[n]
            if (amount > 0) == (target > 0):
                walk(n + 1, (*chosen, key), total + amount)

    walk(0, (), 0)
    return found
