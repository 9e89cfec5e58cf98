"""Accounting settings: which account each automatic posting uses, and which kinds fit.

No account code is written in the program: every account a posting takes by
itself (outstanding receipts, exchange differences, cash discounts,
write-offs ...) comes from a setting of the company, of the bank/cash
journal, or of the payment term. This module names the settings and the
account kinds each accepts; the services store them and refuse a posting
whose setting is empty (``MissingSetting``) before writing anything.

Invariants:
    - a setting accepts only accounts of ``ALLOWED_KINDS[setting]``;
    - a journal's outstanding accounts are reconcilable, unless they are the
      journal's own account (payments then post straight to the bank).
"""

from __future__ import annotations

from asiento.domain.errors import SettingAccountInvalid

_PROFIT_AND_LOSS = frozenset({"income", "other_income", "expense", "cost_of_revenue"})
_LIQUID = frozenset({"bank", "cash", "current_asset"})

COMPANY_ACCOUNT_SETTINGS: tuple[str, ...] = (
    "receivable_account",
    "payable_account",
    "exchange_gain_account",
    "exchange_loss_account",
    "discount_granted_account",
    "discount_received_account",
    "writeoff_account",
    "rounding_account",
    "retained_earnings_account",
    "opening_balance_account",
)
"""Per-company settings, stored as ``<name>_id`` columns of ``accounting_settings``."""

JOURNAL_ACCOUNT_SETTINGS: tuple[str, ...] = (
    "default_account",
    "outstanding_receipts_account",
    "outstanding_payments_account",
    "suspense_account",
)
"""Per bank/cash journal; ``default_account`` is the journal's own (bank) ledger account."""

TERM_ACCOUNT_SETTINGS: tuple[str, ...] = (
    "discount_granted_account",
    "discount_received_account",
)
"""A payment term may override the company's cash discount accounts."""

ALLOWED_KINDS: dict[str, frozenset[str]] = {
    "receivable_account": frozenset({"receivable"}),
    "payable_account": frozenset({"payable"}),
    "exchange_gain_account": frozenset({"income", "other_income"}),
    "exchange_loss_account": frozenset({"expense", "cost_of_revenue"}),
    "discount_granted_account": _PROFIT_AND_LOSS,
    "discount_received_account": _PROFIT_AND_LOSS,
    "writeoff_account": _PROFIT_AND_LOSS,
    "rounding_account": _PROFIT_AND_LOSS,
    "retained_earnings_account": frozenset({"equity"}),
    # the suspense of a migration: zero once the opening detail matches the totals
    "opening_balance_account": frozenset({"equity", "current_asset", "current_liability"}),
    "default_account": _LIQUID,
    "outstanding_receipts_account": _LIQUID,
    "outstanding_payments_account": _LIQUID,
    "suspense_account": frozenset({"current_asset", "current_liability"}),
}


def check_account_kind(setting: str, account_code: str, kind: str) -> None:
    """Refuse an account whose kind the setting does not accept.

    Raises:
        SettingAccountInvalid: naming the setting, the account and the kinds allowed.
    """
    allowed = ALLOWED_KINDS[setting]
    if kind not in allowed:
        raise SettingAccountInvalid(
            f"{setting} cannot be account {account_code} ({kind}); "
            f"it takes {', '.join(sorted(allowed))}",
            field=setting,
        )


def check_outstanding(
    setting: str, account_code: str, reconcilable: bool, is_journal_account: bool
) -> None:
    """An outstanding account is matched later with the bank line: it must be reconcilable.

    The journal's own account is the exception: payments then post straight
    to the bank and need no matching.
    """
    if not reconcilable and not is_journal_account:
        raise SettingAccountInvalid(
            f"{setting} account {account_code} must be reconcilable "
            "(or be the journal's own account, to post payments directly to the bank)",
            field=setting,
        )
