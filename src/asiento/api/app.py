"""The FastAPI application factory.

The schema is created and upgraded only by migrations (``asiento db upgrade``),
never here: starting the API must not change a database.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import Engine

from asiento.api import problems
from asiento.api.routers import (
    accounts,
    companies,
    currencies,
    entries,
    journals,
    partners,
    products,
    taxes,
    verify,
)
from asiento.store.session import make_engine, make_session_factory

API_PREFIX = "/api/v1"
ROUTERS = (companies, accounts, journals, partners, products, taxes, currencies, entries, verify)


def create_app(engine: Engine | None = None) -> FastAPI:
    """An app bound to ``engine`` (default: ``ASIENTO_DATABASE_URL`` or ./asiento.db)."""
    engine = engine or make_engine()
    app = FastAPI(title="asiento", openapi_url="/openapi.json")
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    problems.install(app)
    api = APIRouter(prefix=API_PREFIX)
    for module in ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["health"])
    return app


def healthz(request: Request) -> dict[str, str]:
    """Liveness plus the dialect, so an operator sees which database is wired in."""
    return {"status": "ok", "database": str(request.app.state.engine.dialect.name)}
