"""/followups: reminder levels, runs, history (with letters), disputed items, holds."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response, status

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.followups import (
    DisputeIn,
    DisputePublic,
    HistoryPublic,
    HoldIn,
    HoldPublic,
    LevelCreate,
    LevelPublic,
    LevelUpdate,
    RunIn,
    RunPublic,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.followups import followup_history
from asiento.services.followups import followup_levels as levels
from asiento.services.followups import followup_marks as marks
from asiento.services.followups.runs import run_followups
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/followups", tags=["followups"])


@router.post("/run")
def run(body: RunIn, uow: UowDep, company_id: CompanyDep) -> RunPublic:
    """Send the reminders due on ``as_of`` (or, with ``dry_run``, only list them).

    Safe to repeat: a level is never sent twice for the same overdue items.
    """
    result = run_followups(uow, company_id, body.as_of or date.today(), dry_run=body.dry_run)
    return RunPublic.model_validate(result)


@router.get("/history")
def list_history(
    uow: UowDep,
    company_id: CompanyDep,
    partner: Id | None = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> Page[HistoryPublic]:
    """Reminders sent, one row per channel, newest first."""
    result = followup_history.history(uow, company_id, partner, cursor, limit)
    items = [HistoryPublic.model_validate(r) for r in result.rows]
    return Page(items=items, next_cursor=result.next_cursor)


@router.get(
    "/history/{history_id}/letter",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def history_letter(history_id: Id, uow: UowDep, company_id: CompanyDep) -> Response:
    """The PDF letter of a recorded reminder."""
    pdf = marks.history_letter(uow, company_id, history_id)
    return Response(pdf, media_type="application/pdf")


@router.get("/levels")
def list_levels(uow: UowDep, company_id: CompanyDep) -> list[LevelPublic]:
    return [LevelPublic.model_validate(r) for r in levels.list_levels(uow, company_id)]


@router.post("/levels", status_code=status.HTTP_201_CREATED)
def create_level(body: LevelCreate, uow: UowDep, company_id: CompanyDep) -> LevelPublic:
    row = levels.create_level(uow, company_id, body.command())
    return LevelPublic.model_validate(row)


@router.post("/levels/defaults")
def seed_levels(uow: UowDep, company_id: CompanyDep) -> list[LevelPublic]:
    """15 / 30 / 45-day defaults, only when the company has no level yet."""
    return [LevelPublic.model_validate(r) for r in levels.seed_default_levels(uow, company_id)]


@router.patch("/levels/{level_id}")
def update_level(
    level_id: Id, body: LevelUpdate, uow: UowDep, company_id: CompanyDep
) -> LevelPublic:
    row = levels.update_level(uow, company_id, level_id, body.command())
    return LevelPublic.model_validate(row)


@router.delete("/levels/{level_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_level(level_id: Id, uow: UowDep, company_id: CompanyDep) -> None:
    levels.delete_level(uow, company_id, level_id)


@router.get("/disputes")
def list_disputes(uow: UowDep, company_id: CompanyDep) -> list[DisputePublic]:
    return [DisputePublic.model_validate(r) for r in marks.list_disputes(uow, company_id)]


@router.post("/disputes", status_code=status.HTTP_201_CREATED)
def dispute(body: DisputeIn, uow: UowDep, company_id: CompanyDep) -> DisputePublic:
    """Mark a receivable item disputed: runs leave it out."""
    row = marks.dispute_item(uow, company_id, body.item_id, body.note)
    return DisputePublic.model_validate(row)


@router.delete("/disputes/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def resolve_dispute(item_id: Id, uow: UowDep, company_id: CompanyDep) -> None:
    marks.resolve_dispute(uow, company_id, item_id)


@router.get("/holds")
def list_holds(uow: UowDep, company_id: CompanyDep) -> list[HoldPublic]:
    return [HoldPublic.model_validate(r) for r in marks.list_holds(uow, company_id)]


@router.put("/holds/{partner_id}")
def hold(partner_id: Id, body: HoldIn, uow: UowDep, company_id: CompanyDep) -> HoldPublic:
    """Put a partner on hold: runs skip it until released."""
    return HoldPublic.model_validate(marks.hold_partner(uow, company_id, partner_id, body.note))


@router.delete("/holds/{partner_id}", status_code=status.HTTP_204_NO_CONTENT)
def release(partner_id: Id, uow: UowDep, company_id: CompanyDep) -> None:
    marks.release_partner(uow, company_id, partner_id)
