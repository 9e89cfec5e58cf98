"""Mount the browser interface on the application: pages, static files, error pages.

Page routers are listed explicitly in ``PAGES``; list order is match order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from asiento.web.deps import LoginRequired
from asiento.web.form_values import refuse_nul
from asiento.web.pages import (
    account,
    auth,
    bank,
    bank_edits,
    bank_lines,
    bank_profiles,
    bill_imports,
    dashboard,
    entries,
    followups,
    imports,
    invoice_actions,
    invoice_email,
    invoice_forms,
    invoice_settlement,
    invoices,
    master_data,
    order_actions,
    orders,
    partners,
    payments,
    products,
    recurring,
    reports,
    search,
    settings,
    settings_access,
    settings_accounts,
    settings_identity,
    settings_terms,
    settings_users,
    year_end,
)
from asiento.web.templating import render

STATIC: Final = Path(__file__).parent / "static"


PAGES: Final[tuple[APIRouter, ...]] = (
    account.router,
    auth.router,
    bank.router,
    bank_edits.router,
    bank_lines.router,
    bank_profiles.router,
    bill_imports.router,
    dashboard.router,
    entries.router,
    followups.router,
    imports.router,
    invoice_actions.router,
    invoice_email.router,
    invoice_forms.router,
    invoice_settlement.router,
    invoices.router,
    order_actions.router,
    orders.router,
    partners.router,
    payments.router,
    products.router,
    *master_data.ROUTERS,
    recurring.router,
    reports.router,
    year_end.router,
    search.router,
    settings.router,
    settings_access.router,
    settings_accounts.router,
    settings_identity.router,
    settings_terms.router,
    settings_users.router,
)


def error_page(request: Request, problem: dict[str, Any]) -> Response:
    """A problem (as the API would return it) as an HTML page with the same status."""
    status = int(problem.get("status", 500))
    return render(request, "error.html", status_code=status, problem=problem)


def login_redirect(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    target = "/login" if exc.next_url in ("/", "") else f"/login?next={quote(exc.next_url)}"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def mount(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, login_redirect)
    for router in PAGES:
        app.include_router(router, include_in_schema=False, dependencies=[Depends(refuse_nul)])
