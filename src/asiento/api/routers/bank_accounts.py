"""/bank-accounts: the company's own accounts; /partners/{id}/bank-accounts: a partner's.

A company account names its currency and may be the default for it: the one
invoices in that currency print and bank journals point at
(``journals.bank_account_id``).
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from asiento.api.schemas.companies import BankAccountCreate, BankAccountPublic, BankAccountUpdate
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.reference import bank_accounts
from asiento.wire.common import Page

router = APIRouter(tags=["bank accounts"])


@router.post("/bank-accounts", status_code=status.HTTP_201_CREATED)
def create_company_account(
    body: BankAccountCreate, uow: UowDep, company_id: CompanyDep
) -> BankAccountPublic:
    view = bank_accounts.create_bank_account(uow, company_id, body.command(None))
    return BankAccountPublic.model_validate(view)


@router.get("/bank-accounts")
def list_company_accounts(uow: UowDep, company_id: CompanyDep) -> Page[BankAccountPublic]:
    views = bank_accounts.list_bank_accounts(uow, company_id)
    return Page(items=[BankAccountPublic.model_validate(v) for v in views])


@router.get("/bank-accounts/{account_id}")
def read_account(account_id: int, uow: UowDep, company_id: CompanyDep) -> BankAccountPublic:
    view = bank_accounts.get_bank_account(uow, company_id, account_id)
    return BankAccountPublic.model_validate(view)


@router.patch("/bank-accounts/{account_id}")
def update_account(
    account_id: int, body: BankAccountUpdate, uow: UowDep, company_id: CompanyDep
) -> BankAccountPublic:
    view = bank_accounts.update_bank_account(uow, company_id, account_id, body.command())
    return BankAccountPublic.model_validate(view)


@router.delete("/bank-accounts/{account_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_account(account_id: int, uow: UowDep, company_id: CompanyDep) -> Response:
    bank_accounts.delete_bank_account(uow, company_id, account_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/partners/{partner_id}/bank-accounts", status_code=status.HTTP_201_CREATED)
def create_partner_account(
    partner_id: int, body: BankAccountCreate, uow: UowDep, company_id: CompanyDep
) -> BankAccountPublic:
    view = bank_accounts.create_bank_account(uow, company_id, body.command(partner_id))
    return BankAccountPublic.model_validate(view)


@router.get("/partners/{partner_id}/bank-accounts")
def list_partner_accounts(
    partner_id: int, uow: UowDep, company_id: CompanyDep
) -> Page[BankAccountPublic]:
    views = bank_accounts.list_bank_accounts(uow, company_id, partner_id)
    return Page(items=[BankAccountPublic.model_validate(v) for v in views])
