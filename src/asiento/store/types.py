"""Column types and the one place where money becomes integers of the minor unit.

Why integers: exact sums on SQLite and PostgreSQL alike, fast aggregates, and
no driver ever hands back a float. Unit prices, quantities and rates are exact
Decimals: NUMERIC on PostgreSQL, TEXT on SQLite (``ExactDecimal``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from asiento.domain.currency import exponent
from asiento.domain.errors import InvalidAmount


def to_minor(amount: Decimal, currency: str) -> int:
    """Decimal amount -> integer of the minor unit; refuses sub-unit precision."""
    scaled = amount.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise InvalidAmount(f"{amount} has more decimals than {currency} allows")
    return int(scaled)


def from_minor(units: int | None, currency: str) -> Decimal:
    """Integer of the minor unit -> exact Decimal with the currency's exponent."""
    exp = exponent(currency)
    return Decimal(int(units or 0)).scaleb(-exp).quantize(Decimal(1).scaleb(-exp))


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal stored without loss: NUMERIC on PostgreSQL, TEXT elsewhere."""

    impl = String(64)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(asdecimal=True))
        return dialect.type_descriptor(String(64))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("floats are not stored as exact decimals")
        value = Decimal(value)
        return value if dialect.name == "postgresql" else format(value, "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))
