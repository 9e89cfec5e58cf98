"""/recurring-invoices: templates (CRUD, archive) and the run that bills what is due."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.recurring import (
    RunIn,
    RunPublic,
    TemplatePublic,
    TemplateSummaryPublic,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.invoicing import invoice_refs, recurring_run, recurring_templates
from asiento.services.invoicing.recurring_templates import TemplateInput
from asiento.store.uow import UnitOfWork
from asiento.wire.common import Page
from asiento.wire.recurring import RecurringInvoiceIn
from asiento.wire.types import Id, Text

router = APIRouter(prefix="/recurring-invoices", tags=["recurring invoices"])


def command(uow: UnitOfWork, company_id: int, body: RecurringInvoiceIn) -> TemplateInput:
    """The request with partner, journal, product, account and tax references as ids."""
    ids = invoice_refs.resolve(uow, company_id, "customer_invoice", body.partner, body.journal,
                               body.refs())  # fmt: skip
    return body.command(ids)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_template(
    body: RecurringInvoiceIn, uow: UowDep, company_id: CompanyDep
) -> TemplatePublic:
    """A new active template, checked as the invoice it will produce."""
    view = recurring_templates.create_template(uow, company_id, command(uow, company_id, body))
    return TemplatePublic.model_validate(view)


@router.get("")
def list_templates(
    uow: UowDep,
    company_id: CompanyDep,
    state: Text | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[TemplateSummaryPublic]:
    """Templates, newest first; ``state=active`` or ``archived``."""
    rows, next_cursor = recurring_templates.page_templates(
        uow, company_id, state, cursor=cursor, limit=limit
    )
    items = [TemplateSummaryPublic.model_validate(r) for r in rows]
    return Page(items=items, next_cursor=next_cursor)


@router.post("/run")
def run(body: RunIn, uow: UowDep, company_id: CompanyDep) -> RunPublic:
    """Create (post, send) every invoice due up to ``until``: once per template and period."""
    until = body.until or dt.date.today()
    result = recurring_run.run_recurring(uow, company_id, until, body.template_id)
    return RunPublic.model_validate(result, from_attributes=True)


@router.get("/{template_id}")
def read_template(template_id: Id, uow: UowDep, company_id: CompanyDep) -> TemplatePublic:
    """The template, its next date and every invoice it produced."""
    return TemplatePublic.model_validate(
        recurring_templates.get_template(uow, company_id, template_id)
    )


@router.put("/{template_id}")
def replace_template(
    template_id: Id, body: RecurringInvoiceIn, uow: UowDep, company_id: CompanyDep
) -> TemplatePublic:
    """Rewrite an active template (the periods it billed stay billed)."""
    data = command(uow, company_id, body)
    view = recurring_templates.update_template(uow, company_id, template_id, data)
    return TemplatePublic.model_validate(view)


@router.post("/{template_id}/archive")
def archive_template(template_id: Id, uow: UowDep, company_id: CompanyDep) -> TemplatePublic:
    """Stop billing; the template stays with what it produced (409 once archived)."""
    view = recurring_templates.archive_template(uow, company_id, template_id)
    return TemplatePublic.model_validate(view)


@router.delete("/{template_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_template(template_id: Id, uow: UowDep, company_id: CompanyDep) -> Response:
    """Delete a template that never billed (409 otherwise: archive it)."""
    recurring_templates.delete_template(uow, company_id, template_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
