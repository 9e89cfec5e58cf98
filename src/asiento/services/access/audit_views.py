"""The audit log as people read it: each event's object named and pointing at its document.

``audit.list_events`` returns the raw codes and ids; a page wants "Maria
posted entry INV/2026/00003" with a link to the invoice behind the entry.
This module resolves, for a page of events, what each object is called and
which document it belongs to, in one query per kind of object (never one
per event). Only documents of the same company are resolved: an id of
another company stays an unnamed id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.services.access.audit import AuditView, list_events
from asiento.store.tables import ApiToken, Invoice, JournalEntry, Payment, StatementLine, User
from asiento.store.uow import UnitOfWork

BILL_TYPES = ("vendor_bill", "vendor_credit_note")


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A document a person can open: ``kind`` is invoice, bill, payment, statement_line,
    user, token or company; ``label`` is its number or name."""

    kind: str
    id: int
    label: str


@dataclass(frozen=True, slots=True)
class DescribedEvent:
    event: AuditView
    subject: str
    """The object as people call it: a number, an e-mail, a token prefix, else ``kind id``."""
    document: DocumentRef | None


def described_events(
    uow: UnitOfWork,
    company_id: int,
    *,
    object_kind: str | None = None,
    action: str | None = None,
    limit: int = 100,
) -> list[DescribedEvent]:
    """``audit.list_events`` with each object named and linked to its document."""
    events = list_events(uow, company_id, object_kind=object_kind, action=action, limit=limit)
    with uow:
        refs = _resolve(uow.session, company_id, events)
    return [_describe(e, refs.get((e.object_kind, e.object_id))) for e in events]


def _describe(event: AuditView, ref: DocumentRef | None) -> DescribedEvent:
    if ref is not None:
        return DescribedEvent(event, ref.label, ref)
    label = event.after if isinstance(event.after, str) else None
    fallback = f"{event.object_kind.replace('_', ' ')} {event.object_id or ''}".strip()
    return DescribedEvent(event, label or fallback, None)


def _ids(events: Iterable[AuditView], kind: str) -> set[int]:
    return {e.object_id for e in events if e.object_kind == kind and e.object_id is not None}


def _resolve(
    s: Session, company_id: int, events: Sequence[AuditView]
) -> dict[tuple[str, int | None], DocumentRef]:
    refs: dict[tuple[str, int | None], DocumentRef] = {}
    for kind, loader in _LOADERS.items():
        ids = _ids(events, kind)
        if ids:
            for object_id, ref in loader(s, company_id, ids).items():
                refs[(kind, object_id)] = ref
    return refs


def _invoice_ref(row: Any) -> DocumentRef:
    kind = "bill" if row.kind in BILL_TYPES else "invoice"
    return DocumentRef(kind, row.id, row.number or f"#{row.id}")


def _invoices(s: Session, company_id: int, ids: set[int]) -> dict[int, DocumentRef]:
    rows = s.execute(
        select(Invoice.id, Invoice.kind, Invoice.number).where(
            Invoice.company_id == company_id, Invoice.id.in_(ids)
        )
    )
    return {r.id: _invoice_ref(r) for r in rows}


def _entries(s: Session, company_id: int, ids: set[int]) -> dict[int, DocumentRef]:
    """An entry points at the invoice or payment that made it, else at itself (no page)."""
    out: dict[int, DocumentRef] = {}
    numbers = dict(
        s.execute(
            select(JournalEntry.id, JournalEntry.number).where(
                JournalEntry.company_id == company_id, JournalEntry.id.in_(ids)
            )
        ).all()
    )
    for r in s.execute(
        select(Invoice.id, Invoice.kind, Invoice.number, Invoice.entry_id).where(
            Invoice.company_id == company_id, Invoice.entry_id.in_(ids)
        )
    ):
        out[r.entry_id] = _invoice_ref(r)
    for p in s.execute(
        select(Payment.id, Payment.entry_id).where(
            Payment.company_id == company_id, Payment.entry_id.in_(ids)
        )
    ):
        out.setdefault(p.entry_id, DocumentRef("payment", p.id, f"#{p.id}"))
    for entry_id, number in numbers.items():
        if entry_id in out and number:
            ref = out[entry_id]
            out[entry_id] = DocumentRef(ref.kind, ref.id, number)
        elif entry_id not in out:
            out[entry_id] = DocumentRef("entry", entry_id, number or f"#{entry_id}")
    return out


def _payments(s: Session, company_id: int, ids: set[int]) -> dict[int, DocumentRef]:
    rows = s.execute(
        select(Payment.id, JournalEntry.number)
        .outerjoin(JournalEntry, JournalEntry.id == Payment.entry_id)
        .where(Payment.company_id == company_id, Payment.id.in_(ids))
    )
    return {pid: DocumentRef("payment", pid, number or f"#{pid}") for pid, number in rows}


def _statement_lines(s: Session, company_id: int, ids: set[int]) -> dict[int, DocumentRef]:
    rows = s.execute(
        select(StatementLine.id).where(
            StatementLine.company_id == company_id, StatementLine.id.in_(ids)
        )
    )
    return {lid: DocumentRef("statement_line", lid, f"#{lid}") for (lid,) in rows}


def _tokens(s: Session, company_id: int, ids: set[int]) -> dict[int, DocumentRef]:
    rows = s.execute(
        select(ApiToken.id, ApiToken.prefix).where(
            ApiToken.company_id == company_id, ApiToken.id.in_(ids)
        )
    )
    return {tid: DocumentRef("token", tid, f"{prefix}…") for tid, prefix in rows}


def _users(s: Session, company_id: int, ids: set[int]) -> dict[int, DocumentRef]:
    """Users are named by e-mail (a company's events only name its own members)."""
    rows = s.execute(select(User.id, User.email).where(User.id.in_(ids)))
    return {uid: DocumentRef("user", uid, email) for uid, email in rows}


def _companies(s: Session, company_id: int, ids: set[int]) -> dict[int, DocumentRef]:
    return {company_id: DocumentRef("company", company_id, "")} if company_id in ids else {}


_LOADERS: dict[str, Any] = {
    "invoice": _invoices,
    "entry": _entries,
    "payment": _payments,
    "statement_line": _statement_lines,
    "token": _tokens,
    "user": _users,
    "company": _companies,
}
