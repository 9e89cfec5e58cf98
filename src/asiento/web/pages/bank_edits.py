"""Correcting a draft statement in the browser: its date and balances, its lines, or deleting it.

The forms call ``services.bank.statement_edits`` as the API and CLI do: only a
draft changes, a reconciled line cannot, and every change is audited. A field
left empty keeps its value. A refusal re-renders the page with the service's
own message and its status (409 for a validated statement, 422 for a bad
value); nothing is changed then.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.bank import statement_views
from asiento.services.bank.statement_edits import (
    LineChanges,
    StatementChanges,
    delete_line,
    delete_statement,
    update_line,
    update_statement,
)
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import date_of, decimal_of
from asiento.web.i18n import gettext
from asiento.web.templating import render

router = APIRouter()
Text = Annotated[str, Form()]


def _amount(text: str, field: str) -> Decimal | None:
    return decimal_of(text, field) if text.strip() else None


def _statement_page(
    request: Request, uow: UowDep, company_id: int, statement_id: int, exc: AsientoError,
    form: dict[str, str],
) -> Response:  # fmt: skip
    view = statement_views.get_statement(uow, company_id, statement_id)
    return render(
        request, "bank/statement.html", status_code=exc.status, st=view, error=exc.message,
        form=form,
    )  # fmt: skip


@router.post("/statements/{statement_id}/edit", dependencies=[Csrf])
def edit_statement(
    request: Request,
    statement_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    date: Text = "",
    opening_balance: Text = "",
    closing_balance: Text = "",
) -> Response:
    """Change a draft's date or balances (a CSV file states none)."""
    form = {"date": date, "opening_balance": opening_balance, "closing_balance": closing_balance}
    try:
        changes = StatementChanges(
            date=date_of(date, "date") if date.strip() else None,
            opening_balance=_amount(opening_balance, "opening_balance"),
            closing_balance=_amount(closing_balance, "closing_balance"),
        )
        update_statement(uow, principal.company_id, statement_id, changes)
    except AsientoError as exc:
        return _statement_page(request, uow, principal.company_id, statement_id, exc, form)
    response = RedirectResponse(f"/statements/{statement_id}", status_code=303)
    session.flash(response, gettext("Statement corrected."))
    return response


@router.post("/statements/{statement_id}/delete", dependencies=[Csrf])
def remove_statement(
    request: Request, statement_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    """Delete a wrongly imported draft with its lines."""
    try:
        delete_statement(uow, principal.company_id, statement_id)
    except AsientoError as exc:
        return _statement_page(request, uow, principal.company_id, statement_id, exc, {})
    response = RedirectResponse("/statements", status_code=303)
    session.flash(response, gettext("Draft statement deleted."))
    return response


def _line_page(
    request: Request, uow: UowDep, company_id: int, line_id: int, *,
    status_code: int = 200, error: str = "", form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    line = statement_views.get_line(uow, company_id, line_id)
    st = statement_views.get_statement(uow, company_id, line.statement_id)
    values = form or {
        "date": line.date.isoformat(),
        "amount": str(line.amount),
        "counterparty_name": line.counterparty_name or "",
        "communication": line.communication or "",
    }
    return render(
        request, "bank/line_edit.html", status_code=status_code, line=line, st=st,
        form=values, error=error,
    )  # fmt: skip


@router.get("/statement-lines/{line_id}/edit")
def line_form(request: Request, line_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    return _line_page(request, uow, principal.company_id, line_id)


@router.post("/statement-lines/{line_id}/edit", dependencies=[Csrf])
def edit_line(
    request: Request,
    line_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    date: Text = "",
    amount: Text = "",
    counterparty_name: Text = "",
    communication: Text = "",
) -> Response:
    """Change a line of a draft: date, amount, counterparty, text."""
    form = {"date": date, "amount": amount, "counterparty_name": counterparty_name,
            "communication": communication}  # fmt: skip
    try:
        changes = LineChanges(
            date=date_of(date, "date") if date.strip() else None,
            amount=_amount(amount, "amount"),
            counterparty_name=counterparty_name,
            communication=communication,
        )
        view = update_line(uow, principal.company_id, line_id, changes)
    except AsientoError as exc:
        return _line_page(
            request, uow, principal.company_id, line_id, status_code=exc.status,
            error=exc.message, form=form,
        )  # fmt: skip
    response = RedirectResponse(f"/statements/{view.id}#line-{line_id}", status_code=303)
    session.flash(response, gettext("Line corrected."))
    return response


@router.post("/statement-lines/{line_id}/delete", dependencies=[Csrf])
def remove_line(request: Request, line_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    """Delete a wrongly imported line of a draft."""
    try:
        view = delete_line(uow, principal.company_id, line_id)
    except AsientoError as exc:
        return _line_page(
            request, uow, principal.company_id, line_id, status_code=exc.status,
            error=exc.message,
        )  # fmt: skip
    response = RedirectResponse(f"/statements/{view.id}", status_code=303)
    session.flash(response, gettext("Line deleted."))
    return response
