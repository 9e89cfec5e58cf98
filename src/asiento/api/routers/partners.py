"""/partners: customers and suppliers."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from asiento.api.routers.common import Archived, Cursor, Limit, SearchText
from asiento.api.schemas.partners import (
    ContactCreate,
    ContactPublic,
    PartnerCreate,
    PartnerPublic,
    PartnerUpdate,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.reference import partner_contacts, partners, reads
from asiento.services.search import records
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/partners", tags=["partners"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_partner(body: PartnerCreate, uow: UowDep, company_id: CompanyDep) -> PartnerPublic:
    row = partners.create_partner(uow, company_id, body.command())
    return PartnerPublic.model_validate(row)


@router.get("")
def list_partners(
    uow: UowDep,
    company_id: CompanyDep,
    cursor: Cursor = None,
    limit: Limit = 100,
    q: SearchText = None,
    archived: Archived = False,
) -> Page[PartnerPublic]:
    """By id, a page at a time; with ``q``, the partners it finds, best first (one page)."""
    if q and q.strip():
        found = records.found_partners(uow, company_id, q, limit, archived)
        return Page(items=[PartnerPublic.model_validate(r) for r in found], next_cursor=None)
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


@router.get("/{partner_id}/contacts")
def list_contacts(partner_id: Id, uow: UowDep, company_id: CompanyDep) -> list[ContactPublic]:
    """The people at the partner, by name."""
    views = partner_contacts.list_contacts(uow, company_id, partner_id)
    return [ContactPublic.model_validate(v) for v in views]


@router.post("/{partner_id}/contacts", status_code=status.HTTP_201_CREATED)
def add_contact(
    partner_id: Id, body: ContactCreate, uow: UowDep, company_id: CompanyDep
) -> ContactPublic:
    view = partner_contacts.add_contact(uow, company_id, partner_id, **body.model_dump())
    return ContactPublic.model_validate(view)


@router.delete("/{partner_id}/contacts/{contact_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_contact(partner_id: Id, contact_id: Id, uow: UowDep, company_id: CompanyDep) -> Response:
    partner_contacts.remove_contact(uow, company_id, partner_id, contact_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
