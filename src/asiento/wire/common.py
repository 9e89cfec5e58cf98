"""Shared schema pieces: decimal-string amounts, partial updates, pages.

Amounts travel as JSON strings ("1234.50") because a JSON number is a binary
float in most clients: accepting one would let rounding errors into the ledger.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from asiento.domain.limits import MAX_AMOUNT, MAX_DECIMALS, RATE_DECIMALS

T = TypeVar("T")

QUANTUM = Decimal(1).scaleb(-MAX_DECIMALS)

AMOUNT_HINT = 'amounts are decimal strings such as "12.50"'


def parse_amount(value: object) -> Decimal:
    """A finite Decimal from a decimal string; JSON numbers (floats) are refused."""
    if isinstance(value, Decimal):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            raise PydanticCustomError(
                "decimal_string",
                "'{value}' is not a decimal number; " + AMOUNT_HINT,
                {"value": value},
            ) from None
    else:
        raise PydanticCustomError("decimal_string", AMOUNT_HINT)
    if not parsed.is_finite():
        raise PydanticCustomError("decimal_string", "amounts must be finite; " + AMOUNT_HINT)
    return parsed


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("negative_amount", "amounts cannot be negative")
    return value


def _bounded(value: Decimal) -> Decimal:
    """Refuse what no column can hold: 10^15 or more, or finer than ``MAX_DECIMALS``."""
    if abs(value) >= MAX_AMOUNT:
        raise PydanticCustomError("amount_too_large", "amounts must be below 10^15")
    if value != value.quantize(QUANTUM):
        raise PydanticCustomError(
            "too_many_decimals", "at most {places} decimal places", {"places": MAX_DECIMALS}
        )
    return value


def _plain(value: Decimal) -> str:
    """Fixed-point text, never exponent notation ("1E+3")."""
    return format(value, "f")


_AMOUNT_SCHEMA = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "examples": ["1234.50"]}
_AMOUNT_IN_SCHEMA = {
    "type": "string",
    "pattern": rf"^-?\d{{1,15}}(\.\d{{1,{MAX_DECIMALS}}})?$",
    "examples": ["1234.50"],
}

Amount = Annotated[
    Decimal,
    PlainValidator(parse_amount),
    PlainSerializer(_plain, return_type=str, when_used="json"),
    WithJsonSchema(_AMOUNT_SCHEMA),
]
"""A decimal string in, a decimal string out (read models)."""

AmountIn = Annotated[
    Decimal,
    PlainValidator(parse_amount),
    AfterValidator(_bounded),
    PlainSerializer(_plain, return_type=str, when_used="json"),
    WithJsonSchema(_AMOUNT_IN_SCHEMA),
]
"""A decimal a client sends: below 10^15 in size, at most ``MAX_DECIMALS`` places.

Amounts, prices, quantities and percentages alike: finer values (a quantity
of ``1e-30``) have no meaning in a ledger of minor units and are refused.
"""


def _rate(value: Decimal) -> Decimal:
    """A positive exchange rate below 10^15 with at most ``RATE_DECIMALS`` places."""
    if not 0 < value < MAX_AMOUNT:
        raise PydanticCustomError("rate_range", "a rate is above 0 and below 10^15")
    if value != value.quantize(Decimal(1).scaleb(-RATE_DECIMALS)):
        raise PydanticCustomError(
            "too_many_decimals", "at most {places} decimal places", {"places": RATE_DECIMALS}
        )
    return value


RateIn = Annotated[
    Decimal,
    PlainValidator(parse_amount),
    AfterValidator(_rate),
    PlainSerializer(_plain, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^\d{{1,15}}(\.\d{{1,{RATE_DECIMALS}}})?$",
            "examples": ["1.0842"],
        }
    ),
]
"""An exchange rate a client sends (finer than amounts: 12 places)."""

NonNegativeAmount = Annotated[AmountIn, AfterValidator(_non_negative)]
"""An ``AmountIn`` that may not be negative (debit, credit, prices)."""


class Patch(BaseModel):
    """Base of partial updates: only the fields sent change.

    ``null`` is accepted only for the fields listed in ``nullable`` so that a
    client cannot blank a required column and meet a database error.
    """

    model_config = ConfigDict(extra="forbid")
    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise PydanticCustomError("not_nullable", "this field cannot be null")
        return value

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class Page(BaseModel, Generic[T]):
    """One page of a list; pass ``next_cursor`` as ``cursor`` for the next one."""

    items: list[T]
    next_cursor: str | None = None


class Public(BaseModel):
    """Base of output schemas, read from ORM rows or service views."""

    model_config = ConfigDict(from_attributes=True)
