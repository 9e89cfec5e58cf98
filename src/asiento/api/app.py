"""The FastAPI application factory.

The schema is created and upgraded only by migrations (``asiento db upgrade``),
never here: starting the API must not change a database.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from fastapi import APIRouter, Depends, FastAPI, Request
from sqlalchemy import Engine

from asiento.api import openapi, problems, routers
from asiento.api.body_limit import BodyLimit
from asiento.api.deps import get_principal
from asiento.store.session import make_engine, make_session_factory
from asiento.web import app as web_app

API_PREFIX = "/api/v1"


def router_modules() -> list[ModuleType]:
    """Every module of ``asiento.api.routers`` that defines ``router``, by name.

    Discovery keeps each resource's routes in its own module. Name order is
    also match order: a module whose literal paths (``/invoices/batch/post``)
    would be swallowed by another's parameters (``/invoices/{id}/post``) must
    sort first.
    """
    names = sorted(m.name for m in pkgutil.iter_modules(routers.__path__))
    modules = [importlib.import_module(f"{routers.__name__}.{name}") for name in names]
    return [m for m in modules if hasattr(m, "router")]


def create_app(engine: Engine | None = None) -> FastAPI:
    """An app bound to ``engine`` (default: ``ASIENTO_DATABASE_URL`` or ./asiento.db)."""
    engine = engine or make_engine()
    app = FastAPI(title="asiento", openapi_url="/openapi.json")
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    problems.install(app, html=web_app.error_page)
    api = APIRouter(prefix=API_PREFIX, dependencies=[Depends(get_principal)])
    for module in router_modules():
        api.include_router(module.router)
    app.include_router(api)
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["health"])
    web_app.mount(app)
    openapi.install(app)
    app.add_middleware(BodyLimit)
    return app


def healthz(request: Request) -> dict[str, str]:
    """Liveness plus the dialect, so an operator sees which database is wired in."""
    return {"status": "ok", "database": str(request.app.state.engine.dialect.name)}
