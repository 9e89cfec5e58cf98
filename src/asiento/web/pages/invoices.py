"""Lists of invoices (with credit notes) and bills (with vendor credit notes), and batch actions.

Filters arrive as plain query strings (an empty select sends ``partner=``),
so they are read leniently: a value that is not a date or an id is dropped
rather than refused. Paging follows the services' keyset cursor. A batch
runs ``services.invoice_batch.run_batch`` on the ticked rows, exactly as the
API does, and shows what was done and what failed with its reason; ``print``
answers the ZIP of PDFs (or, when some failed, the failures and a button to
download the others).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.payment_state import PAYMENT_STATES
from asiento.http.deps import UowDep
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_batch import BatchSelection, run_batch
from asiento.services.invoicing.invoice_form import form_choices
from asiento.services.invoicing.invoice_inputs import InvoiceFilter
from asiento.services.search import search_invoices
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import optional_id
from asiento.web.i18n import gettext
from asiento.web.pages.invoice_fields import CUSTOMER_TYPES, VENDOR_TYPES
from asiento.web.templating import render

router = APIRouter()
PAGE_SIZE = 50
SEARCH_LIMIT = 200
STATES = ("draft", "proforma", "posted", "cancelled")


@dataclass(frozen=True, slots=True)
class ListQuery:
    """The filters as shown back in the form (strings) and as the service takes them."""

    state: str = ""
    payment_state: str = ""
    partner: str = ""
    date_from: str = ""
    date_to: str = ""
    overdue: bool = False
    q: str = ""

    def filter(self, kinds: tuple[str, ...], ids: tuple[int, ...] | None = None) -> InvoiceFilter:
        return InvoiceFilter(
            state=self.state if self.state in STATES else None,
            payment_state=self.payment_state if self.payment_state in PAYMENT_STATES else None,
            partner_id=optional_id(self.partner),
            date_from=_day(self.date_from),
            date_to=_day(self.date_to),
            overdue=self.overdue,
            kinds=kinds,
            ids=ids,
        )

    def query_string(self, cursor: str) -> str:
        values = {
            "state": self.state,
            "payment_state": self.payment_state,
            "partner": self.partner,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "overdue": "1" if self.overdue else "",
            "q": self.q,
            "cursor": cursor,
        }
        return urlencode({k: v for k, v in values.items() if v})


def _partner_label(uow: UnitOfWork, company_id: int, kind: str, partner: str) -> str:
    """The name the partner picker shows for the filter's partner (only that one is read)."""
    if not partner.isdigit():
        return ""
    chosen = form_choices(uow, company_id, kind, partner_ids=[int(partner)], product_ids=())
    return chosen.partners[0].label if chosen.partners else ""


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get("/invoices")
@router.get("/bills")
def list_page(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    state: str = "",
    payment_state: str = "",
    partner: str = "",
    date_from: str = "",
    date_to: str = "",
    overdue: str = "",
    cursor: str = "",
    q: str = "",
) -> Response:
    area = request.url.path.strip("/")
    types = VENDOR_TYPES if area == "bills" else CUSTOMER_TYPES
    query = ListQuery(
        state, payment_state, partner, date_from, date_to, overdue in ("1", "on"), q.strip()
    )
    ids = None
    if query.q:  # number, partner, reference or amount: what the search service finds
        found = search_invoices(uow, principal.company_id, query.q, SEARCH_LIMIT, area == "bills")
        ids = tuple(h.id for h in found)
    result = invoices.list_invoices(
        uow, principal.company_id, query.filter(types, ids), cursor=cursor or None, limit=PAGE_SIZE
    )
    return render(
        request,
        "invoices/list.html",
        area=area,
        rows=result.invoices,
        query=query,
        next_url=f"/{area}?{query.query_string(result.next_cursor)}" if result.next_cursor else "",
        first_url=f"/{area}?{query.query_string('')}" if cursor else "",
        partner_label=_partner_label(uow, principal.company_id, types[0], query.partner),
        states=STATES,
        payment_states=PAYMENT_STATES,
    )


@router.post("/invoices/batch", dependencies=[Csrf])
@router.post("/bills/batch", dependencies=[Csrf])
def batch(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    action: Annotated[str, Form()],
    ids: Annotated[list[int] | None, Form()] = None,
) -> Response:
    """Run ``action`` on the ticked documents, each in its own transaction."""
    area = request.url.path.split("/")[1]
    if not ids:
        return session.flashed(f"/{area}", gettext("Tick at least one document."), "error")
    result = run_batch(uow, principal.company_id, action, BatchSelection(ids=tuple(ids or ())))
    if result.archive is not None and result.done and not result.failed:
        headers = {"Content-Disposition": f'attachment; filename="{area}.zip"'}
        return Response(result.archive, media_type="application/zip", headers=headers)
    numbers = _numbers(uow, principal.company_id, result.done)
    return render(request, "invoices/batch.html", area=area, result=result, numbers=numbers)


def _numbers(uow: UowDep, company_id: int, ids: list[int]) -> dict[int, str]:
    """The number (or id) of each done document; a page holds at most ``PAGE_SIZE`` rows."""
    shown = ids[: PAGE_SIZE * 2]
    views = (invoices.get_invoice(uow, company_id, i) for i in shown)
    return {v.id: v.number or f"#{v.id}" for v in views}
