"""/taxes: tax definitions (rates, accounts, price-included or not)."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.reference import TaxCreate, TaxPublic, TaxUpdate
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.reference import chart, reads
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/taxes", tags=["taxes"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_tax(body: TaxCreate, uow: UowDep, company_id: CompanyDep) -> TaxPublic:
    row = chart.create_tax(uow, company_id, body.command())
    return TaxPublic.model_validate(row)


@router.get("")
def list_taxes(
    uow: UowDep, company_id: CompanyDep, cursor: Cursor = None, limit: Limit = 100
) -> Page[TaxPublic]:
    rows, nxt = reads.taxes_page(uow, company_id, cursor, limit)
    return Page(items=[TaxPublic.model_validate(r) for r in rows], next_cursor=nxt)


@router.get("/{tax_id}")
def read_tax(tax_id: Id, uow: UowDep, company_id: CompanyDep) -> TaxPublic:
    row = reads.get_tax(uow, company_id, tax_id)
    return TaxPublic.model_validate(row)


@router.patch("/{tax_id}")
def update_tax(tax_id: Id, body: TaxUpdate, uow: UowDep, company_id: CompanyDep) -> TaxPublic:
    row = chart.update_tax(uow, company_id, tax_id, body.command())
    return TaxPublic.model_validate(row)
