"""/statements: import bank files, enter statements by hand, validate their balances."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile, status

from asiento.api.idempotency import IdempotencyDep, run
from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.statements import (
    AutoIn,
    AutoPublic,
    ImportPublic,
    ImportRequest,
    StatementIn,
    StatementPatch,
    StatementPublic,
    ValidationPublic,
)
from asiento.domain.errors import StatementUnbalanced
from asiento.http.deps import CompanyDep, UowDep
from asiento.http.uploads import sha256_of, upload_file
from asiento.services.bank import statement_edits, statement_views, statements
from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.bank.statement_import import import_statement
from asiento.wire.common import Page
from asiento.wire.types import Id, Text

router = APIRouter(prefix="/statements", tags=["statements"])
SCOPE = "statements"


@router.post("/import", status_code=status.HTTP_201_CREATED, response_model=ImportPublic)
def import_file(
    idem: IdempotencyDep,
    file: Annotated[UploadFile, File(description="CAMT.053, MT940, OFX/QFX or CSV")],
    journal: Annotated[Text, Form(description="bank journal code or id")],
    format: Annotated[Text | None, Form()] = None,
    profile: Annotated[Text | None, Form(description="CSV profile name")] = None,
    closing_balance: Annotated[
        Decimal | None, Form(description="closing balance, for a file that states none (CSV)")
    ] = None,
    encoding: Annotated[
        Text | None, Form(description="text encoding of an MT940 or CSV file, e.g. cp852")
    ] = None,
) -> Response:
    """Import a bank file (all or nothing); the same ``Idempotency-Key`` replays the result.

    A file over ``ASIENTO_MAX_UPLOAD_MB`` is refused with 413, never parsed.
    """
    content = upload_file(file)
    request = ImportRequest(
        journal=journal,
        format=format,
        profile=profile,
        closing_balance=closing_balance,
        filename=file.filename,
        sha256=sha256_of(content),
    )
    return run(
        idem,
        SCOPE,
        request,
        lambda uow: ImportPublic.of(
            import_statement(
                uow,
                idem.company_id,
                journal,
                content,
                file.filename,
                format,
                profile,
                closing_balance=closing_balance,
                encoding=encoding,
            )
        ),
        status.HTTP_201_CREATED,
    )


@router.get("")
def list_statements(
    uow: UowDep,
    company_id: CompanyDep,
    journal_id: Id | None = None,
    state: Text | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[StatementPublic]:
    rows, nxt = statement_views.list_statements(
        uow, company_id, journal_id=journal_id, state=state, cursor=cursor, limit=limit
    )
    return Page(items=[StatementPublic.model_validate(r) for r in rows], next_cursor=nxt)


@router.get("/{statement_id}")
def read_statement(statement_id: Id, uow: UowDep, company_id: CompanyDep) -> StatementPublic:
    """The statement with its lines."""
    return StatementPublic.model_validate(
        statement_views.get_statement(uow, company_id, statement_id)
    )


@router.patch("/{statement_id}")
def edit_statement(
    statement_id: int, body: StatementPatch, uow: UowDep, company_id: CompanyDep
) -> StatementPublic:
    """Change a draft statement's date or balances (409 once validated)."""
    view = statement_edits.update_statement(uow, company_id, statement_id, body.command())
    return StatementPublic.model_validate(view)


@router.delete("/{statement_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_statement(statement_id: int, uow: UowDep, company_id: CompanyDep) -> Response:
    """Delete a draft statement and its lines (409 once validated or reconciled)."""
    statement_edits.delete_statement(uow, company_id, statement_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_statement(body: StatementIn, uow: UowDep, company_id: CompanyDep) -> StatementPublic:
    """Enter a statement by hand (draft)."""
    return StatementPublic.model_validate(
        statements.create_statement(uow, company_id, body.command())
    )


@router.post("/{statement_id}/validate")
def validate_statement(
    statement_id: Id, uow: UowDep, company_id: CompanyDep, confirm: bool = False
) -> ValidationPublic:
    """Opening + lines == closing: validated; else 409 naming the difference (stays draft).

    ``confirm=true`` accepts an unverifiable statement (no balance to check
    against), recorded in the audit log.
    """
    result = statements.validate_statement(uow, company_id, statement_id, confirm=confirm)
    if not result.ok:
        raise StatementUnbalanced(
            f"statement {statement_id} does not balance: {result.opening} + "
            f"{result.lines_total} = {result.opening + result.lines_total}, closing "
            f"{result.closing}, difference {result.difference}; it stays draft",
            difference=str(result.difference),
        )
    return ValidationPublic.model_validate(result)


@router.post("/reconcile-auto")
def reconcile_auto(body: AutoIn, uow: UowDep, company_id: CompanyDep) -> AutoPublic:
    """The automatic pass over open lines; ``dry_run`` proposes without writing."""
    report = auto_reconcile(uow, company_id, journal_id=body.journal_id, dry_run=body.dry_run)
    return AutoPublic.model_validate(report)
