"""Bank statements: the list per bank journal, upload and import summary, detail, validate,
and the automatic reconciliation with a dry-run preview.

The import calls ``services.statement_import.import_statement`` exactly as the
API does (all or nothing): a refused file re-renders the upload form with the
importer's own message (it names the line or element at fault).
"""

from __future__ import annotations

from itertools import groupby
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from asiento.domain.errors import AsientoError
from asiento.domain.money import to_decimal
from asiento.http.deps import UowDep
from asiento.http.uploads import upload_file
from asiento.services.bank import statement_profiles, statement_views, statements
from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.bank.statement_import import import_statement
from asiento.services.bank.statement_overview import bank_journals, statement_rows
from asiento.services.bank.statement_proposals import AutoReport
from asiento.services.bank.statement_suggestions import describe
from asiento.services.ledger.document_links import find_links
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import optional_id
from asiento.web.i18n import gettext
from asiento.web.templating import render

router = APIRouter()


def _list_page(
    request: Request,
    uow: UowDep,
    company_id: int,
    *,
    journal_id: int | None = None,
    cursor: str | None = None,
    q: str = "",
    status_code: int = 200,
    form: dict[str, str] | None = None,
    error: str = "",
) -> Response:
    q = q.strip()
    rows, nxt = statement_rows(uow, company_id, journal_id=journal_id, cursor=cursor, q=q or None)
    groups = [(code, list(items)) for code, items in groupby(
        sorted(rows, key=lambda r: (r.journal, -r.id)), key=lambda r: r.journal)]  # fmt: skip
    return render(
        request,
        "bank/statements.html",
        status_code=status_code,
        groups=groups,
        next_cursor=nxt,
        journal_id=journal_id,
        q=q,
        older_url=_older_url(journal_id, q, nxt),
        journals=bank_journals(uow, company_id),
        choices=statement_profiles.import_choices(),
        form=form
        or {"journal": "", "profile": "", "format": "", "closing_balance": "", "encoding": ""},
        error=error,
    )


@router.get("/statements")
def statements_list(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    journal_id: int | None = None,
    cursor: str | None = None,
    q: str = "",
) -> Response:
    return _list_page(request, uow, principal.company_id, journal_id=journal_id, cursor=cursor, q=q)


def _older_url(journal_id: int | None, q: str, cursor: str | None) -> str:
    """The next page with the same journal and search."""
    if not cursor:
        return ""
    params = [("cursor", cursor), ("journal_id", str(journal_id or "")), ("q", q)]
    return "/statements?" + urlencode([(k, v) for k, v in params if v])


@router.post("/statements/import", dependencies=[Csrf])
def import_file(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    file: Annotated[UploadFile, File()],
    journal: Annotated[str, Form()],
    format: Annotated[str, Form()] = "",
    profile: Annotated[str, Form()] = "",
    closing_balance: Annotated[str, Form()] = "",
    encoding: Annotated[str, Form()] = "",
) -> Response:
    """Import a bank file (all or nothing) and show what it did; over the limit: 413."""
    form = {"journal": journal, "format": format, "profile": profile,
            "closing_balance": closing_balance, "encoding": encoding}  # fmt: skip
    try:
        content = upload_file(file)
        declared = (
            to_decimal(closing_balance, field="closing_balance")
            if closing_balance.strip()
            else None
        )
        summary = import_statement(
            uow, principal.company_id, journal, content, file.filename,
            format or None, profile.strip() or None, closing_balance=declared,
            encoding=encoding.strip() or None,
        )  # fmt: skip
    except AsientoError as exc:
        return _list_page(
            request, uow, principal.company_id, status_code=exc.status, error=exc.message,
            form=form,
        )  # fmt: skip
    return render(request, "bank/import_summary.html", summary=summary, filename=file.filename)


@router.post("/statements/auto", dependencies=[Csrf])
def auto(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    journal_id: Annotated[str, Form()] = "",
    dry_run: Annotated[str, Form()] = "1",
) -> Response:
    """Dry run: the preview of what the pass would do; else run it and say what it did."""
    jid = optional_id(journal_id)
    report = auto_reconcile(uow, principal.company_id, journal_id=jid, dry_run=dry_run == "1")
    if report.dry_run:
        return _auto_preview(request, uow, principal.company_id, report, jid)
    response = RedirectResponse("/statements", status_code=303)
    message = gettext("%(matched)s lines reconciled, %(ambiguous)s ambiguous, %(refused)s refused")
    counts = {"matched": len(report.matched), "ambiguous": len(report.ambiguous),
              "refused": len(report.refused)}  # fmt: skip
    session.flash(response, message % counts, "error" if report.refused else "ok")
    return response


def _auto_preview(
    request: Request, uow: UowDep, company_id: int, report: AutoReport, journal_id: int | None
) -> Response:
    line_ids = [p.line_id for p in report.matched] + [a.line_id for a in report.ambiguous]
    item_ids = [i for p in report.matched if p.kind == "items" for i in p.target]
    item_ids += [i for a in report.ambiguous for c in a.candidates for i in c]
    lines, items = describe(uow, company_id, line_ids, item_ids)
    payment_ids = [p.target[0] for p in report.matched if p.kind == "payment"]
    payment_ids += [c[0] for a in report.ambiguous if "payments" in a.reason for c in a.candidates]
    links = find_links(uow, company_id, [("payment", i) for i in payment_ids])
    return render(
        request, "bank/auto_preview.html", report=report, lines=lines, items=items,
        payments={key[1]: link for key, link in links.items()}, journal_id=journal_id,
    )  # fmt: skip


@router.get("/statements/{statement_id}")
def statement_detail(
    request: Request, statement_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    view = statement_views.get_statement(uow, principal.company_id, statement_id)
    return render(request, "bank/statement.html", st=view)


@router.post("/statements/{statement_id}/validate", dependencies=[Csrf])
def validate(
    statement_id: int,
    uow: UowDep,
    principal: PagePrincipal,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Opening + lines == closing: validated; else the difference is shown."""
    response = RedirectResponse(f"/statements/{statement_id}", status_code=303)
    try:
        result = statements.validate_statement(
            uow, principal.company_id, statement_id, confirm=confirm == "1"
        )
    except AsientoError as exc:
        session.flash(response, exc.message, "error")
        return response
    if result.ok:
        session.flash(response, gettext("Statement validated: the balances add up."))
    else:
        text = gettext("Not validated: the closing balance differs by %(difference)s.")
        session.flash(response, text % {"difference": result.difference}, "error")
    return response
