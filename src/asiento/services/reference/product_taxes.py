"""The default taxes of products: checking, reading and writing the link rows.

These run inside the caller's transaction (``session``), so that a product and
its taxes are written together: ``products.create_product`` writes both or
neither. Reading for adapters goes through ``tax_ids_of``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.errors import NotFound
from asiento.store.tables import Tax, product_taxes
from asiento.store.tenancy import company_rows
from asiento.store.uow import UnitOfWork


def check_tax_ids(session: Session, company_id: int, tax_ids: Sequence[int]) -> None:
    """Refuse a tax id that is not one of this company's taxes, naming its position."""
    if not tax_ids:
        return
    found = set(
        session.scalars(select(Tax.id).where(Tax.company_id == company_id, Tax.id.in_(tax_ids)))
    )
    for n, tax_id in enumerate(tax_ids):
        if tax_id not in found:
            raise NotFound("tax", tax_id, field=f"tax_ids[{n}]")


def write_tax_ids(
    session: Session, company_id: int, product_id: int, tax_ids: Sequence[int]
) -> None:
    """Replace the product's taxes by ``tax_ids`` (already checked), in the open transaction."""
    session.execute(
        product_taxes.delete().where(
            product_taxes.c.company_id == company_id, product_taxes.c.product_id == product_id
        )
    )
    unique = sorted(set(tax_ids))
    if unique:
        session.execute(
            product_taxes.insert(),
            [{"company_id": company_id, "product_id": product_id, "tax_id": t} for t in unique],
        )


def tax_ids_in(session: Session, product_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """Tax ids per product, in id order, with one query for a whole page."""
    out: dict[int, list[int]] = {p: [] for p in product_ids}
    if product_ids:
        rows = session.execute(
            select(product_taxes.c.product_id, product_taxes.c.tax_id)
            .where(
                *company_rows(session, product_taxes), product_taxes.c.product_id.in_(product_ids)
            )
            .order_by(product_taxes.c.product_id, product_taxes.c.tax_id)
        )
        for product_id, tax_id in rows:
            out[product_id].append(tax_id)
    return {p: tuple(ids) for p, ids in out.items()}


def tax_ids_of(uow: UnitOfWork, product_ids: list[int]) -> dict[int, list[int]]:
    """Tax ids per product, with one query for a whole page."""
    with uow:
        return {p: list(ids) for p, ids in tax_ids_in(uow.session, product_ids).items()}
