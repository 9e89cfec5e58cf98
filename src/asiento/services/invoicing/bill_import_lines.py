"""The lines of a draft bill from a received e-invoice, and how the draft compares with it.

Each document line (BG-25) becomes a bill line with the document's quantity, unit price and
line allowances (``domain.einvoice.bill_lines``), the product whose code is the buyer's or the
seller's item id when the company has it, and the purchase tax matched by VAT category and rate.
Each document-level allowance (BG-20) or charge (BG-21) becomes one more line, negative or
positive, taxed by its own category and rate. A line whose tax finds no match is kept without
tax, and a warning says so; the totals comparison then shows the VAT it misses.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from asiento.domain.currency import exponent
from asiento.domain.einvoice.bill_lines import bill_line_figures
from asiento.domain.einvoice.consistency import Difference, vat_key, vat_label
from asiento.domain.einvoice.model import AllowanceCharge, EInvoice, InvoiceLine
from asiento.domain.invoice_totals import InvoiceTotals
from asiento.services.invoicing.bill_import_match import TaxMatcher, find_product, tax_category
from asiento.services.invoicing.invoice_inputs import InvoiceLineInput

ZERO = Decimal(0)
Warning_ = dict[str, str]


def bill_lines(
    session: Session, company_id: int, doc: EInvoice, warnings: list[Warning_]
) -> tuple[InvoiceLineInput, ...]:
    """Bill lines for every document line, then every document allowance and charge."""
    matcher = TaxMatcher(session, company_id)
    places = exponent(doc.currency)
    out = [_line(session, company_id, matcher, line, places, warnings) for line in doc.lines]
    out += [_allowance(matcher, item, warnings) for item in doc.allowances_charges]
    return tuple(out)


def _taxes(
    matcher: TaxMatcher,
    category: str | None,
    rate: Decimal | None,
    where: str,
    warnings: list[Warning_],
) -> tuple[int, ...]:
    tax = matcher.match(category, rate)
    if tax is not None:
        return (tax.id,)
    warnings.append(
        {
            "term": "BT-151",
            "message": f"{where}: no purchase tax for {vat_label(category, rate)}; "
            "the line is kept without tax",
        }
    )
    return ()


def _line(
    session: Session,
    company_id: int,
    matcher: TaxMatcher,
    line: InvoiceLine,
    places: int,
    warnings: list[Warning_],
) -> InvoiceLineInput:
    figures = bill_line_figures(line, places)
    product = find_product(session, company_id, (line.buyer_item_id, line.seller_item_id))
    name = " - ".join(p for p in (line.name, line.description) if p) or f"line {line.line_id}"
    return InvoiceLineInput(
        product_id=product.id if product is not None else None,
        description=name[:500],
        quantity=figures.quantity,
        price_unit=figures.price_unit,
        discount=figures.discount,
        tax_ids=_taxes(matcher, line.vat_category, line.vat_rate, f"line {line.line_id}", warnings),
    )


def _allowance(
    matcher: TaxMatcher, item: AllowanceCharge, warnings: list[Warning_]
) -> InvoiceLineInput:
    kind = "charge" if item.is_charge else "allowance"
    label = item.reason or item.reason_code or kind
    return InvoiceLineInput(
        description=f"{kind.capitalize()}: {label}"[:500],
        quantity=Decimal(1),
        price_unit=item.amount if item.is_charge else -item.amount,
        tax_ids=_taxes(matcher, item.vat_category, item.vat_rate, f"document {kind}", warnings),
    )


def draft_differences(
    doc: EInvoice, totals: InvoiceTotals, categories: dict[int, str]
) -> list[Difference]:
    """Where the draft's totals miss the document's: BT-109, BT-110, BT-112, each BT-117.

    ``categories`` gives each tax id its UNCL5305 category (``tax_category``).
    """
    t = doc.totals
    checks = (
        ("BT-109", "total without VAT", t.tax_exclusive, totals.untaxed.amount),
        ("BT-110", "total VAT amount", t.tax_total, totals.tax_total.amount),
        ("BT-112", "total with VAT", t.tax_inclusive, totals.total.amount),
    )
    out = [
        Difference(term, f"{label} (document vs draft)", stated, computed)
        for term, label, stated, computed in checks
        if stated != computed
    ]
    drafted: dict[tuple[str, Decimal], Decimal] = {}
    for row in totals.taxes:
        key = vat_key(categories.get(row.tax.id, ""), row.tax.amount)
        drafted[key] = drafted.get(key, ZERO) + row.amount.amount
    for vat in doc.vat_breakdown:
        key = vat_key(vat.category, vat.rate)
        found = drafted.get(key, ZERO)
        if found != vat.tax_amount:
            out.append(
                Difference(
                    "BT-117",
                    "VAT category tax amount (document vs draft)",
                    vat.tax_amount,
                    found,
                    vat_label(vat.category, vat.rate),
                )
            )
    if t.payable != t.tax_inclusive:
        out.append(
            Difference(
                "BT-115",
                "amount due differs from the bill total (prepaid BT-113 or rounding BT-114)",
                t.payable,
                totals.total.amount,
            )
        )
    return out


def tax_categories(session: Session, tax_ids: Sequence[int]) -> dict[int, str]:
    from asiento.store.tables import Tax

    return {
        tax_id: tax_category(tax)
        for tax_id in set(tax_ids)
        if (tax := session.get(Tax, tax_id)) is not None
    }
