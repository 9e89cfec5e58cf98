"""/journals: books of entries, each with its own numbering and hash chain."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.deps import CompanyDep, UowDep
from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.common import Page
from asiento.api.schemas.reference import JournalCreate, JournalPublic, JournalUpdate
from asiento.api.schemas.types import Id
from asiento.services.reference import chart, records
from asiento.store.tables import Journal

router = APIRouter(prefix="/journals", tags=["journals"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_journal(body: JournalCreate, uow: UowDep, company_id: CompanyDep) -> JournalPublic:
    row = chart.create_journal(uow, company_id, **body.model_dump())
    return JournalPublic.model_validate(row)


@router.get("")
def list_journals(
    uow: UowDep, company_id: CompanyDep, cursor: Cursor = None, limit: Limit = 100
) -> Page[JournalPublic]:
    rows, nxt = records.list_records(uow, company_id, Journal, cursor=cursor, limit=limit)
    return Page(items=[JournalPublic.model_validate(r) for r in rows], next_cursor=nxt)


@router.get("/{journal_id}")
def read_journal(journal_id: Id, uow: UowDep, company_id: CompanyDep) -> JournalPublic:
    row = records.get_record(uow, company_id, Journal, journal_id, "journal")
    return JournalPublic.model_validate(row)


@router.patch("/{journal_id}")
def update_journal(
    journal_id: Id, body: JournalUpdate, uow: UowDep, company_id: CompanyDep
) -> JournalPublic:
    row = chart.update_journal(uow, company_id, journal_id, **body.changes())
    return JournalPublic.model_validate(row)
