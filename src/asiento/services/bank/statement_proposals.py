"""What the automatic statement pass reads of a line and reports (shared by its booking paths).

The decisions themselves (``Proposal``, ``Ambiguity``) are ``domain.statement_matching``'s.
The pass reads its open lines as plain ``OpenLine`` tuples, not ORM objects: an ORM line
costs an identity-map entry, instrumented attribute reads and expiry, several microseconds
each, for a value read a dozen times per line. Whatever books a line from its values
(``bank_draft``, rule counterparts and facts) takes the ``LineValues`` they share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, Protocol

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


class LineValues(Protocol):
    """What booking a statement line reads of it: a stored ``StatementLine`` or an ``OpenLine``."""

    @property
    def id(self) -> int: ...
    @property
    def journal_id(self) -> int: ...
    @property
    def date(self) -> date: ...
    @property
    def amount(self) -> int: ...
    @property
    def currency(self) -> str: ...
    @property
    def partner_id(self) -> int | None: ...
    @property
    def counterparty_name(self) -> str | None: ...
    @property
    def communication(self) -> str | None: ...
    @property
    def reference(self) -> str | None: ...


class OpenLine(NamedTuple):
    """An open statement line as the automatic pass reads it (columns of ``statement_lines``)."""

    id: int
    journal_id: int
    date: date
    amount: int
    currency: str
    partner_id: int | None
    counterparty_name: str | None
    communication: str | None
    reference: str | None
