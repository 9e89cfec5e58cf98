"""/bills: vendor bills with their Should Be Paid verdict; ``?to_pay=true`` lists bills to pay."""

from __future__ import annotations

from fastapi import APIRouter

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.purchasing import BillPublic, ShouldBePaidChangePublic, ShouldBePaidIn
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.orders import should_be_paid
from asiento.wire.common import Page
from asiento.wire.types import Id, Text

router = APIRouter(prefix="/bills", tags=["bills"])


@router.get("")
def list_bills(
    uow: UowDep,
    company_id: CompanyDep,
    to_pay: bool = False,
    should_be_paid_is: Text | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[BillPublic]:
    """``to_pay``: posted, not paid, Should Be Paid = yes; ``should_be_paid_is`` filters on it."""
    result = should_be_paid.list_bills(uow, company_id, to_pay, should_be_paid_is, cursor, limit)
    items = [BillPublic.model_validate(b) for b in result.bills]
    return Page(items=items, next_cursor=result.next_cursor)


@router.put("/{bill_id}/should-be-paid")
def set_should_be_paid(
    bill_id: Id, body: ShouldBePaidIn, uow: UowDep, company_id: CompanyDep
) -> BillPublic:
    """Set the verdict by hand; the change is recorded with the user and the time."""
    view = should_be_paid.set_should_be_paid(
        uow, company_id, bill_id, body.should_be_paid, body.reason, body.user
    )
    return BillPublic.model_validate(view)


@router.get("/{bill_id}/should-be-paid/history")
def should_be_paid_history(
    bill_id: Id, uow: UowDep, company_id: CompanyDep
) -> list[ShouldBePaidChangePublic]:
    rows = should_be_paid.should_be_paid_history(uow, company_id, bill_id)
    return [ShouldBePaidChangePublic.model_validate(r) for r in rows]
