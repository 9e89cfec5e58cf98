"""Which open items or payment a bank statement line settles, decided from plain facts.

The automatic statement pass (``services.bank.statement_auto``) loads the open
receivable/payable items and unmatched payments of a company into an
``OpenBook``, then asks ``propose`` for each open line in date order. The
first of these that applies decides:

1. **reference**: a word of the line's text is the number or payment
   reference of open items whose residuals add up to the line amount;
2. **payment**: exactly one unmatched payment of that amount and of the
   line's partner (by IBAN at import, else by exact name);
3. **partner and amount**: the line's partner has exactly one set of open
   items adding up to the amount.

Refused when ambiguous: two payments, or two sets of items (invoices 50, 120
and 70 against 120): the line stays open and the ambiguity names the
candidates. A step that finds candidates but is ambiguous stops the line
there. Reconciliation rules (step 4) are the service's: they need no book.

Invariants: an item or payment is claimed by one line at most in one pass
(``propose`` removes what it proposes from the book); amounts are minor units
of the company currency.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from asiento.domain.statement_lines import fitting_sets


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


@dataclass(frozen=True, slots=True)
class LineFacts:
    """What the decision reads of a statement line.

    ``words``: the references its text may carry (upper-cased by ``propose``);
    ``partner_id``: set at import from the IBAN; ``counterparty_name`` the
    name the bank gave.
    """

    id: int
    amount: int
    words: tuple[str, ...]
    partner_id: int | None = None
    counterparty_name: str | None = None


def name_key(name: str) -> str:
    """A partner name as the pass compares it: blanks collapsed, case folded."""
    return " ".join(name.split()).casefold()


@dataclass
class OpenBook:
    """Open items and payments, indexed for matching; shrinks as lines claim them.

    ``residual`` holds the items still open: claiming an item removes it there
    alone, and the indexes (``by_ref``, ``by_partner``) are read through it. Why:
    the book holds every open item of the company (200,000 for a 100,000-invoice
    ledger) and a set per reference and per partner cost about 220 bytes each, half
    of the book's memory; a tuple of one id costs 48 and a list of two 72.
    """

    by_ref: dict[str, tuple[int, ...]] = field(default_factory=dict)
    residual: dict[int, int] = field(default_factory=dict)
    by_partner: dict[int | None, list[int]] = field(default_factory=dict)
    payments: dict[int, tuple[int, int | None]] = field(default_factory=dict)
    """payment id -> (outstanding residual, partner)"""
    partner_by_name: dict[str, int] = field(default_factory=dict)

    def add_item(self, item_id: int, partner_id: int | None, residual: int,
                 refs: Iterable[str | None]) -> None:  # fmt: skip
        """An open item, findable by each of its references (numbers, payment references)."""
        self.residual[item_id] = residual
        self.by_partner.setdefault(partner_id, []).append(item_id)
        for ref in refs:
            if ref:
                key = ref.upper()
                known = self.by_ref.get(key, ())
                if item_id not in known:  # an invoice's number is often its payment reference
                    self.by_ref[key] = (*known, item_id)

    def open_items(self, ids: Iterable[int]) -> list[tuple[int, int]]:
        """(id, residual) of those of ``ids`` not claimed yet, by id."""
        residual = self.residual
        return sorted((i, residual[i]) for i in set(ids) if i in residual)

    def claim_items(self, ids: tuple[int, ...]) -> None:
        for i in ids:
            self.residual.pop(i, None)


def propose(book: OpenBook, line: LineFacts) -> Proposal | Ambiguity | None:
    """The open-item decision for one line, claiming what it proposes (module docstring)."""
    for step in (_by_reference, _by_payment, _by_partner):
        outcome = step(book, line)
        if outcome is not None:
            return outcome
    return None


def _by_reference(book: OpenBook, line: LineFacts) -> Proposal | Ambiguity | None:
    by_ref = book.by_ref
    candidates = book.open_items(i for word in line.words for i in by_ref.get(word.upper(), ()))
    return _decide(book, line, candidates, "reference") if candidates else None


def _by_payment(book: OpenBook, line: LineFacts) -> Proposal | Ambiguity | None:
    """Same amount and same partner: a payment is never matched on the amount alone."""
    partner = partner_of_line(book, line)
    if partner is None:
        return None
    fits = sorted(
        pid
        for pid, (amount, payer) in book.payments.items()
        if amount == line.amount and payer == partner
    )
    if not fits:
        return None
    if len(fits) > 1:
        return Ambiguity(line.id, f"{len(fits)} payments of this amount", tuple((p,) for p in fits))
    del book.payments[fits[0]]
    return Proposal(line.id, "payment", (fits[0],), f"payment {fits[0]}")


def partner_of_line(book: OpenBook, line: LineFacts) -> int | None:
    """The line's partner: by IBAN (set at import), else by exact name."""
    if line.partner_id is not None or not line.counterparty_name:
        return line.partner_id
    return book.partner_by_name.get(name_key(line.counterparty_name))


def _by_partner(book: OpenBook, line: LineFacts) -> Proposal | Ambiguity | None:
    partner = partner_of_line(book, line)
    if partner is None:
        return None
    candidates = book.open_items(book.by_partner.get(partner, ()))
    return _decide(book, line, candidates, f"partner {partner}") if candidates else None


def _decide(
    book: OpenBook, line: LineFacts, candidates: list[tuple[int, int]], why: str
) -> Proposal | Ambiguity | None:
    sets = fitting_sets(candidates, line.amount)
    if len(sets) > 1:
        return Ambiguity(line.id, f"{why}: several sets of open items fit", tuple(sets))
    if not sets:
        return None
    book.claim_items(sets[0])
    return Proposal(line.id, "items", sets[0], f"{why}: items {', '.join(map(str, sets[0]))}")
