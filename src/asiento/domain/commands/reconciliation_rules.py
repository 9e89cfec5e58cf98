"""Commands for reconciliation rules: a new rule and the changes to one.

A rule names the account it books against; its amount range, when both ends
are given, is not empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from asiento.domain.commands.changes import UNSET, Unset
from asiento.domain.errors import InvalidInput


@dataclass(frozen=True, slots=True, kw_only=True)
class NewRule:
    name: str
    account_id: int
    sequence: int = 10
    journal_id: int | None = None
    label_contains: str | None = None
    label_regex: str | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    partner_id: int | None = None
    tax_id: int | None = None
    label: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleChanges:
    """The fields of a rule to change; ``UNSET`` ones stay as they are."""

    name: str | Unset = UNSET
    account_id: int | Unset = UNSET
    sequence: int | Unset = UNSET
    journal_id: int | Unset | None = UNSET
    label_contains: str | Unset | None = UNSET
    label_regex: str | Unset | None = UNSET
    amount_min: Decimal | Unset | None = UNSET
    amount_max: Decimal | Unset | None = UNSET
    partner_id: int | Unset | None = UNSET
    tax_id: int | Unset | None = UNSET
    label: str | Unset = UNSET


def check_rule(cmd: NewRule) -> None:
    """A rule has a name and an account."""
    if not str(cmd.name or "").strip():
        raise InvalidInput("name is required", field="name")
    if cmd.account_id is None:
        raise InvalidInput("account_id is required", field="account_id")


def check_rule_range(cmd: NewRule) -> None:
    """The amount range, when both ends are given, has its low end not above its high end."""
    low, high = cmd.amount_min, cmd.amount_max
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        raise InvalidInput("amount_min is above amount_max", field="amount_min")
