"""Companies, currencies and rates."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from asiento.api.schemas.common import Amount, Patch, Public


class CompanyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    currency: str = Field(min_length=3, max_length=3)
    country: str | None = Field(default=None, min_length=2, max_length=2)
    tax_id: str | None = None
    fiscal_year_start_month: int = 1
    fiscal_year_start_day: int = 1
    tax_rounding: str = "round_per_line"
    allow_proforma: bool = False
    lock_date: dt.date | None = None


class CompanyUpdate(Patch):
    """Settings only: the currency of a company never changes."""

    nullable: ClassVar[frozenset[str]] = frozenset({"country", "tax_id", "lock_date"})
    name: str | None = Field(default=None, min_length=1, max_length=200)
    country: str | None = Field(default=None, min_length=2, max_length=2)
    tax_id: str | None = None
    fiscal_year_start_month: int | None = None
    fiscal_year_start_day: int | None = None
    tax_rounding: str | None = None
    allow_proforma: bool | None = None
    lock_date: dt.date | None = None


class CompanyPublic(CompanyCreate, Public):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    id: int


class CurrencyEnable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=3, max_length=3)


class CurrencyPublic(Public):
    code: str
    exponent: int
    active: bool


class RateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    rate: Amount


class RatePublic(Public):
    id: int
    currency: str
    date: dt.date
    rate: Amount
