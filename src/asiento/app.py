"""The one ASGI application: the JSON API and the browser pages over one database.

Composed here, above both adapters, so that ``api`` and ``web`` never import each
other. The schema is created and upgraded only by migrations (``asiento db upgrade``),
never here: starting the application must not change a database.
"""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from asiento.api import openapi
from asiento.api.body_limit import BodyLimit
from asiento.api.routes import api_router, healthz
from asiento.http import problems
from asiento.store.session import make_engine, make_session_factory
from asiento.web import app as web_app


def create_app(engine: Engine | None = None) -> FastAPI:
    """An app bound to ``engine`` (default: ``ASIENTO_DATABASE_URL`` or ./asiento.db)."""
    engine = engine or make_engine()
    app = FastAPI(title="asiento", openapi_url="/openapi.json")
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    problems.install(app, html=web_app.error_page)
    app.include_router(api_router())
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["health"])
    web_app.mount(app)
    openapi.install(app)
    app.add_middleware(BodyLimit)
    return app
