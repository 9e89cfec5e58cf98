"""What every import kind shares: the plan of a file, its preview and its problems.

A kind reads the records of a sheet into a ``Plan``: one ``PreviewRow`` per
record (what would happen to it: create, update, post), every problem found
(row and column), and an ``apply`` that writes it. The runner
(``services.imports.runner``) applies a plan only when it has no problem, in
the transaction that read it, so an import is all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.book_imports import CellError, RowProblem, unquote
from asiento.domain.errors import AsientoError
from asiento.store.tables import Account


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One record of the file: its row, its key and what importing does with it."""

    row: int
    key: str
    action: str
    """``create``, ``update``, ``post`` (opening balances) or ``refuse``."""


@dataclass(slots=True)
class Plan:
    rows: list[PreviewRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    apply: Callable[[], str] = lambda: ""
    """Writes the plan; returns what it wrote in a few words (an entry number)."""

    def refuse(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(row, column, message))


@dataclass(frozen=True, slots=True)
class AccountFact:
    id: int
    code: str
    kind: str
    reconcilable: bool


class RowReader:
    """Reads the cells of one record, collecting a problem per unreadable cell."""

    def __init__(self, plan: Plan, row: int, record: dict[str, str]) -> None:
        self.plan, self.row, self.record = plan, row, record
        self.ok = True

    def has(self, column: str) -> bool:
        return column in self.record

    def text(self, column: str) -> str:
        return unquote(self.record.get(column, "")).strip()

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.plan.refuse(self.row, column, message)

    @contextmanager
    def cell(self, column: str) -> Iterator[None]:
        """Turn a ``CellError`` or a domain error raised inside into a problem of ``column``."""
        try:
            yield
        except CellError as exc:
            self.fail(column, str(exc))
        except AsientoError as exc:
            self.fail(column, exc.message)


def accounts_by_code(session: Session, company_id: int) -> dict[str, AccountFact]:
    rows = session.execute(
        select(Account.id, Account.code, Account.kind, Account.reconcilable).where(
            Account.company_id == company_id
        )
    )
    return {r.code: AccountFact(r.id, r.code, r.kind, r.reconcilable) for r in rows}


def duplicate_keys(plan: Plan, keys: list[tuple[int, str, str]]) -> set[int]:
    """Refuse a key that appears on two rows; ``keys``: (row, column, key). Rows refused."""
    first: dict[str, int] = {}
    refused: set[int] = set()
    for row, column, key in keys:
        if not key:
            continue
        if key in first:
            plan.refuse(row, column, f"{key!r} is also on row {first[key]}")
            refused.add(row)
        else:
            first[key] = row
    return refused
