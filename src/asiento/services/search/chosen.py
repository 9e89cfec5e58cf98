"""The labels of records already chosen in a picker, to show a form again as typed.

A picker submits only an id; when a form comes back (a refusal, another line added)
its search boxes show the chosen record's label, the same text the picker's
option had: a partner's name, a product's name. Only the ids asked for are read.

Invariants: every query filters on ``company_id`` (another company's id gets no label).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from asiento.store.tables import Partner, Product
from asiento.store.uow import UnitOfWork


def _ids(values: Iterable[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit()}


def chosen_labels(
    uow: UnitOfWork, company_id: int, partners: Iterable[str], products: Iterable[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """(partner labels, product labels) by the id as the form sent it."""
    with uow:
        s = uow.session
        names = s.execute(
            select(Partner.id, Partner.name).where(
                Partner.company_id == company_id, Partner.id.in_(_ids(partners))
            )
        ).all()
        goods = s.execute(
            select(Product.id, Product.name).where(
                Product.company_id == company_id, Product.id.in_(_ids(products))
            )
        ).all()
        return {str(r.id): r.name for r in names}, {str(r.id): r.name for r in goods}
