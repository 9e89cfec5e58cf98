"""Reconciling one statement line: the bank entry it creates and what it closes.

Three ways, each posting exactly one entry in the line's bank journal (bank
journal's default account for the line amount, against the counterparts):

- **open items** (``reconcile_line`` with ``item_ids``): receivable/payable
  items are closed oldest first by the line amount, one counterpart item per
  open item on its account and partner, then reconciled with it
  (``services.reconciliation.reconcile_in``); a line smaller than the items
  leaves the last one partially open; what is left of a larger line goes to
  ``writeoff_account_id`` or to explicit ``counterparts``, else it is refused;
- **a posted payment** (``match_payment``): the counterpart is the payment's
  outstanding receipts/payments account; the two outstanding items are
  reconciled, the payment becomes ``is_matched`` and its invoices move from
  ``in_payment`` to ``paid``;
- **a rule** (``apply_rule``) or **explicit counterparts**: account, amount,
  optional partner, tax and label.

Invariants:
    - a line is reconciled at most once (``StatementLineReconciled``); its
      ``entry_id`` is the entry it created;
    - the entry balances: counterparts sum to minus the line amount, else
      ``CounterpartMismatch`` and nothing is written;
    - items are matched in the company currency: a line of a foreign-currency
      bank journal is reconciled with explicit counterparts or rules only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.entries import ItemDraft
from asiento.domain.errors import CounterpartMismatch, InvalidInput, StatementLineReconciled
from asiento.domain.statement_lines import line_label
from asiento.services.access import principal as access
from asiento.services.bank.reconciliation_rules import LoadedRule, rule_counterparts, signed_item
from asiento.services.bank.statement_proposals import LineValues
from asiento.services.bank.statement_views import LineView, line_view
from asiento.services.ledger import posting
from asiento.services.ledger.entries import company_of
from asiento.services.payments.payment_state import refresh_for_entries
from asiento.services.payments.reconciliation import check_reconcilable, lock_items, reconcile_in
from asiento.services.reference.account_settings import company_account, journal_account
from asiento.store.document_locks import lock_payment, lock_statement_line
from asiento.store.query import get_scoped
from asiento.store.tables import (
    Company,
    Journal,
    JournalEntry,
    JournalItem,
    PartialReconciliation,
    Payment,
    ReconciliationRule,
    StatementLine,
)
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Counterpart:
    """One explicit counterpart: ``amount`` signed as the item's balance (debit > 0)."""

    account_id: int
    amount: Decimal
    partner_id: int | None = None
    label: str = ""
    tax_id: int | None = None


@dataclass(frozen=True, slots=True)
class LineReconciliation:
    """What to reconcile a line with (any combination; see the module docstring)."""

    item_ids: tuple[int, ...] = ()
    counterparts: tuple[Counterpart, ...] = ()
    writeoff_account_id: int | None = None
    writeoff_label: str = "Write-off"
    write_off_difference: bool = False
    """The rest goes to the company's default write-off account (``writeoff_account``)."""


def _open_line(session: Session, company_id: int, line_id: int) -> StatementLine:
    """The line, or ``StatementLineReconciled`` when it has an entry already."""
    line = lock_statement_line(session, company_id, line_id)
    if line.state != "open":
        raise StatementLineReconciled(
            f"statement line {line.id} is already reconciled (entry {line.entry_id})",
            field="line_id",
            state=line.state,
        )
    return line


def bank_account_of(journal: Journal) -> int:
    """The journal's default (bank) account, which takes the line amount."""
    return journal_account(journal, "default_account", "posting a statement line")


def bank_draft(
    line: LineValues, bank_account_id: int, counterparts: Sequence[ItemDraft]
) -> tuple[ItemDraft, str]:
    """The bank item of ``line`` and the entry ref; refuses counterparts that do not balance it."""
    amount = from_minor(line.amount, line.currency)
    total = sum((c.debit - c.credit for c in counterparts), Decimal(0))
    if total != -amount:
        raise CounterpartMismatch(
            f"the counterparts of line {line.id} add up to {-total}, the line is {amount}",
            field="counterparts",
        )
    label = line_label(line.counterparty_name, line.communication) or f"Statement line {line.id}"
    bank = signed_item(bank_account_id, amount, label=label, partner_id=line.partner_id)
    return bank, (line.reference or label)[:200]


def _book_line(
    session: Session, company: Company, line: StatementLine, counterparts: Sequence[ItemDraft]
) -> JournalEntry:
    """Post bank item + ``counterparts`` for ``line``; mark it reconciled."""
    journal = get_scoped(session, Journal, company.id, line.journal_id, "journal")
    bank, ref = bank_draft(line, bank_account_of(journal), counterparts)
    entry = posting.add_entry(
        session,
        company,
        journal,
        line.date,
        [bank, *counterparts],
        ref=ref,
        origin=("statement_line", line.id),
    )
    posting.post(session, company, entry)
    line.entry_id, line.state = entry.id, "reconciled"
    session.flush()
    return entry


def _entry_items(session: Session, entry: JournalEntry) -> list[JournalItem]:
    return posting.entry_items(session, entry)


def reconcile_line_in(
    session: Session, company: Company, line: StatementLine, how: LineReconciliation
) -> JournalEntry:
    """Items first (oldest first), then explicit counterparts, then the write-off."""
    if how.item_ids and line.currency != company.currency:
        raise InvalidInput("open items are matched in the company currency only", field="item_ids")
    items = lock_items(session, company.id, how.item_ids) if how.item_ids else []
    if items:
        check_reconcilable_each(session, items)
    drafts, remaining = item_counterparts(
        items, from_minor(line.amount, line.currency), company.currency
    )
    for c in how.counterparts:
        taxes = (c.tax_id,) if c.tax_id else ()
        drafts.append(
            signed_item(
                c.account_id, c.amount, label=c.label, partner_id=c.partner_id, tax_ids=taxes
            )
        )
        remaining += c.amount
    writeoff = how.writeoff_account_id
    if remaining != 0 and writeoff is None and how.write_off_difference:
        writeoff = company_account(session, company.id, "writeoff_account", "a write-off")
    if remaining != 0 and writeoff is not None:
        drafts.append(signed_item(writeoff, -remaining, label=how.writeoff_label))
    entry = _book_line(session, company, line, drafts)
    booked = _entry_items(session, entry)[1 : 1 + len(items)]
    for item, mine in zip(sorted(items, key=lambda i: (i.date, i.id)), booked, strict=True):
        reconcile_in(session, company, [item.id, mine.id])
    return entry


def item_counterparts(
    items: Sequence[Any], amount: Decimal, currency: str
) -> tuple[list[ItemDraft], Decimal]:
    """One counterpart per open item, oldest first, closing it by what is left of ``amount``.

    ``items`` have ``id, date, amount_residual, account_id, label, partner_id``
    in minor units of ``currency`` (the company's). Returns the drafts and what
    is left of the line.
    """
    remaining = amount
    drafts: list[ItemDraft] = []
    for item in sorted(items, key=lambda i: (i.date, i.id)):
        residual = from_minor(item.amount_residual, currency)
        take = residual if abs(residual) <= abs(remaining) else remaining.copy_sign(residual)
        if take == 0 or (residual > 0) != (remaining > 0):
            raise CounterpartMismatch(
                f"item {item.id} ({residual}) cannot be paid by what is left of the line "
                f"({remaining})",
                field="item_ids",
            )
        drafts.append(
            signed_item(item.account_id, -take, label=item.label, partner_id=item.partner_id)
        )
        remaining -= take
    return drafts, remaining


def check_reconcilable_each(session: Session, items: Sequence[JournalItem]) -> None:
    """Each item on its own must be open on a reconcilable account."""
    for item in items:
        check_reconcilable(session, [item])


def match_payment_in(
    session: Session, company: Company, line: StatementLine, payment: Payment
) -> JournalEntry:
    """Close the payment's outstanding item with the line; the payment becomes matched."""
    if payment.state != "posted" or payment.is_matched or payment.entry_id is None:
        raise InvalidInput(
            f"payment {payment.id} is not a posted, unmatched payment", field="payment_id"
        )
    outstanding = session.scalars(
        select(JournalItem).where(
            JournalItem.entry_id == payment.entry_id,
            JournalItem.account_id == payment.outstanding_account_id,
        )
    ).one()
    amount = from_minor(line.amount, line.currency)
    if from_minor(outstanding.amount_residual, company.currency) != amount:
        left = from_minor(outstanding.amount_residual, company.currency)
        raise CounterpartMismatch(
            f"payment {payment.id} leaves {left} outstanding; the line is {amount}",
            field="payment_id",
        )
    label = payment.communication or f"Payment {payment.id}"
    cp = signed_item(outstanding.account_id, -amount, label=label)
    entry = _book_line(session, company, line, [cp])
    mine = _entry_items(session, entry)[1]
    reconcile_in(session, company, [outstanding.id, mine.id])
    payment.is_matched, line.payment_id = True, payment.id
    session.flush()
    refresh_for_entries(session, company, invoice_entries_of(session, payment))
    return entry


def invoice_entries_of(session: Session, payment: Payment) -> set[int]:
    """Entries reconciled with the payment's receivable/payable item (its invoices)."""
    item = session.scalars(
        select(JournalItem.id).where(
            JournalItem.entry_id == payment.entry_id,
            JournalItem.account_id == payment.destination_account_id,
        )
    ).first()
    if item is None:
        return set()
    rows = session.execute(
        select(PartialReconciliation.debit_item_id, PartialReconciliation.credit_item_id).where(
            or_(
                PartialReconciliation.debit_item_id == item,
                PartialReconciliation.credit_item_id == item,
            )
        )
    ).all()
    others = {x for r in rows for x in r} - {item}
    if not others:
        return set()
    return set(session.scalars(select(JournalItem.entry_id).where(JournalItem.id.in_(others))))


def apply_rule_in(
    session: Session, company: Company, line: StatementLine, rule: LoadedRule
) -> JournalEntry:
    return _book_line(session, company, line, rule_counterparts(session, rule, line))


# ---- unit-of-work wrappers (API, CLI) ---------------------------------------------


@access.requires(Permission.STATEMENT_WRITE)
def reconcile_line(
    uow: UnitOfWork, company_id: int, line_id: int, how: LineReconciliation
) -> LineView:
    """Reconcile a line with open items, counterparts and/or a write-off (manual)."""
    with uow:
        s = uow.session
        line = _open_line(s, company_id, line_id)
        reconcile_line_in(s, company_of(s, company_id), line, how)
        view = line_view(line)
        uow.commit()
        return view


@access.requires(Permission.STATEMENT_WRITE)
def match_payment(uow: UnitOfWork, company_id: int, line_id: int, payment_id: int) -> LineView:
    with uow:
        s = uow.session
        line = _open_line(s, company_id, line_id)
        payment = lock_payment(s, company_id, payment_id)
        match_payment_in(s, company_of(s, company_id), line, payment)
        view = line_view(line)
        uow.commit()
        return view


@access.requires(Permission.STATEMENT_WRITE)
def apply_rule(uow: UnitOfWork, company_id: int, line_id: int, rule_id: int) -> LineView:
    with uow:
        s = uow.session
        line = _open_line(s, company_id, line_id)
        r = get_scoped(s, ReconciliationRule, company_id, rule_id, "reconciliation rule")
        rule = LoadedRule(r.id, r.name, r.account_id, r.tax_id, r.label)
        apply_rule_in(s, company_of(s, company_id), line, rule)
        view = line_view(line)
        uow.commit()
        return view
