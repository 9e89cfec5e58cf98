"""Follow-ups: levels overview, a run with its dry-run preview, history per partner,
disputed items and partners on hold.

The preview is ``run_followups(dry_run=True)``: the very plan a run would
execute, writing, sending and rendering nothing; "Send" runs it for the same
date. Marks and holds are ``services.followup_marks`` as in the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.errors import AsientoError, InvalidInput
from asiento.http.deps import UowDep
from asiento.services.followups import followup_history
from asiento.services.followups import followup_levels as levels
from asiento.services.followups import followup_marks as marks
from asiento.services.followups.followup_history import HistoryView
from asiento.services.followups.runs import run_followups
from asiento.services.ledger.document_links import item_links
from asiento.services.reference import partners
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import optional_id
from asiento.web.i18n import gettext
from asiento.web.pages.auth import safe_next
from asiento.web.templating import render

router = APIRouter()


def _as_of(raw: str) -> dt.date:
    if not raw.strip():
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(f"as_of: {raw!r} is not a date (YYYY-MM-DD)", field="as_of") from None


def _names(uow: UowDep, company_id: int) -> dict[int, str]:
    return {p.id: p.name for p in partners.list_partners(uow, company_id)}


def _overview(
    request: Request, uow: UowDep, company_id: int, *, status_code: int = 200, error: str = ""
) -> Response:
    disputes = marks.list_disputes(uow, company_id)
    return render(
        request,
        "followups/index.html",
        status_code=status_code,
        error=error,
        levels=levels.list_levels(uow, company_id),
        holds=marks.list_holds(uow, company_id),
        disputes=disputes,
        disputed=item_links(uow, company_id, [d.item_id for d in disputes]),
        names=_names(uow, company_id),
        today=dt.date.today().isoformat(),
    )


@router.get("/followups")
def overview(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _overview(request, uow, principal.company_id)


@router.post("/followups/preview", dependencies=[Csrf])
def preview(
    request: Request, uow: UowDep, principal: PagePrincipal, as_of: Annotated[str, Form()] = ""
) -> Response:
    """Who would get which level, with the items and the net total: nothing is written."""
    try:
        run = run_followups(uow, principal.company_id, _as_of(as_of), dry_run=True)
    except AsientoError as exc:
        return _overview(
            request, uow, principal.company_id, status_code=exc.status, error=exc.message
        )
    return render(request, "followups/preview.html", run=run)


@router.post("/followups/run", dependencies=[Csrf])
def execute(
    request: Request, uow: UowDep, principal: PagePrincipal, as_of: Annotated[str, Form()] = ""
) -> Response:
    """Send the reminders of ``as_of``; a level is never sent twice for the same items."""
    try:
        run = run_followups(uow, principal.company_id, _as_of(as_of), dry_run=False)
    except AsientoError as exc:
        return _overview(
            request, uow, principal.company_id, status_code=exc.status, error=exc.message
        )
    outcomes = [o for r in run.reminders for o in r.outcomes]
    counts = {
        "reminders": len(run.reminders),
        "sent": sum(o.status == "sent" for o in outcomes),
        "errors": sum(o.status == "error" for o in outcomes),
        "calls": len(run.todos),
    }
    text = gettext(
        "%(reminders)s reminders: %(sent)s sent, %(errors)s not sent, %(calls)s calls to make"
    )
    return session.flashed(
        "/followups/history", text % counts, "error" if counts["errors"] else "ok"
    )


@router.get("/followups/history")
def history(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    partner_id: str = "",
    cursor: str | None = None,
) -> Response:
    """Reminders sent, newest first, of one partner or of all."""
    pid = optional_id(partner_id)
    found = followup_history.history(uow, principal.company_id, pid, cursor, 100)
    rows = [_history_row(r) for r in found.rows]
    return render(
        request, "followups/history.html", rows=rows, next_cursor=found.next_cursor,
        partner_id=pid, names=_names(uow, principal.company_id),
    )  # fmt: skip


def _history_row(row: HistoryView) -> dict[str, Any]:
    return {
        "id": row.id, "partner_id": row.partner_id, "date": row.date, "level": row.level_name,
        "channel": row.channel, "status": row.status, "error": row.error,
        "currency": row.currency, "lines": row.lines,
        "total_due": row.total_due, "total_overdue": row.total_overdue,
    }  # fmt: skip


@router.get("/followups/history/{history_id}/letter")
def letter(history_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    pdf = marks.history_letter(uow, principal.company_id, history_id)
    return Response(pdf, media_type="application/pdf")


def _back(next_url: str, message: str, kind: str = "ok") -> Response:
    return session.flashed(safe_next(next_url or "/followups"), message, kind)


@router.post("/followups/disputes", dependencies=[Csrf])
def dispute(
    uow: UowDep,
    principal: PagePrincipal,
    item_id: Annotated[int, Form()],
    note: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/followups",
) -> Response:
    """Mark an item disputed: runs leave it out until resolved."""
    try:
        marks.dispute_item(uow, principal.company_id, item_id, note.strip())
    except AsientoError as exc:
        return _back(next, exc.message, "error")
    return _back(next, gettext("Item marked disputed: follow-up runs leave it out."))


@router.post("/followups/disputes/{item_id}/resolve", dependencies=[Csrf])
def resolve(item_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    try:
        marks.resolve_dispute(uow, principal.company_id, item_id)
    except AsientoError as exc:
        return _back("/followups", exc.message, "error")
    return _back("/followups", gettext("Dispute resolved: the item is followed up again."))


@router.post("/followups/holds", dependencies=[Csrf])
def hold(
    uow: UowDep,
    principal: PagePrincipal,
    partner_id: Annotated[int, Form()],
    note: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/followups",
) -> Response:
    """Put a partner on hold: runs skip it until released."""
    try:
        marks.hold_partner(uow, principal.company_id, partner_id, note.strip())
    except AsientoError as exc:
        return _back(next, exc.message, "error")
    return _back(next, gettext("Partner on hold: follow-up runs skip it."))


@router.post("/followups/holds/{partner_id}/release", dependencies=[Csrf])
def release(partner_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    try:
        marks.release_partner(uow, principal.company_id, partner_id)
    except AsientoError as exc:
        return _back("/followups", exc.message, "error")
    return _back("/followups", gettext("Hold released: the partner is followed up again."))
