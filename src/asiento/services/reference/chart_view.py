"""The chart of accounts as the browser shows it: a tree by code (``domain.chart``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from asiento.domain.chart import chart_tree
from asiento.store.tables import Account
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ChartRow:
    id: int
    code: str
    name: str
    kind: str
    reconcilable: bool
    active: bool
    depth: int
    parent: str | None


def chart_rows(uow: UnitOfWork, company_id: int, archived: bool = False) -> list[ChartRow]:
    """Every account in code order with its depth; archived ones only when asked (the
    tree is computed over all accounts, so hiding one never moves another)."""
    with uow:
        accounts = {
            a.code: a
            for a in uow.session.scalars(select(Account).where(Account.company_id == company_id))
        }
        return [
            ChartRow(a.id, a.code, a.name, a.kind, a.reconcilable, a.active, n.depth, n.parent)
            for n in chart_tree(list(accounts))
            if (a := accounts[n.code]).active or archived
        ]
