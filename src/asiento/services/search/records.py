"""The partners and products a search text finds, as whole records, best hit first.

What the API's ``GET /partners?q=`` and ``GET /products?q=`` answer: the hits of the
picker searches (``names``), read back as rows in the order the search ranked them,
so an integration searches exactly as a user typing in a picker does.

Invariants:
    - at most ``limit`` rows, all of the company; archived ones only when ``archived``;
    - a blank text finds nothing (the caller pages the whole list instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select

from asiento.services.search.names import search_partners, search_products
from asiento.store.tables import Partner, Product
from asiento.store.uow import UnitOfWork

T = TypeVar("T", Partner, Product)


def found_partners(
    uow: UnitOfWork, company_id: int, text: str, limit: int, archived: bool = False
) -> list[Partner]:
    hits = search_partners(uow, company_id, text, limit, archived=archived)
    return _rows(uow, company_id, Partner, [h.id for h in hits])


def found_products(
    uow: UnitOfWork, company_id: int, text: str, limit: int, archived: bool = False
) -> list[Product]:
    hits = search_products(uow, company_id, text, limit, archived=archived)
    return _rows(uow, company_id, Product, [h.id for h in hits])


def _rows(uow: UnitOfWork, company_id: int, model: type[T], ids: Sequence[int]) -> list[T]:
    """The rows of ``ids`` in that order, loaded and detached."""
    if not ids:
        return []
    table: Any = model
    with uow:
        stmt = select(model).where(table.company_id == company_id, table.id.in_(ids))
        rows = {row.id: row for row in uow.session.scalars(stmt)}
        uow.session.expunge_all()  # keep them loaded: leaving the block rolls back (expires)
    return [rows[i] for i in ids if i in rows]
