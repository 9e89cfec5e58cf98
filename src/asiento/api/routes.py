"""The JSON API's routes: every resource router, in an explicit order, under ``/api/v1``.

The order is match order. A router whose literal paths (``/invoices/batch/post`` in
``invoice_documents``) would be swallowed by another's parameters
(``/invoices/{id}/post`` in ``invoices``) comes first; the rest follow by name.
"""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter, Depends, Request

from asiento.api.routers import (
    access,
    accounting_settings,
    accounts,
    bank_accounts,
    bills,
    companies,
    csv_profiles,
    currencies,
    entries,
    followups,
    imports,
    invoice_documents,
    invoices,
    journals,
    partners,
    payment_terms,
    payments,
    products,
    purchase_orders,
    reconciliation_rules,
    reconciliations,
    recurring_invoices,
    reports,
    sales_orders,
    statement_lines,
    statements,
    taxes,
    verify,
    years,
)
from asiento.http.deps import get_principal

API_PREFIX: Final = "/api/v1"

ROUTERS: Final[tuple[APIRouter, ...]] = (
    access.router,
    accounting_settings.router,
    accounts.router,
    bank_accounts.router,
    bills.router,
    companies.router,
    csv_profiles.router,
    currencies.router,
    entries.router,
    followups.router,
    imports.router,
    invoice_documents.router,
    invoices.router,
    journals.router,
    partners.router,
    payment_terms.router,
    payments.router,
    products.router,
    purchase_orders.router,
    reconciliation_rules.router,
    reconciliations.router,
    recurring_invoices.router,
    reports.router,
    sales_orders.router,
    statement_lines.router,
    statements.router,
    taxes.router,
    verify.router,
    years.router,
)


OWN_TOKEN_CHECK: tuple[APIRouter, ...] = (invoices.in_transaction,)
"""Routes that check the token themselves, as the first statement of their one transaction
(``http.deps.RequestTransactionDep``, which needs a valid token just the same)."""


def api_router() -> APIRouter:
    """``/api/v1``: every route needs a valid API token (``get_principal``, or the route's own
    ``RequestTransactionDep``)."""
    api = APIRouter(prefix=API_PREFIX)
    for router in OWN_TOKEN_CHECK:
        api.include_router(router)
    checked = APIRouter(dependencies=[Depends(get_principal)])
    for router in ROUTERS:
        checked.include_router(router)
    api.include_router(checked)
    return api


def healthz(request: Request) -> dict[str, str]:
    """Liveness plus the dialect, so an operator sees which database is wired in."""
    return {"status": "ok", "database": str(request.app.state.engine.dialect.name)}
