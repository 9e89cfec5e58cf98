"""The read model of the order pages: documents with their verdict, names, products."""

from __future__ import annotations

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.orders import order_documents as docs
from asiento.services.orders import purchasing, should_be_paid
from asiento.services.orders.purchase_bills import create_bill
from asiento.store.uow import UnitOfWork
from tests.builders.purchases import D, po, receive, set_payment_state, stock


def test_documents_carry_the_verdict_as_it_stands_now(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    stock(uow, company, bill_policy="received", three_way_matching=True)
    order = po(uow, company, ("CHAIR", "4"))
    receive(uow, company, order, "4")
    bill = create_bill(uow, company.id, order.id)
    (doc,) = docs.order_documents(uow, company.id, [bill.id])
    assert (doc.kind, doc.state, doc.amount_total, doc.currency) == (
        "vendor_bill",
        "draft",
        D("399.30"),  # 4 * 82.50 + 21 %
        "EUR",
    )
    assert (doc.should_be_paid, doc.should_be_paid_reason, doc.should_be_paid_manual) == (
        "yes",
        f"created from purchase order {order.name}",
        False,
    )
    should_be_paid.set_should_be_paid(uow, company.id, bill.id, "exception", "check", "me")
    assert docs.order_documents(uow, company.id, [bill.id])[0].should_be_paid_manual
    set_payment_state(uow, bill.id, "paid")
    assert docs.order_documents(uow, company.id, [bill.id])[0].should_be_paid == "no"


def test_reads_are_scoped_to_the_company(uow: UnitOfWork, company: SeededCompany) -> None:
    stock(uow, company)
    other = stock(uow, seed_company(uow, "Other SA", "EUR"))
    order = po(uow, other, ("DESK", "1"))
    bill = create_bill(uow, other.id, order.id)
    assert docs.order_documents(uow, company.id, [bill.id]) == []
    assert docs.order_documents(uow, company.id, []) == []
    wood = other.partners["Wood Corner"]
    assert docs.partner_names(uow, company.id, [wood]) == {}
    assert docs.partner_names(uow, other.id, [wood]) == {wood: "Wood Corner"}
    desk = other.products["DESK"]
    assert docs.product_codes(uow, company.id, [desk]) == {}
    assert docs.product_codes(uow, other.id, [desk]) == {desk: "DESK"}
    choices = docs.product_choices(uow, company.id)
    assert [(p.code, p.purchase_price) for p in choices] == [
        ("BOOK", D("21.00")),
        ("CHAIR", D("82.50")),
        ("CONS", D("0")),
        ("DESK", D("301.00")),
    ]
    assert purchasing.list_purchase_orders(uow, company.id).orders == []
