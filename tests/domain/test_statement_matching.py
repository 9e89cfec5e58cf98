"""Properties of the automatic statement decision (``domain.statement_matching``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.statement_matching import (
    Ambiguity,
    LineFacts,
    OpenBook,
    Proposal,
    propose,
)

residuals = st.lists(st.integers(1, 500), min_size=1, max_size=6)


def _book(amounts: list[int], partner: int = 7) -> OpenBook:
    book = OpenBook()
    for n, amount in enumerate(amounts, start=1):
        book.add_item(n, partner, amount, (f"INV/{n}",))
    return book


def test_one_set_that_fits_by_partner_is_proposed_and_claimed() -> None:
    book = _book([50, 120, 75])
    outcome = propose(book, LineFacts(1, 120, (), partner_id=7))
    assert outcome == Proposal(1, "items", (2,), "partner 7: items 2")
    assert 2 not in book.residual


def test_invoices_50_120_70_against_120_are_refused_with_both_candidates() -> None:
    book = _book([50, 70, 120])
    outcome = propose(book, LineFacts(1, 120, (), partner_id=7))
    assert outcome == Ambiguity(1, "partner 7: several sets of open items fit", ((1, 2), (3,)))
    assert set(book.residual) == {1, 2, 3}


def test_a_reference_wins_over_the_partner_and_is_case_blind() -> None:
    book = _book([50, 120, 50])
    outcome = propose(book, LineFacts(1, 50, ("inv/3",), partner_id=7))
    assert isinstance(outcome, Proposal) and outcome.target == (3,)


def test_a_payment_is_never_matched_on_the_amount_alone() -> None:
    book = OpenBook(payments={9: (300, 7)})
    assert propose(book, LineFacts(1, 300, ())) is None
    assert propose(book, LineFacts(2, 300, (), partner_id=7)) == Proposal(
        2, "payment", (9,), "payment 9"
    )
    assert book.payments == {}


def test_the_partner_is_found_by_name_with_blanks_and_case_ignored() -> None:
    book = _book([80])
    book.partner_by_name["smith and offspring"] = 7
    outcome = propose(book, LineFacts(1, 80, (), counterparty_name="  SMITH  and Offspring"))
    assert isinstance(outcome, Proposal) and outcome.target == (1,)


@given(residuals, st.lists(st.integers(1, 900), min_size=1, max_size=6))
def test_no_item_is_ever_claimed_twice_and_a_proposal_sums_to_its_line(
    amounts: list[int], lines: list[int]
) -> None:
    book = _book(amounts)
    original = dict(book.residual)
    claimed: list[int] = []
    for n, amount in enumerate(lines, start=1):
        outcome = propose(book, LineFacts(n, amount, (), partner_id=7))
        if isinstance(outcome, Proposal):
            assert sum(original[i] for i in outcome.target) == amount
            claimed.extend(outcome.target)
        elif isinstance(outcome, Ambiguity):
            assert len(outcome.candidates) > 1
            assert all(sum(original[i] for i in c) == amount for c in outcome.candidates)
    assert len(claimed) == len(set(claimed))
    assert set(book.residual) == set(original) - set(claimed)


def test_an_item_under_two_equal_references_is_one_candidate_and_claimed_once() -> None:
    book = OpenBook()
    book.add_item(1, 7, 40, ("INV/1", "inv/1", None))  # its number is its payment reference
    book.add_item(2, 7, 40, ("INV/2",))
    assert book.by_ref == {"INV/1": (1,), "INV/2": (2,)}
    first = propose(book, LineFacts(1, 40, ("INV/1", "Inv/1")))
    assert first == Proposal(1, "items", (1,), "reference: items 1")
    # claimed: neither its reference nor its partner finds it again
    assert propose(book, LineFacts(2, 40, ("INV/1",))) is None
    assert propose(book, LineFacts(3, 40, (), partner_id=7)) == Proposal(
        3, "items", (2,), "partner 7: items 2"
    )
    assert book.residual == {}
