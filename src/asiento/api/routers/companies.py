"""/companies: the tenant of the token, and new tenants created by an admin.

A token is scoped to one company: it reads and changes only that company. An
admin may create a company, becoming its admin: the answer carries the admin
token for the new company (shown once), since no token issues tokens for
another company than its own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile, status

from asiento.api.schemas.companies import (
    CompanyCreated,
    CompanyCreateIn,
    CompanyPublic,
    CompanyUpdate,
)
from asiento.domain.access import Principal
from asiento.domain.errors import Forbidden, NotFound
from asiento.http.deps import PrincipalDep, UowDep
from asiento.services.reference import companies, company_settings
from asiento.services.reference.companies import CompanyInput
from asiento.services.reference.identity import LOGO_MAX_BYTES
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/companies", tags=["companies"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_company(body: CompanyCreateIn, uow: UowDep, _p: PrincipalDep) -> CompanyCreated:
    founded = companies.found_company(uow, CompanyInput(**body.model_dump()))
    public = CompanyPublic.model_validate(founded.company)
    return CompanyCreated(**public.model_dump(), token=founded.token or "")


@router.get("")
def list_companies(uow: UowDep, principal: PrincipalDep) -> Page[CompanyPublic]:
    row = companies.get_company(uow, principal.company_id)
    return Page(items=[CompanyPublic.model_validate(row)])


def _own(company_id: int, principal: Principal) -> int:
    if company_id != principal.company_id:
        raise Forbidden(f"this token is not valid for company {company_id}")
    return company_id


@router.get("/{company_id}")
def read_company(company_id: Id, uow: UowDep, principal: PrincipalDep) -> CompanyPublic:
    row = companies.get_company(uow, _own(company_id, principal))
    return CompanyPublic.model_validate(row)


@router.patch("/{company_id}")
def update_company(
    company_id: Id, body: CompanyUpdate, uow: UowDep, principal: PrincipalDep
) -> CompanyPublic:
    row = company_settings.update_company(uow, _own(company_id, principal), body.command())
    return CompanyPublic.model_validate(row)


@router.put("/{company_id}/logo")
def upload_logo(
    company_id: int,
    file: Annotated[UploadFile, File(description="PNG, JPEG, GIF or WebP, at most 512 KiB")],
    uow: UowDep,
    principal: PrincipalDep,
) -> CompanyPublic:
    """The logo documents print; a file of another type or too large is refused (422)."""
    content = file.file.read(LOGO_MAX_BYTES + 1)
    company_settings.set_logo(uow, _own(company_id, principal), content)
    return CompanyPublic.model_validate(companies.get_company(uow, company_id))


@router.delete("/{company_id}/logo", status_code=status.HTTP_204_NO_CONTENT)
def delete_logo(company_id: int, uow: UowDep, principal: PrincipalDep) -> Response:
    company_settings.set_logo(uow, _own(company_id, principal), None)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{company_id}/logo", response_class=Response)
def read_logo(company_id: int, uow: UowDep, principal: PrincipalDep) -> Response:
    logo = company_settings.company_logo(uow, _own(company_id, principal))
    if logo is None:
        raise NotFound("logo of company", company_id)
    return Response(content=logo[0], media_type=logo[1])
