"""Installments: an invoice total split by a payment term, each with its due date.

``compute_installments`` walks the term's lines in order: a percent line takes
a percent of the total, a fixed line a fixed amount, and the last line, always
the balance, takes whatever is left, rounding included.

Example: 1,000.00 EUR on 2026-02-21 under "30 % on the invoice date, balance at
the end of the following month" gives 300.00 due 2026-02-21 and 700.00 due
2026-03-31.

Invariants:
    - Installments sum exactly to the total, in the total's currency; each is
      rounded half-up to the currency's minor unit and the remainder lands on
      the balance.
    - Every due date is on or after the invoice date.
    - A negative total (a credit note) gives the same schedule with every
      amount negated.
    - Zero installments are left out, but a schedule always has at least one.
    - With a cash discount, installment discounts sum exactly to the invoice's
      discount, and none exceeds its installment.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from asiento.domain.cash_discount import HUNDRED, discount_on_invoice, spread_discount
from asiento.domain.currency import exponent
from asiento.domain.due_dates import WorkingCalendar
from asiento.domain.errors import InstallmentsExceedTotal, InvalidAmount
from asiento.domain.money import Money, zero
from asiento.domain.payment_terms import LineKind, PaymentTerm, PaymentTermLine


@dataclass(frozen=True, slots=True)
class Installment:
    """One amount due on one date, with its cash discount if the term has one.

    Attributes:
        line_number: the term line (from 1) that produced it.
        due_date: when it falls due.
        amount: what is due, in the invoice's currency and sign.
        discount_date: the last day the discount applies, or ``None``.
        discounted_amount: what settles it when paid by ``discount_date``.
    """

    line_number: int
    due_date: date
    amount: Money
    discount_date: date | None = None
    discounted_amount: Money | None = None

    def __post_init__(self) -> None:
        if (self.discount_date is None) != (self.discounted_amount is None):
            raise InvalidAmount("an installment has both a discount date and amount, or neither")
        rest = self.discounted_amount
        if rest is not None and (
            rest.currency != self.amount.currency
            or rest.amount * self.amount.amount < 0
            or abs(rest.amount) > abs(self.amount.amount)
        ):
            raise InvalidAmount(f"discounted amount {rest} does not fit installment {self.amount}")

    @property
    def discount(self) -> Money:
        """The most this installment can be discounted (zero without a discount)."""
        if self.discounted_amount is None:
            return zero(self.amount.currency)
        return self.amount - self.discounted_amount

    def amount_to_pay(self, on: date) -> Money:
        """What settles this installment when paid in full on ``on``."""
        if self.discounted_amount is None or self.discount_date is None:
            return self.amount
        return self.discounted_amount if on <= self.discount_date else self.amount


def compute_installments(
    term: PaymentTerm,
    total: Money,
    invoice_date: date,
    calendar: WorkingCalendar | None = None,
    *,
    untaxed: Money | None = None,
    partner_days: tuple[int, ...] = (),
) -> list[Installment]:
    """Split ``total`` into installments under ``term``.

    Args:
        term: the payment term.
        total: the invoice total, tax included, already rounded to its currency;
            negative for a credit note.
        invoice_date: the date every due date starts from.
        calendar: the company's working days; ``None`` means every day is worked.
        untaxed: the invoice's untaxed amount; needed only when the term's cash
            discount is a percent of the untaxed amount.
        partner_days: the partner's payment days; each due date moves forward
            to the next of them, after the term and before the calendar.

    Returns:
        Installments in term-line order, summing exactly to ``total``.

    Raises:
        InvalidAmount: ``total`` or a fixed amount has more decimals than the
            currency allows.
        InstallmentsExceedTotal: the lines ask for more than the total.
        CashDiscountBaseInvalid: the discount needs ``untaxed`` and it is
            missing or wrong.
    """
    _require_rounded(total, "total")
    negative = total.amount < 0
    unsigned = -total if negative else total
    amounts = _line_amounts(term.lines, unsigned)
    installments = [
        Installment(
            number, line.due.due_date(invoice_date, calendar, partner_days), -a if negative else a
        )
        for number, (line, a) in enumerate(zip(term.lines, amounts, strict=True), 1)
    ]
    kept = [i for i in installments if not i.amount.is_zero()] or installments[-1:]
    if term.discount is None:
        return kept
    whole = discount_on_invoice(term.discount, total, untaxed)
    last_day = term.discount.discount_date(invoice_date, calendar)
    return _with_discount(kept, whole, last_day)


def _require_rounded(amount: Money, name: str) -> None:
    if amount != amount.quantize():
        digits = exponent(amount.currency)
        raise InvalidAmount(
            f"{name} {amount} has more decimals than {amount.currency} allows ({digits})",
            field=name,
        )


def _line_amounts(lines: tuple[PaymentTermLine, ...], total: Money) -> list[Money]:
    """Each line's amount for a non-negative ``total``; the balance takes the rest."""
    amounts: list[Money] = []
    taken, asked = zero(total.currency), Decimal(0)
    for number, line in enumerate(lines, 1):
        if line.kind is LineKind.BALANCE:
            amounts.append(total - taken)
            continue
        exact = _exact_amount(line, total, number)
        asked += exact
        if asked > total.amount:
            raise InstallmentsExceedTotal(_exceed_message(line, number, exact, asked, total))
        # rounding half-up may overshoot by a minor unit: never past the total
        amount = min(Money(exact, total.currency).quantize().amount, (total - taken).amount)
        amounts.append(Money(amount, total.currency))
        taken += amounts[-1]
    return amounts


def _exact_amount(line: PaymentTermLine, total: Money, number: int) -> Decimal:
    value = line.value if line.value is not None else Decimal(0)
    if line.kind is LineKind.PERCENT:
        return total.amount * value / HUNDRED
    try:
        _require_rounded(Money(value, total.currency), "fixed amount")
    except InvalidAmount as exc:
        where = f"lines[{number - 1}].value"
        raise InvalidAmount(f"line {number}: {exc.message}", field=where) from None
    return value


def _exceed_message(
    line: PaymentTermLine, number: int, exact: Decimal, asked: Decimal, total: Money
) -> str:
    what = f"fixed amount {line.value}" if line.kind is LineKind.FIXED else f"percent {line.value}"
    if exact > total.amount:
        return f"line {number}: {what} is larger than the invoice total {total}"
    reached = Money(asked, total.currency).quantize()
    return f"line {number}: {what} brings the installments to {reached}, over the total {total}"


def _with_discount(
    installments: list[Installment], whole: Money, last_day: date
) -> list[Installment]:
    """Give each installment the discount date and its share of the invoice's discount."""
    shares = spread_discount(whole, [i.amount for i in installments])
    return [
        replace(i, discount_date=last_day, discounted_amount=i.amount - share)
        for i, share in zip(installments, shares, strict=True)
    ]
