"""Commands for the company settings of purchasing and sales.

3-way matching is refused unless the default bill policy is "received
quantities": under "ordered quantities" a bill legitimately comes before the
goods, so matching it against receipts would flag every bill.

Invariants:
    - ``bill_policy`` is ordered|received, ``invoice_policy`` ordered|delivered;
    - ``three_way_matching`` implies ``bill_policy == "received"``;
    - ``0 <= receipt_tolerance_pct <= 100``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from asiento.domain import purchasing as rules
from asiento.domain.commands.changes import UNSET, Unset
from asiento.domain.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings of a company (the defaults when it never changed them)."""

    bill_policy: str = "ordered"
    invoice_policy: str = "ordered"
    three_way_matching: bool = False
    block_payment_on_exception: bool = False
    receipt_tolerance_pct: Decimal = Decimal(0)
    wait_for_payment: bool = False
    einvoice_strict_buyer: bool = False
    """Refuse an imported e-invoice addressed to another buyer (else a warning on the draft)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SettingsChanges:
    """The settings to change; ``UNSET`` ones stay as they are."""

    bill_policy: str | Unset = UNSET
    invoice_policy: str | Unset = UNSET
    three_way_matching: bool | Unset = UNSET
    block_payment_on_exception: bool | Unset = UNSET
    receipt_tolerance_pct: Decimal | Unset = UNSET
    wait_for_payment: bool | Unset = UNSET
    einvoice_strict_buyer: bool | Unset = UNSET


def check_settings(s: Settings) -> Settings:
    """``s`` when it keeps the invariants above, else ``InvalidInput`` naming the field."""
    rules.require_bill_policy(s.bill_policy)
    rules.require_invoice_policy(s.invoice_policy)
    if s.three_way_matching and s.bill_policy != "received":
        raise InvalidInput(
            "3-way matching compares each bill with the goods received, so bills must "
            "follow received quantities, but the bill control policy is 'ordered "
            "quantities': switch the bill control policy to 'received quantities' "
            "to turn 3-way matching on",
            field="three_way_matching",
        )
    pct = Decimal(s.receipt_tolerance_pct)
    if not pct.is_finite() or not 0 <= pct <= 100:
        raise InvalidInput(
            f"receipt_tolerance_pct must be between 0 and 100, got {pct}",
            field="receipt_tolerance_pct",
        )
    return s
