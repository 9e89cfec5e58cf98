"""Partners and products."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from asiento.api.schemas.common import Amount, NonNegativeAmount, Patch, Public

_OPTIONAL_PARTNER = frozenset(
    {
        "ref",
        "email",
        "street",
        "city",
        "zip",
        "region",
        "country",
        "language",
        "invoice_email",
        "tax_id",
        "iban",
        "receivable_account_id",
        "payable_account_id",
        "customer_payment_term",
        "supplier_payment_term",
    }
)
Language = Literal["en", "es", "zh"]
TermRef = int | str
"""A payment term by id or by name."""


class PartnerFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    ref: str | None = None
    is_customer: bool = True
    is_supplier: bool = False
    email: str | None = None
    street: str | None = None
    city: str | None = None
    zip: str | None = None
    region: str | None = None
    country: str | None = None
    language: Language | None = Field(
        default=None, description="documents in this language; null: the company's"
    )
    invoice_email: str | None = Field(default=None, description="where invoices go; null: email")
    tax_id: str | None = None
    iban: str | None = None
    receivable_account_id: int | None = None
    payable_account_id: int | None = None
    active: bool = True


class PartnerCreate(PartnerFields):
    """A new partner; default payment terms by id or name, of the same company."""

    customer_payment_term: TermRef | None = None
    supplier_payment_term: TermRef | None = None


class PartnerUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = _OPTIONAL_PARTNER
    name: str | None = Field(default=None, min_length=1, max_length=200)
    ref: str | None = None
    is_customer: bool | None = None
    is_supplier: bool | None = None
    email: str | None = None
    street: str | None = None
    city: str | None = None
    zip: str | None = None
    region: str | None = None
    country: str | None = None
    language: Language | None = None
    invoice_email: str | None = None
    tax_id: str | None = None
    iban: str | None = None
    receivable_account_id: int | None = None
    payable_account_id: int | None = None
    customer_payment_term: TermRef | None = None
    supplier_payment_term: TermRef | None = None
    active: bool | None = None


class PartnerPublic(PartnerFields, Public):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    id: int
    customer_payment_term_id: int | None = None
    supplier_payment_term_id: int | None = None


class ProductCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    unit: str = "unit"
    sale_price: NonNegativeAmount = Decimal(0)
    purchase_price: NonNegativeAmount = Decimal(0)
    income_account_id: int | None = None
    expense_account_id: int | None = None
    active: bool = True
    tax_ids: list[int] = Field(default_factory=list)


class ProductUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset({"income_account_id", "expense_account_id"})
    code: str | None = Field(default=None, min_length=1, max_length=64)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    unit: str | None = None
    sale_price: NonNegativeAmount | None = None
    purchase_price: NonNegativeAmount | None = None
    income_account_id: int | None = None
    expense_account_id: int | None = None
    active: bool | None = None
    tax_ids: list[int] | None = None


class ProductPublic(Public):
    id: int
    code: str
    name: str
    unit: str
    sale_price: Amount
    purchase_price: Amount
    income_account_id: int | None
    expense_account_id: int | None
    active: bool
    tax_ids: list[int] = Field(default_factory=list)
