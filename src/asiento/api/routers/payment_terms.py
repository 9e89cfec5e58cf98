"""/payment-terms: CRUD and ``POST /{id}/preview`` (the schedule an invoice would get)."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.payment_terms import (
    PreviewIn,
    PreviewPublic,
    TermCreate,
    TermPublic,
    TermUpdate,
)
from asiento.domain.money import money
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.reference import payment_terms
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/payment-terms", tags=["payment terms"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_term(body: TermCreate, uow: UowDep, company_id: CompanyDep) -> TermPublic:
    """Create a term; every broken rule is reported at once, naming its line (422)."""
    view = payment_terms.create_term(
        uow, company_id, body.as_dict(), note=body.note, active=body.active
    )
    return TermPublic.of(view)


@router.get("")
def list_terms(
    uow: UowDep,
    company_id: CompanyDep,
    active: bool | None = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> Page[TermPublic]:
    views, nxt = payment_terms.list_terms(
        uow, company_id, active=active, cursor=cursor, limit=limit
    )
    return Page(items=[TermPublic.of(v) for v in views], next_cursor=nxt)


@router.get("/{term_id}")
def read_term(term_id: Id, uow: UowDep, company_id: CompanyDep) -> TermPublic:
    return TermPublic.of(payment_terms.get_term(uow, company_id, term_id))


@router.patch("/{term_id}")
def update_term(term_id: Id, body: TermUpdate, uow: UowDep, company_id: CompanyDep) -> TermPublic:
    definition = body.definition.as_dict() if body.definition is not None else None
    view = payment_terms.update_term(
        uow, company_id, term_id, definition=definition, note=body.note, active=body.active
    )
    return TermPublic.of(view)


@router.delete("/{term_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_term(term_id: Id, uow: UowDep, company_id: CompanyDep) -> None:
    """Delete an unused term; a term in use is refused (409): deactivate it instead."""
    payment_terms.delete_term(uow, company_id, term_id)


@router.post("/{term_id}/preview")
def preview_term(
    term_id: Id, body: PreviewIn, uow: UowDep, company_id: CompanyDep
) -> PreviewPublic:
    """The installments of ``amount`` on ``invoice_date``, with discount dates and amounts."""
    untaxed = None if body.untaxed is None else money(body.untaxed, body.currency)
    preview = payment_terms.preview_term(
        uow,
        company_id,
        term_id,
        total=money(body.amount, body.currency),
        invoice_date=body.invoice_date,
        untaxed=untaxed,
        partner_id=body.partner_id,
    )
    return PreviewPublic.of(preview)
