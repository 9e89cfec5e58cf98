"""/companies: the tenants. Not company-scoped (authorisation comes later)."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.deps import PrincipalDep, UowDep
from asiento.api.schemas.common import Page
from asiento.api.schemas.companies import CompanyCreate, CompanyPublic, CompanyUpdate
from asiento.services import companies
from asiento.services.companies import CompanyInput

router = APIRouter(prefix="/companies", tags=["companies"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_company(body: CompanyCreate, uow: UowDep, _p: PrincipalDep) -> CompanyPublic:
    row = companies.create_company(uow, CompanyInput(**body.model_dump()))
    return CompanyPublic.model_validate(row)


@router.get("")
def list_companies(uow: UowDep, _p: PrincipalDep) -> Page[CompanyPublic]:
    rows = companies.list_companies(uow)
    return Page(items=[CompanyPublic.model_validate(r) for r in rows])


@router.get("/{company_id}")
def read_company(company_id: int, uow: UowDep, _p: PrincipalDep) -> CompanyPublic:
    return CompanyPublic.model_validate(companies.get_company(uow, company_id))


@router.patch("/{company_id}")
def update_company(
    company_id: int, body: CompanyUpdate, uow: UowDep, _p: PrincipalDep
) -> CompanyPublic:
    row = companies.update_company(uow, company_id, **body.changes())
    return CompanyPublic.model_validate(row)
