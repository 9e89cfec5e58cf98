"""Import a list (parse, check every row, preview, then all or nothing) and export it.

``import_book`` reads the file, checks the header and every row of it in one
transaction, and either answers the preview (``dry_run``, or problems found:
then ``ValidationFailed`` lists every problem with its row and column) or
writes everything and commits. Nothing is written when any row is refused.
Concurrent imports into one company run one after the other: the company row
is locked (PostgreSQL) before the stored keys are read, so two imports of the
same new partners cannot both create them.

``export_book`` writes the same layout the import reads (``LAYOUTS``), text
guarded against spreadsheet formulas as every export is, so an export
imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.book_imports import LAYOUTS, CellError, RowProblem, check_kind, header_problems
from asiento.domain.errors import InvalidInput, Problem, ValidationFailed
from asiento.importers.sheets import FORMATS, Cell, SheetError, read_sheet, write_csv, write_xlsx
from asiento.reports.export import spreadsheet_safe
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.imports.account_rows import export_chart, plan_chart
from asiento.services.imports.opening_rows import export_opening, plan_opening
from asiento.services.imports.partner_rows import export_partners, plan_partners
from asiento.services.imports.plans import Plan, PreviewRow
from asiento.services.imports.product_rows import export_products, plan_products
from asiento.services.ledger.entries import company_of
from asiento.store.locks import for_update
from asiento.store.tables import Company
from asiento.store.uow import UnitOfWork

PERMISSIONS: Final[dict[str, Permission]] = {
    "partners": Permission.INVOICE_WRITE,
    "products": Permission.SETTINGS,
    "chart": Permission.SETTINGS,
    "opening-balances": Permission.ENTRY_POST,
}
"""Who may import each kind: as who may create one by hand."""

Records = list[tuple[int, dict[str, str]]]
_PLANS: Final[dict[str, Callable[[Session, Company, list[str], Records], Plan]]] = {
    "partners": lambda s, c, h, r: plan_partners(s, c.id, h, r),
    "products": lambda s, c, h, r: plan_products(s, c.id, h, r),
    "chart": lambda s, c, h, r: plan_chart(s, c.id, h, r),
    "opening-balances": plan_opening,
}
_EXPORTS: Final[dict[str, Callable[[Session, Company], list[list[Cell]]]]] = {
    "partners": lambda s, c: export_partners(s, c.id),
    "products": lambda s, c: export_products(s, c.id),
    "chart": lambda s, c: export_chart(s, c.id),
    "opening-balances": export_opening,
}


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The preview of a file, or what its import wrote (``committed``)."""

    kind: str
    dry_run: bool
    committed: bool
    rows: list[PreviewRow]
    problems: list[RowProblem]
    summary: str
    """``12 created, 3 updated``, or the opening entry's number; empty for a preview."""

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes


def valid_kind(kind: str) -> str:
    try:
        return check_kind(kind)
    except CellError as exc:
        raise InvalidInput(str(exc), field="kind") from None


def import_book(
    uow: UnitOfWork,
    company_id: int,
    kind: str,
    content: bytes,
    filename: str | None = None,
    *,
    dry_run: bool = False,
) -> ImportResult:
    """Preview (``dry_run``) or import a file of ``kind``; all or nothing.

    Raises:
        ValidationFailed: not a dry run and a row is refused (every problem
            listed, ``row N, column``); nothing is written.
        InvalidInput: the file is no CSV/XLSX sheet, or has no rows.
    """
    access.require(PERMISSIONS[valid_kind(kind)], company_id)
    try:
        sheet = read_sheet(content, filename)
    except SheetError as exc:
        raise InvalidInput(str(exc), field="file") from None
    with uow:
        s = uow.session
        company = s.scalars(for_update(s, select(Company).where(Company.id == company_id))).one()
        plan = _plan(s, company, kind, sheet.header, sheet.rows)
        if dry_run:
            return ImportResult(kind, True, False, plan.rows, plan.problems, "")
        if plan.problems:
            raise ValidationFailed(
                [_problem(p) for p in plan.problems], summary=_summary(kind, plan.problems)
            )
        summary = plan.apply()
        audit.record_in(
            s,
            company_id,
            f"import.{kind}",
            "import",
            None,
            after=f"{len(plan.rows)} rows: {summary}",
        )
        uow.commit()
        return ImportResult(kind, False, True, plan.rows, [], summary)


def _plan(s: Session, company: Company, kind: str, header: list[str], records: Records) -> Plan:
    problems = header_problems(kind, header)
    if problems:
        return Plan(problems=problems)
    if not records:
        raise InvalidInput("the file has no rows after its header", field="file")
    return _PLANS[kind](s, company, header, records)


def _problem(p: RowProblem) -> Problem:
    return Problem(p.field, p.message, "import_row")


def _summary(kind: str, problems: list[RowProblem]) -> str:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{kind} not imported, nothing stored: {first.field}: {first.message}{more}"


def export_book(uow: UnitOfWork, company_id: int, kind: str, fmt: str = "csv") -> ExportFile:
    """The company's list of ``kind`` in its import layout, as CSV or XLSX."""
    access.require(Permission.READ, company_id)
    valid_kind(kind)
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}", field="format")
    with uow:
        company = company_of(uow.session, company_id)
        rows = [[_safe(v) for v in row] for row in _EXPORTS[kind](uow.session, company)]
    columns = LAYOUTS[kind]
    name = kind.replace("-", "_")
    if fmt == "xlsx":
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return ExportFile(f"{name}.xlsx", media, write_xlsx(kind, columns, rows))
    return ExportFile(f"{name}.csv", "text/csv; charset=utf-8", write_csv(columns, rows))


def _safe(value: Cell) -> Cell:
    return spreadsheet_safe(value) if isinstance(value, str) else value
