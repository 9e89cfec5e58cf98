"""Where a command gets its database and its company.

Commands never build engines themselves: ``open_uow`` reads
``ASIENTO_DATABASE_URL``, refuses an unmigrated database with a one-line hint,
and disposes of the engine when the command ends (a left-open pool would block
PostgreSQL maintenance such as the test suite's TRUNCATE).
"""

from __future__ import annotations

from dataclasses import dataclass

import typer
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from asiento.domain.errors import AsientoError
from asiento.services.reference.companies import list_companies
from asiento.store.migrate import alembic_config, current_revision
from asiento.store.session import database_url, make_engine
from asiento.store.uow import UnitOfWork


class DatabaseNotReady(AsientoError):
    """The schema is missing or behind the code: only ``asiento db upgrade`` helps."""

    code = "database_not_ready"


class CompanyRequired(AsientoError):
    """Several companies (or none) and no ``--company``: guessing would be wrong."""

    code = "company_required"


@dataclass
class CliState:
    """Global options, kept on the root Typer context."""

    company: int | None = None


def engine(ctx: typer.Context) -> Engine:
    """An engine on ``ASIENTO_DATABASE_URL``, disposed when the command finishes."""
    eng = make_engine(database_url())
    ctx.find_root().call_on_close(eng.dispose)
    return eng


def open_uow(ctx: typer.Context) -> UnitOfWork:
    """A unit of work on a database whose schema is at the code's head revision."""
    eng = engine(ctx)
    current = current_revision(eng)
    if current is None:
        raise DatabaseNotReady("database is not initialised; run `asiento db upgrade`")
    head = ScriptDirectory.from_config(alembic_config(str(eng.url))).get_current_head()
    if current != head:
        raise DatabaseNotReady(
            f"database schema is at {current}, expected {head}; run `asiento db upgrade`"
        )
    return UnitOfWork.from_engine(eng)


def company_id(ctx: typer.Context, uow: UnitOfWork) -> int:
    """``--company`` / ``ASIENTO_COMPANY``, else the only company in the database."""
    state = ctx.find_root().obj
    if isinstance(state, CliState) and state.company is not None:
        return state.company
    companies = list_companies(uow)
    if len(companies) == 1:
        return companies[0].id
    if not companies:
        raise CompanyRequired("no company in the database; run `asiento demo load` first")
    raise CompanyRequired(
        f"{len(companies)} companies in the database; choose one with --company ID"
    )


def scope(ctx: typer.Context) -> tuple[UnitOfWork, int]:
    """The unit of work and company id most commands start with."""
    uow = open_uow(ctx)
    return uow, company_id(ctx, uow)
