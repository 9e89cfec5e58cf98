"""/accounting-settings: which accounts automatic postings use (no account code in the program)."""

from __future__ import annotations

from fastapi import APIRouter

from asiento.api.schemas.account_settings import (
    AccountingSettingsPublic,
    AccountingSettingsUpdate,
    SettingAccountPublic,
    TermAccountsUpdate,
)
from asiento.http.deps import CompanyDep, UowDep
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


@router.patch("/payment-terms/{term_id}")
def update_term_accounts(
    term_id: int, body: TermAccountsUpdate, uow: UowDep, company_id: CompanyDep
) -> dict[str, SettingAccountPublic | None]:
    """A payment term's own cash discount accounts, overriding the company's (null clears)."""
    view = account_settings.update_term_accounts(uow, company_id, term_id, **body.settings())
    return {k: SettingAccountPublic.model_validate(v) if v else None for k, v in view.items()}
