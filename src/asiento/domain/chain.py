"""The tamper-evident hash chain of posted entries.

Each posted entry stores SHA-256 over its canonical content plus the hash of
the previous posted entry of the same journal. Changing any posted figure,
account, partner, date or number behind the application's back breaks the
chain from that entry on; ``first_break`` finds where.

Invariants:
    - the canonical form is deterministic: JSON with sorted keys, items in
      their stored order, amounts as integers of the minor unit, dates ISO;
    - the first entry of a journal chains to ``GENESIS``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class ChainItem:
    account_id: int
    partner_id: int | None
    label: str
    debit: int
    credit: int
    currency: str | None
    amount_currency: int | None
    due_date: date | None


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """What the hash covers of a posted entry."""

    id: int
    company_id: int
    journal_id: int
    number: str
    date: date
    ref: str
    items: Sequence[ChainItem]
    prev_hash: str
    hash: str = ""


def entry_hash(entry: ChainEntry) -> str:
    """SHA-256 of the entry's canonical content chained to ``prev_hash``."""
    body = {
        "company": entry.company_id,
        "journal": entry.journal_id,
        "number": entry.number,
        "date": entry.date.isoformat(),
        "ref": entry.ref,
        "prev": entry.prev_hash,
        "items": [
            [
                i.account_id,
                i.partner_id,
                i.label,
                i.debit,
                i.credit,
                i.currency,
                i.amount_currency,
                i.due_date.isoformat() if i.due_date else None,
            ]
            for i in entry.items
        ],
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainBreak:
    entry_id: int
    number: str
    reason: str


def first_break(entries: Iterable[ChainEntry]) -> ChainBreak | None:
    """Walk one journal's entries in chain order; return the first that does not verify."""
    expected_prev = GENESIS
    for entry in entries:
        if entry.prev_hash != expected_prev:
            return ChainBreak(entry.id, entry.number, "previous-hash link does not match")
        if entry_hash(entry) != entry.hash:
            return ChainBreak(entry.id, entry.number, "content does not match its stored hash")
        expected_prev = entry.hash
    return None
