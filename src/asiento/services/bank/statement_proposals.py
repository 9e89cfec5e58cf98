"""What the automatic statement pass reports (shared by its two booking paths).

The decisions themselves (``Proposal``, ``Ambiguity``) are ``domain.statement_matching``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asiento.domain.statement_matching import Ambiguity, Proposal


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
