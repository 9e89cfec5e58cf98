"""/products: what is sold and bought, with default accounts and taxes."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.routers.common import Archived, Cursor, Limit, SearchText
from asiento.api.schemas.partners import ProductCreate, ProductPublic, ProductUpdate
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.reference import product_taxes, reads
from asiento.services.search import records
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/products", tags=["products"])


def render(row: object, tax_ids: list[int]) -> ProductPublic:
    return ProductPublic.model_validate(row).model_copy(update={"tax_ids": tax_ids})


@router.post("", status_code=status.HTTP_201_CREATED)
def create_product(body: ProductCreate, uow: UowDep, company_id: CompanyDep) -> ProductPublic:
    values = body.model_dump(exclude={"tax_ids"})
    return render(*product_taxes.create_product(uow, company_id, body.tax_ids, **values))


@router.get("")
def list_products(
    uow: UowDep,
    company_id: CompanyDep,
    cursor: Cursor = None,
    limit: Limit = 100,
    q: SearchText = None,
    archived: Archived = False,
) -> Page[ProductPublic]:
    """By id, a page at a time; with ``q``, the products it finds by code or name (one page)."""
    rows, nxt = (
        (records.found_products(uow, company_id, q, limit, archived), None)
        if q and q.strip()
        else reads.products_page(uow, company_id, cursor, limit)
    )
    taxes = product_taxes.tax_ids_of(uow, [r.id for r in rows])
    return Page(items=[render(r, taxes[r.id]) for r in rows], next_cursor=nxt)


@router.get("/{product_id}")
def read_product(product_id: Id, uow: UowDep, company_id: CompanyDep) -> ProductPublic:
    row = reads.get_product(uow, company_id, product_id)
    return render(row, product_taxes.tax_ids_of(uow, [row.id])[row.id])


@router.patch("/{product_id}")
def update_product(
    product_id: Id, body: ProductUpdate, uow: UowDep, company_id: CompanyDep
) -> ProductPublic:
    changes = body.changes()
    tax_ids = changes.pop("tax_ids", None)
    return render(*product_taxes.update_product(uow, company_id, product_id, tax_ids, **changes))
