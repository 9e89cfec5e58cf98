"""Does an e-invoice add up? Its lines, allowances, charges and VAT breakdown against its totals.

A received document is kept as written; this check lists every place where its own figures
disagree (EN 16931 rules BR-CO-10 to BR-CO-17 and the line amount BT-131), each with its
business term, the figure the document states and the one its parts give. An empty list means
the document is consistent. Nothing is corrected: a person decides.

Invariants:
    - pure: the same document always gives the same differences, in document order;
    - a difference is listed only when ``stated != computed`` exactly (amounts compared at the
      document's own precision, tax amounts after rounding to ``decimals`` places).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from asiento.domain.einvoice.model import AllowanceCharge, EInvoice, InvoiceLine, VatBreakdown

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Difference:
    """One disagreement: ``term`` (``"BT-110"``), what it is, where, stated vs computed."""

    term: str
    label: str
    stated: Decimal
    computed: Decimal
    where: str = ""

    def describe(self) -> str:
        place = f" ({self.where})" if self.where else ""
        return f"{self.term} {self.label}{place}: stated {self.stated}, computed {self.computed}"


def vat_key(category: str | None, rate: Decimal | None) -> tuple[str, Decimal]:
    """(category, rate) normalised so ``19`` and ``19.00`` are one row of the breakdown."""
    return ((category or "").upper(), (rate or ZERO).normalize() + ZERO)


def vat_label(category: str | None, rate: Decimal | None) -> str:
    key = vat_key(category, rate)
    return f"VAT {key[0]} {key[1]:f}%"


def round_places(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def line_amount(line: InvoiceLine, decimals: int = 2) -> Decimal:
    """BT-131 from its parts: quantity x net price / base quantity - allowances + charges."""
    base = line.price_base_quantity or Decimal(1)
    gross = round_places(line.quantity * line.net_price / base, decimals)
    return gross + _signed_sum(line.allowances_charges)


def _signed_sum(items: Iterable[AllowanceCharge]) -> Decimal:
    return sum((a.amount if a.is_charge else -a.amount for a in items), ZERO)


def check_document(doc: EInvoice, decimals: int = 2) -> list[Difference]:
    """Every place where ``doc``'s lines, allowances, charges and breakdown miss its totals."""
    out = [
        Difference(
            "BT-131",
            "line net amount",
            line.net_amount,
            line_amount(line, decimals),
            f"line {line.line_id}",
        )
        for line in doc.lines
        if line.net_amount != line_amount(line, decimals)
    ]
    out += _total_differences(doc)
    out += _breakdown_differences(doc, decimals)
    return out


def _total_differences(doc: EInvoice) -> list[Difference]:
    t = doc.totals
    allowances = sum((a.amount for a in doc.allowances_charges if not a.is_charge), ZERO)
    charges = sum((a.amount for a in doc.allowances_charges if a.is_charge), ZERO)
    checks = (
        (
            "BT-106",
            "sum of line net amounts",
            t.line_total,
            sum((ln.net_amount for ln in doc.lines), ZERO),
        ),
        ("BT-107", "sum of allowances on document level", t.allowance_total, allowances),
        ("BT-108", "sum of charges on document level", t.charge_total, charges),
        (
            "BT-109",
            "total without VAT",
            t.tax_exclusive,
            t.line_total - t.allowance_total + t.charge_total,
        ),
        (
            "BT-110",
            "total VAT amount",
            t.tax_total,
            sum((b.tax_amount for b in doc.vat_breakdown), ZERO),
        ),
        ("BT-112", "total with VAT", t.tax_inclusive, t.tax_exclusive + t.tax_total),
        ("BT-115", "amount due for payment", t.payable, t.tax_inclusive - t.prepaid + t.rounding),
    )
    return [
        Difference(term, label, stated, computed)
        for term, label, stated, computed in checks
        if stated != computed
    ]


def _breakdown_differences(doc: EInvoice, decimals: int) -> list[Difference]:
    bases: dict[tuple[str, Decimal], Decimal] = {}
    for line in doc.lines:
        key = vat_key(line.vat_category, line.vat_rate)
        bases[key] = bases.get(key, ZERO) + line.net_amount
    for item in doc.allowances_charges:
        key = vat_key(item.vat_category, item.vat_rate)
        bases[key] = bases.get(key, ZERO) + (item.amount if item.is_charge else -item.amount)
    out: list[Difference] = []
    stated_keys = set()
    for row in doc.vat_breakdown:
        key = vat_key(row.category, row.rate)
        stated_keys.add(key)
        out += _row_differences(row, bases.get(key, ZERO), decimals)
    for key, base in bases.items():
        if key not in stated_keys:
            out.append(
                Difference(
                    "BT-116",
                    "VAT category taxable amount",
                    ZERO,
                    base,
                    f"VAT {key[0]} {key[1]:f}% missing from the breakdown",
                )
            )
    return out


def _row_differences(row: VatBreakdown, base: Decimal, decimals: int) -> list[Difference]:
    where = vat_label(row.category, row.rate)
    out = []
    if row.taxable_amount != base:
        out.append(
            Difference("BT-116", "VAT category taxable amount", row.taxable_amount, base, where)
        )
    tax = round_places(row.taxable_amount * (row.rate or ZERO) / HUNDRED, decimals)
    if row.tax_amount != tax:
        out.append(Difference("BT-117", "VAT category tax amount", row.tax_amount, tax, where))
    return out


__all__ = ["Difference", "check_document", "line_amount", "round_places", "vat_key", "vat_label"]
