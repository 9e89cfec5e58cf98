"""Commands for products: a new product with its taxes, and the changes to one.

A product and its taxes are one record for the user: ``tax_ids`` travels in the
same command and is written in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from asiento.domain import purchasing
from asiento.domain.commands.changes import UNSET, Unset
from asiento.domain.einvoice.codes import DEFAULT_UNIT_CODE, checked_unit_code
from asiento.domain.errors import InvalidInput
from asiento.domain.money import MAX_AMOUNT


@dataclass(frozen=True, slots=True, kw_only=True)
class NewProduct:
    """What is sold and bought; a ``None`` policy means the company's default."""

    code: str
    name: str
    unit: str = "unit"
    unit_code: str = DEFAULT_UNIT_CODE
    sale_price: Decimal = Decimal(0)
    purchase_price: Decimal = Decimal(0)
    income_account_id: int | None = None
    expense_account_id: int | None = None
    active: bool = True
    bill_policy: str | None = None
    invoice_policy: str | None = None
    tax_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductChanges:
    """The fields of a product to change; ``tax_ids`` replaces the whole set when given."""

    code: str | Unset = UNSET
    name: str | Unset = UNSET
    unit: str | Unset = UNSET
    unit_code: str | Unset = UNSET
    sale_price: Decimal | Unset = UNSET
    purchase_price: Decimal | Unset = UNSET
    income_account_id: int | Unset | None = UNSET
    expense_account_id: int | Unset | None = UNSET
    active: bool | Unset = UNSET
    bill_policy: str | Unset | None = UNSET
    invoice_policy: str | Unset | None = UNSET
    tax_ids: tuple[int, ...] | Unset = UNSET


def checked_product(cmd: NewProduct) -> NewProduct:
    """The product with a code, prices in range, a known unit code and known policies.

    Raises:
        InvalidInput: naming the field at fault.
    """
    if not str(cmd.code or "").strip():
        raise InvalidInput("code is required", field="code")
    for field in ("sale_price", "purchase_price"):
        value = Decimal(getattr(cmd, field))
        if value < 0:
            raise InvalidInput(f"{field} cannot be negative", field=field)
        if value >= MAX_AMOUNT:
            raise InvalidInput(f"{field} must be below 10^15", field=field)
    bill_policy = cmd.bill_policy or None  # empty: the company's default applies
    invoice_policy = cmd.invoice_policy or None
    if bill_policy is not None:
        purchasing.require_bill_policy(bill_policy)
    if invoice_policy is not None:
        purchasing.require_invoice_policy(invoice_policy)
    return replace(
        cmd,
        unit_code=checked_unit_code(cmd.unit_code or DEFAULT_UNIT_CODE),
        bill_policy=bill_policy,
        invoice_policy=invoice_policy,
        tax_ids=tuple(cmd.tax_ids),
    )
