"""Commands for partners: a new partner and the changes to one.

``customer_payment_term`` / ``supplier_payment_term`` name a term by id or by
exact name (the service resolves it in the company); ``None`` clears it.
``payment_days`` is ``"5,20"`` or ``[5, 20]``; it is stored as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from asiento.domain.commands.changes import UNSET, Unset
from asiento.domain.due_dates import parse_payment_days, payment_days_text
from asiento.domain.einvoice.codes import checked_format, checked_scheme
from asiento.domain.errors import InvalidInput

TermRef = int | str
"""A payment term by id or by exact name."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NewPartner:
    """A customer or supplier (both, or neither, are allowed)."""

    name: str
    ref: str | None = None
    is_customer: bool = True
    is_supplier: bool = False
    email: str | None = None
    street: str | None = None
    city: str | None = None
    zip: str | None = None
    region: str | None = None
    country: str | None = None
    language: str | None = None
    invoice_email: str | None = None
    tax_id: str | None = None
    iban: str | None = None
    electronic_address: str | None = None
    electronic_address_scheme: str | None = None
    buyer_reference: str | None = None
    einvoice_format: str | None = None
    receivable_account_id: int | None = None
    payable_account_id: int | None = None
    customer_payment_term: TermRef | None = None
    supplier_payment_term: TermRef | None = None
    payment_days: str | Sequence[int] = ""
    active: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class PartnerChanges:
    """The fields of a partner to change; ``UNSET`` ones stay as they are."""

    name: str | Unset = UNSET
    ref: str | Unset | None = UNSET
    is_customer: bool | Unset = UNSET
    is_supplier: bool | Unset = UNSET
    email: str | Unset | None = UNSET
    street: str | Unset | None = UNSET
    city: str | Unset | None = UNSET
    zip: str | Unset | None = UNSET
    region: str | Unset | None = UNSET
    country: str | Unset | None = UNSET
    language: str | Unset | None = UNSET
    invoice_email: str | Unset | None = UNSET
    tax_id: str | Unset | None = UNSET
    iban: str | Unset | None = UNSET
    electronic_address: str | Unset | None = UNSET
    electronic_address_scheme: str | Unset | None = UNSET
    buyer_reference: str | Unset | None = UNSET
    einvoice_format: str | Unset | None = UNSET
    receivable_account_id: int | Unset | None = UNSET
    payable_account_id: int | Unset | None = UNSET
    customer_payment_term: TermRef | Unset | None = UNSET
    supplier_payment_term: TermRef | Unset | None = UNSET
    payment_days: str | Sequence[int] | Unset = UNSET
    active: bool | Unset = UNSET


def checked_partner(cmd: NewPartner) -> NewPartner:
    """The partner with its name required, e-invoice fields and payment days normalised.

    Raises:
        InvalidInput: naming the field at fault.
    """
    if not str(cmd.name or "").strip():
        raise InvalidInput("name is required", field="name")
    return replace(
        cmd,
        electronic_address=_blank_none(cmd.electronic_address),
        electronic_address_scheme=checked_scheme(cmd.electronic_address_scheme),
        buyer_reference=_blank_none(cmd.buyer_reference),
        einvoice_format=checked_format(cmd.einvoice_format),
        payment_days=payment_days_text(parse_payment_days(cmd.payment_days or "")),
    )


def _blank_none(value: str | None) -> str | None:
    return str(value or "").strip() or None
