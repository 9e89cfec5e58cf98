"""An order's stored untaxed amount and total, written whenever its lines are written.

The figures are ``domain.order_totals``'s (the totals of the bill or invoice that would
bill the whole order), stored in minor units of the order currency on the order row so
that a list can show and search them (``services.search.list_filter``) without reading
lines. Every use case that writes order lines calls ``store_totals`` in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from sqlalchemy.orm import Session

from asiento.domain.invoice_totals import DocumentKind
from asiento.domain.order_totals import OrderLine, order_totals
from asiento.domain.taxes import RoundingMode
from asiento.services.invoicing.invoice_records import tax_rule
from asiento.store.query import rows_by_id
from asiento.store.tables import Company, Tax
from asiento.store.types import to_minor


def store_totals(
    session: Session,
    company: Company,
    kind: str,
    order: Any,
    lines: Sequence[tuple[Decimal, Decimal, Sequence[int]]],
) -> None:
    """Compute the totals of ``lines`` (quantity, unit price, tax ids) and store them on ``order``.

    The taxes are read in one query (none when the session already holds them).
    """
    taxes = rows_by_id(session, Tax, {t for _, _, ids in lines for t in ids})
    totals = order_totals(
        cast(DocumentKind, kind),
        order.currency,
        [OrderLine(q, p, tuple(tax_rule(taxes[t]) for t in ids)) for q, p, ids in lines],
        cast(RoundingMode, company.tax_rounding),
    )
    order.amount_untaxed = to_minor(totals.untaxed.amount, order.currency)
    order.amount_total = to_minor(totals.total.amount, order.currency)
