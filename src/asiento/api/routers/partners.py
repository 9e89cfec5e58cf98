"""/partners: customers and suppliers."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.partners import PartnerCreate, PartnerPublic, PartnerUpdate
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.reference import partners, reads
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/partners", tags=["partners"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_partner(body: PartnerCreate, uow: UowDep, company_id: CompanyDep) -> PartnerPublic:
    row = partners.create_partner(uow, company_id, body.command())
    return PartnerPublic.model_validate(row)


@router.get("")
def list_partners(
    uow: UowDep, company_id: CompanyDep, cursor: Cursor = None, limit: Limit = 100
) -> Page[PartnerPublic]:
    rows, nxt = reads.partners_page(uow, company_id, cursor, limit)
    return Page(items=[PartnerPublic.model_validate(r) for r in rows], next_cursor=nxt)


@router.get("/{partner_id}")
def read_partner(partner_id: Id, uow: UowDep, company_id: CompanyDep) -> PartnerPublic:
    row = reads.get_partner(uow, company_id, partner_id)
    return PartnerPublic.model_validate(row)


@router.patch("/{partner_id}")
def update_partner(
    partner_id: Id, body: PartnerUpdate, uow: UowDep, company_id: CompanyDep
) -> PartnerPublic:
    row = partners.update_partner(uow, company_id, partner_id, body.command())
    return PartnerPublic.model_validate(row)
