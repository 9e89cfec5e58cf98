"""/entries: manual journal entries, from draft to posted and reversed."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from asiento.api.idempotency import IdempotencyDep, run
from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.entries import EntryIn, EntryPatch, EntryPublic, ReverseIn
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryFilter
from asiento.services.ledger.entry_views import EntryView
from asiento.wire.common import Page
from asiento.wire.types import Day, Id, Text

router = APIRouter(prefix="/entries", tags=["entries"])
SCOPE = "entries"
Post = Annotated[bool, Query(description="post the entry at once")]


def render(view: EntryView) -> EntryPublic:
    return EntryPublic.model_validate(view)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=EntryPublic)
def create_entry(body: EntryIn, idem: IdempotencyDep, post: Post = False) -> Response:
    """Create a draft (or, with ``?post=true``, a posted entry; then ``Idempotency-Key`` counts)."""
    cmd = body.command()
    if not post:
        idem = replace(idem, key=None)
    return run(
        idem,
        SCOPE,
        body,
        lambda uow: render(ledger.create_entry(uow, idem.company_id, cmd, post=post)),
        status.HTTP_201_CREATED,
    )


@router.get("")
def list_entries(
    uow: UowDep,
    company_id: CompanyDep,
    journal_id: Id | None = None,
    state: Text | None = None,
    date_from: Day | None = None,
    date_to: Day | None = None,
    partner_id: Id | None = None,
    account_id: Id | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[EntryPublic]:
    f = EntryFilter(journal_id, state, date_from, date_to, partner_id, account_id)
    result = ledger.list_entries(uow, company_id, f, cursor=cursor, limit=limit)
    return Page(items=[render(e) for e in result.entries], next_cursor=result.next_cursor)


@router.get("/{entry_id}")
def read_entry(entry_id: Id, uow: UowDep, company_id: CompanyDep) -> EntryPublic:
    return render(ledger.get_entry(uow, company_id, entry_id))


@router.put("/{entry_id}")
def replace_entry(entry_id: Id, body: EntryIn, uow: UowDep, company_id: CompanyDep) -> EntryPublic:
    """Replace a draft's header and lines; a posted entry is refused (409)."""
    return render(ledger.update_entry(uow, company_id, entry_id, body.command()))


@router.patch("/{entry_id}")
def patch_entry(entry_id: Id, body: EntryPatch, uow: UowDep, company_id: CompanyDep) -> EntryPublic:
    """Change some fields of a draft; omitted fields keep their current value."""
    current = ledger.get_entry(uow, company_id, entry_id)
    merged = EntryIn.model_validate(_as_input(current) | body.model_dump(exclude_unset=True))
    return render(ledger.update_entry(uow, company_id, entry_id, merged.command()))


def _as_input(view: EntryView) -> dict[str, object]:
    """The draft as an ``EntryIn`` body, so a PATCH can overlay only what it sends."""
    lines = [
        {
            "account": i.account_id,
            "debit": i.debit,
            "credit": i.credit,
            "partner_id": i.partner_id,
            "label": i.label,
            "due_date": i.due_date,
            "currency": i.currency,
            "amount_currency": i.amount_currency,
        }
        for i in view.items
    ]
    return {
        "journal": view.journal_id,
        "date": view.date,
        "ref": view.ref,
        "narration": view.narration,
        "lines": lines,
    }


@router.delete("/{entry_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_entry(entry_id: Id, uow: UowDep, company_id: CompanyDep) -> None:
    ledger.delete_entry(uow, company_id, entry_id)


@router.post("/{entry_id}/post", response_model=EntryPublic)
def post_entry(entry_id: Id, idem: IdempotencyDep) -> Response:
    return run(
        idem,
        SCOPE,
        None,
        lambda uow: render(ledger.post_entry(uow, idem.company_id, entry_id)),
        status.HTTP_200_OK,
    )


@router.post("/{entry_id}/reverse", status_code=status.HTTP_201_CREATED, response_model=EntryPublic)
def reverse_entry(entry_id: Id, body: ReverseIn, idem: IdempotencyDep) -> Response:
    """Post the mirror entry of a posted one; ``date`` defaults to the original's date."""
    return run(
        idem,
        SCOPE,
        body,
        lambda uow: render(
            ledger.reverse_entry(uow, idem.company_id, entry_id, body.date, body.reason)
        ),
        status.HTTP_201_CREATED,
    )
