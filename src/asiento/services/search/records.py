"""The partners and products a search text finds, as whole records, best hit first.

What the API's ``GET /partners?q=`` and ``GET /products?q=`` answer: the hits of the
picker searches (``names``), read back as read models (a product with its taxes) in the
order the search ranked them,so an integration searches exactly as a user typing in a picker does.

Invariants:
    - at most ``limit`` records, all of the company; archived ones only when ``archived``;
    - a blank text finds nothing (the caller pages the whole list instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.services.reference.partners import partner_view
from asiento.services.reference.product_taxes import tax_ids_in
from asiento.services.reference.products import product_view
from asiento.services.reference.views import PartnerView, ProductView
from asiento.services.search.names import search_partners, search_products
from asiento.store.tables import Partner, Product
from asiento.store.uow import UnitOfWork

T = TypeVar("T", Partner, Product)


def found_partners(
    uow: UnitOfWork, company_id: int, text: str, limit: int, archived: bool = False
) -> list[PartnerView]:
    hits = search_partners(uow, company_id, text, limit, archived=archived)
    with uow:
        rows = _rows(uow.session, company_id, Partner, [h.id for h in hits])
        return [partner_view(row) for row in rows]


def found_products(
    uow: UnitOfWork, company_id: int, text: str, limit: int, archived: bool = False
) -> list[ProductView]:
    hits = search_products(uow, company_id, text, limit, archived=archived)
    with uow:
        rows = _rows(uow.session, company_id, Product, [h.id for h in hits])
        taxes = tax_ids_in(uow.session, [row.id for row in rows])
        return [product_view(row, taxes[row.id]) for row in rows]


def _rows(session: Session, company_id: int, model: type[T], ids: Sequence[int]) -> list[T]:
    """The rows of ``ids`` in that order."""
    if not ids:
        return []
    table: Any = model
    stmt = select(model).where(table.company_id == company_id, table.id.in_(ids))
    rows = {row.id: row for row in session.scalars(stmt)}
    return [rows[i] for i in ids if i in rows]
