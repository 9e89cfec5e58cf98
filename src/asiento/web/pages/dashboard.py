"""The dashboard: what waits for someone today."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from asiento.http.deps import UowDep
from asiento.services.dashboard import dashboard
from asiento.web.deps import PagePrincipal
from asiento.web.templating import render

router = APIRouter()


@router.get("/")
def home(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return render(request, "dashboard.html", board=dashboard(uow, principal.company_id))
