"""Opening balances: the trial balance and the open items a company brings in.

One file, one opening entry, dated by its ``date`` column (the same on every
row). A row is either

- an **account balance** (no partner): the balance of an account at that
  date, posted on the account; or
- an **open item** (a partner and a document number): what is still open of
  an invoice or bill, posted on a receivable or payable account with the
  partner and its due date, so follow-ups, aged balances and reconciliation
  see it like the open item of an invoice. A document with several due dates
  is one row per installment.

Receivable and payable accounts carry their balance through their open
items. So that a trial balance and its detail can come in one file or in two
(totals first, items later), both go through the opening-balance account
(a setting, the suspense of the migration): the open items are posted
against it, and a balance row of a reconcilable receivable/payable account
is posted *on* it ("detail to come"). When the items add up to the totals,
the opening-balance account is zero.

Invariants:
    - the account balance rows balance: total debit = total credit, or the
      file is refused with the difference (``balance_problems``);
    - every row has exactly one of debit and credit, not negative;
    - every row has the same ``date``;
    - the opening entry balances by construction (its one counterpart line on
      the opening-balance account carries the open items' net).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from asiento.domain.book_imports import RowProblem

ZERO = Decimal(0)
PARTNER_KINDS = frozenset({"receivable", "payable"})
_LABEL = re.compile(r"^(?P<document>.*) \((?P<date>\d{4}-\d{2}-\d{2})\)$")


@dataclass(frozen=True, slots=True)
class OpeningRow:
    """One row as read; ``partner`` is the partner's key (code or name), empty for a balance."""

    row: int
    date: dt.date
    account: str
    partner: str
    document: str
    document_date: dt.date | None
    due_date: dt.date | None
    debit: Decimal
    credit: Decimal

    @property
    def is_open_item(self) -> bool:
        return bool(self.partner)

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


def row_problems(r: OpeningRow, account_kind: str | None) -> list[RowProblem]:
    """What makes one row unusable (its account already resolved to ``account_kind``)."""
    problems: list[RowProblem] = []
    if r.debit and r.credit:
        problems.append(RowProblem(r.row, "credit", "give either a debit or a credit, not both"))
    if not r.debit and not r.credit:
        problems.append(RowProblem(r.row, "debit", "the row has no amount"))
    if r.is_open_item:
        if not r.document.strip():
            problems.append(RowProblem(r.row, "document", "an open item needs its document number"))
        if account_kind is not None and account_kind not in PARTNER_KINDS:
            problems.append(
                RowProblem(
                    r.row,
                    "account",
                    f"an open item goes on a receivable or payable account, not {account_kind}",
                )
            )
    elif r.document or r.due_date or r.document_date:
        problems.append(RowProblem(r.row, "partner", "a document row needs its partner"))
    return problems


def balance_problems(rows: list[OpeningRow]) -> list[RowProblem]:
    """The file's rows share one date and its account balances balance."""
    problems: list[RowProblem] = []
    if rows:
        first = rows[0].date
        problems += [
            RowProblem(r.row, "date", f"every row has the opening date {first.isoformat()}")
            for r in rows
            if r.date != first
        ]
    balances = [r for r in rows if not r.is_open_item]
    debit = sum((r.debit for r in balances), ZERO)
    credit = sum((r.credit for r in balances), ZERO)
    if debit != credit:
        last = balances[-1].row if balances else 1
        problems.append(
            RowProblem(
                last,
                "",
                f"the account balances do not balance: debit {debit} != credit {credit} "
                f"(difference {debit - credit})",
            )
        )
    return problems


def item_label(document: str, document_date: dt.date | None) -> str:
    """The label of an open item: its number and, when known, its date."""
    return f"{document} ({document_date.isoformat()})" if document_date else document


def split_label(label: str) -> tuple[str, dt.date | None]:
    """``item_label`` read back: (document, document date)."""
    found = _LABEL.match(label)
    if found is None:
        return label, None
    return found["document"], dt.date.fromisoformat(found["date"])


def counterpart(rows: list[OpeningRow]) -> Decimal:
    """The signed amount (debit > 0) the opening-balance account takes against the open items.

    The open items are posted against that account, so it takes minus their
    net; the entry then balances, since the account balance rows do (a total
    posted on the opening-balance account is still one of them).
    """
    return -sum((r.balance for r in rows if r.is_open_item), ZERO)
