"""/invoices: customer invoices, credit notes and vendor bills, from draft to cancelled."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from asiento.api.batch_errors import batch_item
from asiento.api.idempotency import (
    Idempotency,
    IdempotencyDep,
    release,
    request_idempotency,
    run,
    run_in_one,
)
from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.invoices import (
    CancelIn,
    CreditNoteIn,
    InvoiceBatchPublic,
    InvoicePatch,
    InvoicePublic,
    InvoiceSummaryPublic,
)
from asiento.domain.errors import InvalidInput
from asiento.http.deps import CompanyDep, UowDep, scope_dependency
from asiento.services.invoicing import credit_notes, invoice_refs, invoices, refunds
from asiento.services.invoicing.invoice_inputs import InvoiceFilter, InvoiceInput
from asiento.services.invoicing.invoice_views import InvoiceView
from asiento.store.uow import UnitOfWork
from asiento.wire.common import Page
from asiento.wire.invoices import InvoiceBatchIn, InvoiceIn
from asiento.wire.types import Day, Id, Text

router = APIRouter(prefix="/invoices", tags=["invoices"])
in_transaction = APIRouter(prefix="/invoices", tags=["invoices"])
"""The routes whose token check is the first statement of their one transaction
(``RequestIdempotencyDep``): registered without the API's router-wide token check
(``api.routes.OWN_TOKEN_CHECK``), which would check the token again in a transaction of its own."""
SCOPE = "invoices"


def render(view: InvoiceView) -> InvoicePublic:
    return InvoicePublic.model_validate(view)


def command(uow: UnitOfWork, company_id: int, body: InvoiceIn) -> InvoiceInput:
    """The request with product codes, account codes and tax names turned into ids."""
    ids = invoice_refs.resolve(uow, company_id, body.kind, body.partner, body.journal, body.refs())
    return body.command(ids)


def _create_scope(post: bool = False) -> str | None:
    """The key scope read with the token: ``?post=true`` only (drafts go through ``run``)."""
    return f"{SCOPE}:post" if post else None


def _batch_scope(post: bool = False) -> str:
    return f"{SCOPE}:batch:post" if post else f"{SCOPE}:batch"


CreateIdempotency = Annotated[Idempotency, request_idempotency(scope_dependency(_create_scope))]
BatchIdempotency = Annotated[Idempotency, request_idempotency(scope_dependency(_batch_scope))]


@in_transaction.post("", status_code=status.HTTP_201_CREATED, response_model=InvoicePublic)
def create_invoice(
    body: InvoiceIn, uow: UowDep, idem: CreateIdempotency, post: bool = False
) -> Response:
    """Create a draft; defaults come from the partner, the products and the company.

    With ``post=true`` the invoice is created and posted in one transaction (number and
    journal entry included; needs the right to post): all or nothing, the token check
    included (one transaction per request).
    """
    if post:
        return run_in_one(
            idem,
            _create_scope(post=True) or "",
            body,
            lambda s: _create_and_post(s, idem.company_id, body),
            status.HTTP_201_CREATED,
        )
    release(idem)  # the draft path works in transactions of its own
    data = command(uow, idem.company_id, body)
    return run(
        idem,
        SCOPE,
        body,
        lambda u: render(invoices.create_invoice(u, idem.company_id, data)),
        status.HTTP_201_CREATED,
    )


def _create_and_post(session: Session, company_id: int, body: InvoiceIn) -> InvoicePublic:
    """References, invoice, entry and response in the request's one transaction."""
    refs = body.refs()
    ids = invoice_refs.resolve_in(session, company_id, body.kind, body.partner, body.journal, refs)
    return render(invoices.create_and_post_invoice_in(session, company_id, body.command(ids)))


BATCH_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "posting (``post=true``) needs the right to post"},
    409: {"description": "the Idempotency-Key was used for another request"},
    422: {
        "description": "an invoice is invalid or names an unknown reference: "
        "``errors[].field`` names it (``invoices[3].lines[0].product``)"
    },
}


@in_transaction.post(
    "/batch",
    status_code=status.HTTP_201_CREATED,
    response_model=InvoiceBatchPublic,
    responses=BATCH_ERRORS,
)
def create_invoice_batch(
    body: InvoiceBatchIn, idem: BatchIdempotency, post: bool = False
) -> Response:
    """Create (with ``post=true`` create and post) many invoices in one transaction.

    All or nothing: the first invoice refused rolls the whole batch back and the problem's
    fields name it (``invoices[3].lines[0].product``), so a corrected batch can simply be sent
    again, and posted numbers stay gapless. A retry with the same ``Idempotency-Key``
    replays the first response.
    """
    scope = _batch_scope(post)
    return run_in_one(
        idem,
        scope,
        body,
        lambda s: _create_batch(s, idem.company_id, body, post),
        status.HTTP_201_CREATED,
    )


def _create_batch(
    session: Session, company_id: int, body: InvoiceBatchIn, post: bool
) -> InvoiceBatchPublic:
    items = []
    for n, one in enumerate(body.invoices):
        with batch_item(n):
            if post:
                items.append(_create_and_post(session, company_id, one))
            else:
                items.append(_create_draft(session, company_id, one))
    return InvoiceBatchPublic(items=items)


def _create_draft(session: Session, company_id: int, body: InvoiceIn) -> InvoicePublic:
    refs = body.refs()
    ids = invoice_refs.resolve_in(session, company_id, body.kind, body.partner, body.journal, refs)
    return render(invoices.create_draft_in(session, company_id, body.command(ids)))


@router.get("")
def list_invoices(
    uow: UowDep,
    company_id: CompanyDep,
    kind: Text | None = None,
    state: Text | None = None,
    payment_state: Text | None = None,
    partner_id: Id | None = None,
    date_from: Day | None = None,
    date_to: Day | None = None,
    overdue: bool = False,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[InvoiceSummaryPublic]:
    """Newest first; ``state=draft`` lists the drafts awaiting approval."""
    f = InvoiceFilter(kind, state, payment_state, partner_id, date_from, date_to, overdue)
    result = invoices.list_invoices(uow, company_id, f, cursor=cursor, limit=limit)
    items = [InvoiceSummaryPublic.model_validate(i) for i in result.invoices]
    return Page(items=items, next_cursor=result.next_cursor)


@router.get("/{invoice_id}")
def read_invoice(invoice_id: Id, uow: UowDep, company_id: CompanyDep) -> InvoicePublic:
    return render(invoices.get_invoice(uow, company_id, invoice_id))


@router.patch("/{invoice_id}")
def patch_invoice(
    invoice_id: Id, body: InvoicePatch, uow: UowDep, company_id: CompanyDep
) -> InvoicePublic:
    """Change a draft; omitted fields keep their value, ``lines`` replaces all lines."""
    current = invoices.get_invoice(uow, company_id, invoice_id)
    merged = InvoiceIn.model_validate(as_input(current) | body.model_dump(exclude_unset=True))
    data = command(uow, company_id, merged)
    return render(invoices.update_invoice(uow, company_id, invoice_id, data))


def as_input(view: InvoiceView) -> dict[str, Any]:
    """The draft as an ``InvoiceIn`` body, so that a PATCH overlays only what it sends."""
    lines = [
        {
            "product": line.product_id,
            "description": line.description,
            "quantity": line.quantity,
            "price_unit": line.price_unit,
            "discount": line.discount,
            "account": line.account_id,
            "taxes": list(line.tax_ids),
            "origin_line_id": line.origin_line_id,
        }
        for line in view.lines
    ]
    return {
        "kind": view.kind,
        "partner": view.partner_id,
        "lines": lines,
        "invoice_date": view.invoice_date,
        "currency": view.currency,
        "journal": view.journal_id,
        "payment_term_id": view.payment_term_id,
        "manual_due_date": view.manual_due_date,
        "ref": view.ref,
        "narration": view.narration,
        "payment_reference": view.payment_reference,
    }


@router.delete("/{invoice_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_invoice(invoice_id: Id, uow: UowDep, company_id: CompanyDep) -> None:
    invoices.delete_invoice(uow, company_id, invoice_id)


@router.post("/{invoice_id}/proforma")
def proforma_invoice(invoice_id: Id, uow: UowDep, company_id: CompanyDep) -> InvoicePublic:
    return render(invoices.proforma_invoice(uow, company_id, invoice_id))


@router.post("/{invoice_id}/reset-to-draft")
def reset_to_draft(invoice_id: Id, uow: UowDep, company_id: CompanyDep) -> InvoicePublic:
    return render(invoices.reset_to_draft(uow, company_id, invoice_id))


@router.post("/{invoice_id}/post", response_model=InvoicePublic)
def post_invoice(invoice_id: Id, idem: IdempotencyDep) -> Response:
    """Post: number and journal entry; a retry with the same ``Idempotency-Key`` replays."""
    return run(
        idem,
        SCOPE,
        None,
        lambda u: render(invoices.post_invoice(u, idem.company_id, invoice_id)),
        status.HTTP_200_OK,
    )


@router.post(
    "/{invoice_id}/credit-note", status_code=status.HTTP_201_CREATED, response_model=InvoicePublic
)
def credit_note(invoice_id: Id, body: CreditNoteIn, idem: IdempotencyDep) -> Response:
    """A draft credit note of a posted invoice (the lines named, or everything left),
    or with ``refund`` a posted full credit note reconciled with the invoice."""
    if body.refund:
        if body.lines:
            raise InvalidInput("lines: a full refund credits every line", field="lines")
        return run(
            idem,
            SCOPE,
            body,
            lambda u: _refund(u, idem.company_id, invoice_id, body),
            status.HTTP_201_CREATED,
        )
    cmd = body.command()
    return run(
        idem,
        SCOPE,
        body,
        lambda u: render(credit_notes.create_credit_note(u, idem.company_id, invoice_id, cmd)),
        status.HTTP_201_CREATED,
    )


def _refund(uow: UnitOfWork, company_id: int, invoice_id: int, body: CreditNoteIn) -> InvoicePublic:
    refund = refunds.refund_invoice(uow, company_id, invoice_id, body.reason, body.date)
    return render(invoices.get_invoice(uow, company_id, refund.credit_note_id))


@router.post("/{invoice_id}/cancel", response_model=InvoicePublic)
def cancel_invoice(invoice_id: Id, body: CancelIn, idem: IdempotencyDep) -> Response:
    """Cancel a posted invoice by reversing its entry (refused while reconciled)."""
    return run(
        idem,
        SCOPE,
        body,
        lambda u: render(
            invoices.cancel_invoice(u, idem.company_id, invoice_id, body.date, body.reason)
        ),
        status.HTTP_200_OK,
    )
