"""Partners and products."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from asiento.domain.commands.partners import NewPartner, PartnerChanges
from asiento.domain.commands.products import NewProduct, ProductChanges
from asiento.wire.common import Amount, NonNegativeAmount, Patch, Public
from asiento.wire.types import Id, Text

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
        "electronic_address",
        "electronic_address_scheme",
        "buyer_reference",
        "einvoice_format",
    }
)
Language = Literal["en", "es", "zh"]
EInvoiceFormat = Literal["none", "facturx", "xrechnung-cii", "xrechnung-ubl", "ubl"]
TermRef = int | str
"""A payment term by id or by name."""


class PartnerFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1, max_length=200)
    ref: Text | None = None
    is_customer: bool = True
    is_supplier: bool = False
    email: Text | None = None
    street: Text | None = None
    city: Text | None = None
    zip: Text | None = None
    region: Text | None = None
    country: Text | None = None
    language: Language | None = Field(
        default=None, description="documents in this language; null: the company's"
    )
    invoice_email: Text | None = Field(default=None, description="where invoices go; null: email")
    tax_id: Text | None = None
    iban: Text | None = None
    electronic_address: Text | None = Field(
        default=None, max_length=254, description="e-invoice address (BT-49), e.g. a Peppol id"
    )
    electronic_address_scheme: Text | None = Field(
        default=None, max_length=4, description="its EAS scheme: 0088, 9930, EM…"
    )
    buyer_reference: Text | None = Field(
        default=None, max_length=100, description="BT-10, the Leitweg-ID of German public buyers"
    )
    einvoice_format: EInvoiceFormat | None = Field(
        default=None, description="e-invoice attached to their invoices; null: the company's"
    )
    receivable_account_id: Id | None = None
    payable_account_id: Id | None = None
    payment_days: list[int] = Field(
        default_factory=list,
        description="days of the month the partner pays on ([5, 20]); due dates move to them",
    )
    active: bool = True

    @field_validator("payment_days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> Any:
        if isinstance(value, str):  # stored as "5,20"
            return [int(part) for part in value.split(",") if part.strip()]
        return value


class PartnerCreate(PartnerFields):
    """A new partner; default payment terms by id or name, of the same company."""

    customer_payment_term: TermRef | None = None
    supplier_payment_term: TermRef | None = None

    def command(self) -> NewPartner:
        return NewPartner(**self.model_dump())


class PartnerUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = _OPTIONAL_PARTNER
    name: Text | None = Field(default=None, min_length=1, max_length=200)
    ref: Text | None = None
    is_customer: bool | None = None
    is_supplier: bool | None = None
    email: Text | None = None
    street: Text | None = None
    city: Text | None = None
    zip: Text | None = None
    region: Text | None = None
    country: Text | None = None
    language: Language | None = None
    invoice_email: Text | None = None
    tax_id: Text | None = None
    iban: Text | None = None
    electronic_address: Text | None = Field(default=None, max_length=254)
    electronic_address_scheme: Text | None = Field(default=None, max_length=4)
    buyer_reference: Text | None = Field(default=None, max_length=100)
    einvoice_format: EInvoiceFormat | None = None
    receivable_account_id: Id | None = None
    payable_account_id: Id | None = None
    customer_payment_term: TermRef | None = None
    supplier_payment_term: TermRef | None = None
    payment_days: list[int] | None = None
    active: bool | None = None

    def command(self) -> PartnerChanges:
        return PartnerChanges(**self.changes())


class PartnerPublic(PartnerFields, Public):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    id: int
    customer_payment_term_id: int | None = None
    supplier_payment_term_id: int | None = None


class ProductCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Text = Field(min_length=1, max_length=64)
    name: Text = Field(min_length=1, max_length=200)
    unit: Text = "unit"
    unit_code: Text = Field(
        default="C62", max_length=3, description="UN/ECE Rec 20 unit on e-invoices (C62, HUR)"
    )
    sale_price: NonNegativeAmount = Decimal(0)
    purchase_price: NonNegativeAmount = Decimal(0)
    income_account_id: Id | None = None
    expense_account_id: Id | None = None
    active: bool = True
    tax_ids: list[Id] = Field(default_factory=list)
    bill_policy: Literal["ordered", "received"] | None = None
    invoice_policy: Literal["ordered", "delivered"] | None = None

    def command(self) -> NewProduct:
        return NewProduct(**self.model_dump(exclude={"tax_ids"}), tax_ids=tuple(self.tax_ids))


class ProductUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset(
        {"income_account_id", "expense_account_id", "bill_policy", "invoice_policy"}
    )
    code: Text | None = Field(default=None, min_length=1, max_length=64)
    name: Text | None = Field(default=None, min_length=1, max_length=200)
    unit: Text | None = None
    unit_code: Text | None = Field(default=None, max_length=3)
    sale_price: NonNegativeAmount | None = None
    purchase_price: NonNegativeAmount | None = None
    income_account_id: Id | None = None
    expense_account_id: Id | None = None
    active: bool | None = None
    tax_ids: list[Id] | None = None
    bill_policy: Literal["ordered", "received"] | None = None
    invoice_policy: Literal["ordered", "delivered"] | None = None

    def command(self) -> ProductChanges:
        changes = self.changes()
        if self.tax_ids is not None:
            changes["tax_ids"] = tuple(self.tax_ids)
        return ProductChanges(**changes)


class ProductPublic(Public):
    id: int
    code: str
    name: str
    unit: str
    unit_code: str = "C62"
    sale_price: Amount
    purchase_price: Amount
    income_account_id: int | None
    expense_account_id: int | None
    active: bool
    tax_ids: list[int] = Field(default_factory=list)
    bill_policy: str | None = None
    invoice_policy: str | None = None


class ContactCreate(BaseModel):
    """A person at the partner; e-mail and phone are checked as the partner's are."""

    model_config = ConfigDict(extra="forbid")
    name: Text = Field(max_length=200)
    role: Text | None = Field(default=None, max_length=100)
    email: Text | None = Field(default=None, max_length=254)
    phone: Text | None = Field(default=None, max_length=50)


class ContactPublic(Public):
    id: int
    partner_id: int
    name: str
    role: str | None
    email: str | None
    phone: str | None
