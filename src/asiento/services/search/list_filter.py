"""The search box of a list page as one SQL condition, so filters and paging still apply.

The header search answers a few best hits; a list must instead keep its own
filters, order and cursor, so the typed text becomes a ``WHERE`` clause that the
list's query ANDs with the rest. The ways of matching are those of the document
searches (``documents``): a number prefix (as typed and upper-cased), a name
containing the text (any case; lists of names are short, the scan is bounded), an exact
reference, the partners the partner name search finds, and an exact amount read
by ``amount_filter`` (``domain.search_terms``), kept only in a currency whose
exponent gives that amount (1234 cents is 12.34 EUR, never "1234").

Invariants:
    - an empty or blank text is no condition (``None``): the list is unfiltered;
    - a text longer than ``MAX_TEXT`` finds nothing (it is never cut and half-matched);
    - the text is a literal (LIKE wildcards escaped; compared as a bound value);
    - partner ids come from the principal's company only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select

from asiento.domain.currency import exponent, is_known
from asiento.domain.search_terms import minor_candidates
from asiento.services.search.documents import amount_filter, partner_ids
from asiento.store.tables import JournalEntry
from asiento.store.text_search import contains, folded, number_starts_with
from asiento.store.uow import UnitOfWork

MAX_TEXT = 200


@dataclass(frozen=True)
class ListColumns:
    """Which columns of a list's rows the search box looks at (any may be absent)."""

    company: Any
    """The company column of the listed table (reads the currencies in use)."""
    number: Any | None = None
    name: Any | None = None
    entry: Any | None = None
    partner: Any | None = None
    refs: Sequence[Any] = field(default_factory=tuple)
    amount: Any | None = None
    currency: Any | None = None
    signed: bool = False


def text_condition(
    uow: UnitOfWork, company_id: int, text: str | None, cols: ListColumns
) -> ColumnElement[bool] | None:
    """The rows of this list that ``text`` finds, as one condition; ``None`` for no text.

    It reads (partner names, currencies in use) in units of work of its own, so
    call it before the list's ``with uow`` (a unit of work is not re-entrant).
    """
    raw = (text or "").strip()
    if not raw:
        return None
    if len(raw) > MAX_TEXT:  # longer than any number, name or reference: nothing to find
        return false()
    found: list[ColumnElement[bool]] = []
    if cols.number is not None:
        found.append(number_starts_with(cols.number, raw))
        if raw.upper() != raw:
            found.append(number_starts_with(cols.number, raw.upper()))
    if cols.name is not None:
        found.append(contains(cols.name, folded(raw)))
    if cols.entry is not None:
        found.append(cols.entry.in_(_entries_numbered(company_id, raw)))
    found.extend(ref == raw for ref in cols.refs)
    if cols.partner is not None:
        partners = partner_ids(uow, company_id, raw)
        if partners:
            found.append(cols.partner.in_(partners))
    if cols.amount is not None and cols.currency is not None:
        by_amount = _exact_amount(uow, company_id, raw, cols, cols.amount, cols.currency)
        if by_amount is not None:
            found.append(by_amount)
    return or_(*found) if found else false()


def _exact_amount(
    uow: UnitOfWork, company_id: int, raw: str, cols: ListColumns, amount: Any, currency: Any
) -> ColumnElement[bool] | None:
    """``amount`` is the typed amount in its row's currency (either sign if ``signed``)."""
    hit = amount_filter(amount, raw)
    if hit is None:
        return None
    wanted = hit[1]
    by_exponent: dict[int, list[str]] = {}
    for code in _currencies(uow, company_id, cols.company, currency):
        if is_known(code):
            by_exponent.setdefault(exponent(code), []).append(code)
    parts = []
    for exp, minor in minor_candidates(wanted).items():
        codes = by_exponent.get(exp)
        if codes:
            minors = [minor, -minor] if cols.signed else [minor]
            parts.append(and_(amount.in_(minors), currency.in_(codes)))
    return or_(*parts) if parts else false()


def _entries_numbered(company_id: int, raw: str) -> Any:
    """The ids of the company's journal entries whose number starts with ``raw``."""
    prefixes = {raw, raw.upper()}
    return select(JournalEntry.id).where(
        JournalEntry.company_id == company_id,
        or_(*(number_starts_with(JournalEntry.number, p) for p in prefixes)),
    )


def _currencies(uow: UnitOfWork, company_id: int, company: Any, currency: Any) -> list[str]:
    with uow:
        stmt = select(currency).where(company == company_id).distinct()
        return [c for c in uow.session.scalars(stmt) if c]
