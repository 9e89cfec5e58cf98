"""How a person recognises a document or an entry: its number, never its database id.

Pages that refer to another record (an entry's origin, a reversal, a payment of an
invoice, a reconciled counterpart) ask here for a :class:`DocLink` per ``(kind, id)``
and render ``label``; the adapter turns ``(kind, id)`` into the page's address.

Invariants:
    - every query filters on ``company_id``: a pair of another company gets no link;
    - a record without a number yet is named by what it is and its date, never ``#id``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.store.tables import (
    BankStatement,
    Invoice,
    JournalEntry,
    JournalItem,
    Payment,
    StatementLine,
)
from asiento.store.uow import UnitOfWork

VENDOR_TYPES = ("vendor_bill", "vendor_credit_note")


@dataclass(frozen=True, slots=True)
class DocLink:
    """``kind`` is one of entry, invoice, bill, payment, statement_line, statement."""

    kind: str
    id: int
    label: str


Pair = tuple[str, int]


def _entries(s: Session, company_id: int, ids: set[int]) -> dict[Pair, DocLink]:
    rows = s.execute(
        select(JournalEntry.id, JournalEntry.number, JournalEntry.date).where(
            JournalEntry.company_id == company_id, JournalEntry.id.in_(ids)
        )
    )
    return {
        ("entry", r.id): DocLink("entry", r.id, r.number or f"draft {r.date.isoformat()}")
        for r in rows
    }


def _invoices(s: Session, company_id: int, ids: set[int]) -> dict[Pair, DocLink]:
    rows = s.execute(
        select(Invoice.id, Invoice.number, Invoice.kind, Invoice.invoice_date).where(
            Invoice.company_id == company_id, Invoice.id.in_(ids)
        )
    )
    found: dict[Pair, DocLink] = {}
    for r in rows:
        kind = "bill" if r.kind in VENDOR_TYPES else "invoice"
        day = r.invoice_date.isoformat() if r.invoice_date else ""
        found[("invoice", r.id)] = DocLink(kind, r.id, r.number or f"draft {day}".strip())
    return found


def _payments(s: Session, company_id: int, ids: set[int]) -> dict[Pair, DocLink]:
    rows = s.execute(
        select(Payment.id, Payment.date, JournalEntry.number)
        .outerjoin(JournalEntry, JournalEntry.id == Payment.entry_id)
        .where(Payment.company_id == company_id, Payment.id.in_(ids))
    )
    return {
        ("payment", r.id): DocLink("payment", r.id, r.number or f"draft {r.date.isoformat()}")
        for r in rows
    }


def _statement_lines(s: Session, company_id: int, ids: set[int]) -> dict[Pair, DocLink]:
    rows = s.execute(
        select(
            StatementLine.id,
            StatementLine.sequence,
            StatementLine.date,
            BankStatement.reference,
        )
        .join(BankStatement, BankStatement.id == StatementLine.statement_id)
        .where(StatementLine.company_id == company_id, StatementLine.id.in_(ids))
    )
    return {
        ("statement_line", r.id): DocLink(
            "statement_line", r.id, f"{r.reference or r.date.isoformat()} · {r.sequence}"
        )
        for r in rows
    }


LOADERS = {
    "entry": _entries,
    "invoice": _invoices,
    "payment": _payments,
    "statement_line": _statement_lines,
}


def document_links(s: Session, company_id: int, pairs: Iterable[Pair]) -> dict[Pair, DocLink]:
    """Links for ``(kind, id)`` pairs, one query per kind; unknown kinds are left out."""
    wanted: dict[str, set[int]] = {}
    for kind, ident in pairs:
        if kind in LOADERS:
            wanted.setdefault(kind, set()).add(ident)
    found: dict[Pair, DocLink] = {}
    for kind, ids in wanted.items():
        found.update(LOADERS[kind](s, company_id, ids))
    return found


def find_links(uow: UnitOfWork, company_id: int, pairs: Iterable[Pair]) -> dict[Pair, DocLink]:
    """``document_links`` in its own read, for pages that name a few records."""
    with uow:
        return document_links(uow.session, company_id, pairs)


def item_links(uow: UnitOfWork, company_id: int, item_ids: Iterable[int]) -> dict[int, DocLink]:
    """For journal items, the document of their entry (else the entry itself)."""
    with uow:
        s = uow.session
        rows = s.execute(
            select(
                JournalItem.id, JournalEntry.id, JournalEntry.origin_kind, JournalEntry.origin_id
            )
            .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
            .where(JournalItem.company_id == company_id, JournalItem.id.in_(set(item_ids)))
        ).all()
        keys = {
            item: (kind, origin) if kind in LOADERS and origin else ("entry", entry)
            for item, entry, kind, origin in rows
        }
        links = document_links(s, company_id, keys.values())
        return {item: links[key] for item, key in keys.items() if key in links}
