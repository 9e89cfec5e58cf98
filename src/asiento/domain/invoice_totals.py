"""Invoice totals: untaxed, tax per tax and total, in document and company currency.

An ``InvoiceDocument`` is what the totals depend on: its type, currency, the
company currency and rate, the company's rounding mode and its lines.
``compute_totals`` is the one place printed totals come from; the journal
entry (``invoice_entry``) is built from its result, so the two cannot drift.

Invariants:
    - An invoice has at least one line; every line passes ``taxes.check_line``.
    - ``untaxed == sum(line_bases)``; ``tax_total == sum(tax amounts)``;
      ``total == untaxed + tax_total``; all rounded to the document currency.
    - ``round_per_line``: each tax is the sum of its rounded line amounts.
      ``round_globally``: each tax is its exact line amounts summed, rounded once.
    - Price-included taxes: the lines carrying them print bases that, with the
      price-included tax amounts, add up exactly to their gross amounts, in
      both modes. Rounding globally, the line bases are rounded one by one and
      the cents left over go to the largest such line.
    - A total below zero is refused: the other document type is the right one.
    - Company currency: each tax is ``round(amount x rate)``, the total is
      ``round(total x rate)``, and the untaxed amount is the remainder, so it
      absorbs the conversion rounding and ``untaxed + tax == total`` holds there
      too. The rate is 1 when both currencies are the same.
    - Cash discount "always on the discounted base" (``tax_base_discount`` =
      the term's discount percent): every tax is a percent of its line base
      reduced by that percent (``base x rate x (100 - p) / 100``), rounded per
      line or once as the rounding mode says. Line bases, the untaxed amount
      and the receivable stay undiscounted; ``TaxTotal.base`` is the
      discounted base the tax was computed on, so the document prints
      "VAT 21% on 980.00: 205.80" under a 1000.00 line. Price-included, fixed
      and cascading taxes are refused then (``DiscountedBaseUnsupported``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal, get_args

from asiento.domain.currency import quantum
from asiento.domain.errors import (
    DiscountedBaseUnsupported,
    InvalidRate,
    InvalidTaxRule,
    NegativeInvoiceTotal,
    NoInvoiceLines,
    UnknownDocumentKind,
)
from asiento.domain.money import Money, round_to, to_decimal
from asiento.domain.taxes import (
    ZERO,
    ExactLineTaxes,
    ExactTax,
    RoundingMode,
    TaxableLine,
    TaxRule,
    exact_line_taxes,
    ordered_taxes,
    require_rounding_mode,
    round_money,
)

DocumentKind = Literal[
    "customer_invoice", "customer_credit_note", "vendor_bill", "vendor_credit_note"
]
DOCUMENT_KINDS: Final = frozenset(get_args(DocumentKind))
ONE = Decimal(1)
HUNDRED = Fraction(100)

_OTHER_DOCUMENT: Final = {
    "customer_invoice": "use a credit note",
    "vendor_bill": "use a vendor credit note",
    "customer_credit_note": "use an invoice",
    "vendor_credit_note": "use a vendor bill",
}


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One invoice line. ``price_unit`` may be negative (a discount line)."""

    description: str
    quantity: Decimal
    price_unit: Decimal
    account_id: int
    taxes: tuple[TaxRule, ...] = ()
    discount: Decimal = ZERO
    product_id: int | None = None

    @property
    def taxable(self) -> TaxableLine:
        return TaxableLine(self.price_unit, self.quantity, self.taxes, self.discount)


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    """What an invoice's totals and entry depend on.

    ``rate`` is the company-currency value of one unit of ``currency`` at the
    invoice date; it must be 1 when ``currency == company_currency``.
    """

    kind: DocumentKind
    currency: str
    company_currency: str
    lines: tuple[InvoiceLine, ...]
    rounding_mode: RoundingMode = "round_per_line"
    rate: Decimal = ONE
    tax_base_discount: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class TaxTotal:
    """One tax over the whole document.

    ``base`` is the sum of the bases it was computed on (informative: with
    ``round_globally`` it is the exact sum rounded once).
    """

    tax: TaxRule
    base: Money
    amount: Money
    amount_company: Money


@dataclass(frozen=True, slots=True)
class InvoiceTotals:
    """The printed totals, and the document they were computed from.

    Attributes:
        line_bases: each line's printed untaxed amount, in line order.
        taxes: one ``TaxTotal`` per tax, in application order.
        rate: the document's rate, checked (a ``Decimal``, positive).
    """

    document: InvoiceDocument
    line_bases: tuple[Money, ...]
    taxes: tuple[TaxTotal, ...]
    untaxed: Money
    tax_total: Money
    total: Money
    untaxed_company: Money
    tax_total_company: Money
    total_company: Money
    rate: Decimal

    @property
    def tax_by_tax(self) -> dict[int, Money]:
        """Tax id -> amount in document currency."""
        return {t.tax.id: t.amount for t in self.taxes}

    @property
    def tax_by_group(self) -> dict[str, Money]:
        """Tax group -> amount in document currency, as printed under each heading."""
        groups: dict[str, Money] = {}
        for t in self.taxes:
            previous = groups.get(t.tax.group)
            groups[t.tax.group] = t.amount if previous is None else previous + t.amount
        return groups


def compute_totals(document: InvoiceDocument) -> InvoiceTotals:
    """Compute the printed totals of an invoice, credit note or vendor bill.

    Raises:
        NoInvoiceLines, UnknownDocumentKind, UnknownRoundingMode, InvalidRate,
        NegativeInvoiceTotal, and the line errors of ``taxes.check_line``
        (their messages name the line: ``lines[2].quantity: ...``).
    """
    rate = check_document(document)
    cur = document.currency
    exact = [
        exact_line_taxes(line.taxable, cur, document.rounding_mode, field=f"lines[{i}]")
        for i, line in enumerate(document.lines)
    ]
    if document.tax_base_discount:
        exact = [
            on_discounted_base(line, document, field=f"lines[{i}]") for i, line in enumerate(exact)
        ]
    taxes = _tax_totals(exact, cur, document.company_currency, rate)
    bases = tuple(_money(b, cur) for b in _line_bases(exact, taxes, document))
    untaxed = _money(sum((b.amount for b in bases), ZERO), cur)
    tax_total = _money(sum((t.amount.amount for t in taxes), ZERO), cur)
    total = untaxed + tax_total
    if total.amount < 0:
        message = f"total: the total is negative ({total}): {_OTHER_DOCUMENT[document.kind]}"
        raise NegativeInvoiceTotal(message, field="total")
    company = _company_figures(taxes, total, document.company_currency, rate)
    return InvoiceTotals(document, bases, taxes, untaxed, tax_total, total, *company, rate)


def on_discounted_base(
    line: ExactLineTaxes, document: InvoiceDocument, *, field: str
) -> ExactLineTaxes:
    """``line`` with each tax computed on its base less ``document.tax_base_discount`` %.

    The tax's ``base`` becomes the discounted base (exact, or rounded when
    rounding per line, like the amount).

    Raises:
        DiscountedBaseUnsupported: a price-included, fixed or cascading tax.
    """
    keep = (HUNDRED - Fraction(document.tax_base_discount)) / HUNDRED
    taxes = []
    for t in line.taxes:
        rule = t.tax
        if rule.amount_type != "percent" or rule.price_include or rule.include_base_amount:
            message = (
                f"{field}.taxes: tax {rule.name!r} cannot be computed on a base reduced by "
                "the cash discount (only percent taxes, not price-included nor cascading)"
            )
            raise DiscountedBaseUnsupported(message, field=f"{field}.taxes")
        base = line.base * keep
        amount = base * Fraction(rule.amount) / HUNDRED
        if document.rounding_mode == "round_per_line":
            base = Fraction(round_money(base, document.currency))
            amount = Fraction(round_money(amount, document.currency))
        taxes.append(ExactTax(rule, base, amount))
    return replace(line, taxes=tuple(taxes))


def check_document(document: InvoiceDocument) -> Decimal:
    """Validate the document's settings; return its rate as a Decimal.

    Raises:
        UnknownDocumentKind, UnknownRoundingMode, UnknownCurrency, InvalidRate,
        NoInvoiceLines.
    """
    if document.kind not in DOCUMENT_KINDS:
        message = f"kind: unknown document type {document.kind!r}"
        raise UnknownDocumentKind(message, field="kind")
    require_rounding_mode(document.rounding_mode)
    quantum(document.currency)  # raises UnknownCurrency
    quantum(document.company_currency)
    rate = to_decimal(document.rate, field="rate")
    if rate <= 0:
        raise InvalidRate(f"rate: the rate must be positive (got {rate})", field="rate")
    if document.currency == document.company_currency and rate != ONE:
        message = f"rate: a document in the company currency has rate 1 (got {rate})"
        raise InvalidRate(message, field="rate")
    if not document.lines:
        raise NoInvoiceLines("lines: an invoice needs at least one line", field="lines")
    return rate


def to_company(amount: Decimal, rate: Decimal, company_currency: str) -> Decimal:
    """``amount x rate`` rounded half-up to the company currency, computed exactly."""
    return round_money(Fraction(amount) * Fraction(rate), company_currency)


def absorb_difference(values: Sequence[Decimal], target: Decimal) -> list[Decimal]:
    """``values`` with ``target - sum(values)`` added to the largest (by absolute value).

    The first of equally large values takes it. Used wherever rounded parts must
    add up to a rounded whole: the parts then sum to ``target`` exactly.
    """
    result = list(values)
    if not result:
        return result
    largest = max(range(len(result)), key=lambda i: (abs(result[i]), -i))
    result[largest] += target - sum(result, ZERO)
    return result


def _tax_totals(
    exact: Sequence[ExactLineTaxes], currency: str, company_currency: str, rate: Decimal
) -> tuple[TaxTotal, ...]:
    """Sum each tax over the lines (exact or already rounded), then round once."""
    rules: dict[int, TaxRule] = {}
    bases: dict[int, Fraction] = {}
    amounts: dict[int, Fraction] = {}
    for i, line in enumerate(exact):
        for t in line.taxes:
            if rules.setdefault(t.tax.id, t.tax) != t.tax:
                message = f"lines[{i}].taxes: tax {t.tax.id} has two different definitions"
                raise InvalidTaxRule(message, field=f"lines[{i}].taxes")
            bases[t.tax.id] = bases.get(t.tax.id, Fraction(0)) + t.base
            amounts[t.tax.id] = amounts.get(t.tax.id, Fraction(0)) + t.amount
    totals = []
    for tax in ordered_taxes(list(rules.values())):
        amount = round_money(amounts[tax.id], currency)
        base = round_money(bases[tax.id], currency)
        company_amount = to_company(amount, rate, company_currency)
        totals.append(
            TaxTotal(
                tax,
                _money(base, currency),
                _money(amount, currency),
                _money(company_amount, company_currency),
            )
        )
    return tuple(totals)


def _line_bases(
    exact: Sequence[ExactLineTaxes], taxes: Sequence[TaxTotal], document: InvoiceDocument
) -> list[Decimal]:
    """Printed line bases; rounding globally, price-included lines absorb the cents.

    The lines with price-included taxes must print bases that, with the rounded
    price-included tax totals, add up to their gross amounts.
    """
    bases = [round_money(line.base, document.currency) for line in exact]
    if document.rounding_mode != "round_globally":
        return bases  # already exact: base = gross - rounded included taxes
    positions = [i for i, line in enumerate(exact) if line.has_included]
    if not positions:
        return bases
    gross = sum((exact[i].gross for i in positions), Fraction(0))
    included_tax = sum((t.amount.amount for t in taxes if t.tax.price_include), ZERO)
    target = round_money(gross, document.currency) - included_tax
    adjusted = absorb_difference([bases[i] for i in positions], target)
    for i, base in zip(positions, adjusted, strict=True):
        bases[i] = base
    return bases


def _company_figures(
    taxes: Sequence[TaxTotal], total: Money, company: str, rate: Decimal
) -> tuple[Money, Money, Money]:
    """Untaxed, tax and total in company currency; the untaxed absorbs the rounding."""
    tax_company = _money(sum((t.amount_company.amount for t in taxes), ZERO), company)
    total_company = _money(to_company(total.amount, rate, company), company)
    return total_company - tax_company, tax_company, total_company


def _money(value: Decimal, currency: str) -> Money:
    """Money rounded to its currency (exact for amounts that are already rounded)."""
    return Money(round_to(value, currency), currency)
