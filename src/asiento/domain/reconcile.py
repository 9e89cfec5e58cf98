"""Pairing open debit and credit items into partial reconciliations (pure).

A reconciliation matches debit items (what the partner owes, or what we paid)
with credit items (what the partner paid, or what we owe), oldest first.
Amounts are integers of the minor unit: ``residual`` in the company currency,
``residual_currency`` in the item's own currency, both signed (debit > 0).

Invariants:
    - every match lowers the debit residual and raises the credit residual by
      the same company amount, so the ledger stays balanced;
    - no match takes more than either item still has open (never over-matched);
    - items in the same foreign currency are matched in that currency; when the
      two items' company values of the matched part differ, the difference is
      returned as ``exchange_difference`` (debit value minus credit value) and
      the side holding it is left with exactly that company residual and no
      currency residual, to be closed by an exchange difference item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class OpenItem:
    """What pairing needs of an open journal item."""

    id: int
    date: date
    residual: int
    residual_currency: int
    currency: str


@dataclass(frozen=True, slots=True)
class Match:
    """One debit item matched with one credit item.

    ``amount`` is in company currency; each ``*_amount_currency`` in that
    item's currency. ``exchange_difference`` is non-zero only for two items of
    the same foreign currency valued at different rates.
    """

    debit_id: int
    credit_id: int
    amount: int
    debit_amount_currency: int
    credit_amount_currency: int
    exchange_difference: int = 0


@dataclass(slots=True)
class _Open:
    item: OpenItem
    res: int
    cur: int


def _share(part: int, whole_cur: int, whole: int) -> int:
    """Company value of ``part`` currency units of an item, in proportion, half up."""
    if part == whole_cur or whole_cur == 0:
        return whole
    value = Decimal(whole) * Decimal(part) / Decimal(whole_cur)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _pair(d: _Open, c: _Open, company_currency: str) -> Match:
    """Match one debit and one credit as far as both allow, and update their residuals."""
    foreign = d.item.currency == c.item.currency != company_currency
    if foreign and d.cur > 0 and c.cur < 0:
        m_cur = min(d.cur, -c.cur)
        d_value = _share(m_cur, d.cur, d.res)
        c_value = _share(m_cur, -c.cur, -c.res)
        amount = min(d_value, c_value)
        diff = d_value - c_value
        d.res, d.cur = d.res - amount - max(diff, 0), d.cur - m_cur
        c.res, c.cur = c.res + amount + max(-diff, 0), c.cur + m_cur
        return Match(d.item.id, c.item.id, amount, m_cur, -m_cur, diff)
    amount = min(d.res, -c.res)
    d_cur = _share(amount, d.res, d.cur) if d.res else 0
    c_cur = _share(amount, -c.res, -c.cur) if c.res else 0
    d.res, d.cur = d.res - amount, d.cur - d_cur
    c.res, c.cur = c.res + amount, c.cur + c_cur
    return Match(d.item.id, c.item.id, amount, d_cur, -c_cur)


def _closed(o: _Open, sign: int) -> bool:
    return o.res * sign <= 0 and o.cur * sign <= 0


def plan_matches(items: Sequence[OpenItem], company_currency: str) -> list[Match]:
    """Pair debits with credits, oldest first (then by id), until one side runs out.

    Returns the matches in order; items left with a residual stay open.
    """
    order = sorted(items, key=lambda i: (i.date, i.id))
    debits = [_Open(i, i.residual, i.residual_currency) for i in order if i.residual > 0]
    credits = [_Open(i, i.residual, i.residual_currency) for i in order if i.residual < 0]
    matches: list[Match] = []
    di = ci = 0
    while di < len(debits) and ci < len(credits):
        d, c = debits[di], credits[ci]
        match = _pair(d, c, company_currency)
        if match.amount or match.exchange_difference or match.debit_amount_currency:
            matches.append(match)
        d_done, c_done = _closed(d, 1), _closed(c, -1)
        if not (d_done or c_done):  # cannot happen with consistent residuals; never loop
            break
        di += d_done
        ci += c_done
    return matches


def net(items: Sequence[OpenItem]) -> int:
    """Company-currency sum of the residuals: zero when the set closes itself."""
    return sum(i.residual for i in items)
