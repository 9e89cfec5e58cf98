"""Payment terms: the definition as the domain's dict form, and previews.

A term's ``lines`` and ``discount`` are passed to the domain as they come
(``PaymentTerm.from_dict``), so every rule and every message lives in one
place; percents and fixed amounts are decimal strings, never JSON floats.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from asiento.services.reference.payment_terms import Preview, TermView
from asiento.wire.common import Amount, AmountIn, Patch
from asiento.wire.types import Day, Text


class TermDefinition(BaseModel):
    """What a term is: name, ordered lines (the last one the balance), optional discount."""

    model_config = ConfigDict(extra="forbid")
    name: Text = Field(examples=["30% now, balance end of following month"])
    lines: list[dict[Text, Any]] = Field(
        max_length=100,
        examples=[
            [
                {"kind": "percent", "value": "30", "due": {}},
                {"kind": "balance", "due": {"months": 1, "end_of_month": True}},
            ]
        ],
    )
    discount: dict[Text, Any] | None = Field(default=None, examples=[{"percent": "2", "days": 10}])

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump(include={"name", "lines", "discount"}, exclude_none=True)


class TermCreate(TermDefinition):
    note: Text = ""
    active: bool = True


class TermUpdate(Patch):
    """Change the note or the active flag; ``definition`` replaces name, lines and discount."""

    definition: TermDefinition | None = None
    note: Text | None = None
    active: bool | None = None


class TermPublic(BaseModel):
    id: int
    name: str
    note: str
    active: bool
    lines: list[dict[str, Any]]
    discount: dict[str, Any] | None = None

    @classmethod
    def of(cls, view: TermView) -> TermPublic:
        data = view.definition
        return cls(
            id=view.id,
            name=view.name,
            note=view.note,
            active=view.active,
            lines=data["lines"],
            discount=data.get("discount"),
        )


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: AmountIn = Field(description="invoice total, tax included")
    currency: Text = Field(min_length=3, max_length=3)
    invoice_date: Day
    untaxed: AmountIn | None = Field(
        default=None, description="untaxed amount; needed by discounts on the untaxed base"
    )
    partner_id: int | None = Field(
        default=None, description="apply this partner's payment days, as its invoices would"
    )


class InstallmentPublic(BaseModel):
    line_number: int
    due_date: dt.date
    amount: Amount
    discount_date: dt.date | None = None
    discounted_amount: Amount | None = None
    discount: Amount


class PreviewPublic(BaseModel):
    term_id: int
    term: str
    invoice_date: dt.date
    currency: str
    total: Amount
    installments: list[InstallmentPublic]
    payment_days: list[int] = Field(default_factory=list)

    @classmethod
    def of(cls, preview: Preview) -> PreviewPublic:
        rows = [
            InstallmentPublic(
                line_number=i.line_number,
                due_date=i.due_date,
                amount=i.amount.amount,
                discount_date=i.discount_date,
                discounted_amount=None
                if i.discounted_amount is None
                else i.discounted_amount.amount,
                discount=i.discount.quantize().amount,
            )
            for i in preview.installments
        ]
        return cls(
            term_id=preview.term.id,
            term=preview.term.name,
            invoice_date=preview.invoice_date,
            currency=preview.total.currency,
            total=preview.total.amount,
            installments=rows,
            payment_days=list(preview.payment_days),
        )
