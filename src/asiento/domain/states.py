"""Document state machines, as data.

Each machine is a frozenset of allowed (from, to) pairs; ``require_transition``
is the one guard, raising ``InvalidTransition`` (409) with both states named.
"""

from __future__ import annotations

from asiento.domain.errors import InvalidTransition

ENTRY_TRANSITIONS = frozenset({("draft", "posted")})

INVOICE_TRANSITIONS = frozenset(
    {
        ("draft", "proforma"),
        ("proforma", "draft"),
        ("draft", "posted"),
        ("proforma", "posted"),
        ("posted", "cancelled"),
    }
)


def require_transition(
    transitions: frozenset[tuple[str, str]], kind: str, current: str, target: str
) -> None:
    """Raise unless ``current -> target`` is an allowed transition of ``kind``."""
    if (current, target) not in transitions:
        raise InvalidTransition(
            f"{kind} is {current}: it cannot become {target}", field="state", state=current
        )
