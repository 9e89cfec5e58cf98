"""One company per transaction: every ORM statement is limited to it.

A use case names its company once (``bind_company``, which ``company_of`` and
``get_scoped`` call); from then on every ORM-enabled SELECT, UPDATE and DELETE the
session runs gets ``company_id = :company`` on each company-scoped table it touches,
joined and aliased ones included (``with_loader_criteria``). Two reasons, one rule:

- **Tenants are walls**: a query that forgot its company filter still cannot read or
  change another company's rows.
- **Citus routes by company**: a statement whose every distributed table is filtered
  on the same ``company_id`` runs on one shard (a router plan); a join whose second
  table is not filtered would need repartitioning, which Citus refuses.

Core statements on plain ``Table`` objects (the tax link tables, bulk writers) are not
ORM statements: they carry their own ``company_id`` filter.

Invariant: a session bound to one company refuses to be bound to another
(``CompanyMismatch``), so a use case never mixes two companies' books.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ColumnElement, Executable, Table, event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter

from asiento.store.tables.base import CompanyScoped

COMPANY = "asiento.company_id"


class CompanyMismatch(RuntimeError):
    """A programming error: one transaction asked for two companies."""


def bind_company(session: Session, company_id: int) -> None:
    """Limit ``session`` to ``company_id`` until it closes."""
    bound = session.info.get(COMPANY)
    if bound is None:
        session.info[COMPANY] = company_id
    elif bound != company_id:
        raise CompanyMismatch(f"session bound to company {bound}, asked for {company_id}")


def bound_company(session: Session) -> int | None:
    value: int | None = session.info.get(COMPANY)
    return value


def _limit_to_company(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    company_id = state.session.info.get(COMPANY) or _named_company(state.statement)
    if company_id is None:
        return
    state.statement = state.statement.options(_criteria(company_id))


def _named_company(statement: Any) -> int | None:
    """The one company a statement's WHERE names (``<table>.company_id = <value>``), so that
    an unbound session's query on one company limits its joined tables to it too. Nothing
    when it names none or several."""
    where = getattr(statement, "whereclause", None)
    if where is None:
        return None
    named = {
        node.right.effective_value
        for node in visitors.iterate(where)
        if isinstance(node, BinaryExpression)
        and node.operator is operators.eq
        and isinstance(node.left, Column)
        and node.left.name == "company_id"
        and isinstance(node.right, BindParameter)
    }
    if len(named) != 1:
        return None
    value = named.pop()
    return value if isinstance(value, int) else None


def _criteria(company_id: int) -> Any:
    return with_loader_criteria(
        CompanyScoped, lambda cls: cls.company_id == company_id, include_aliases=True
    )


def watch(factory: sessionmaker[Session]) -> None:
    """Install the company limit on every session ``factory`` makes."""
    event.listen(factory, "do_orm_execute", _limit_to_company)


def company_rows(session: Session, table: Table) -> list[ColumnElement[bool]]:
    """``table.company_id = <the bound company>`` for a Core statement on a plain table (a
    tax link table), which the ORM criteria above do not reach; nothing while unbound."""
    company_id = bound_company(session)
    return [] if company_id is None else [table.c.company_id == company_id]


def limited(statement: Executable, company_id: int) -> Any:
    """``statement`` limited to ``company_id`` like the session's own ORM statements, for a
    Core read on ``session.connection()`` (streamed or plain rows), which runs no ORM
    event."""
    return statement.options(_criteria(company_id))
