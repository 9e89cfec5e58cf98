"""Payments: the list (search box, state, partner, amount, date) and one payment with its entry.

Payments are made from an invoice's page ("Register payment"); here they are
read, filtered by state and partner, and paged by the services' cursor.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from asiento.http.deps import UowDep
from asiento.services.invoicing.invoice_form import form_choices
from asiento.services.payments import payment_docs as payments
from asiento.services.payments.invoice_settlement import payment_settlement
from asiento.web.deps import PagePrincipal
from asiento.web.form_values import optional_id
from asiento.web.templating import render

router = APIRouter()
PAGE_SIZE = 50
STATES = ("draft", "posted", "cancelled")


@router.get("/payments")
def list_page(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    state: str = "",
    partner: str = "",
    cursor: str = "",
    q: str = "",
) -> Response:
    q = q.strip()
    rows, next_cursor = payments.list_payments(
        uow,
        principal.company_id,
        partner_id=optional_id(partner),
        state=state if state in STATES else None,
        cursor=cursor or None,
        limit=PAGE_SIZE,
        q=q or None,
    )
    # only the partners shown (rows and filter) are read: the filter is a picker
    shown = {r.partner_id for r in rows if r.partner_id} | _ids(partner)
    choices = form_choices(uow, principal.company_id, "customer_invoice", shown, product_ids=())
    names = {p.id: p.label for p in choices.partners}
    journals = {j.id: j.label for j in choices.payment_journals}
    query = urlencode([(k, v) for k, v in (("q", q), ("state", state), ("partner", partner)) if v])
    next_url = f"/payments?{query}&cursor={next_cursor}" if next_cursor else ""
    return render(
        request,
        "invoices/payments.html",
        rows=rows,
        names=names,
        journals=journals,
        partner_label=names.get(int(partner), "") if partner.isdigit() else "",
        states=STATES,
        state=state,
        partner=partner,
        q=q,
        next_url=next_url.replace("?&", "?"),
        first_url=f"/payments?{query}" if cursor else "",
    )


@router.get("/payments/{payment_id:int}")
def detail(request: Request, payment_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    payment = payments.get_payment(uow, principal.company_id, payment_id)
    entry, settled = payment_settlement(uow, principal.company_id, payment_id)
    shown = [payment.partner_id] if payment.partner_id else []
    choices = form_choices(uow, principal.company_id, "customer_invoice", shown, product_ids=())
    return render(
        request,
        "invoices/payment.html",
        p=payment,
        entry=entry,
        settled_invoices=settled,
        partner_name={c.id: c.label for c in choices.partners}.get(payment.partner_id or 0, ""),
        journal={j.id: j.label for j in choices.payment_journals}.get(payment.journal_id, ""),
    )


def _ids(text: str) -> set[int]:
    return {int(text)} if text.isdigit() else set()
