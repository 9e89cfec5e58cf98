"""Taxes on a base reduced by the cash discount ("always on the discounted base")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asiento.domain.cash_discount import CashDiscount, TaxTreatment, tax_on_discounted_base
from asiento.domain.errors import DiscountedBaseUnsupported
from asiento.domain.invoice_totals import (
    InvoiceDocument,
    InvoiceLine,
    InvoiceTotals,
    compute_totals,
)
from asiento.domain.money import Money
from asiento.domain.taxes import RoundingMode, TaxRule

D = Decimal
VAT21 = TaxRule(1, "VAT 21%", "percent", D(21), False, 4700, None, "VAT", 10)
VAT21_INC = TaxRule(2, "VAT 21% incl", "percent", D(21), True, 4700, None, "VAT", 10)
FIXED = TaxRule(3, "Eco", "fixed", D("0.50"), False, 4700, None, "Eco", 10)


def _totals(
    *prices: str, mode: RoundingMode = "round_per_line", tax: TaxRule = VAT21
) -> InvoiceTotals:
    lines = tuple(InvoiceLine("item", D(1), D(p), 700, (tax,)) for p in prices)
    document = InvoiceDocument(
        "customer_invoice", "EUR", "EUR", lines, rounding_mode=mode, tax_base_discount=D(2)
    )
    return compute_totals(document)


def test_1000_at_21_percent_less_2_percent_is_205_80_on_980() -> None:
    totals = _totals("1000.00")
    [tax] = totals.taxes
    assert (tax.base, tax.amount) == (Money(D("980.00"), "EUR"), Money(D("205.80"), "EUR"))
    assert totals.untaxed == Money(D("1000.00"), "EUR")
    assert totals.total == Money(D("1205.80"), "EUR")
    discount = CashDiscount(D(2), 10, TaxTreatment.ALWAYS_ON_DISCOUNTED_BASE)
    assert tax.amount == tax_on_discounted_base(Money(D("1000.00"), "EUR"), D(21), discount)


@pytest.mark.parametrize(("mode", "tax"), [("round_per_line", "0.75"), ("round_globally", "0.74")])
def test_the_rounding_mode_decides_per_line_or_once(mode: RoundingMode, tax: str) -> None:
    """3 x 1.20 at 21 % less 2 %: 0.24696 per line, 0.74088 in all."""
    totals = _totals("1.20", "1.20", "1.20", mode=mode)
    assert totals.tax_total == Money(D(tax), "EUR")


@pytest.mark.parametrize("tax", [VAT21_INC, FIXED])
def test_price_included_or_fixed_taxes_are_refused(tax: TaxRule) -> None:
    with pytest.raises(DiscountedBaseUnsupported, match=r"lines\[0\]\.taxes: tax "):
        _totals("121.00", tax=tax)


def test_without_a_discount_the_tax_is_on_the_full_base() -> None:
    lines = (InvoiceLine("item", D(1), D("1000.00"), 700, (VAT21,)),)
    totals = compute_totals(InvoiceDocument("customer_invoice", "EUR", "EUR", lines))
    assert totals.tax_total == Money(D("210.00"), "EUR")
