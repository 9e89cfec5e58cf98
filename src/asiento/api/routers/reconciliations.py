"""/reconciliations, /reconcile/auto and /partners/{id}/open-items."""

from __future__ import annotations

from fastapi import APIRouter, Query, status

from asiento.api.schemas.payments import (
    AutoReconcileIn,
    AutoReconcilePublic,
    OpenItemPublic,
    ReconcileIn,
    ReconcileResultPublic,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.payments import open_items, reconciliation, unreconciliation
from asiento.services.payments.auto_reconcile import auto_reconcile
from asiento.wire.types import MAX_LINES, Id

router = APIRouter(tags=["reconciliation"])


@router.post("/reconciliations", status_code=status.HTTP_201_CREATED)
def create_reconciliation(
    body: ReconcileIn, uow: UowDep, company_id: CompanyDep
) -> ReconcileResultPublic:
    """Reconcile open items of one partner and account, optionally writing off the rest."""
    result = reconciliation.reconcile(
        uow, company_id, body.item_ids, writeoff=body.writeoff_command(), created_by="api"
    )
    return ReconcileResultPublic.model_validate(result)


@router.delete("/reconciliations/{full_reconciliation_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_reconciliation(full_reconciliation_id: Id, uow: UowDep, company_id: CompanyDep) -> None:
    """Unreconcile a full reconciliation: every residual and payment state is restored."""
    unreconciliation.unreconcile(uow, company_id, full_reconciliation_id=full_reconciliation_id)


@router.delete("/reconciliations", status_code=status.HTTP_204_NO_CONTENT)
def delete_partials(
    uow: UowDep,
    company_id: CompanyDep,
    partial_id: list[Id] = Query(min_length=1, max_length=MAX_LINES),
) -> None:
    """Unreconcile partial reconciliations by id (``?partial_id=1&partial_id=2``)."""
    unreconciliation.unreconcile(uow, company_id, partial_id)


@router.post("/reconcile/auto")
def run_auto(body: AutoReconcileIn, uow: UowDep, company_id: CompanyDep) -> AutoReconcilePublic:
    """Match payments that exactly one set of open items fits; report the ambiguous ones."""
    report = auto_reconcile(uow, company_id, partner_id=body.partner_id, dry_run=body.dry_run)
    return AutoReconcilePublic.model_validate(report)


@router.get("/partners/{partner_id}/open-items")
def partner_open_items(
    partner_id: Id, uow: UowDep, company_id: CompanyDep, account_id: Id | None = None
) -> list[OpenItemPublic]:
    items = open_items.open_items(uow, company_id, partner_id, account_id)
    return [OpenItemPublic.model_validate(i) for i in items]
