"""Schemas of /imports and /exports: the preview of a file and what its import wrote."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from asiento.domain.book_imports import KINDS
from asiento.services.imports.runner import ImportResult
from asiento.wire.types import Text

BookKind = StrEnum("BookKind", {k.replace("-", "_"): k for k in KINDS})  # type: ignore[misc]


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


class ImportRequest(BaseModel):
    """What identifies an upload for ``Idempotency-Key`` (the file by its SHA-256)."""

    kind: Text
    dry_run: bool
    filename: Text | None
    sha256: Text


class PreviewRowPublic(BaseModel):
    row: int
    key: str
    action: str
    """create, update, post (opening balances) or refuse."""


class RowProblemPublic(BaseModel):
    row: int
    column: str
    message: str


class ImportPublic(BaseModel):
    """A dry run's preview (``committed`` false, every problem listed) or a done import."""

    kind: str
    dry_run: bool
    committed: bool
    summary: str
    created: int
    updated: int
    posted: int
    refused: int
    rows: list[PreviewRowPublic]
    problems: list[RowProblemPublic]

    @classmethod
    def of(cls, r: ImportResult) -> ImportPublic:
        return cls(
            kind=r.kind,
            dry_run=r.dry_run,
            committed=r.committed,
            summary=r.summary,
            created=r.count("create"),
            updated=r.count("update"),
            posted=r.count("post"),
            refused=r.count("refuse"),
            rows=[PreviewRowPublic(row=p.row, key=p.key, action=p.action) for p in r.rows],
            problems=[
                RowProblemPublic(row=p.row, column=p.column, message=p.message) for p in r.problems
            ],
        )
