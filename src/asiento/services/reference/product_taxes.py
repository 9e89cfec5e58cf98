"""Products together with their taxes, as one record for the API.

``partners.create_product`` writes the product and its taxes in two
transactions; checking the tax ids inside the first one means an unknown tax
is refused before anything is written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.errors import NotFound
from asiento.services.reference import partners
from asiento.store.tables import Product, Tax, product_taxes
from asiento.store.uow import UnitOfWork


def check_tax_ids(session: Session, company_id: int, tax_ids: list[int]) -> None:
    """Refuse a tax id that is not one of this company's taxes, naming its position."""
    found = set(
        session.scalars(select(Tax.id).where(Tax.company_id == company_id, Tax.id.in_(tax_ids)))
    )
    for n, tax_id in enumerate(tax_ids):
        if tax_id not in found:
            raise NotFound("tax", tax_id, field=f"tax_ids[{n}]")


def _checked(uow: UnitOfWork, company_id: int, tax_ids: list[int] | None) -> None:
    if tax_ids:
        with uow:
            check_tax_ids(uow.session, company_id, tax_ids)


def create_product(
    uow: UnitOfWork, company_id: int, tax_ids: list[int], **values: Any
) -> tuple[Product, list[int]]:
    _checked(uow, company_id, tax_ids)
    product = partners.create_product(uow, company_id, tax_ids=tax_ids, **values)
    return product, tax_ids_of(uow, [product.id])[product.id]


def update_product(
    uow: UnitOfWork, company_id: int, product_id: int, tax_ids: list[int] | None, **changes: Any
) -> tuple[Product, list[int]]:
    _checked(uow, company_id, tax_ids)
    product = partners.update_product(uow, company_id, product_id, tax_ids=tax_ids, **changes)
    return product, tax_ids_of(uow, [product.id])[product.id]


def tax_ids_of(uow: UnitOfWork, product_ids: list[int]) -> dict[int, list[int]]:
    """Tax ids per product, with one query for a whole page."""
    out: dict[int, list[int]] = {p: [] for p in product_ids}
    with uow:
        rows = uow.session.execute(
            select(product_taxes.c.product_id, product_taxes.c.tax_id)
            .where(product_taxes.c.product_id.in_(product_ids))
            .order_by(product_taxes.c.product_id, product_taxes.c.tax_id)
        )
        for product_id, tax_id in rows:
            out[product_id].append(tax_id)
    return out
