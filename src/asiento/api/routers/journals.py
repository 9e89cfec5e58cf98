"""/journals: books of entries, each with its own numbering and hash chain."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.reference import JournalCreate, JournalPublic, JournalUpdate
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.reference import chart, reads
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/journals", tags=["journals"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_journal(body: JournalCreate, uow: UowDep, company_id: CompanyDep) -> JournalPublic:
    row = chart.create_journal(uow, company_id, body.command())
    return JournalPublic.model_validate(row)


@router.get("")
def list_journals(
    uow: UowDep, company_id: CompanyDep, cursor: Cursor = None, limit: Limit = 100
) -> Page[JournalPublic]:
    rows, nxt = reads.journals_page(uow, company_id, cursor, limit)
    return Page(items=[JournalPublic.model_validate(r) for r in rows], next_cursor=nxt)


@router.get("/{journal_id}")
def read_journal(journal_id: Id, uow: UowDep, company_id: CompanyDep) -> JournalPublic:
    row = reads.get_journal(uow, company_id, journal_id)
    return JournalPublic.model_validate(row)


@router.patch("/{journal_id}")
def update_journal(
    journal_id: Id, body: JournalUpdate, uow: UowDep, company_id: CompanyDep
) -> JournalPublic:
    row = chart.update_journal(uow, company_id, journal_id, body.command())
    return JournalPublic.model_validate(row)
