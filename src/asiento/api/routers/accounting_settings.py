"""/accounting-settings: which accounts automatic postings use (no account code in the program)."""

from __future__ import annotations

from fastapi import APIRouter

from asiento.api.deps import CompanyDep, UowDep
from asiento.api.schemas.account_settings import AccountingSettingsPublic, AccountingSettingsUpdate
from asiento.services.reference import account_settings

router = APIRouter(prefix="/accounting-settings", tags=["settings"])


@router.get("")
def read_accounting_settings(uow: UowDep, company_id: CompanyDep) -> AccountingSettingsPublic:
    view = account_settings.get_settings(uow, company_id)
    return AccountingSettingsPublic.model_validate(view)


@router.patch("")
def update_accounting_settings(
    body: AccountingSettingsUpdate, uow: UowDep, company_id: CompanyDep
) -> AccountingSettingsPublic:
    view = account_settings.update_company_settings(uow, company_id, **body.settings())
    return AccountingSettingsPublic.model_validate(view)
