"""Commands for the chart of accounts and the journals.

The kinds are fixed lists: the reports and the posting rules know each one.
Receivable and payable accounts are always reconcilable (their items are what
payments settle). A journal's number format defaults by kind.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from asiento.domain.commands.changes import UNSET, Unset
from asiento.domain.errors import InvalidInput
from asiento.domain.numbering import validate_format

ACCOUNT_KINDS = (
    "receivable",
    "payable",
    "bank",
    "cash",
    "current_asset",
    "fixed_asset",
    "non_current_asset",
    "prepayment",
    "current_liability",
    "non_current_liability",
    "equity",
    "income",
    "other_income",
    "expense",
    "cost_of_revenue",
    "depreciation",
    "off_balance",
)
ALWAYS_RECONCILABLE = ("receivable", "payable")
JOURNAL_KINDS = ("sale", "purchase", "bank", "cash", "general")
NUMBER_FORMATS = {kind: "{prefix}/{year}/{seq:05d}" for kind in JOURNAL_KINDS}


@dataclass(frozen=True, slots=True, kw_only=True)
class NewAccount:
    code: str
    name: str
    kind: str
    reconcilable: bool = False
    currency: str | None = None
    active: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountChanges:
    """The fields of an account to change; ``UNSET`` ones stay as they are."""

    code: str | Unset = UNSET
    name: str | Unset = UNSET
    kind: str | Unset = UNSET
    reconcilable: bool | Unset = UNSET
    currency: str | Unset | None = UNSET
    active: bool | Unset = UNSET


def require_account_kind(kind: str | None) -> str:
    if kind not in ACCOUNT_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(ACCOUNT_KINDS)}", field="kind")
    return kind


def checked_account(cmd: NewAccount) -> NewAccount:
    """A known kind, a code, and reconcilable when receivable or payable."""
    require_account_kind(cmd.kind)
    if not str(cmd.code or "").strip():
        raise InvalidInput("code is required", field="code")
    reconcilable = cmd.reconcilable or cmd.kind in ALWAYS_RECONCILABLE
    return replace(cmd, reconcilable=reconcilable)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewJournal:
    """A journal; ``bank_account_id`` (a company bank account) fills ``iban``,
    ``bank_account`` and ``currency``, which statement import matches files by."""

    code: str
    name: str
    kind: str
    default_account_id: int | None = None
    outstanding_receipts_account_id: int | None = None
    outstanding_payments_account_id: int | None = None
    suspense_account_id: int | None = None
    number_format: str | None = None
    currency: str | None = None
    iban: str | None = None
    bank_account: str | None = None
    bank_account_id: int | None = None
    active: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalChanges:
    """The fields of a journal to change; its code never changes once created."""

    code: str | Unset = UNSET
    name: str | Unset = UNSET
    kind: str | Unset = UNSET
    default_account_id: int | Unset | None = UNSET
    outstanding_receipts_account_id: int | Unset | None = UNSET
    outstanding_payments_account_id: int | Unset | None = UNSET
    suspense_account_id: int | Unset | None = UNSET
    number_format: str | Unset | None = UNSET
    currency: str | Unset | None = UNSET
    iban: str | Unset | None = UNSET
    bank_account: str | Unset | None = UNSET
    bank_account_id: int | Unset | None = UNSET
    active: bool | Unset = UNSET


def checked_journal(cmd: NewJournal) -> NewJournal:
    """A known kind and a valid number format (the kind's default when none is given)."""
    if cmd.kind not in JOURNAL_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(JOURNAL_KINDS)}", field="kind")
    number_format = NUMBER_FORMATS[cmd.kind] if cmd.number_format is None else cmd.number_format
    validate_format(number_format)
    return replace(cmd, number_format=number_format)


def check_code_kept(code: str | Unset, current: str) -> None:
    """A journal's code is printed in every number it gave: it cannot change."""
    if code is not UNSET and code != current:
        raise InvalidInput("code cannot be changed once in use", field="code")
