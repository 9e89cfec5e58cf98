"""Automatic matching refuses to guess: the Smith and Offspring case and its variants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.matching import (
    Candidate,
    PaymentLine,
    combinations,
    decide,
    match_partner,
)

SMITH = [
    Candidate(145, 5000, ("INV/2026/00145",)),
    Candidate(167, 12000, ("INV/2026/00167",)),
    Candidate(184, 7000, ("INV/2026/00184",)),
]


def test_smith_and_offspring_without_reference_is_ambiguous() -> None:
    decision = decide(PaymentLine(1, 12000), SMITH)
    assert decision.kind == "ambiguous"
    assert decision.item_ids == ()
    assert set(decision.candidates) == {(167,), (145, 184)}


def test_reference_167_matches_invoice_167() -> None:
    for communication in ("167", "Invoice INV/2026/00167", "inv/2026/00167 thanks", "ref 00167"):
        decision = decide(PaymentLine(1, 12000, communication), SMITH)
        assert (decision.kind, decision.item_ids) == ("reference", (167,)), communication


def test_the_year_or_a_longer_number_is_not_a_reference() -> None:
    assert decide(PaymentLine(1, 12000, "2026"), SMITH).kind == "ambiguous"
    assert decide(PaymentLine(1, 12000, "1670"), SMITH).kind == "ambiguous"


def test_unambiguous_variants() -> None:
    assert decide(PaymentLine(1, 5000), SMITH).item_ids == (145,)
    assert decide(PaymentLine(1, 5000), SMITH).kind == "exact"
    combo = decide(PaymentLine(1, 17000), SMITH)
    assert (combo.kind, combo.item_ids) == ("combination", (145, 167))
    assert decide(PaymentLine(1, 24000), SMITH).item_ids == (145, 167, 184)
    assert decide(PaymentLine(1, 999), SMITH).kind == "none"


def test_matched_items_leave_the_pool_for_the_next_payment() -> None:
    decisions = match_partner([PaymentLine(1, 5000), PaymentLine(2, 12000)], SMITH)
    # once 145 is taken, 120.00 only fits 167
    assert [(d.kind, d.item_ids) for d in decisions] == [("exact", (145,)), ("exact", (167,))]


def test_more_than_six_items_are_never_combined() -> None:
    pool = [Candidate(n, 100) for n in range(1, 8)]
    assert decide(PaymentLine(1, 700), pool).kind == "none"


def test_the_step_budget_reports_too_many_candidates() -> None:
    # even amounts, odd target: no set fits, but proving it needs a long search
    pool = [Candidate(n, 200 + 2 * n) for n in range(60)]
    decision = decide(PaymentLine(1, 1301), pool, max_steps=500)
    assert decision.kind == "too_many" and decision.item_ids == ()


@given(st.lists(st.integers(1, 500), min_size=1, max_size=9), st.integers(1, 1500))
def test_every_combination_sums_to_the_target_and_is_at_most_six_items(
    amounts: list[int], target: int
) -> None:
    pool = [Candidate(n, a) for n, a in enumerate(amounts)]
    sets, complete = combinations(target, pool)
    by_id = dict(enumerate(amounts))
    assert complete
    for found in sets:
        assert sum(by_id[i] for i in found) == target and len(found) <= 6
        assert len(set(found)) == len(found)
    assert len(set(sets)) == len(sets)
