"""How a received e-invoice line becomes a bill line whose amount is exactly the document's.

A bill line is ``quantity x unit price x (1 - discount / 100)``, rounded to the currency. The
document's line amount (BT-131) is what its totals are built from, so the draft must land on it
to the cent even when the document's own parts do not (``consistency.check_document`` lists
those). In order of preference:

1. quantity and net price (BT-129, BT-146 / BT-149) when they give BT-131 as they stand;
2. with line allowances (BG-27) only: the same quantity and price and the discount percent the
   allowances amount to;
3. the same quantity and the unit price that gives BT-131 (charges, returns written with a
   positive quantity and a negative amount, rounding of the sender);
4. quantity 1 at BT-131 (a zero quantity with an amount).

Invariants:
    - ``round(quantity x price x (100 - discount) / 100) == line.net_amount`` at ``decimals``;
    - ``0 <= discount <= 100``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from asiento.domain.einvoice.consistency import round_places
from asiento.domain.einvoice.model import InvoiceLine

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class BillLineFigures:
    quantity: Decimal
    price_unit: Decimal
    discount: Decimal = ZERO


def lands_on(figures: BillLineFigures, amount: Decimal, decimals: int) -> bool:
    """True when the figures give ``amount`` once rounded (exact arithmetic, as the totals do)."""
    exact = (
        Fraction(figures.quantity)
        * Fraction(figures.price_unit)
        * (100 - Fraction(figures.discount))
        / 100
    )
    return round_places(Decimal(exact.numerator) / Decimal(exact.denominator), decimals) == amount


def bill_line_figures(line: InvoiceLine, decimals: int = 2) -> BillLineFigures:
    """Quantity, unit price and discount of the bill line for ``line`` (see the module doc)."""
    with localcontext() as ctx:
        ctx.prec = 34
        base = line.price_base_quantity or Decimal(1)
        price = (line.net_price / base).normalize() if base else line.net_price
        plain = BillLineFigures(line.quantity, price)
        if lands_on(plain, line.net_amount, decimals):
            return plain
        gross = line.quantity * price
        if gross > 0 and ZERO <= line.net_amount <= gross:
            discount = ((gross - line.net_amount) / gross * HUNDRED).normalize()
            with_discount = BillLineFigures(line.quantity, price, discount)
            if lands_on(with_discount, line.net_amount, decimals):
                return with_discount
        if line.quantity:
            fitted = BillLineFigures(line.quantity, (line.net_amount / line.quantity).normalize())
            if lands_on(fitted, line.net_amount, decimals):
                return fitted
        return BillLineFigures(Decimal(1), line.net_amount)


__all__ = ["BillLineFigures", "bill_line_figures", "lands_on"]
