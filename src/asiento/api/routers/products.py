"""/products: what is sold and bought, with default accounts and taxes."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.routers.common import Archived, Cursor, Limit, SearchText
from asiento.api.schemas.partners import ProductCreate, ProductPublic, ProductUpdate
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.reference import products, reads
from asiento.services.search import records
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/products", tags=["products"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_product(body: ProductCreate, uow: UowDep, company_id: CompanyDep) -> ProductPublic:
    return ProductPublic.model_validate(products.create_product(uow, company_id, body.command()))


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
    return Page(items=[ProductPublic.model_validate(r) for r in rows], next_cursor=nxt)


@router.get("/{product_id}")
def read_product(product_id: Id, uow: UowDep, company_id: CompanyDep) -> ProductPublic:
    return ProductPublic.model_validate(reads.get_product(uow, company_id, product_id))


@router.patch("/{product_id}")
def update_product(
    product_id: Id, body: ProductUpdate, uow: UowDep, company_id: CompanyDep
) -> ProductPublic:
    view = products.update_product(uow, company_id, product_id, body.command())
    return ProductPublic.model_validate(view)
