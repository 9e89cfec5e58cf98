"""/accounts: the chart of accounts."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.reference import AccountCreate, AccountPublic, AccountUpdate
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.reference import chart, reads
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/accounts", tags=["accounts"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_account(body: AccountCreate, uow: UowDep, company_id: CompanyDep) -> AccountPublic:
    row = chart.create_account(uow, company_id, body.command())
    return AccountPublic.model_validate(row)


@router.get("")
def list_accounts(
    uow: UowDep, company_id: CompanyDep, cursor: Cursor = None, limit: Limit = 100
) -> Page[AccountPublic]:
    rows, nxt = reads.accounts_page(uow, company_id, cursor, limit)
    return Page(items=[AccountPublic.model_validate(r) for r in rows], next_cursor=nxt)


@router.get("/{account_id}")
def read_account(account_id: Id, uow: UowDep, company_id: CompanyDep) -> AccountPublic:
    row = reads.get_account(uow, company_id, account_id)
    return AccountPublic.model_validate(row)


@router.patch("/{account_id}")
def update_account(
    account_id: Id, body: AccountUpdate, uow: UowDep, company_id: CompanyDep
) -> AccountPublic:
    row = chart.update_account(uow, company_id, account_id, body.command())
    return AccountPublic.model_validate(row)
