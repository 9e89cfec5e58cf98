"""The totals of a purchase or sales order: those of the document it would be billed as.

An order is priced like the vendor bill (purchase) or customer invoice (sales) that
bills all of it: its lines, their taxes and the company's rounding mode go through
``invoice_totals.compute_totals`` unchanged, so an order and its full bill print the
same untaxed amount, tax and total (price-included taxes included). Orders are
stored and searched in their own currency only, so the document is priced as if
that currency were the company's (rate 1): no rate is needed to read an order.

Invariants:
    - ``untaxed + tax == total`` in the order currency, rounded as invoices are;
    - an order line has no account: the totals never depend on one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from asiento.domain.invoice_totals import (
    DocumentKind,
    InvoiceDocument,
    InvoiceLine,
    InvoiceTotals,
    compute_totals,
)
from asiento.domain.taxes import RoundingMode, TaxRule

NO_ACCOUNT = 0


@dataclass(frozen=True, slots=True)
class OrderLine:
    """What an order line's amounts depend on."""

    quantity: Decimal
    price_unit: Decimal
    taxes: tuple[TaxRule, ...] = ()


def order_totals(
    kind: DocumentKind,
    currency: str,
    lines: Sequence[OrderLine],
    rounding_mode: RoundingMode = "round_per_line",
) -> InvoiceTotals:
    """The totals of an order whose full bill would be a ``kind`` document.

    Raises what ``compute_totals`` raises (``NoInvoiceLines`` for an order without lines).
    """
    document = InvoiceDocument(
        kind=kind,
        currency=currency,
        company_currency=currency,
        lines=tuple(
            InvoiceLine("", line.quantity, line.price_unit, NO_ACCOUNT, line.taxes)
            for line in lines
        ),
        rounding_mode=rounding_mode,
    )
    return compute_totals(document)
