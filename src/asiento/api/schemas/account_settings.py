"""Accounting settings: the accounts automatic postings use (company and bank journals)."""

from __future__ import annotations

from typing import ClassVar

from asiento.domain.account_settings import COMPANY_ACCOUNT_SETTINGS
from asiento.wire.common import Patch, Public


class SettingAccountPublic(Public):
    id: int
    code: str
    name: str


class JournalSettingsPublic(Public):
    id: int
    code: str
    kind: str
    accounts: dict[str, SettingAccountPublic | None]
    posts_directly: bool


class AccountingSettingsPublic(Public):
    """Each setting by name (``exchange_gain_account`` ...), ``null`` when not set."""

    company_id: int
    accounts: dict[str, SettingAccountPublic | None]
    journals: list[JournalSettingsPublic]


class AccountingSettingsUpdate(Patch):
    """Account ids per setting; ``null`` clears one. Only the fields sent change."""

    nullable: ClassVar[frozenset[str]] = frozenset(f"{s}_id" for s in COMPANY_ACCOUNT_SETTINGS)
    receivable_account_id: int | None = None
    payable_account_id: int | None = None
    exchange_gain_account_id: int | None = None
    exchange_loss_account_id: int | None = None
    discount_granted_account_id: int | None = None
    discount_received_account_id: int | None = None
    writeoff_account_id: int | None = None
    rounding_account_id: int | None = None
    retained_earnings_account_id: int | None = None
    opening_balance_account_id: int | None = None

    def settings(self) -> dict[str, int | None]:
        """``{"exchange_gain_account": 12, ...}``: the service's setting names."""
        return {k.removesuffix("_id"): v for k, v in self.changes().items()}


class TermAccountsUpdate(Patch):
    """A payment term's cash discount accounts (ids); ``null`` falls back to the company's."""

    nullable: ClassVar[frozenset[str]] = frozenset(
        {"discount_granted_account_id", "discount_received_account_id"}
    )
    discount_granted_account_id: int | None = None
    discount_received_account_id: int | None = None

    def settings(self) -> dict[str, int | None]:
        return {k.removesuffix("_id"): v for k, v in self.changes().items()}
