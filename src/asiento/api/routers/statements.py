"""/statements: import bank files, enter statements by hand, validate their balances."""

from __future__ import annotations

import hashlib
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
    StatementPublic,
    ValidationPublic,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.bank import statement_views, statements
from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.bank.statement_import import import_statement
from asiento.wire.common import Page
from asiento.wire.types import Id, Text

router = APIRouter(prefix="/statements", tags=["statements"])
SCOPE = "statements"
MAX_UPLOAD = 200 * 1024 * 1024


@router.post("/import", status_code=status.HTTP_201_CREATED, response_model=ImportPublic)
def import_file(
    idem: IdempotencyDep,
    file: Annotated[UploadFile, File(description="CAMT.053, MT940, OFX/QFX or CSV")],
    journal: Annotated[Text, Form(description="bank journal code or id")],
    format: Annotated[Text | None, Form()] = None,
    profile: Annotated[Text | None, Form(description="CSV profile name")] = None,
) -> Response:
    """Import a bank file (all or nothing); the same ``Idempotency-Key`` replays the result."""
    content = file.file.read(MAX_UPLOAD + 1)
    request = ImportRequest(
        journal=journal,
        format=format,
        profile=profile,
        filename=file.filename,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return run(
        idem,
        SCOPE,
        request,
        lambda uow: ImportPublic.of(
            import_statement(uow, idem.company_id, journal, content, file.filename, format, profile)
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


@router.post("", status_code=status.HTTP_201_CREATED)
def create_statement(body: StatementIn, uow: UowDep, company_id: CompanyDep) -> StatementPublic:
    """Enter a statement by hand (draft)."""
    return StatementPublic.model_validate(
        statements.create_statement(uow, company_id, body.command())
    )


@router.post("/{statement_id}/validate")
def validate_statement(statement_id: Id, uow: UowDep, company_id: CompanyDep) -> ValidationPublic:
    """Opening + lines == closing: validated; else it stays draft with the difference."""
    return ValidationPublic.model_validate(
        statements.validate_statement(uow, company_id, statement_id)
    )


@router.post("/reconcile-auto")
def reconcile_auto(body: AutoIn, uow: UowDep, company_id: CompanyDep) -> AutoPublic:
    """The automatic pass over open lines; ``dry_run`` proposes without writing."""
    report = auto_reconcile(uow, company_id, journal_id=body.journal_id, dry_run=body.dry_run)
    return AutoPublic.model_validate(report)
