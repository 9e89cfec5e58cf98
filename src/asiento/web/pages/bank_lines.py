"""Reconciling one statement line: suggested matches, pick items (split), write-off, payment.

The suggestions are ``services.statement_suggestions`` (the automatic pass's
rules for one line); booking is ``services.statement_reconcile`` as in the API.
The live total of the picked items is an HTMX fragment; without JavaScript
the form still posts and the service says what does not add up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.bank import statement_reconcile
from asiento.services.bank.statement_reconcile import LineReconciliation
from asiento.services.bank.statement_suggestions import describe, line_suggestions
from asiento.services.bank.statement_unreconcile import unreconcile_line
from asiento.services.bank.statement_views import get_line
from asiento.services.ledger.document_links import DocLink, find_links
from asiento.services.reference import chart
from asiento.services.search.chosen import chosen_labels
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import optional_id
from asiento.web.i18n import gettext
from asiento.web.templating import render

router = APIRouter()


def _page(
    request: Request,
    uow: UowDep,
    company_id: int,
    line_id: int,
    partner_id: int | None = None,
    *,
    status_code: int = 200,
    error: str = "",
    picked: tuple[int, ...] | None = None,
    writeoff: tuple[str, str] = ("", ""),
) -> Response:
    found = line_suggestions(uow, company_id, line_id, partner_id)
    chosen = found.proposed if picked is None else picked
    return render(
        request,
        "bank/line.html",
        status_code=status_code,
        s=found,
        line=found.line,
        entry=_entry_link(uow, company_id, found.line.entry_id),
        picked=set(chosen),
        selected_total=sum((c.residual for c in found.items if c.id in chosen), Decimal(0)),
        accounts=chart.list_accounts(uow, company_id),
        partner_label=_partner_label(uow, company_id, found.partner_id),
        error=error,
        writeoff_account=writeoff[0],
        writeoff_label=writeoff[1],
    )


def _entry_link(uow: UowDep, company_id: int, entry_id: int | None) -> DocLink | None:
    """The line's entry named by its number, for the page to link."""
    if entry_id is None:
        return None
    return find_links(uow, company_id, [("entry", entry_id)]).get(("entry", entry_id))


@router.get("/statement-lines/{line_id}")
def line_page(
    request: Request,
    line_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    partner_id: int | None = None,
) -> Response:
    return _page(request, uow, principal.company_id, line_id, partner_id)


@router.get("/statement-lines/{line_id}/selection")
def selection(
    request: Request,
    line_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    item_id: Annotated[list[int], Query()] = [],  # noqa: B006 - FastAPI reads the default
) -> Response:
    """The HTMX fragment: picked items' total against the line amount."""
    line = get_line(uow, principal.company_id, line_id)
    _, items = describe(uow, principal.company_id, [], item_id)
    total = sum((items[i].residual for i in set(item_id) if i in items), Decimal(0))
    return render(request, "bank/selection.html", line=line, selected_total=total)


@router.post("/statement-lines/{line_id}/reconcile", dependencies=[Csrf])
def reconcile(
    request: Request,
    line_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    item_id: Annotated[list[int], Form()] = [],  # noqa: B006 - FastAPI reads the default
    writeoff_account_id: Annotated[str, Form()] = "",
    writeoff_label: Annotated[str, Form()] = "",
    partner_id: Annotated[str, Form()] = "",
) -> Response:
    """Book the line against the picked items (oldest first), the rest to the write-off."""
    how = LineReconciliation(
        item_ids=tuple(item_id),
        writeoff_account_id=optional_id(writeoff_account_id),
        writeoff_label=writeoff_label.strip() or "Write-off",
    )
    try:
        statement_reconcile.reconcile_line(uow, principal.company_id, line_id, how)
    except AsientoError as exc:
        pid = optional_id(partner_id)
        return _page(
            request, uow, principal.company_id, line_id, pid, status_code=exc.status,
            error=exc.message, picked=tuple(item_id),
            writeoff=(writeoff_account_id, writeoff_label),
        )  # fmt: skip
    return _done(line_id)


@router.post("/statement-lines/{line_id}/match-payment", dependencies=[Csrf])
def match_payment(
    request: Request,
    line_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    payment_id: Annotated[int, Form()],
) -> Response:
    """Close a registered payment's outstanding item with the line."""
    try:
        statement_reconcile.match_payment(uow, principal.company_id, line_id, payment_id)
    except AsientoError as exc:
        return _page(
            request, uow, principal.company_id, line_id, status_code=exc.status, error=exc.message
        )
    return _done(line_id)


@router.post("/statement-lines/{line_id}/unreconcile", dependencies=[Csrf])
def unreconcile(request: Request, line_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    """Undo a line's reconciliation (``services.statement_unreconcile``)."""
    try:
        unreconcile_line(uow, principal.company_id, line_id)
    except AsientoError as exc:
        return _page(
            request, uow, principal.company_id, line_id, status_code=exc.status, error=exc.message
        )
    return session.flashed(
        f"/statement-lines/{line_id}", gettext("Line unreconciled: it is open again.")
    )


def _done(line_id: int) -> Response:
    return session.flashed(f"/statement-lines/{line_id}", gettext("Line reconciled."))


def _partner_label(uow: UowDep, company_id: int, partner_id: int | None) -> str:
    """The name the partner picker shows (only that partner is read)."""
    key = str(partner_id or "")
    return chosen_labels(uow, company_id, [key], [])[0].get(key, "")
