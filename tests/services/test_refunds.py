"""A full refund: credit note for everything, posted and reconciled with the invoice."""

from __future__ import annotations

from decimal import Decimal

from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.invoicing.refunds import refund_invoice
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted


def test_refund_reverses_the_invoice(uow: UnitOfWork, company: SeededCompany) -> None:
    acme = customer(uow, company)
    data = invoice_input(acme, line("75.00", "2", account_id=company.accounts["4000"]))
    inv = posted(uow, company, data).id
    result = refund_invoice(uow, company.id, inv, "returned goods")
    assert result.full_reconciliation_id is not None
    view = invoices.get_invoice(uow, company.id, inv)
    assert (view.payment_state, view.amount_residual) == ("reversed", Decimal("0.00"))


def test_a_clerk_may_not_refund_and_nothing_is_stored(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    import pytest

    from asiento.domain.access import Principal, Role
    from asiento.domain.errors import Forbidden
    from asiento.services.access import principal as access

    acme = customer(uow, company)
    data = invoice_input(acme, line("75.00", "2", account_id=company.accounts["4000"]))
    inv = posted(uow, company, data).id
    access.set_principal(Principal(1, company.id, Role.BILLING_CLERK, "Clara"))
    try:
        with pytest.raises(Forbidden):
            refund_invoice(uow, company.id, inv, "returned goods")
    finally:
        access.set_principal(None)
    view = invoices.get_invoice(uow, company.id, inv)
    assert (view.payment_state, view.amount_residual) == ("not_paid", Decimal("150.00"))
    assert len(invoices.list_invoices(uow, company.id).invoices) == 1
