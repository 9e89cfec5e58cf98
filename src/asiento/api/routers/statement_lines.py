"""/statement-lines: read a line, reconcile it (items, payment, rule or counterparts), undo it."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from asiento.api.idempotency import IdempotencyDep, run
from asiento.api.schemas.statements import LinePatch, LinePublic, ReconcileIn, StatementPublic
from asiento.domain.errors import InvalidInput
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.bank import statement_edits, statement_reconcile, statement_unreconcile
from asiento.services.bank.statement_views import LineView, get_line
from asiento.store.uow import UnitOfWork
from asiento.wire.types import Id

router = APIRouter(prefix="/statement-lines", tags=["statements"])
SCOPE = "statement-lines"


@router.get("/{line_id}")
def read_line(line_id: Id, uow: UowDep, company_id: CompanyDep) -> LinePublic:
    return LinePublic.model_validate(get_line(uow, company_id, line_id))


@router.patch("/{line_id}")
def edit_line(
    line_id: int, body: LinePatch, uow: UowDep, company_id: CompanyDep
) -> StatementPublic:
    """Change a line of a draft statement; answers the statement (409 once validated)."""
    view = statement_edits.update_line(uow, company_id, line_id, body.command())
    return StatementPublic.model_validate(view)


@router.delete("/{line_id}")
def delete_line(line_id: int, uow: UowDep, company_id: CompanyDep) -> StatementPublic:
    """Delete a line of a draft statement; answers the statement (409 once validated)."""
    return StatementPublic.model_validate(statement_edits.delete_line(uow, company_id, line_id))


@router.post("/{line_id}/reconcile", response_model=LinePublic)
def reconcile_line(line_id: Id, body: ReconcileIn, idem: IdempotencyDep) -> Response:
    """Post the line's bank entry against open items, a payment, a rule or counterparts."""
    ways = [
        bool(body.item_ids or body.counterparts),
        body.payment_id is not None,
        body.rule_id is not None,
    ]
    if sum(ways) != 1:
        raise InvalidInput(
            "give item_ids/counterparts, payment_id or rule_id (one of them)", field="body"
        )

    def operation(uow: UnitOfWork) -> LinePublic:
        view: LineView
        if body.payment_id is not None:
            view = statement_reconcile.match_payment(uow, idem.company_id, line_id, body.payment_id)
        elif body.rule_id is not None:
            view = statement_reconcile.apply_rule(uow, idem.company_id, line_id, body.rule_id)
        else:
            view = statement_reconcile.reconcile_line(uow, idem.company_id, line_id, body.command())
        return LinePublic.model_validate(view)

    return run(idem, SCOPE, body, operation, status.HTTP_200_OK)


@router.post("/{line_id}/unreconcile", response_model=LinePublic)
def unreconcile_line(line_id: Id, idem: IdempotencyDep) -> Response:
    """Reverse the line's entry, reopen what it closed; the line is open again."""

    def operation(uow: UnitOfWork) -> LinePublic:
        view = statement_unreconcile.unreconcile_line(uow, idem.company_id, line_id)
        return LinePublic.model_validate(view)

    return run(idem, f"{SCOPE}/{line_id}/unreconcile", None, operation, status.HTTP_200_OK)
