"""The items of one entry as stored rows: minor units, residuals, one INSERT for all of them.

Why: ``posting`` used to add one ORM object per item (one INSERT each on
SQLite, which cannot return the ids of a multi-row insert in order without a
sentinel) and read them back to post. Here the items are written with one Core
executemany and their tax links with one ``INSERT ... SELECT`` executemany
keyed by (entry, sequence): no per-item INSERT, no RETURNING round trip.
``stored_amounts`` is also what the hash chain covers, so ``posting``,
``entry_rows`` (set-based posting) and ``verify`` agree on every figure.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, bindparam, insert, select
from sqlalchemy.orm import Session

from asiento.domain import chain
from asiento.domain.entries import ItemDraft
from asiento.store import statistics
from asiento.store.tables import Company, JournalEntry, JournalItem
from asiento.store.tables.ledger import journal_item_taxes
from asiento.store.types import to_minor


def tax_links_by_sequence(links: Any, link_column: str, rows: Any, parent_column: str) -> Any:
    """A prebuilt ``INSERT INTO links (company_id, <link_column>, tax_id) SELECT ...`` that
    finds each new row of ``rows`` by (company, ``parent_column`` = :parent, sequence = :seq)
    inside the statement, so the new rows' ids never have to be read back. Parameters:
    ``company``, ``parent``, ``seq``, ``tax_id``; run as one executemany."""
    return links.insert().from_select(
        ["company_id", link_column, "tax_id"],
        select(rows.c.company_id, rows.c.id, bindparam("tax_id", type_=BigInteger)).where(
            rows.c.company_id == bindparam("company"),
            rows.c[parent_column] == bindparam("parent"),
            rows.c.sequence == bindparam("seq"),
        ),
    )


_ITEMS: Any = JournalItem.__table__
_INSERT_ITEMS = insert(_ITEMS)
_TAX_LINKS = tax_links_by_sequence(journal_item_taxes, "item_id", _ITEMS, "entry_id")


def stored_amounts(company: Company, item: ItemDraft) -> chain.ChainItem:
    """An item as it is stored and hashed: minor units, document currency defaulted.

    Company-currency debit and credit; ``amount_currency`` in the item's
    currency, or the balance itself when the item is in the company currency.
    """
    cur = company.currency
    debit, credit = to_minor(item.debit, cur), to_minor(item.credit, cur)
    if item.currency and item.currency != cur and item.amount_currency is not None:
        currency, amount_currency = item.currency, to_minor(item.amount_currency, item.currency)
    else:
        currency, amount_currency = cur, debit - credit
    return chain.ChainItem(
        item.account_id,
        item.partner_id,
        item.label,
        debit,
        credit,
        currency,
        amount_currency,
        item.due_date,
    )


def rate_of(company: Company, item: ItemDraft) -> Decimal | None:
    """Company-currency value of one document-currency unit, for foreign items only."""
    if not item.amount_currency or item.currency in (None, company.currency):
        return None
    return abs((item.debit - item.credit) / item.amount_currency)


def item_row(
    company: Company,
    entry: JournalEntry,
    n: int,
    item: ItemDraft,
    reconcilable: bool,
    parent_state: str,
) -> dict[str, Any]:
    """The ``journal_items`` row of draft ``item`` at position ``n`` of ``entry``."""
    c = stored_amounts(company, item)
    balance = c.debit - c.credit
    return {
        "company_id": company.id,
        "entry_id": entry.id,
        "sequence": n,
        "journal_id": entry.journal_id,
        "date": entry.date,
        "parent_state": parent_state,
        "account_id": item.account_id,
        "partner_id": item.partner_id,
        "label": item.label,
        "debit": c.debit,
        "credit": c.credit,
        "balance": balance,
        "currency": c.currency,
        "amount_currency": c.amount_currency,
        "rate": rate_of(company, item),
        "due_date": item.due_date,
        "tax_id": item.tax_id,
        "amount_residual": balance if reconcilable else 0,
        "amount_residual_currency": c.amount_currency if reconcilable else 0,
        "reconciled": False,
        "discount_date": None,
        "discount_amount_currency": None,
    }


def insert_items(
    session: Session,
    company: Company,
    entry: JournalEntry,
    items: Sequence[ItemDraft],
    reconcilable: Collection[int],
    *,
    parent_state: str | None = None,
    extras: Mapping[int, Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Insert the items of ``entry`` (already flushed) and their tax links: two statements.

    ``parent_state`` defaults to the entry's state; ``extras`` sets further
    columns (e.g. the cash discount) of the item at a given position. Returns the rows
    written (column values, no ids), so a caller can show them without reading them back.
    The items count towards the table's next ``ANALYZE`` (``store.statistics``).
    """
    state = parent_state or entry.state
    rows = [
        item_row(company, entry, n, i, i.account_id in reconcilable, state)
        for n, i in enumerate(items)
    ]
    for n, values in (extras or {}).items():
        rows[n].update(values)
    session.connection().execute(_INSERT_ITEMS, rows)
    statistics.wrote(session, _ITEMS, len(rows))
    links = [
        {"company": company.id, "parent": entry.id, "seq": n, "tax_id": t}
        for n, i in enumerate(items)
        for t in i.tax_ids
    ]
    if links:
        session.connection().execute(_TAX_LINKS, links)
    return rows
