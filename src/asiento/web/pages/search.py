"""Search in the browser: pickers that search as you type, and the header's global search.

``GET /pick/{kind}?q=`` answers the options of a picker (partner, customer,
supplier, product, account) as an HTML list for HTMX, or as JSON when asked
for ``application/json``; ``GET /search?q=`` is the global search page, and
its list alone when HTMX asks (the header's drop-down). Each is one call to
``services.search``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from asiento.domain.errors import NotFound
from asiento.http.deps import UowDep
from asiento.services import search
from asiento.services.search import Hit
from asiento.store.uow import UnitOfWork
from asiento.web.deps import PagePrincipal
from asiento.web.templating import render

router = APIRouter()
PICK_LIMIT: Final = 12
LINKS: Final = {
    "invoice": "/invoices/{}",
    "bill": "/bills/{}",
    "payment": "/payments/{}",
    "entry": "/entries/{}",
    "partner": "/partners/{}",
    "product": "/products/{}",
    "account": "/accounts/{}",
}


def link(hit: Hit) -> str:
    """The page of a found record."""
    return LINKS[hit.kind].format(hit.id)


def _pick(uow: UnitOfWork, company_id: int, kind: str, q: str) -> list[Hit]:
    if kind in ("partner", "customer", "supplier"):
        role = None if kind == "partner" else kind
        return search.search_partners(uow, company_id, q, PICK_LIMIT, role=role)
    if kind == "product":
        return search.search_products(uow, company_id, q, PICK_LIMIT)
    if kind == "account":
        return search.search_accounts(uow, company_id, q, PICK_LIMIT)
    raise NotFound("picker", kind)


@router.get("/pick/{kind}")
def pick(
    request: Request, kind: str, uow: UowDep, principal: PagePrincipal, q: str = "", to: str = ""
) -> Response:
    hits = _pick(uow, principal.company_id, kind, q)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"q": q, "hits": [asdict(h) for h in hits]})
    return render(request, "search/_options.html", hits=hits, q=q, to=to)


@router.get("/search")
def global_search(request: Request, uow: UowDep, principal: PagePrincipal, q: str = "") -> Response:
    found = search.global_search(uow, principal.company_id, q)
    template = "search/_results.html" if request.headers.get("hx-request") else "search/page.html"
    return render(request, template, found=found, q=q, link=link)
