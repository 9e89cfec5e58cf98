"""Commands for bank accounts, the company's own (``partner_id`` None) and its partners'.

An account is an IBAN or a local account number with its bank code, never
neither; a company account names its currency; only company accounts can be
the default (of their currency).
"""

from __future__ import annotations

from dataclasses import dataclass

from asiento.domain.commands.changes import UNSET, Unset
from asiento.domain.errors import InvalidInput


@dataclass(frozen=True, slots=True, kw_only=True)
class NewBankAccount:
    partner_id: int | None = None
    holder_name: str | None = None
    iban: str | None = None
    account_number: str | None = None
    bank_code: str | None = None
    bic: str | None = None
    bank_name: str | None = None
    currency: str | None = None
    is_default: bool = False
    active: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class BankAccountChanges:
    """The fields of an account to change; its owner (company or partner) never changes."""

    holder_name: str | Unset | None = UNSET
    iban: str | Unset | None = UNSET
    account_number: str | Unset | None = UNSET
    bank_code: str | Unset | None = UNSET
    bic: str | Unset | None = UNSET
    bank_name: str | Unset | None = UNSET
    currency: str | Unset | None = UNSET
    is_default: bool | Unset = UNSET
    active: bool | Unset = UNSET


def check_bank_account(cmd: NewBankAccount) -> None:
    """Refuse an account (its text fields already normalised) that breaks a rule above."""
    if cmd.iban is None and not (cmd.account_number and cmd.bank_code):
        raise InvalidInput(
            "a bank account needs an IBAN, or an account number with its bank code",
            field="iban",
        )
    if cmd.partner_id is None and cmd.currency is None:
        raise InvalidInput("a company bank account needs its currency", field="currency")
    if cmd.partner_id is not None and cmd.is_default:
        raise InvalidInput("only company accounts have a default", field="is_default")
