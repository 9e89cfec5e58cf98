"""Money: an exact Decimal amount in one ISO 4217 currency.

Why a type: a float anywhere near money is a bug, and a bare Decimal forgets its
currency. ``money()`` is the only door in; it refuses floats.

Invariants:
    - ``amount`` is a finite ``Decimal``; ``currency`` a known ISO 4217 code.
    - Arithmetic between two ``Money`` values requires the same currency.
    - ``quantize()`` rounds half-up (unless told otherwise) to the currency's
      exponent.
    - ``allocate(weights)`` returns parts that sum exactly to the quantized
      total; the rounding remainder goes to the largest parts first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from asiento.domain import currency as _currency
from asiento.domain.errors import CurrencyMismatch, InvalidAmount

ZERO = Decimal(0)
# Fits a BIGINT of minor units for every ISO currency (3 decimals: 9.2e15).
MAX_AMOUNT = Decimal(10) ** 15


def to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """Parse ``value`` as an exact Decimal.

    Accepts ``Decimal``, ``int`` and numeric strings such as ``"1234.50"``.

    Raises:
        TypeError: ``value`` is a float (floats are never money).
        InvalidAmount: ``value`` is not a finite number.
    """
    if isinstance(value, float):
        raise TypeError("floats are not accepted for money; pass a Decimal or a string")
    if isinstance(value, bool):
        raise InvalidAmount(f"{field}: {value!r} is not a number", field=field)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidAmount(f"{field}: {value!r} is not a number", field=field) from None
    else:
        raise InvalidAmount(f"{field}: {value!r} is not a number", field=field)
    if not result.is_finite():
        raise InvalidAmount(f"{field}: {value!r} is not a finite number", field=field)
    if abs(result) >= MAX_AMOUNT:
        raise InvalidAmount(f"{field}: {value!r} is too large (limit 10^15)", field=field)
    return result


def round_to(amount: Decimal, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round ``amount`` to ``currency``'s minor unit."""
    return amount.quantize(_currency.quantum(currency), rounding=rounding)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency. Build it with ``money()``."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        _currency.exponent(self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(
                f"cannot combine {self.currency} and {other.currency}", field="currency"
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise TypeError("multiply Money by a Decimal, not a float")
        return Money(self.amount * factor, self.currency)

    def quantize(self, rounding: str = ROUND_HALF_UP) -> Money:
        """This amount rounded to the currency's minor unit."""
        return Money(round_to(self.amount, self.currency, rounding), self.currency)

    def is_zero(self) -> bool:
        """True when the amount rounds to zero in this currency."""
        return round_to(self.amount, self.currency) == ZERO

    def allocate(self, weights: Sequence[Decimal | int]) -> list[Money]:
        """Split this amount by ``weights``; the parts sum exactly to the total.

        Each part is rounded down to the minor unit, then the leftover minor
        units go one each to the parts with the largest remainders (largest
        remainder method), so no cent is created or lost.
        """
        if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
            raise InvalidAmount("allocate needs non-negative weights with a positive sum")
        total = self.quantize()
        q = _currency.quantum(self.currency)
        units = int(total.amount / q)
        sign = -1 if units < 0 else 1
        units = abs(units)
        wsum = Decimal(sum(weights))
        raw = [Decimal(units) * Decimal(w) / wsum for w in weights]
        floors = [int(r) for r in raw]
        leftover = units - sum(floors)
        order = sorted(range(len(raw)), key=lambda i: (raw[i] - floors[i], raw[i]), reverse=True)
        for i in order[:leftover]:
            floors[i] += 1
        return [Money(sign * f * q, self.currency) for f in floors]

    def __str__(self) -> str:
        return f"{self.amount:f} {self.currency}"


def money(amount: object, currency: str, *, field: str = "amount") -> Money:
    """Build ``Money`` from a Decimal, int or numeric string.

    Raises:
        TypeError: ``amount`` is a float.
        InvalidAmount: ``amount`` is not a finite number.
        UnknownCurrency: ``currency`` is not ISO 4217.
    """
    return Money(to_decimal(amount, field=field), currency)


def zero(currency: str) -> Money:
    return Money(ZERO, currency)
