"""Ledger evidence for documents: stored figures equal what the ledger implies.

The hash chain (``verify.py``) proves that no posted entry changed. The
documents keep copies of ledger figures (an invoice's totals and residual, a
payment's amount, an item's residual) that reports and screens read; a change
to those copies behind the application's back would not touch the chain.
This check recomputes each copy from the posted entries and the partial
reconciliations, set-based (one aggregate query per kind, so it scales with the
ledger) and reports the first document that disagrees.

Invariants checked, all in minor units:
    - a posted or cancelled invoice (bill, credit note): ``amount_total`` =
      |Σ amount_currency| and ``amount_total_company`` = |Σ balance| of its
      entry's receivable/payable items;
    - a posted invoice: ``amount_residual`` = |Σ amount_residual_currency| of
      those items; a cancelled one: 0;
    - a posted payment: ``amount`` = |Σ amount_currency| of its entry's items on
      its outstanding (bank) account;
    - a posted receivable/payable item: ``amount_residual`` = ``balance`` − Σ
      partials where it is the debit + Σ partials where it is the credit, and
      likewise in its currency.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from asiento.store.tables import Account, Invoice, JournalItem, PartialReconciliation, Payment
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class DocumentBreak:
    """The first document whose stored figures disagree with the ledger."""

    kind: str
    id: int
    number: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class DocumentCheck:
    invoices: int
    payments: int
    items: int
    broken: DocumentBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_documents(uow: UnitOfWork, company_id: int) -> DocumentCheck:
    """Check invoices, then payments, then items; stop at the first inconsistency."""
    with uow:
        s = uow.session
        counts = (
            _count(s, Invoice, company_id, Invoice.state.in_(("posted", "cancelled"))),
            _count(s, Payment, company_id, Payment.state == "posted"),
            _count(s, JournalItem, company_id, JournalItem.parent_state == "posted"),
        )
        broken = (
            _first_invoice_break(s, company_id)
            or _first_payment_break(s, company_id)
            or _first_item_break(s, company_id)
        )
        return DocumentCheck(*counts, broken)


def _count(session: Session, model: type, company_id: int, where: ColumnElement[bool]) -> int:
    stmt = select(func.count()).select_from(model).where(model.company_id == company_id, where)  # type: ignore[attr-defined]
    return int(session.scalar(stmt) or 0)


def _reconcilable(company_id: int) -> Select[int]:
    stmt: Select[int] = select(Account.id).where(
        Account.company_id == company_id, Account.reconcilable
    )
    return stmt


def _first_invoice_break(session: Session, company_id: int) -> DocumentBreak | None:
    i = JournalItem
    sums = (
        select(
            i.entry_id,
            func.abs(func.sum(i.amount_currency)).label("total"),
            func.abs(func.sum(i.balance)).label("total_company"),
            func.abs(func.sum(i.amount_residual_currency)).label("residual"),
        )
        .where(i.company_id == company_id, i.account_id.in_(_reconcilable(company_id)))
        .group_by(i.entry_id)
        .subquery()
    )
    total = func.coalesce(sums.c.total, 0)
    total_company = func.coalesce(sums.c.total_company, 0)
    residual = func.coalesce(sums.c.residual, 0)
    stmt = (
        select(Invoice, total, total_company, residual)
        .outerjoin(sums, sums.c.entry_id == Invoice.entry_id)
        .where(
            Invoice.company_id == company_id,
            Invoice.state.in_(("posted", "cancelled")),
            or_(
                Invoice.amount_total != total,
                Invoice.amount_total_company != total_company,
                and_(Invoice.state == "posted", Invoice.amount_residual != residual),
                and_(Invoice.state == "cancelled", Invoice.amount_residual != 0),
            ),
        )
        .order_by(Invoice.id)
        .limit(1)
    )
    row = session.execute(stmt).first()
    if row is None:
        return None
    inv, t, tc, r = row[0], int(row[1]), int(row[2]), int(row[3])
    if inv.amount_total != t:
        reason = f"amount_total {inv.amount_total} but its entry's partner items total {t}"
    elif inv.amount_total_company != tc:
        reason = f"amount_total_company {inv.amount_total_company} but its entry says {tc}"
    else:
        want = 0 if inv.state == "cancelled" else r
        reason = f"amount_residual {inv.amount_residual} but its items leave {want} open"
    return DocumentBreak("invoice", inv.id, inv.number, reason + " (minor units)")


def _first_payment_break(session: Session, company_id: int) -> DocumentBreak | None:
    i = JournalItem
    sums = (
        select(i.entry_id, i.account_id, func.abs(func.sum(i.amount_currency)).label("amount"))
        .where(i.company_id == company_id)
        .group_by(i.entry_id, i.account_id)
        .subquery()
    )
    amount = func.coalesce(sums.c.amount, 0)
    stmt = (
        select(Payment, amount)
        .outerjoin(
            sums,
            and_(
                sums.c.entry_id == Payment.entry_id,
                sums.c.account_id == Payment.outstanding_account_id,
            ),
        )
        .where(
            Payment.company_id == company_id, Payment.state == "posted", Payment.amount != amount
        )
        .order_by(Payment.id)
        .limit(1)
    )
    row = session.execute(stmt).first()
    if row is None:
        return None
    p, a = row[0], int(row[1])
    reason = f"amount {p.amount} but its entry moves {a} on the bank account (minor units)"
    return DocumentBreak("payment", p.id, None, reason)


def _first_item_break(session: Session, company_id: int) -> DocumentBreak | None:
    pr = PartialReconciliation
    scoped = pr.company_id == company_id
    as_debit = (
        select(pr.debit_item_id.label("item_id"), func.sum(pr.amount).label("amount"),
               func.sum(pr.debit_amount_currency).label("amount_currency"))
        .where(scoped).group_by(pr.debit_item_id).subquery()
    )  # fmt: skip
    as_credit = (
        select(pr.credit_item_id.label("item_id"), func.sum(pr.amount).label("amount"),
               func.sum(pr.credit_amount_currency).label("amount_currency"))
        .where(scoped).group_by(pr.credit_item_id).subquery()
    )  # fmt: skip
    i = JournalItem
    expected = (
        i.balance - func.coalesce(as_debit.c.amount, 0) + func.coalesce(as_credit.c.amount, 0)
    )
    expected_currency = (
        i.amount_currency
        - func.coalesce(as_debit.c.amount_currency, 0)
        + func.coalesce(as_credit.c.amount_currency, 0)
    )
    stmt = (
        select(i, expected, expected_currency)
        .outerjoin(as_debit, as_debit.c.item_id == i.id)
        .outerjoin(as_credit, as_credit.c.item_id == i.id)
        .where(
            i.company_id == company_id,
            i.parent_state == "posted",
            i.account_id.in_(_reconcilable(company_id)),
            or_(i.amount_residual != expected, i.amount_residual_currency != expected_currency),
        )
        .order_by(i.id)
        .limit(1)
    )
    row = session.execute(stmt).first()
    if row is None:
        return None
    item, want, want_currency = row[0], int(row[1]), int(row[2])
    if item.amount_residual != want:
        reason = f"amount_residual {item.amount_residual} but its reconciliations leave {want}"
    else:
        reason = (
            f"amount_residual_currency {item.amount_residual_currency} "
            f"but its reconciliations leave {want_currency}"
        )
    return DocumentBreak("journal item", item.id, None, reason + " (minor units)")
