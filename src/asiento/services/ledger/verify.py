"""Walk every journal's hash chain and report the first broken entry, per journal.

Streams items in chain order (``yield_per``) so memory stays flat however long
the ledger is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import chain
from asiento.services.ledger.posting import chain_entry
from asiento.store.tables import Journal, JournalEntry, JournalItem
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class JournalCheck:
    journal_id: int
    journal_code: str
    entries: int
    broken: chain.ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_chains(uow: UnitOfWork, company_id: int) -> list[JournalCheck]:
    """One result per journal of the company."""
    with uow:
        journals = uow.session.scalars(
            select(Journal).where(Journal.company_id == company_id).order_by(Journal.code)
        ).all()
        return [_check(uow.session, company_id, j) for j in journals]


def _check(session: Session, company_id: int, journal: Journal) -> JournalCheck:
    counter = [0]
    broken = chain.first_break(_chain_entries(session, company_id, journal.id, counter))
    if broken is None and counter[0] != journal.chain_length:
        broken = chain.ChainBreak(
            0, "", f"journal counts {journal.chain_length} posted entries, found {counter[0]}"
        )
    return JournalCheck(journal.id, journal.code, counter[0], broken)


def _chain_entries(
    session: Session, company_id: int, journal_id: int, counter: list[int]
) -> Iterator[chain.ChainEntry]:
    stmt = (
        select(JournalEntry, JournalItem)
        .join(JournalItem, JournalItem.entry_id == JournalEntry.id)
        .where(
            JournalEntry.company_id == company_id,
            JournalEntry.journal_id == journal_id,
            JournalEntry.state == "posted",
        )
        .order_by(JournalEntry.chain_index, JournalItem.sequence, JournalItem.id)
        .execution_options(yield_per=2000)
    )
    current: JournalEntry | None = None
    items: list[JournalItem] = []
    for entry, item in session.execute(stmt):
        if current is not None and entry.id != current.id:
            counter[0] += 1
            yield chain_entry(current, items)
            items = []
        current = entry
        items.append(item)
    if current is not None:
        counter[0] += 1
        yield chain_entry(current, items)
