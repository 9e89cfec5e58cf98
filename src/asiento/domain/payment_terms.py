"""Payment terms: how an invoice total is split into installments, and when each is due.

A ``PaymentTerm`` is an ordered list of ``PaymentTermLine``. Each line takes a
percent of the total, a fixed amount, or the balance, and carries a
``DueDateRule`` (``due_dates``). ``installments.compute_installments`` applies
a term to an invoice; ``cash_discount`` holds the optional early-payment
discount. Terms travel as plain dicts (``to_dict``/``from_dict``), JSON-ready.

Invariants:
    - A term has a name and at least one line; the last line is the balance
      and no other line is.
    - A percent is in (0, 100] and the percents of a term add up to 100 at most;
      a fixed amount is positive (whether it fits the total is known only when
      the term is applied).
    - Problems are reported all at once in one ``PaymentTermInvalid``, each
      with a stable code, and messages name the line from 1.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from asiento.domain.cash_discount import (
    HUNDRED,
    CashDiscount,
    parse_decimal,
)
from asiento.domain.due_dates import DueDateRule, unknown_key_problems
from asiento.domain.errors import (
    PaymentTermInvalid,
    Problem,
)


class LineKind(StrEnum):
    """What a payment-term line takes from the total."""

    PERCENT = "percent"
    FIXED = "fixed"
    BALANCE = "balance"


_LABELS = {LineKind.PERCENT: "percent", LineKind.FIXED: "fixed amount", LineKind.BALANCE: "value"}


@dataclass(frozen=True, slots=True)
class PaymentTermLine:
    """One line of a term: what it takes (``kind``, ``value``) and when (``due``).

    ``value`` is the percent for a percent line, the amount in the invoice's
    currency for a fixed line, and ``None`` for the balance.
    """

    kind: LineKind
    value: Decimal | None = None
    due: DueDateRule = field(default_factory=DueDateRule)

    def __post_init__(self) -> None:
        problems = self.validate()
        if problems:
            raise PaymentTermInvalid(problems)

    def validate(self) -> list[Problem]:
        """Every problem with this line alone, each with its own code."""
        if not isinstance(self.kind, LineKind):
            kinds = ", ".join(k.value for k in LineKind)
            return [Problem("kind", f"kind {self.kind!r} is not one of {kinds}", "unknown_kind")]
        if not isinstance(self.due, DueDateRule):
            return [Problem("due", "due must be a DueDateRule", "not_a_due_date_rule")]
        if self.kind is LineKind.BALANCE:
            if self.value is None:
                return []
            return [Problem("value", "a balance line takes no value", "balance_with_value")]
        label = _LABELS[self.kind]
        if not isinstance(self.value, Decimal) or not self.value.is_finite():
            return [Problem("value", f"{label} {self.value!r} is not a Decimal", "not_a_decimal")]
        if self.value <= 0:
            code = f"{self.kind}_not_positive"
            return [Problem("value", f"{label} {self.value} is not positive", code)]
        if self.kind is LineKind.PERCENT and self.value > HUNDRED:
            return [Problem("value", f"percent {self.value} is over 100 %", "percent_over_100")]
        return []

    def to_dict(self) -> dict[str, Any]:
        """``{"kind": "percent", "value": "30", "due": {...}}``; value as a string."""
        result: dict[str, Any] = {"kind": str(self.kind)}
        if self.value is not None:
            result["value"] = str(self.value)
        result["due"] = self.due.to_dict()
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PaymentTermLine:
        """Build a line from its dict form; ``due`` defaults to the invoice date.

        Raises:
            PaymentTermInvalid: every problem found, fields relative to the line.
        """
        problems = unknown_key_problems(data, {"kind", "value", "due"}, "payment term line")
        if problems:
            raise PaymentTermInvalid(problems)
        kind: Any = data.get("kind")
        if isinstance(kind, str) and kind in {k.value for k in LineKind}:
            kind = LineKind(kind)
        raw, raw_due = data.get("value"), data.get("due") or {}
        value = None if raw is None else parse_decimal(raw, "value", _label_of(kind))
        if isinstance(value, Problem):
            problems.append(value)
        else:
            problems += _problems_of(lambda: cls(kind=kind, value=value))
        problems += _under("due", _problems_of(lambda: DueDateRule.from_dict(raw_due)))
        if problems or isinstance(value, Problem):
            raise PaymentTermInvalid(problems)
        return cls(kind=kind, value=value, due=DueDateRule.from_dict(raw_due))


@dataclass(frozen=True, slots=True)
class PaymentTerm:
    """A named payment term, with an optional cash discount."""

    name: str
    lines: tuple[PaymentTermLine, ...]
    discount: CashDiscount | None = None

    def __post_init__(self) -> None:
        if isinstance(self.lines, list):
            object.__setattr__(self, "lines", tuple(self.lines))
        problems = self.validate()
        if problems:
            raise PaymentTermInvalid(problems)

    def validate(self) -> list[Problem]:
        """The term-wide rules: name, at least one line, the balance last, percents <= 100."""
        problems = []
        if not isinstance(self.name, str) or not self.name.strip():
            problems.append(Problem("name", "a payment term needs a name", "name_missing"))
        if not isinstance(self.lines, tuple) or not self.lines:
            problems.append(
                Problem("lines", "a payment term needs at least one line", "empty_term")
            )
            return problems
        if not all(isinstance(line, PaymentTermLine) for line in self.lines):
            problems.append(Problem("lines", "every line must be a PaymentTermLine", "not_a_line"))
            return problems
        problems += _balance_problems(self.lines) + _percent_total_problems(self.lines)
        if self.discount is not None and not isinstance(self.discount, CashDiscount):
            problems.append(
                Problem("discount", "discount must be a CashDiscount", "not_a_discount")
            )
        return problems

    def to_dict(self) -> dict[str, Any]:
        """The compact dict form, JSON-ready: decimals are strings, defaults left out."""
        result: dict[str, Any] = {"name": self.name, "lines": [ln.to_dict() for ln in self.lines]}
        if self.discount is not None:
            result["discount"] = self.discount.to_dict()
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PaymentTerm:
        """Build a term from its dict form (see ``payment_term_seeds`` for examples).

        Every line is checked before raising, so one error lists every bad
        line; messages name the line from 1 ("line 2: percent 120 is over 100 %")
        and fields index it from 0 (``lines[1].value``).

        Raises:
            PaymentTermInvalid: every problem found.
        """
        problems = unknown_key_problems(data, {"name", "lines", "discount"}, "payment term")
        if problems:
            raise PaymentTermInvalid(problems)
        raw_lines = data.get("lines") or []
        if not isinstance(raw_lines, list | tuple):
            raise PaymentTermInvalid([Problem("lines", "lines must be a list", "not_a_list")])
        lines: list[PaymentTermLine] = []
        for number, raw in enumerate(raw_lines, 1):
            try:
                lines.append(PaymentTermLine.from_dict(raw))
            except PaymentTermInvalid as exc:
                problems += _at_line(number, exc.problems)
        discount = None
        try:
            discount = _discount_from(data.get("discount"))
        except PaymentTermInvalid as exc:
            problems += _under("discount", exc.problems)
        if problems:
            raise PaymentTermInvalid(problems)
        return cls(name=data.get("name", ""), lines=tuple(lines), discount=discount)


def _label_of(kind: object) -> str:
    return _LABELS[kind] if isinstance(kind, LineKind) else "value"


def _problems_of(build: Callable[[], object]) -> list[Problem]:
    """The problems ``build`` raises, so that one error can report them all."""
    try:
        build()
    except PaymentTermInvalid as exc:
        return exc.problems
    return []


def _discount_from(raw: object) -> CashDiscount | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise PaymentTermInvalid(
            [Problem("", "a cash discount must be a mapping", "not_a_mapping")]
        )
    return CashDiscount.from_dict(raw)


def _at_line(number: int, problems: Sequence[Problem]) -> list[Problem]:
    """Problems of one line, re-addressed to that line of the term."""
    return [
        Problem(_join(f"lines[{number - 1}]", p.field), f"line {number}: {p.message}", p.code)
        for p in problems
    ]


def _under(prefix: str, problems: Sequence[Problem]) -> list[Problem]:
    return [Problem(_join(prefix, p.field), p.message, p.code) for p in problems]


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if name else prefix


def _balance_problems(lines: tuple[PaymentTermLine, ...]) -> list[Problem]:
    # the last installment is always the balance, and only the last
    problems = [
        Problem(
            f"lines[{i}].kind", f"line {i + 1}: a balance line must be last", "balance_not_last"
        )
        for i, line in enumerate(lines[:-1])
        if line.kind is LineKind.BALANCE
    ]
    last = lines[-1]
    if last.kind is not LineKind.BALANCE:
        message = f"line {len(lines)}: the last line must be the balance, not {last.kind}"
        problems.append(Problem(f"lines[{len(lines) - 1}].kind", message, "last_line_not_balance"))
    return problems


def _percent_total_problems(lines: tuple[PaymentTermLine, ...]) -> list[Problem]:
    cumulated = Decimal(0)
    for i, line in enumerate(lines):
        if line.kind is LineKind.PERCENT and line.value is not None:
            cumulated += line.value
            if cumulated > HUNDRED:
                message = f"line {i + 1}: percents add up to {cumulated} %, over 100 %"
                return [Problem(f"lines[{i}].value", message, "percent_total_over_100")]
    return []
