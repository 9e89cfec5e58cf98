"""Taxes of one invoice line: percent or fixed, price-included or not, tax on tax.

A line's *gross* amount is ``price_unit x quantity x (1 - discount / 100)``
rounded half-up to the document currency. Its taxes apply in ``(sequence, id)``
order. Each tax is computed on a *tax base*: the line's untaxed base plus the
amounts of the earlier taxes of the same line flagged ``include_base_amount``
(tax on tax, e.g. an eco-tax that VAT is charged on). A percent tax is
``tax base x amount / 100``; a fixed tax is ``quantity x amount``.

A price-included tax is part of the gross amount. Every tax amount is an affine
function of the untaxed base ``B`` (``alpha x B + beta``), so the base is
extracted exactly: ``B = (gross - sum(beta)) / (1 + sum(alpha))`` over the
price-included taxes, then the price-included amounts are taken from it and
the base is what remains of the gross.

Rounding modes (a company setting):
    - ``round_per_line``: each tax amount of each line is rounded to the
      currency; later taxes are computed on the rounded figures, so a reader
      can check every printed amount against its printed base.
    - ``round_globally``: line amounts stay exact (rationals, never rounded);
      the document sums each tax over its lines and rounds once
      (``invoice_totals``).

Invariants:
    - A line has a positive quantity, a unit price with at most six decimals,
      a discount in [0, 100] and no tax twice.
    - A fixed tax is never price-included (refused: whether a per-unit amount
      is discounted with the price has no single right answer).
    - For a line with price-included taxes: base + price-included tax amounts
      == gross, exactly, in both rounding modes (per line when rounding per
      line; at document level when rounding globally).
    - Exact arithmetic is ``fractions.Fraction`` (divisions by ``1 + rate`` do
      not terminate in decimal); money leaves this module as ``Decimal`` only
      through ``round_exact``, half-up. Never a float.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal, NoReturn, get_args

from asiento.domain.currency import quantum
from asiento.domain.errors import (
    DiscountOutOfRange,
    FixedTaxPriceIncluded,
    InvalidInput,
    InvalidTaxRule,
    NonPositiveQuantity,
    UnitPriceTooPrecise,
    UnknownRoundingMode,
)
from asiento.domain.money import to_decimal

RoundingMode = Literal["round_per_line", "round_globally"]
AmountType = Literal["percent", "fixed"]
ROUNDING_MODES: Final = frozenset(get_args(RoundingMode))
AMOUNT_TYPES: Final = frozenset(get_args(AmountType))
PRICE_DECIMALS: Final = 6
UNROUNDED_EXTRA_DIGITS: Final = 6
"""Digits beyond the currency's shown for the exact line amounts of ``round_globally``."""

ZERO = Decimal(0)
_PRICE_QUANTUM = Decimal(1).scaleb(-PRICE_DECIMALS)
_HUNDRED = Fraction(100)


@dataclass(frozen=True, slots=True)
class TaxRule:
    """A tax definition as the line applies it.

    Attributes:
        amount_type: ``"percent"`` (``amount`` is a percent of the tax base) or
            ``"fixed"`` (``amount`` per unit of quantity, document currency).
        price_include: the unit price already contains this tax.
        tax_account_id: where the tax amount is posted.
        base_account_id: where the base of lines carrying this tax is posted,
            instead of the line's account; ``None`` keeps the line's account.
        group: the heading the tax is printed under ("VAT 21%").
        sequence: application order (then ``id``).
        include_base_amount: later taxes of the line are computed on the base
            plus this tax.
    """

    id: int
    name: str
    amount_type: AmountType
    amount: Decimal
    price_include: bool
    tax_account_id: int
    base_account_id: int | None
    group: str
    sequence: int
    include_base_amount: bool = False


@dataclass(frozen=True, slots=True)
class TaxableLine:
    """What taxes need of a line: price, quantity, discount percent and taxes."""

    price_unit: Decimal
    quantity: Decimal
    taxes: tuple[TaxRule, ...] = ()
    discount: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class TaxAmount:
    """One tax of one line: the base it was computed on and its amount."""

    tax: TaxRule
    base: Decimal
    amount: Decimal

    @property
    def tax_id(self) -> int:
        return self.tax.id


@dataclass(frozen=True, slots=True)
class LineTaxes:
    """A line's untaxed base, its taxes in application order, and its total.

    Rounded to the currency in ``round_per_line`` (``base + sum(amounts) ==
    total``); shown with ``UNROUNDED_EXTRA_DIGITS`` more digits in
    ``round_globally``, where only the document rounds.
    """

    base: Decimal
    taxes: tuple[TaxAmount, ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class ExactTax:
    """One tax of one line, exact: what ``invoice_totals`` sums before rounding."""

    tax: TaxRule
    base: Fraction
    amount: Fraction


@dataclass(frozen=True, slots=True)
class ExactLineTaxes:
    """A line's figures before any document-level rounding.

    Attributes:
        gross: price x quantity less discount, rounded to the currency: the
            printed line amount (tax included when a tax is price-included).
        base: the untaxed base; exact, rounded only if rounding per line.
        taxes: in application order.
    """

    gross: Fraction
    base: Fraction
    taxes: tuple[ExactTax, ...]

    @property
    def has_included(self) -> bool:
        return any(t.tax.price_include for t in self.taxes)

    @property
    def total(self) -> Fraction:
        return self.base + sum((t.amount for t in self.taxes), Fraction(0))


def round_exact(value: Fraction, step: Decimal) -> Decimal:
    """Round an exact rational half-up (ties away from zero) to a multiple of ``step``.

    Why: rounding once from the exact value keeps "round globally" literally
    one rounding, with no intermediate 28-digit approximation.
    """
    units = value / Fraction(step)
    whole, rest = divmod(abs(units.numerator), units.denominator)
    if 2 * rest >= units.denominator:
        whole += 1
    return Decimal(-whole if units < 0 else whole) * step


def round_money(value: Fraction, currency: str) -> Decimal:
    """``value`` rounded half-up to ``currency``'s minor unit."""
    return round_exact(value, quantum(currency))


def ordered_taxes(taxes: Sequence[TaxRule]) -> list[TaxRule]:
    """Taxes in application order: by ``sequence``, then ``id`` (never list order)."""
    return sorted(taxes, key=lambda t: (t.sequence, t.id))


def require_rounding_mode(mode: str, field: str = "rounding_mode") -> None:
    """Raise ``UnknownRoundingMode`` unless ``mode`` is one of ``ROUNDING_MODES``."""
    if mode not in ROUNDING_MODES:
        _refuse(UnknownRoundingMode, field, f"unknown rounding mode {mode!r}")


def compute_line_taxes(
    line: TaxableLine, currency: str, rounding_mode: RoundingMode, *, field: str = "line"
) -> LineTaxes:
    """The base, taxes and total of one line, for display.

    Args:
        line: price, quantity, discount and taxes.
        currency: the document currency (its exponent decides the rounding).
        rounding_mode: the company setting.
        field: how errors name the line, e.g. ``"lines[2]"``.

    Raises:
        InvalidInput: a subclass naming the field at fault (see ``check_line``).
    """
    exact = exact_line_taxes(line, currency, rounding_mode, field=field)
    step = quantum(currency)
    if rounding_mode == "round_globally":
        step = step.scaleb(-UNROUNDED_EXTRA_DIGITS)
    taxes = tuple(
        TaxAmount(t.tax, round_exact(t.base, step), round_exact(t.amount, step))
        for t in exact.taxes
    )
    return LineTaxes(round_exact(exact.base, step), taxes, round_exact(exact.total, step))


def exact_line_taxes(
    line: TaxableLine, currency: str, rounding_mode: RoundingMode, *, field: str = "line"
) -> ExactLineTaxes:
    """The line's figures, exact, with per-line rounding applied when asked.

    The gross is always rounded to the currency (it is a printed amount). With
    ``round_per_line`` every tax amount and the base are rounded too, and
    ``base + price-included amounts == gross`` holds exactly.
    """
    require_rounding_mode(rounding_mode)
    price, quantity, discount = check_line(line, field)
    taxes = ordered_taxes(line.taxes)
    gross = Fraction(price) * Fraction(quantity) * (_HUNDRED - Fraction(discount)) / _HUNDRED
    gross = Fraction(round_money(gross, currency))
    rounder = _rounder(currency, rounding_mode)
    included = _included_amounts(taxes, gross, Fraction(quantity), rounder, field)
    base = gross - sum(included.values(), Fraction(0))
    applied = _apply_in_sequence(taxes, base, Fraction(quantity), included, rounder)
    return ExactLineTaxes(gross, base, applied)


def check_line(line: TaxableLine, field: str) -> tuple[Decimal, Decimal, Decimal]:
    """Validate a line; return its price, quantity and discount as Decimals.

    Raises:
        NonPositiveQuantity, UnitPriceTooPrecise, DiscountOutOfRange,
        InvalidAmount (not a finite number), TypeError (a float), and the
        errors of ``check_tax_rule``; each message starts with the field.
    """
    price = to_decimal(line.price_unit, field=f"{field}.price_unit")
    quantity = to_decimal(line.quantity, field=f"{field}.quantity")
    discount = to_decimal(line.discount, field=f"{field}.discount")
    if quantity <= 0:
        _refuse(NonPositiveQuantity, f"{field}.quantity", "quantity must be positive")
    if price.quantize(_PRICE_QUANTUM) != price:
        text = f"unit price {price} has more than {PRICE_DECIMALS} decimals"
        _refuse(UnitPriceTooPrecise, f"{field}.price_unit", text)
    if not ZERO <= discount <= 100:
        _refuse(DiscountOutOfRange, f"{field}.discount", "discount must be between 0 and 100")
    seen: set[int] = set()
    for k, tax in enumerate(line.taxes):
        check_tax_rule(tax, f"{field}.taxes[{k}]")
        if tax.id in seen:
            _refuse(InvalidTaxRule, f"{field}.taxes[{k}]", f"tax {tax.id} is on the line twice")
        seen.add(tax.id)
    return price, quantity, discount


def check_tax_rule(tax: TaxRule, field: str) -> None:
    """Refuse a tax definition this module cannot apply correctly.

    Raises:
        InvalidTaxRule: unknown amount type, or a percent of -100 or less.
        FixedTaxPriceIncluded: a fixed tax flagged price-included.
    """
    amount = to_decimal(tax.amount, field=f"{field}.amount")
    if tax.amount_type not in AMOUNT_TYPES:
        text = f"tax {tax.id} ({tax.name}): unknown amount type {tax.amount_type!r}"
        _refuse(InvalidTaxRule, field, text)
    if tax.amount_type == "fixed" and tax.price_include:
        text = (
            f"tax {tax.id} ({tax.name}) is a fixed amount per unit and cannot be "
            "included in the price"
        )
        _refuse(FixedTaxPriceIncluded, field, text)
    if tax.amount_type == "percent" and amount <= -100:
        _refuse(InvalidTaxRule, field, f"tax {tax.id} ({tax.name}): percent must exceed -100")


Rounder = Callable[[Fraction], Fraction]


def _rounder(currency: str, rounding_mode: RoundingMode) -> Rounder:
    if rounding_mode == "round_globally":
        return lambda value: value
    return lambda value: Fraction(round_money(value, currency))


def _raw_amount(tax: TaxRule, tax_base: Fraction, quantity: Fraction) -> Fraction:
    if tax.amount_type == "fixed":
        return quantity * Fraction(tax.amount)
    return tax_base * Fraction(tax.amount) / _HUNDRED


def _affine(taxes: Sequence[TaxRule], quantity: Fraction) -> list[tuple[Fraction, Fraction]]:
    """Each tax amount as ``(alpha, beta)``: amount = alpha x base + beta (exact)."""
    coefficients: list[tuple[Fraction, Fraction]] = []
    added_alpha, added_beta = Fraction(0), Fraction(0)
    for tax in taxes:
        if tax.amount_type == "fixed":
            alpha, beta = Fraction(0), quantity * Fraction(tax.amount)
        else:
            rate = Fraction(tax.amount) / _HUNDRED
            alpha, beta = rate * (1 + added_alpha), rate * added_beta
        coefficients.append((alpha, beta))
        if tax.include_base_amount:
            added_alpha, added_beta = added_alpha + alpha, added_beta + beta
    return coefficients


def _included_amounts(
    taxes: Sequence[TaxRule], gross: Fraction, quantity: Fraction, rounder: Rounder, field: str
) -> dict[int, Fraction]:
    """Amounts of the price-included taxes, by position, extracted from ``gross``."""
    positions = [i for i, tax in enumerate(taxes) if tax.price_include]
    if not positions:
        return {}
    coefficients = _affine(taxes, quantity)
    divisor = 1 + sum((coefficients[i][0] for i in positions), Fraction(0))
    if divisor <= 0:
        _refuse(InvalidTaxRule, f"{field}.taxes", "price-included taxes add up to -100% or less")
    fixed_part = sum((coefficients[i][1] for i in positions), Fraction(0))
    base = (gross - fixed_part) / divisor
    return {i: rounder(coefficients[i][0] * base + coefficients[i][1]) for i in positions}


def _apply_in_sequence(
    taxes: Sequence[TaxRule],
    base: Fraction,
    quantity: Fraction,
    known: dict[int, Fraction],
    rounder: Rounder,
) -> tuple[ExactTax, ...]:
    """Walk the taxes in order, growing the tax base with ``include_base_amount`` taxes."""
    applied: list[ExactTax] = []
    tax_base = base
    for i, tax in enumerate(taxes):
        amount = known[i] if i in known else rounder(_raw_amount(tax, tax_base, quantity))
        applied.append(ExactTax(tax, tax_base, amount))
        if tax.include_base_amount:
            tax_base += amount
    return tuple(applied)


def _refuse(error: type[InvalidInput], field: str, text: str) -> NoReturn:
    raise error(f"{field}: {text}", field=field)
