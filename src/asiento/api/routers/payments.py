"""/payments and /invoices/{id}/register-payment: money in and out, matched with invoices."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from asiento.api.idempotency import IdempotencyDep, run
from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.payments import (
    PaymentIn,
    PaymentPublic,
    RegisterPaymentIn,
    RegisterResultPublic,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.invoicing.remittance import remittance_pdf
from asiento.services.payments import payment_docs as payments
from asiento.services.payments.register_payment import register_payment
from asiento.wire.common import Page
from asiento.wire.types import Id, Text

router = APIRouter(tags=["payments"])
SCOPE = "payments"


@router.post("/payments", status_code=status.HTTP_201_CREATED, response_model=PaymentPublic)
def create_payment(body: PaymentIn, idem: IdempotencyDep, post: bool = False) -> Response:
    """A draft payment, or with ``?post=true`` a posted one (an open credit until matched)."""
    cmd = body.command()
    return run(
        idem,
        SCOPE,
        body,
        lambda uow: PaymentPublic.model_validate(
            payments.create_payment(uow, idem.company_id, cmd, post=post)
        ),
        status.HTTP_201_CREATED,
    )


@router.get("/payments")
def list_payments(
    uow: UowDep,
    company_id: CompanyDep,
    partner_id: Id | None = None,
    state: Text | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
    q: Text | None = None,
) -> Page[PaymentPublic]:
    """``q``: entry number prefix, partner name, communication or exact amount."""
    rows, next_cursor = payments.list_payments(
        uow, company_id, partner_id=partner_id, state=state, cursor=cursor, limit=limit, q=q
    )
    return Page(items=[PaymentPublic.model_validate(p) for p in rows], next_cursor=next_cursor)


@router.get("/payments/{payment_id}")
def read_payment(payment_id: Id, uow: UowDep, company_id: CompanyDep) -> PaymentPublic:
    return PaymentPublic.model_validate(payments.get_payment(uow, company_id, payment_id))


@router.post("/payments/{payment_id}/post", response_model=PaymentPublic)
def post_payment(payment_id: Id, idem: IdempotencyDep) -> Response:
    return run(
        idem,
        SCOPE,
        None,
        lambda uow: PaymentPublic.model_validate(
            payments.post_payment(uow, idem.company_id, payment_id)
        ),
        status.HTTP_200_OK,
    )


@router.post("/payments/{payment_id}/cancel")
def cancel_payment(payment_id: Id, uow: UowDep, company_id: CompanyDep) -> PaymentPublic:
    """Unreconcile the payment and reverse its entry."""
    return PaymentPublic.model_validate(payments.cancel_payment(uow, company_id, payment_id))


@router.post("/invoices/{invoice_id}/register-payment", response_model=RegisterResultPublic)
def register(invoice_id: Id, body: RegisterPaymentIn, idem: IdempotencyDep) -> Response:
    """Pay the invoice (and ``other_invoice_ids``): full, partial, grouped or one each."""
    ids = [invoice_id, *body.other_invoice_ids]
    cmd = body.command()
    return run(
        idem,
        SCOPE,
        body,
        lambda uow: RegisterResultPublic.model_validate(
            register_payment(uow, idem.company_id, ids, cmd)
        ),
        status.HTTP_200_OK,
    )


@router.get("/payments/{payment_id}/remittance.pdf", response_class=Response)
def read_remittance(payment_id: int, uow: UowDep, company_id: CompanyDep) -> Response:
    """The payment advice of a posted outbound payment, in the supplier's language."""
    filename, pdf = remittance_pdf(uow, company_id, payment_id)
    headers = {"Content-Disposition": f'inline; filename="{filename}"'}
    return Response(pdf, media_type="application/pdf", headers=headers)
