"""Commands for taxes: a new tax and the changes to one.

A percent tax lies between -100 and 100 (a negative percent is the accrued half
of a reverse charge, -21 % next to +21 %); a fixed tax is an amount, zero or
positive, and is never included in the price. A tax without an e-invoice VAT
category gets the one its legal mention and rate say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from asiento.domain.commands.changes import UNSET, Unset
from asiento.domain.einvoice.codes import category_for, checked_exemption_code, checked_vat_category
from asiento.domain.errors import InvalidInput

AMOUNT_TYPES = ("percent", "fixed")
USAGES = ("sale", "purchase", "none")
LEGAL_MENTIONS = ("exempt", "reverse_charge", "intra_community", "export")
"""What a document must say about a tax (translated by ``documents.wording``)."""
LANGUAGES = ("en", "es", "zh")


@dataclass(frozen=True, slots=True, kw_only=True)
class NewTax:
    """A tax; ``name_translations`` maps a language to the name printed in it."""

    name: str
    amount: Decimal
    tax_account_id: int
    usage: str = "sale"
    amount_type: str = "percent"
    price_include: bool = False
    include_base_amount: bool = False
    base_account_id: int | None = None
    tax_group: str = "VAT"
    sequence: int = 10
    active: bool = True
    legal_mention: str | None = None
    exemption_reason: str | None = None
    vat_category: str | None = None
    exemption_reason_code: str | None = None
    name_translations: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxChanges:
    """The fields of a tax to change; ``UNSET`` ones stay as they are."""

    name: str | Unset = UNSET
    amount: Decimal | Unset = UNSET
    tax_account_id: int | Unset = UNSET
    usage: str | Unset = UNSET
    amount_type: str | Unset = UNSET
    price_include: bool | Unset = UNSET
    include_base_amount: bool | Unset = UNSET
    base_account_id: int | Unset | None = UNSET
    tax_group: str | Unset = UNSET
    sequence: int | Unset = UNSET
    active: bool | Unset = UNSET
    legal_mention: str | Unset | None = UNSET
    exemption_reason: str | Unset | None = UNSET
    vat_category: str | Unset | None = UNSET
    exemption_reason_code: str | Unset | None = UNSET
    name_translations: Mapping[str, str] | Unset | None = UNSET


def checked_tax(cmd: NewTax) -> NewTax:
    """The tax with its type, usage and amount in range, its wording and category checked.

    Raises:
        InvalidInput: naming the field at fault.
    """
    if cmd.amount_type not in AMOUNT_TYPES:
        raise InvalidInput("amount_type must be percent or fixed", field="amount_type")
    if cmd.usage not in USAGES:
        raise InvalidInput("usage must be sale, purchase or none", field="usage")
    _check_amount(cmd.amount, cmd.amount_type == "percent")
    if cmd.amount_type == "fixed" and cmd.price_include:
        raise InvalidInput("a fixed tax cannot be price-included", field="price_include")
    if cmd.legal_mention not in (None, "", *LEGAL_MENTIONS):
        raise InvalidInput(
            f"legal_mention must be one of {', '.join(LEGAL_MENTIONS)}", field="legal_mention"
        )
    legal_mention = cmd.legal_mention or None
    category = checked_vat_category(cmd.vat_category)
    if category is None:
        category = category_for(legal_mention, Decimal(str(cmd.amount or 0)))
    return replace(
        cmd,
        legal_mention=legal_mention,
        vat_category=category,
        exemption_reason_code=checked_exemption_code(cmd.exemption_reason_code),
        name_translations=clean_translations(cmd.name_translations),
    )


def _check_amount(amount: Decimal | None, percent: bool) -> None:
    if amount is None or (amount < 0 and not percent):
        raise InvalidInput("amount must be zero or positive", field="amount")
    if percent and amount > 100:
        raise InvalidInput("a percent tax cannot exceed 100", field="amount")
    if percent and amount < -100:
        raise InvalidInput("a percent tax cannot be below -100", field="amount")


def clean_translations(names: Mapping[str, str] | None) -> dict[str, str]:
    """Known languages only, names trimmed, blank names dropped, sorted by language."""
    if not names:
        return {}
    bad = sorted(set(names) - set(LANGUAGES))
    if bad:
        raise InvalidInput(f"no language {bad[0]!r} (en, es, zh)", field="name_translations")
    return {k: str(n).strip() for k, n in sorted(names.items()) if str(n or "").strip()}
