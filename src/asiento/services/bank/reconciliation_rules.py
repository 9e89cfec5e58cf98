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

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.commands.changes import merged
from asiento.domain.commands.reconciliation_rules import (
    NewRule,
    RuleChanges,
    check_rule,
    check_rule_range,
)
from asiento.domain.entries import ItemDraft
from asiento.domain.errors import InvalidInput
from asiento.domain.statement_lines import LineFacts, RuleCriteria, line_label, split_tax_included
from asiento.services.access import principal as access
from asiento.services.bank.label_regex import compile_label_regex
from asiento.services.bank.statement_proposals import LineValues
from asiento.services.reference.unique_keys import require_free
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped, page
from asiento.store.tables import Account, Journal, Partner, ReconciliationRule, Tax
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

RULE_FIELDS = tuple(f.name for f in fields(NewRule))


@dataclass(frozen=True, slots=True)
class RuleView:
    """A rule as the adapters show it."""

    id: int
    name: str
    sequence: int
    journal_id: int | None
    label_contains: str | None
    label_regex: str | None
    amount_min: Decimal | None
    amount_max: Decimal | None
    partner_id: int | None
    account_id: int
    tax_id: int | None
    label: str


def rule_view(row: ReconciliationRule) -> RuleView:
    return RuleView(id=row.id, **{name: getattr(row, name) for name in RULE_FIELDS})


def _checked(session: Session, company_id: int, cmd: NewRule, own_id: int | None) -> dict[str, Any]:
    """The column values of a valid rule (see the module invariants)."""
    check_rule(cmd)
    for key, model, kind in (
        ("account_id", Account, "account"),
        ("tax_id", Tax, "tax"),
        ("partner_id", Partner, "partner"),
        ("journal_id", Journal, "journal"),
    ):
        if getattr(cmd, key) is not None:
            get_scoped(session, model, company_id, getattr(cmd, key), kind)
    if cmd.label_regex is not None:
        compile_label_regex(cmd.label_regex)
    check_rule_range(cmd)
    if cmd.tax_id is not None:
        tax = session.get(Tax, cmd.tax_id)
        if tax is not None and tax.amount_type != "percent":
            raise InvalidInput("a rule's tax must be a percent tax", field="tax_id")
    taken = select(ReconciliationRule.id).where(
        ReconciliationRule.company_id == company_id, ReconciliationRule.name == cmd.name
    )
    require_free(session, taken, own_id, "reconciliation rule", {"name": cmd.name})
    return {name: getattr(cmd, name) for name in RULE_FIELDS}


@access.requires(Permission.STATEMENT_WRITE)
def create_rule(uow: UnitOfWork, company_id: int, cmd: NewRule) -> RuleView:
    """A new rule (see the module invariants)."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        row = ReconciliationRule(company_id=company_id, **_checked(s, company_id, cmd, None))
        s.add(row)
        s.flush()
        view = rule_view(row)
        uow.commit()
        return view


@access.requires(Permission.STATEMENT_WRITE)
def update_rule(uow: UnitOfWork, company_id: int, rule_id: int, changes: RuleChanges) -> RuleView:
    """Apply ``changes`` to the rule, read under a row lock; the whole result is checked."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        row = lock_scoped(s, ReconciliationRule, company_id, rule_id, "reconciliation rule")
        current = NewRule(**{name: getattr(row, name) for name in RULE_FIELDS})
        for name, value in _checked(s, company_id, merged(current, changes), row.id).items():
            setattr(row, name, value)
        s.flush()
        view = rule_view(row)
        uow.commit()
        return view


@access.requires(Permission.STATEMENT_WRITE)
def delete_rule(uow: UnitOfWork, company_id: int, rule_id: int) -> None:
    with uow:
        row = lock_scoped(
            uow.session, ReconciliationRule, company_id, rule_id, "reconciliation rule"
        )
        uow.session.delete(row)
        uow.commit()


def get_rule(uow: UnitOfWork, company_id: int, rule_id: int) -> RuleView:
    with uow:
        s = uow.session
        return rule_view(
            get_scoped(s, ReconciliationRule, company_id, rule_id, "reconciliation rule")
        )


def list_rules(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> tuple[list[RuleView], str | None]:
    with uow:
        stmt = select(ReconciliationRule).where(ReconciliationRule.company_id == company_id)
        rows, nxt = page(uow.session, stmt, ReconciliationRule.id, cursor, limit)
        return [rule_view(r) for r in rows], nxt


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


def facts(line: LineValues) -> LineFacts:
    """What a rule sees of a stored line."""
    label = line_label(line.counterparty_name, line.communication, line.reference)
    return LineFacts(
        label, from_minor(line.amount, line.currency), line.partner_id, line.journal_id
    )


def rule_counterparts(session: Session, rule: LoadedRule, line: LineValues) -> list[ItemDraft]:
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
