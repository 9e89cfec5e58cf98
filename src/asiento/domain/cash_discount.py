"""Cash discounts: a reduction for paying early ("2% 10, Net 30 EOM").

A ``CashDiscount`` belongs to a payment term: ``percent`` off when paid within
``days`` of the invoice date. The term also chooses how tax is treated:

- ``never_reduce_tax``: the discount is a percent of the untaxed amount; tax
  is never corrected.
- ``reduce_on_early_payment``: the discount is a percent of the total, tax
  included; the payment that takes it posts the tax correction (the tax parts
  of ``split_discount``).
- ``always_on_discounted_base``: tax is computed on the discounted base on the
  invoice itself (``tax_on_discounted_base``), whether or not the customer pays
  early; the discount is a percent of the untaxed amount and needs no tax
  correction.

Invariants:
    - ``0 < percent < 100`` and ``days >= 0``.
    - The invoice's discount is rounded once, to the currency's minor unit,
      then spread over the installments with ``Money.allocate``: installment
      discounts sum exactly to it.
    - A payment inside the window gets a discount only on what it pays; all
      payments on an installment together never get more than its discount,
      and paying its discounted amount in pieces earns exactly that discount.
    - ``split_discount`` parts sum exactly to the discount.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from asiento.domain.due_dates import (
    MAX_DAYS,
    WorkingCalendar,
    unknown_key_problems,
    whole_number_problems,
)
from asiento.domain.errors import (
    CashDiscountBaseInvalid,
    CurrencyMismatch,
    InvalidAmount,
    PaymentTermInvalid,
    Problem,
    TaxBreakdownInvalid,
)
from asiento.domain.money import Money, round_to, to_decimal, zero

if TYPE_CHECKING:
    from asiento.domain.installments import Installment

HUNDRED = Decimal(100)


class TaxTreatment(StrEnum):
    """How a cash discount touches tax (chosen per payment term)."""

    NEVER_REDUCE_TAX = "never_reduce_tax"
    REDUCE_ON_EARLY_PAYMENT = "reduce_on_early_payment"
    ALWAYS_ON_DISCOUNTED_BASE = "always_on_discounted_base"


def parse_decimal(value: object, name: str, label: str) -> Decimal | Problem:
    """``value`` as an exact Decimal, or the problem that prevents it (floats included)."""
    try:
        return to_decimal(value, field=name)
    except TypeError:
        return Problem(name, f"{label} {value!r} is a float; give a string", "not_a_decimal")
    except InvalidAmount:
        return Problem(name, f"{label} {value!r} is not a number", "not_a_decimal")


@dataclass(frozen=True, slots=True)
class CashDiscount:
    """``percent`` off when paid within ``days`` of the invoice date."""

    percent: Decimal
    days: int
    tax_treatment: TaxTreatment = TaxTreatment.REDUCE_ON_EARLY_PAYMENT

    def __post_init__(self) -> None:
        problems = self.validate()
        if problems:
            raise PaymentTermInvalid(problems)

    def validate(self) -> list[Problem]:
        """Every problem with this discount, each with its own code."""
        problems: list[Problem] = []
        if not isinstance(self.percent, Decimal) or not self.percent.is_finite():
            message = f"discount percent {self.percent!r} is not a Decimal"
            problems.append(Problem("percent", message, "not_a_decimal"))
        elif not 0 < self.percent < HUNDRED:
            message = f"discount percent {self.percent} is outside (0, 100)"
            problems.append(Problem("percent", message, "discount_percent_out_of_range"))
        problems += whole_number_problems(self.days, "days", "discount days", 0, MAX_DAYS)
        if not isinstance(self.tax_treatment, TaxTreatment):
            message = (
                f"tax treatment {self.tax_treatment!r} is not one of {', '.join(_treatments())}"
            )
            problems.append(Problem("tax_treatment", message, "unknown_tax_treatment"))
        return problems

    def discount_date(self, invoice_date: date, calendar: WorkingCalendar | None = None) -> date:
        """The last day a payment still earns the discount.

        A window ending on a non-working day moves like a due date does.
        """
        last = invoice_date + relativedelta(days=self.days)
        if calendar is None:
            return last
        return calendar.working_day(last, not_before=invoice_date)

    def to_dict(self) -> dict[str, Any]:
        """The dict form; the percent is a string so it stays exact in JSON."""
        treatment = str(self.tax_treatment)
        return {"percent": str(self.percent), "days": self.days, "tax_treatment": treatment}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CashDiscount:
        """Build from ``{"percent": "2", "days": 10, "tax_treatment": "..."}``.

        Raises:
            PaymentTermInvalid: unknown keys, a float, or a value that breaks a rule.
        """
        allowed = {"percent", "days", "tax_treatment"}
        problems = unknown_key_problems(data, allowed, "cash discount")
        if problems:
            raise PaymentTermInvalid(problems)
        percent = parse_decimal(data.get("percent"), "percent", "discount percent")
        treatment = data.get("tax_treatment", TaxTreatment.REDUCE_ON_EARLY_PAYMENT)
        if isinstance(treatment, str) and treatment in _treatments():
            treatment = TaxTreatment(treatment)
        if isinstance(percent, Problem):
            raise PaymentTermInvalid([percent])
        days: Any = data.get("days")
        return cls(percent=percent, days=days, tax_treatment=treatment)


def _treatments() -> tuple[str, ...]:
    return tuple(t.value for t in TaxTreatment)


def discount_on_invoice(discount: CashDiscount, total: Money, untaxed: Money | None) -> Money:
    """The whole invoice's cash discount, rounded once.

    Args:
        discount: the term's cash discount.
        total: the invoice total, tax included.
        untaxed: the invoice's untaxed amount; required unless the discount
            reduces tax on early payment (then it is a percent of ``total``).

    Raises:
        CashDiscountBaseInvalid: ``untaxed`` is missing, of the other sign,
            or so large that the discount would exceed the total.
    """
    if discount.tax_treatment is TaxTreatment.REDUCE_ON_EARLY_PAYMENT:
        base = total
    else:
        base = _untaxed_base(discount, total, untaxed)
    result = (base * (discount.percent / HUNDRED)).quantize()
    if abs(result.amount) > abs(total.amount):
        raise CashDiscountBaseInvalid(f"a discount of {result} exceeds the total {total}")
    return result


def _untaxed_base(discount: CashDiscount, total: Money, untaxed: Money | None) -> Money:
    if untaxed is None:
        raise CashDiscountBaseInvalid(
            f"a {discount.tax_treatment} cash discount is a percent of the untaxed amount: "
            "give the invoice's untaxed amount",
            field="untaxed",
        )
    if untaxed.currency != total.currency:
        raise CurrencyMismatch(f"untaxed {untaxed} is not in {total.currency}", field="untaxed")
    if untaxed.amount * total.amount < 0:
        raise CashDiscountBaseInvalid(
            f"untaxed {untaxed} and total {total} have opposite signs", field="untaxed"
        )
    return untaxed


def spread_discount(discount: Money, amounts: Sequence[Money]) -> list[Money]:
    """Share an invoice's discount among installments in proportion to their amounts.

    The shares sum exactly to ``discount`` (largest-remainder allocation) and
    none exceeds its installment.
    """
    if discount.is_zero() or all(a.is_zero() for a in amounts):
        return [zero(discount.currency) for _ in amounts]
    return discount.allocate([abs(a.amount) for a in amounts])


def discount_for_payment(
    installment: Installment,
    payment: Money,
    paid_on: date,
    *,
    already_paid: Money | None = None,
    already_discounted: Money | None = None,
) -> Money:
    """The discount a payment of ``payment`` on ``paid_on`` earns against an installment.

    Payments inside the window earn the discount in proportion to what they
    pay: paid / discounted amount x discount. The ratio is applied to the
    running total paid and rounded once, and this payment gets what the running
    total earns minus what was already granted. So a partial payment gets the
    discount only on what it pays (490.00 of a 980.00 discounted installment
    of 1000.00 earns 10.00), never the whole discount again, and paying the
    discounted amount in any number of pieces earns exactly the installment's
    discount, no cent more or less. A payment beyond what settles the
    installment earns less, never more. Credit notes work the same way with
    every sign reversed.

    Args:
        installment: the installment paid, with its discount date and amount.
        payment: the amount paid now, of the installment's sign.
        paid_on: the payment date; after the discount date there is no discount.
        already_paid: money paid on this installment by earlier payments,
            discounts excluded.
        already_discounted: discount already granted on this installment.

    Returns:
        The discount, of the installment's sign, rounded to the minor unit.

    Raises:
        CurrencyMismatch: an amount is not in the installment's currency.
        InvalidAmount: an amount has the opposite sign of the installment.
    """
    currency = installment.amount.currency
    if installment.discount_date is None or paid_on > installment.discount_date:
        return zero(currency)
    sign = -1 if installment.amount.amount < 0 else 1
    given = {
        "payment": payment,
        "already_paid": already_paid or zero(currency),
        "already_discounted": already_discounted or zero(currency),
    }
    pay, paid, taken = (_unsigned(m, sign, name, installment) for name, m in given.items())
    full, most = sign * installment.amount.amount, sign * installment.discount.amount
    earned = _earned_by(paid + pay, full, most, currency)
    # never settle more than is still open
    units = min(earned - taken, full - paid - taken - pay)
    if units <= 0:
        return zero(currency)
    return Money(sign * units, currency)


def _unsigned(amount: Money, sign: int, name: str, installment: Installment) -> Decimal:
    if amount.currency != installment.amount.currency:
        raise CurrencyMismatch(
            f"{name} {amount} is not in {installment.amount.currency}", field=name
        )
    if sign * amount.amount < 0:
        raise InvalidAmount(
            f"{name} {amount} has the opposite sign of the installment {installment.amount}",
            field=name,
        )
    return sign * amount.amount


def _earned_by(paid: Decimal, full: Decimal, most: Decimal, currency: str) -> Decimal:
    """The discount that ``paid`` earns in all, amounts made positive; at most ``most``."""
    payable = full - most
    if payable <= 0:
        return most
    return round_to(min(paid, payable) * most / payable, currency)


@dataclass(frozen=True, slots=True)
class TaxBreakdownLine:
    """One tax's share of an invoice (or of a discount): its base and its tax.

    ``tax`` is the tax's code or id, opaque to the domain.
    """

    tax: str
    base: Money
    tax_amount: Money


def split_discount(
    discount: Money, breakdown: Sequence[TaxBreakdownLine], treatment: TaxTreatment
) -> list[TaxBreakdownLine]:
    """Split a discount into base and tax parts per tax, for posting.

    Under ``reduce_on_early_payment`` the discount is shared by every base and
    every tax amount of the invoice, and the tax parts are the tax correction.
    Under the other treatments tax was never part of the discount: the tax
    parts are zero and the bases share it all.

    Args:
        discount: the discount granted (quantized), of the invoice's sign.
        breakdown: the invoice's base and tax per tax, of the invoice's sign.
        treatment: the payment term's tax treatment.

    Returns:
        One line per breakdown line, in order; all parts sum exactly to ``discount``.

    Raises:
        TaxBreakdownInvalid: empty, of mixed signs, or with nothing to carry it.
        CurrencyMismatch: a breakdown amount is in another currency.
        InvalidAmount: ``discount`` has more decimals than its currency allows.
    """
    _check_breakdown(discount, breakdown)
    nothing = zero(discount.currency)
    if discount.amount == 0:
        return [TaxBreakdownLine(line.tax, nothing, nothing) for line in breakdown]
    with_tax = treatment is TaxTreatment.REDUCE_ON_EARLY_PAYMENT
    weights: list[Decimal] = []
    for line in breakdown:
        weights += [abs(line.base.amount), abs(line.tax_amount.amount) if with_tax else Decimal(0)]
    if sum(weights) == 0:
        raise TaxBreakdownInvalid(f"no base in the breakdown can carry a discount of {discount}")
    parts = discount.allocate(weights)
    return [
        TaxBreakdownLine(line.tax, parts[2 * i], parts[2 * i + 1])
        for i, line in enumerate(breakdown)
    ]


def _check_breakdown(discount: Money, breakdown: Sequence[TaxBreakdownLine]) -> None:
    if not breakdown:
        raise TaxBreakdownInvalid("a discount split needs the invoice's tax breakdown")
    if discount != discount.quantize():
        raise InvalidAmount(f"discount {discount} has more decimals than its currency allows")
    for line in breakdown:
        for amount in (line.base, line.tax_amount):
            if amount.currency != discount.currency:
                raise CurrencyMismatch(f"tax {line.tax}: {amount} is not in {discount.currency}")
            if amount.amount * discount.amount < 0:
                raise TaxBreakdownInvalid(
                    f"tax {line.tax}: {amount} has the opposite sign of the discount {discount}"
                )


def tax_on_discounted_base(base: Money, rate: Decimal, discount: CashDiscount) -> Money:
    """Tax on a base reduced by the cash discount, for ``always_on_discounted_base``.

    The discounted base is not rounded on its own: the tax is rounded once, so
    no intermediate cent is lost (1000.00 at 21 % with 2 % off gives 205.80).

    Args:
        base: the untaxed base of one line or one tax group.
        rate: the tax rate in percent (21 for 21 %), as a Decimal.
        discount: the payment term's cash discount.
    """
    if not isinstance(rate, Decimal):
        raise TypeError("a tax rate is a Decimal percent, never a float")
    factor = (HUNDRED - discount.percent) / HUNDRED * rate / HUNDRED
    return (base * factor).quantize()
