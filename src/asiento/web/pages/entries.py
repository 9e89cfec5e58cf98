"""Manual journal entries in the browser: the list (searched), the form, one entry.

The form posts lines as ``lines-N-account``, ``-partner``, ``-label``, ``-debit``,
``-credit``; "Add a line" and "Remove" re-render it (no work is lost), and
``entry_form.js`` shows the difference between debits and credits as you type.
Saving calls ``services.ledger.entries`` (draft, or posted at once); the service
refuses an unbalanced entry, which the form shows in words with the lines kept.
Post and reverse run under the entry's row lock in the service; a loser of a race
(already posted, already reversed) sees the refusal as a message, never a 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from asiento.domain.errors import AsientoError, InvalidInput
from asiento.http.deps import UowDep
from asiento.services.ledger import entries as ledger
from asiento.services.ledger import entry_pages
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import date_of, decimal_of, optional_id
from asiento.web.i18n import gettext
from asiento.web.pages.invoice_fields import Submitted
from asiento.web.templating import render

router = APIRouter()
FIELDS = ("account", "partner", "label", "debit", "credit")
MAX_FORM_LINES = 200


@router.get("/entries")
def entry_list(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    q: str = "",
    account: str = "",
    partner: str = "",
) -> Response:
    account_id, partner_id = optional_id(account), optional_id(partner)
    rows = entry_pages.find_entries(uow, principal.company_id, q, account_id, partner_id)
    names = entry_pages.form_choices(
        uow, principal.company_id, [account_id or 0], [partner_id or 0]
    )
    return render(
        request, "entries/list.html", rows=rows, q=q, account=account_id, partner=partner_id,
        account_label=names.accounts.get(account_id or 0, ""),
        partner_label=names.partners.get(partner_id or 0, ""),
    )  # fmt: skip


@router.get("/entries/{entry_id:int}")
def entry_detail(
    request: Request, entry_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    page = entry_pages.entry_page(uow, principal.company_id, entry_id)
    return render(request, "entries/detail.html", page=page, e=page.entry, today=dt.date.today())


def _lines(form: FormData) -> list[dict[str, str]]:
    """The submitted lines in their order, as typed (blank lines kept for the form)."""
    indexes = sorted(
        {int(k.split("-")[1]) for k in form if k.startswith("lines-") and k.count("-") == 2
         and k.split("-")[1].isdigit()}
    )[:MAX_FORM_LINES]  # fmt: skip
    rows = []
    for n in indexes:
        row = {}
        for f in FIELDS:
            value = form.get(f"lines-{n}-{f}")
            row[f] = value.strip() if isinstance(value, str) else ""
        rows.append(row)
    return rows


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _command(values: dict[str, Any]) -> EntryInput:
    """The typed form as the service's command; lines without any figure are skipped."""
    lines = []
    for n, row in enumerate(values["lines"], start=1):
        if not (row["account"] or row["debit"] or row["credit"]):
            continue
        if not row["account"]:
            raise InvalidInput(f"line {n}: choose an account", field=f"lines[{n - 1}].account")
        zero = Decimal(0)
        lines.append(
            LineInput(
                account=int(row["account"]) if row["account"].isdigit() else row["account"],
                debit=decimal_of(row["debit"], f"line {n} debit") if row["debit"] else zero,
                credit=decimal_of(row["credit"], f"line {n} credit") if row["credit"] else zero,
                partner_id=optional_id(row["partner"]),
                label=row["label"],
            )
        )
    journal = values["journal"]
    return EntryInput(
        journal=int(journal) if journal.isdigit() else journal,
        date=date_of(values["date"], "date"),
        lines=tuple(lines),
        ref=values["ref"],
        narration=values["narration"],
    )


def _form(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    values: dict[str, Any],
    error: str = "",
    status: int = 200,
) -> Response:
    lines = values["lines"]
    choices = entry_pages.form_choices(
        uow, company_id,
        [int(r["account"]) for r in lines if r["account"].isdigit()],
        [int(r["partner"]) for r in lines if r["partner"].isdigit()],
    )  # fmt: skip
    return render(
        request, "entries/form.html", status_code=status, values=values, choices=choices,
        error=error,
    )  # fmt: skip


BLANK = dict.fromkeys(FIELDS, "")


@router.get("/entries/new")
def new_entry(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    values = {
        "journal": "", "date": dt.date.today().isoformat(), "ref": "", "narration": "",
        "lines": [dict(BLANK), dict(BLANK)],
    }  # fmt: skip
    return _form(request, uow, principal.company_id, values)


@router.post("/entries/new", dependencies=[Csrf])
def save_entry(
    request: Request, uow: UowDep, principal: PagePrincipal, form: Submitted
) -> Response:
    values: dict[str, Any] = {k: _text(form, k) for k in ("journal", "date", "ref", "narration")}
    values["lines"] = _lines(form) or [dict(BLANK)]
    op = _text(form, "op")
    if op == "add":
        values["lines"].append(dict(BLANK))
        return _form(request, uow, principal.company_id, values)
    if op.startswith("remove-") and op[7:].isdigit():
        del values["lines"][int(op[7:])]
        values["lines"] = values["lines"] or [dict(BLANK)]
        return _form(request, uow, principal.company_id, values)
    try:
        view = ledger.create_entry(uow, principal.company_id, _command(values), post=op == "post")
    except AsientoError as exc:
        if exc.status == 403:
            raise
        return _form(request, uow, principal.company_id, values, exc.message, exc.status)
    message = (
        gettext("Posted as %(number)s.") % {"number": view.number}
        if view.number
        else gettext("Draft entry saved.")
    )
    return session.flashed(f"/entries/{view.id}", message)


def _act(entry_id: int, run: Callable[[], tuple[int | None, str]]) -> Response:
    """Run one state change; its refusal (409, 422) is flashed on the entry's page."""
    target: int | None = entry_id
    kind = "ok"
    try:
        target, message = run()
    except AsientoError as exc:
        if exc.status in (403, 404):
            raise
        message, kind = exc.message, "error"
    response = RedirectResponse(
        f"/entries/{target}" if target is not None else "/entries", status_code=303
    )
    session.flash(response, message, kind)
    return response


@router.post("/entries/{entry_id:int}/post", dependencies=[Csrf])
def post_entry(entry_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    def run() -> tuple[int | None, str]:
        view = ledger.post_entry(uow, principal.company_id, entry_id)
        return entry_id, gettext("Posted as %(number)s.") % {"number": view.number}

    return _act(entry_id, run)


@router.post("/entries/{entry_id:int}/reverse", dependencies=[Csrf])
def reverse_entry(
    entry_id: int, uow: UowDep, principal: PagePrincipal, form: Submitted
) -> Response:
    def run() -> tuple[int | None, str]:
        day_text = _text(form, "date")
        day = date_of(day_text, "date") if day_text else None
        view = ledger.reverse_entry(uow, principal.company_id, entry_id, day, _text(form, "reason"))
        return view.id, gettext("Reversed by %(number)s.") % {"number": view.number}

    return _act(entry_id, run)


@router.post("/entries/{entry_id:int}/delete", dependencies=[Csrf])
def delete_entry(entry_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    def run() -> tuple[int | None, str]:
        ledger.delete_entry(uow, principal.company_id, entry_id)
        return None, gettext("Draft entry deleted.")

    return _act(entry_id, run)
