"""Rows of posted entries written set-based: number blocks, hash chain, entry and item rows.

Why: batch posting and the automatic statement pass post thousands of entries
in one transaction; ``posting.post`` costs a number lock, a hash and several
statements per entry. Here a block of consecutive numbers is taken per fiscal
year with one sequence update (under the journal's row lock, which the caller
holds), hashes are chained in number order exactly as ``post`` chains them,
and entries and items go in with one executemany each.

Invariants: numbers stay gapless and unique; each hash equals what ``post``
computes for the same content (the hash covers no id); items are stored as
``item_rows.insert_items`` stores them (minor units, residual on reconcilable
accounts only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from asiento.domain import chain
from asiento.domain.entries import ItemDraft
from asiento.domain.numbering import FiscalYearSpan, fiscal_year_of, format_number
from asiento.store import sequences
from asiento.store.bulk import insert_many
from asiento.store.item_rows import rate_of, stored_amounts
from asiento.store.tables import Company, Journal, JournalEntry, JournalItem


@dataclass(frozen=True, slots=True)
class EntryHead:
    """What an entry carries besides its items."""

    date: date
    ref: str = ""
    narration: str = ""
    origin: tuple[str, int] | None = None


class Numbering:
    """Blocks of consecutive numbers, one per fiscal year met in the batch, taken up front."""

    def __init__(
        self, session: Session, company: Company, journal: Journal, days: list[date]
    ) -> None:
        self.company = company
        self.next: dict[date, tuple[int, int]] = {}
        self.spans: dict[date, FiscalYearSpan] = {}
        counts: dict[date, int] = {}
        for day in days:
            start = self._span(day).start
            counts[start] = counts.get(start, 0) + 1
        for start, count in sorted(counts.items()):
            fy = sequences.ensure_fiscal_year(session, company, start)
            first = sequences.take_numbers(session, company.id, journal.id, fy.id, count)
            self.next[start] = (fy.id, first)

    def _span(self, day: date) -> FiscalYearSpan:
        """The fiscal year of ``day``, computed once per day met."""
        span = self.spans.get(day)
        if span is None:
            c = self.company
            span = fiscal_year_of(day, c.fiscal_year_start_month, c.fiscal_year_start_day)
            self.spans[day] = span
        return span

    def take(self, day: date) -> tuple[int, int, FiscalYearSpan]:
        span = self._span(day)
        fy_id, seq = self.next[span.start]
        self.next[span.start] = (fy_id, seq + 1)
        return fy_id, seq, span


def entry_row(
    numbering: Numbering,
    company: Company,
    journal: Journal,
    head: EntryHead,
    items: Sequence[ItemDraft],
    stored: Sequence[chain.ChainItem] | None = None,
) -> dict[str, Any]:
    """The next numbered, chained entry row; advances ``journal``'s chain head in memory.

    ``stored``: ``stored_amounts`` of ``items`` when the caller has them already.
    """
    fy_id, seq, span = numbering.take(head.date)
    number = format_number(journal.number_format, prefix=journal.code, fiscal_year=span, seq=seq)
    prev = journal.last_hash or chain.GENESIS
    digest = chain.entry_hash(
        chain.ChainEntry(
            id=0,
            company_id=company.id,
            journal_id=journal.id,
            number=number,
            date=head.date,
            ref=head.ref,
            prev_hash=prev,
            items=stored if stored is not None else [stored_amounts(company, d) for d in items],
        )
    )
    journal.chain_length += 1
    journal.last_hash = digest
    return {
        "company_id": company.id,
        "journal_id": journal.id,
        "fiscal_year_id": fy_id,
        "number": number,
        "sequence_number": seq,
        "date": head.date,
        "ref": head.ref,
        "narration": head.narration,
        "state": "posted",
        "chain_index": journal.chain_length,
        "prev_hash": prev,
        "hash": digest,
        "posted_at": datetime.now(UTC),
        "origin_kind": head.origin[0] if head.origin else None,
        "origin_id": head.origin[1] if head.origin else None,
    }


def item_row(
    company: Company,
    entry_id: int,
    entry: dict[str, Any],
    n: int,
    d: ItemDraft,
    reconcilable: bool,
    stored: chain.ChainItem | None = None,
) -> dict[str, Any]:
    """One stored item of a posted entry row (see ``posting._item_row``); ``stored`` as for
    ``entry_row``."""
    c = stored if stored is not None else stored_amounts(company, d)
    return {
        "company_id": company.id,
        "entry_id": entry_id,
        "sequence": n,
        "journal_id": entry["journal_id"],
        "date": entry["date"],
        "parent_state": "posted",
        "account_id": d.account_id,
        "partner_id": d.partner_id,
        "label": d.label,
        "debit": c.debit,
        "credit": c.credit,
        "balance": c.debit - c.credit,
        "currency": c.currency,
        "amount_currency": c.amount_currency,
        "rate": rate_of(company, d),
        "due_date": d.due_date,
        "tax_id": d.tax_id,
        "amount_residual": c.debit - c.credit if reconcilable else 0,
        "amount_residual_currency": c.amount_currency if reconcilable else 0,
        "reconciled": False,
    }


def insert_entries(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Entry rows in; their ids in the rows' order."""
    return insert_many(session, JournalEntry.__table__, rows)


def insert_items(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Item rows in; their ids in the rows' order."""
    return insert_many(session, JournalItem.__table__, rows)
