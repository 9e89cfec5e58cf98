"""Every transition of every state machine, both ways: each (from, to) pair of a machine's
states is listed with its verdict, so adding, dropping or reversing an arrow fails here."""

from __future__ import annotations

import itertools

import pytest

from asiento.domain.errors import InvalidTransition
from asiento.domain.states import ENTRY_TRANSITIONS, INVOICE_TRANSITIONS, require_transition

ENTRY_STATES = ("draft", "posted")
INVOICE_STATES = ("draft", "proforma", "posted", "cancelled")

# (from, to) -> allowed; every pair of the machine's states is here.
ENTRY_TABLE = {
    ("draft", "draft"): False,
    ("draft", "posted"): True,
    ("posted", "draft"): False,
    ("posted", "posted"): False,
}
INVOICE_TABLE = {
    ("draft", "draft"): False,
    ("draft", "proforma"): True,
    ("draft", "posted"): True,
    ("draft", "cancelled"): False,
    ("proforma", "draft"): True,
    ("proforma", "proforma"): False,
    ("proforma", "posted"): True,
    ("proforma", "cancelled"): False,
    ("posted", "draft"): False,
    ("posted", "proforma"): False,
    ("posted", "posted"): False,
    ("posted", "cancelled"): True,
    ("cancelled", "draft"): False,
    ("cancelled", "proforma"): False,
    ("cancelled", "posted"): False,
    ("cancelled", "cancelled"): False,
}

CASES = [("entry", ENTRY_TRANSITIONS, pair, allowed) for pair, allowed in ENTRY_TABLE.items()] + [
    ("invoice", INVOICE_TRANSITIONS, pair, allowed) for pair, allowed in INVOICE_TABLE.items()
]


@pytest.mark.parametrize(
    ("states", "table"),
    [(ENTRY_STATES, ENTRY_TABLE), (INVOICE_STATES, INVOICE_TABLE)],
    ids=["entry", "invoice"],
)
def test_the_tables_cover_every_pair_of_states(
    states: tuple[str, ...], table: dict[tuple[str, str], bool]
) -> None:
    assert set(table) == set(itertools.product(states, repeat=2))


@pytest.mark.parametrize(
    ("machine", "transitions"),
    [("entry", ENTRY_TRANSITIONS), ("invoice", INVOICE_TRANSITIONS)],
)
def test_the_machines_allow_exactly_the_listed_arrows(
    machine: str, transitions: frozenset[tuple[str, str]]
) -> None:
    table = ENTRY_TABLE if machine == "entry" else INVOICE_TABLE
    assert transitions == {pair for pair, allowed in table.items() if allowed}


@pytest.mark.parametrize(
    ("kind", "transitions", "pair", "allowed"),
    CASES,
    ids=[f"{kind}:{a}->{b}" for kind, _, (a, b), _ in CASES],
)
def test_a_transition_is_allowed_or_refused_with_both_states_named(
    kind: str, transitions: frozenset[tuple[str, str]], pair: tuple[str, str], allowed: bool
) -> None:
    current, target = pair
    if allowed:
        require_transition(transitions, kind, current, target)
        return
    with pytest.raises(InvalidTransition) as refused:
        require_transition(transitions, kind, current, target)
    assert str(refused.value) == f"{kind} is {current}: it cannot become {target}"
    assert (refused.value.status, refused.value.code, refused.value.field) == (
        409,
        "invalid_transition",
        "state",
    )
