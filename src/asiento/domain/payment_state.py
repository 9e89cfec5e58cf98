"""The payment state of a document, decided from the facts of its reconcilable items.

One rule, two loaders: ``services.payments.payment_state`` gathers the facts
of one invoice at a time, ``payment_state_bulk`` those of thousands in a few
queries; both call the functions here, so the rule exists once.

States: ``not_paid`` (nothing matched), ``partial`` (some residual left),
``in_payment`` (closed, but by at least one payment not yet matched with a
bank statement line), ``paid``, ``reversed`` (closed by its own credit notes
alone, or the document is cancelled). Amounts are minor units of the
document currency.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PAYMENT_STATES = ("not_paid", "partial", "in_payment", "paid", "reversed")


@dataclass(frozen=True, slots=True)
class ItemBalance:
    """Sums over a posted document's reconcilable items.

    ``all_closed`` is true when every item's company-currency residual is zero
    (vacuously true for no items; ``closed`` also requires at least one item).
    """

    count: int = 0
    residual_currency: int = 0
    total_currency: int = 0
    all_closed: bool = True

    def add(self, residual: int, residual_currency: int, amount_currency: int) -> ItemBalance:
        """This balance with one more item."""
        return ItemBalance(
            self.count + 1,
            self.residual_currency + residual_currency,
            self.total_currency + amount_currency,
            self.all_closed and residual == 0,
        )

    @property
    def closed(self) -> bool:
        return self.count > 0 and self.residual_currency == 0 and self.all_closed


def balance_of(items: Iterable[tuple[int, int, int]]) -> ItemBalance:
    """The balance of items given as (residual, residual in currency, amount in currency)."""
    balance = ItemBalance()
    for residual, residual_currency, amount_currency in items:
        balance = balance.add(residual, residual_currency, amount_currency)
    return balance


def open_state(doc_state: str, amount_total: int, balance: ItemBalance) -> tuple[str, int] | None:
    """(payment state, residual), or None when the items are closed.

    A closed document's state depends on what closed it: ``closed_state``.
    A document that is not posted owes its whole total; a cancelled one nothing.
    """
    if doc_state == "cancelled":
        return "reversed", 0
    if doc_state != "posted":
        return "not_paid", amount_total
    if balance.closed:
        return None
    residual = abs(balance.residual_currency)
    if residual >= abs(balance.total_currency):
        return "not_paid", residual
    return "partial", residual


def closed_state(payments_matched: Iterable[bool], refunded: bool) -> str:
    """The state of a closed document from what its items were matched with.

    ``payments_matched``: for each payment among the counterparts, whether a
    bank statement line has confirmed it. ``refunded``: one of the counterparts
    is a credit note of this document.
    """
    flags = list(payments_matched)
    if any(not matched for matched in flags):
        return "in_payment"
    if refunded and not flags:
        return "reversed"
    return "paid"
