"""Mount the browser interface on the application: pages, static files, error pages.

Page modules are discovered like the API's routers: every module of
``asiento.web.pages`` with a ``router``, in name order (which is match order).
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from asiento.web import pages
from asiento.web.deps import LoginRequired
from asiento.web.form_values import refuse_nul
from asiento.web.templating import render

STATIC: Final = Path(__file__).parent / "static"


def page_modules() -> list[Any]:
    names = sorted(m.name for m in pkgutil.iter_modules(pages.__path__))
    modules = [importlib.import_module(f"{pages.__name__}.{name}") for name in names]
    return [m for m in modules if hasattr(m, "router")]


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
    for module in page_modules():
        app.include_router(
            module.router, include_in_schema=False, dependencies=[Depends(refuse_nul)]
        )
