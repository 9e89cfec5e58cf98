"""Reconciliation rules: bank fees, interest, card settlements booked without a human.

A rule says "a line whose label contains X (or matches a regex), whose amount
lies in a range, of this partner / journal, is booked against account A (with
tax T, label L)". Rules are tried in (sequence, id) order; the first that
matches wins (``domain.statement_lines.first_matching``).

Invariants:
    - a rule names an account of its company; its tax, partner and journal
      too when set; its regex compiles; amount_min <= amount_max;
    - applying a rule posts exactly one entry (bank vs the rule's account,
      split into base and tax when the rule has a percent tax) and marks the
      line reconciled, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.entries import ItemDraft
from asiento.domain.errors import InvalidInput
from asiento.domain.statement_lines import LineFacts, RuleCriteria, line_label, split_tax_included
from asiento.services.access import principal as access
from asiento.services.bank.label_regex import compile_label_regex
from asiento.services.reference.records import (
    create_record,
    get_record,
    list_records,
    update_record,
)
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Journal, Partner, ReconciliationRule, StatementLine, Tax
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

RULE_FIELDS = (
    "name",
    "sequence",
    "journal_id",
    "label_contains",
    "label_regex",
    "amount_min",
    "amount_max",
    "partner_id",
    "account_id",
    "tax_id",
    "label",
)


def _validate(session: Session, company_id: int, v: dict[str, Any]) -> dict[str, Any]:
    unknown = set(v) - set(RULE_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown rule fields {sorted(unknown)}", field=sorted(unknown)[0])
    if not str(v.get("name") or "").strip():
        raise InvalidInput("name is required", field="name")
    if v.get("account_id") is None:
        raise InvalidInput("account_id is required", field="account_id")
    for key, model, kind in (
        ("account_id", Account, "account"),
        ("tax_id", Tax, "tax"),
        ("partner_id", Partner, "partner"),
        ("journal_id", Journal, "journal"),
    ):
        if v.get(key) is not None:
            get_scoped(session, model, company_id, v[key], kind)
    _check_regex(v.get("label_regex"))
    low, high = v.get("amount_min"), v.get("amount_max")
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        raise InvalidInput("amount_min is above amount_max", field="amount_min")
    if v.get("tax_id") is not None:
        tax = session.get(Tax, v["tax_id"])
        if tax is not None and tax.amount_type != "percent":
            raise InvalidInput("a rule's tax must be a percent tax", field="tax_id")
    return v


def _check_regex(pattern: str | None) -> None:
    if pattern is not None:
        compile_label_regex(pattern)


@access.requires(Permission.STATEMENT_WRITE)
def create_rule(uow: UnitOfWork, company_id: int, **values: Any) -> ReconciliationRule:
    """A new rule (see the module invariants)."""
    return create_record(
        uow, company_id, ReconciliationRule, values, unique=("name",), validate=_validate
    )


@access.requires(Permission.STATEMENT_WRITE)
def update_rule(
    uow: UnitOfWork, company_id: int, rule_id: int, **changes: Any
) -> ReconciliationRule:
    return update_record(
        uow,
        company_id,
        ReconciliationRule,
        rule_id,
        changes,
        kind="reconciliation rule",
        unique=("name",),
        validate=_validate,
    )


@access.requires(Permission.STATEMENT_WRITE)
def delete_rule(uow: UnitOfWork, company_id: int, rule_id: int) -> None:
    with uow:
        row = lock_scoped(
            uow.session, ReconciliationRule, company_id, rule_id, "reconciliation rule"
        )
        uow.session.delete(row)
        uow.commit()


def get_rule(uow: UnitOfWork, company_id: int, rule_id: int) -> ReconciliationRule:
    return get_record(uow, company_id, ReconciliationRule, rule_id, "reconciliation rule")


def list_rules(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> tuple[list[ReconciliationRule], str | None]:
    return list_records(uow, company_id, ReconciliationRule, cursor=cursor, limit=limit)


@dataclass(frozen=True, slots=True)
class LoadedRule:
    """A rule as the matcher needs it: criteria plus what it books."""

    id: int
    name: str
    account_id: int
    tax_id: int | None
    label: str


def load_rules(session: Session, company_id: int) -> list[tuple[RuleCriteria, LoadedRule]]:
    """Every rule of the company in the order they are tried."""
    stmt = (
        select(ReconciliationRule)
        .where(ReconciliationRule.company_id == company_id)
        .order_by(ReconciliationRule.sequence, ReconciliationRule.id)
    )
    return [
        (
            RuleCriteria(
                r.label_contains,
                None if r.label_regex is None else compile_label_regex(r.label_regex),
                r.amount_min,
                r.amount_max,
                r.partner_id,
                r.journal_id,
            ),
            LoadedRule(r.id, r.name, r.account_id, r.tax_id, r.label),
        )
        for r in session.scalars(stmt)
    ]


def facts(line: StatementLine) -> LineFacts:
    """What a rule sees of a stored line."""
    label = line_label(line.counterparty_name, line.communication, line.reference)
    return LineFacts(
        label, from_minor(line.amount, line.currency), line.partner_id, line.journal_id
    )


def rule_counterparts(session: Session, rule: LoadedRule, line: StatementLine) -> list[ItemDraft]:
    """The items booked against the bank item: the rule's account, and its tax when set.

    The bank moved ``amount`` tax included: base + tax == amount exactly.
    """
    amount = -from_minor(line.amount, line.currency)  # the counterpart side
    label = rule.label or line_label(line.counterparty_name, line.communication) or rule.name
    if rule.tax_id is None:
        return [signed_item(rule.account_id, amount, label=label, partner_id=line.partner_id)]
    tax = session.get(Tax, rule.tax_id)
    if tax is None:
        raise InvalidInput(f"tax {rule.tax_id} of rule {rule.name!r} not found", field="tax_id")
    base, tax_amount = split_tax_included(amount, tax.amount, line.currency)
    return [
        signed_item(
            rule.account_id, base, label=label, partner_id=line.partner_id, tax_ids=(tax.id,)
        ),
        signed_item(
            tax.tax_account_id,
            tax_amount,
            label=f"{tax.name} {label}",
            partner_id=line.partner_id,
            tax_id=tax.id,
        ),
    ]


def signed_item(
    account_id: int,
    amount: Decimal,
    *,
    label: str = "",
    partner_id: int | None = None,
    tax_id: int | None = None,
    tax_ids: tuple[int, ...] = (),
) -> ItemDraft:
    """An item from a signed amount: debit when positive, credit when negative."""
    zero = Decimal(0)
    return ItemDraft(
        account_id=account_id,
        debit=amount if amount > 0 else zero,
        credit=-amount if amount < 0 else zero,
        partner_id=partner_id,
        label=label[:200],
        tax_id=tax_id,
        tax_ids=tax_ids,
    )
