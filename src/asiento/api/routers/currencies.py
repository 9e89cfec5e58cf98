"""/currencies: currencies enabled for the company and their dated rates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status

from asiento.api.schemas.companies import CurrencyEnable, CurrencyPublic, RateCreate, RatePublic
from asiento.http.deps import CompanyDep, UowDep
from asiento.http.uploads import read_upload
from asiento.services.reference import currencies, currency_rates
from asiento.services.reference.currencies import RateInput
from asiento.wire.common import Page
from asiento.wire.types import Text

router = APIRouter(prefix="/currencies", tags=["currencies"])


@router.get("")
def list_currencies(uow: UowDep, company_id: CompanyDep) -> Page[CurrencyPublic]:
    """Every enabled currency in one page: the list is short by nature."""
    rows = currencies.list_currencies(uow, company_id)
    return Page(items=[CurrencyPublic.model_validate(r) for r in rows])


@router.post("", status_code=status.HTTP_201_CREATED)
def enable_currency(body: CurrencyEnable, uow: UowDep, company_id: CompanyDep) -> CurrencyPublic:
    row = currencies.enable_currency(uow, company_id, body.code.upper())
    return CurrencyPublic.model_validate(row)


@router.get("/{code}/rates")
def list_rates(code: Text, uow: UowDep, company_id: CompanyDep) -> Page[RatePublic]:
    rows = currencies.list_rates(uow, company_id, code.upper())
    return Page(items=[RatePublic.model_validate(r) for r in rows])


@router.post("/{code}/rates", status_code=status.HTTP_201_CREATED)
def add_rate(code: Text, body: RateCreate, uow: UowDep, company_id: CompanyDep) -> RatePublic:
    row = currencies.add_rate(uow, company_id, RateInput(code.upper(), body.date, body.rate))
    return RatePublic.model_validate(row)


@router.post("/rates/import", status_code=status.HTTP_201_CREATED)
def import_rates(
    file: Annotated[UploadFile, File(description="CSV rows of date,currency,rate")],
    uow: UowDep,
    company_id: CompanyDep,
) -> Page[RatePublic]:
    """Import rates from a CSV file, all or nothing: a wrong row refuses the whole file
    (422, ``errors[]`` naming each row and its reason) and nothing is written.

    A row ``2026-01-02,USD,0.92`` reads "1 USD = 0.92" of the company currency.
    """
    rows = currency_rates.import_rates(uow, company_id, read_upload(file))
    return Page(items=[RatePublic.model_validate(r) for r in rows])
