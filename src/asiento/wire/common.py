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

T = TypeVar("T")

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


_AMOUNT_SCHEMA = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "examples": ["1234.50"]}

Amount = Annotated[
    Decimal,
    PlainValidator(parse_amount),
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema(_AMOUNT_SCHEMA),
]
"""A decimal string in, a decimal string out."""

NonNegativeAmount = Annotated[Amount, AfterValidator(_non_negative)]
"""An ``Amount`` that may not be negative (debit, credit, prices)."""


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
