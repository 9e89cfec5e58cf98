"""What the automatic statement pass decides and reports (shared by its two booking paths)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Proposal:
    """Book ``line_id`` against ``target``: item ids ("items"), a payment id or a rule id."""

    line_id: int
    kind: str  # "items" | "payment" | "rule"
    target: tuple[int, ...]
    detail: str


@dataclass(frozen=True, slots=True)
class Ambiguity:
    line_id: int
    reason: str
    candidates: tuple[tuple[int, ...], ...]


@dataclass
class AutoReport:
    """What the pass did (or would do): matched, ambiguous, refused, left open.

    ``bulk``/``per_line`` count the matched lines booked set-based and one by one.
    """

    matched: list[Proposal] = field(default_factory=list)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    left: int = 0
    dry_run: bool = False
    bulk: int = 0
    per_line: int = 0
