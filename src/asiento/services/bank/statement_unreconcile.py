"""Unreconciling a statement line: undo what reconciling it did, the line is open again.

Reconciling posted one entry in the bank journal (``statement_reconcile``)
and matched its counterparts with open items or a payment. A posted entry is
immutable, so undoing it:

1. removes the partial reconciliations of the entry's items
   (``unreconciliation.unreconcile_in``): the invoices' items get their
   residuals back, full reconciliations are dissolved, exchange difference
   entries are reversed, and the invoices' payment state is refreshed;
2. reverses the entry on its own date (``posting.reverse``) and matches each
   reconcilable item with its mirror, so neither shows as open;
3. for a matched payment: the payment is unmatched again and its invoices go
   back from ``paid`` to ``in_payment``;
4. the line is ``open`` again, without entry or payment; one audit event
   ``statement_line.unreconcile`` names the entry and its reversal.

Invariants:
    - all or nothing (one transaction);
    - refused, nothing written: a line that is open
      (``StatementLineNotReconciled``), an entry dated in a locked period
      (``PeriodLocked``: the reversal would have to be dated there too);
    - a validated statement does not stop it: validation checks the line
      amounts, which do not change.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import PeriodLocked, StatementLineNotReconciled
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.bank.statement_reconcile import invoice_entries_of
from asiento.services.bank.statement_views import LineView, line_view
from asiento.services.ledger import posting
from asiento.services.ledger.entries import company_of
from asiento.services.payments.payment_state import refresh_for_entries
from asiento.services.payments.reconciliation import reconcile_in
from asiento.services.payments.unreconciliation import unreconcile_in
from asiento.store.document_locks import lock_statement_line
from asiento.store.query import get_scoped
from asiento.store.tables import (
    Account,
    Company,
    JournalEntry,
    PartialReconciliation,
    Payment,
    StatementLine,
)
from asiento.store.uow import UnitOfWork


@access.requires(Permission.STATEMENT_WRITE)
def unreconcile_line(uow: UnitOfWork, company_id: int, line_id: int) -> LineView:
    """Undo the reconciliation of a statement line (see the module docstring)."""
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        line = lock_statement_line(s, company_id, line_id)
        reversal_id = unreconcile_line_in(s, company, line)
        view = line_view(line)
        audit.record_in(
            s,
            company_id,
            "statement_line.unreconcile",
            "statement_line",
            line.id,
            after={"reversal_entry_id": reversal_id},
        )
        uow.commit()
        return view


def unreconcile_line_in(session: Session, company: Company, line: StatementLine) -> int:
    """Steps 1-4 of the module docstring inside an open session; the reversal's id."""
    entry = _booked_entry(session, company, line)
    items = posting.entry_items(session, entry)
    partials = session.scalars(
        select(PartialReconciliation.id).where(
            PartialReconciliation.company_id == company.id,
            or_(
                PartialReconciliation.debit_item_id.in_([i.id for i in items]),
                PartialReconciliation.credit_item_id.in_([i.id for i in items]),
            ),
        )
    ).all()
    if partials:
        unreconcile_in(session, company, list(partials))
    reason = f"Statement line {line.id} unreconciled"
    reversal = posting.reverse(session, company, entry, entry.date, reason)
    _match_mirrors(session, company, entry, reversal)
    if line.payment_id is not None:
        payment = session.get_one(Payment, line.payment_id)
        payment.is_matched = False
        session.flush()
        refresh_for_entries(session, company, invoice_entries_of(session, payment))
    line.state, line.entry_id, line.payment_id = "open", None, None
    session.flush()
    return reversal.id


def _booked_entry(session: Session, company: Company, line: StatementLine) -> JournalEntry:
    """The line's entry; refuses an open line and an entry in a locked period."""
    if line.state != "reconciled" or line.entry_id is None:
        raise StatementLineNotReconciled(
            f"statement line {line.id} is not reconciled: nothing to undo",
            field="line_id",
            state=line.state,
        )
    entry = get_scoped(session, JournalEntry, company.id, line.entry_id, "journal entry")
    if company.lock_date is not None and entry.date <= company.lock_date:
        raise PeriodLocked(
            f"statement line {line.id} was booked in entry {entry.number} on "
            f"{entry.date.isoformat()}, in a period locked up to "
            f"{company.lock_date.isoformat()}: it cannot be unreconciled",
            field="line_id",
        )
    return entry


def _match_mirrors(
    session: Session, company: Company, entry: JournalEntry, reversal: JournalEntry
) -> None:
    """Reconcile each open reconcilable item of ``entry`` with its mirror in ``reversal``."""
    reconcilable = set(
        session.scalars(
            select(Account.id).where(
                Account.company_id == company.id, Account.reconcilable.is_(True)
            )
        )
    )
    originals = posting.entry_items(session, entry)
    mirrors = posting.entry_items(session, reversal)
    for item, mirror in zip(originals, mirrors, strict=True):
        if item.account_id in reconcilable and not item.reconciled:
            reconcile_in(session, company, [item.id, mirror.id], created_by="unreconcile")
