"""/orders: the list with billing status, the order form, the detail and every action."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from asiento.domain.commands.purchase_settings import SettingsChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.orders import purchasing, sales, should_be_paid
from asiento.services.orders.purchase_settings import update_settings
from asiento.store.uow import UnitOfWork
from tests.builders.purchases import po, receive, so, stock
from tests.web.conftest import WebClient, csrf_of


@pytest.fixture
def stocked(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    return stock(uow, company)


def post(client: TestClient, url: str, data: dict[str, Any], page: str) -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)


def test_new_purchase_order_then_confirm_receive_and_bill(
    as_user: WebClient, uow: UnitOfWork, stocked: SeededCompany
) -> None:
    client = as_user("accountant")
    form = client.get("/orders/new?kind=purchase")
    assert form.status_code == 200
    assert 'hx-get="/pick/supplier?to=order-partner"' in form.text
    assert 'hx-get="/pick/product?to=ol0-product"' in form.text
    assert "Wood Corner" in client.get("/pick/supplier", params={"q": "wood"}).text
    created = post(
        client,
        "/orders/new",
        {
            "kind": "purchase",
            "partner_id": str(stocked.partners["Wood Corner"]),
            "order_date": "2026-03-02",
            "ref": "Q-7",
            "product_id": [str(stocked.products["CHAIR"]), str(stocked.products["DESK"]), ""],
            "quantity": ["10", "2", ""],
            "price_unit": ["", "290.00", ""],
        },
        "/orders/new?kind=purchase",
    )
    assert created.status_code == 303, created.text
    url = created.headers["location"]
    order_id = int(url.rsplit("/", 1)[1])
    view = purchasing.get_purchase_order(uow, stocked.id, order_id)
    assert view.state == "draft"
    assert [(str(line.quantity), str(line.price_unit)) for line in view.lines] == [
        ("10", "82.50"),
        ("2", "290.00"),
    ]
    assert view.amount_untaxed == 1405  # 10 * 82.50 + 2 * 290.00
    page = client.get(url)
    assert "Order PO00001 created." in page.text
    assert "Nothing to Bill" in page.text

    assert post(client, f"{url}/confirm", {}, url).status_code == 303
    lines = [str(line.id) for line in view.lines]
    moved = post(
        client,
        f"{url}/move",
        {"line_id": lines, "quantity": ["10", "2"], "date": "2026-03-05", "movement": "receipt"},
        url,
    )
    assert moved.status_code == 303
    assert post(client, f"{url}/document", {"invoice_date": "2026-03-06"}, url).status_code == 303
    after = purchasing.get_purchase_order(uow, stocked.id, order_id)
    assert after.billing_status == "billed"
    assert [(line.moved, line.billed, line.to_bill) for line in after.lines] == [
        (10, 10, 0),
        (2, 2, 0),
    ]
    detail = client.get(url).text
    assert "Draft bill created." in detail
    assert 'id="billing-status">Fully Billed' in detail
    listing = client.get("/orders?kind=purchase").text
    assert "PO00001" in listing
    assert "Fully Billed" in listing
    assert "1,405.00" in listing


def test_order_form_keeps_what_was_typed_on_a_refusal(
    as_user: WebClient, uow: UnitOfWork, stocked: SeededCompany
) -> None:
    client = as_user("billing_clerk")
    refused = post(
        client,
        "/orders/new",
        {
            "kind": "purchase",
            "partner_id": str(stocked.partners["Wood Corner"]),
            "order_date": "2026-03-02",
            "ref": "KEEP-ME",
            "product_id": [str(stocked.products["CHAIR"])],
            "quantity": ["-3"],
            "price_unit": ["12.5"],
        },
        "/orders/new?kind=purchase",
    )
    assert refused.status_code == 422
    assert "lines[0].quantity" in refused.text
    assert 'value="KEEP-ME"' in refused.text
    assert 'value="-3"' in refused.text
    assert 'value="12.5"' in refused.text
    assert 'id="order-partner-q" class="picker-q refills" value="Wood Corner"' in refused.text
    assert 'id="ol0-product-q" class="picker-q refills" value="Office chair"' in refused.text
    assert purchasing.list_purchase_orders(uow, stocked.id).orders == []


def test_over_receipt_is_flashed_and_nothing_recorded(
    as_user: WebClient, uow: UnitOfWork, stocked: SeededCompany
) -> None:
    order = po(uow, stocked, ("CHAIR", "5"))
    client = as_user("billing_clerk")
    url = f"/orders/purchase/{order.id}"
    response = post(
        client, f"{url}/move", {"line_id": [str(order.lines[0].id)], "quantity": ["6"]}, url
    )
    assert response.status_code == 303
    page = client.get(url).text
    assert 'class="flash error"' in page
    assert "line 1 (Office chair)" in page
    assert purchasing.list_receipts(uow, stocked.id, order.id) == []


def test_nothing_left_to_bill_is_flashed(
    as_user: WebClient, uow: UnitOfWork, stocked: SeededCompany
) -> None:
    order = po(uow, stocked, ("CHAIR", "1"))
    client = as_user("accountant")
    url = f"/orders/purchase/{order.id}"
    assert post(client, f"{url}/document", {}, url).status_code == 303
    client.get(url)
    post(client, f"{url}/document", {}, url)
    assert "nothing left to bill on this order" in client.get(url).text


def test_sales_order_deliver_and_invoice(
    as_user: WebClient, uow: UnitOfWork, stocked: SeededCompany
) -> None:
    update_settings(uow, stocked.id, SettingsChanges(invoice_policy="delivered"))
    order = so(uow, stocked, ("DESK", "3"))
    client = as_user("billing_clerk")
    url = f"/orders/sale/{order.id}"
    assert "Customer" in client.get(url).text
    post(client, f"{url}/confirm", {}, url)
    post(client, f"{url}/move", {"line_id": [str(order.lines[0].id)], "quantity": ["2"]}, url)
    assert post(client, f"{url}/document", {}, url).status_code == 303
    view = sales.get_sales_order(uow, stocked.id, order.id)
    assert [(line.moved, line.billed) for line in view.lines] == [(2, 2)]
    assert view.billing_status == "billed"  # all that was delivered is invoiced
    page = client.get(url).text
    assert "Draft invoice created." in page
    assert "Delivered" in page
    assert f'href="/invoices/{view.invoice_ids[0]}"' in page
    assert "Sales orders" in client.get("/orders?kind=sale").text


def test_cancel_and_done(as_user: WebClient, uow: UnitOfWork, stocked: SeededCompany) -> None:
    draft = po(uow, stocked, ("BOOK", "4"), confirm=False)
    confirmed = po(uow, stocked, ("BOOK", "1"))
    client = as_user("accountant")
    first = f"/orders/purchase/{draft.id}"
    second = f"/orders/purchase/{confirmed.id}"
    post(client, f"{first}/cancel", {}, first)
    post(client, f"{second}/done", {}, second)
    assert purchasing.get_purchase_order(uow, stocked.id, draft.id).state == "cancelled"
    assert purchasing.get_purchase_order(uow, stocked.id, confirmed.id).state == "done"
    page = client.get("/orders?kind=purchase&state=done").text
    assert confirmed.name in page
    assert draft.name not in page


def test_should_be_paid_shown_and_set_by_hand(
    as_user: WebClient, uow: UnitOfWork, stocked: SeededCompany
) -> None:
    update_settings(
        uow, stocked.id, SettingsChanges(bill_policy="received", three_way_matching=True)
    )
    order = po(uow, stocked, ("CHAIR", "4"))
    receive(uow, stocked, order, "4")
    client = as_user("accountant")
    url = f"/orders/purchase/{order.id}"
    post(client, f"{url}/document", {}, url)
    bill_id = purchasing.get_purchase_order(uow, stocked.id, order.id).invoice_ids[0]
    page = client.get(url).text
    assert f"created from purchase order {order.name}" in page
    set_to = post(
        client,
        f"{url}/should-be-paid",
        {"bill_id": str(bill_id), "value": "exception", "reason": "price to check"},
        url,
    )
    assert set_to.status_code == 303
    history = should_be_paid.should_be_paid_history(uow, stocked.id, bill_id)
    assert [(h.new_value, h.reason, h.manual, h.changed_by) for h in history][-1] == (
        "exception",
        "price to check",
        True,
        "Accountant",
    )
    page = client.get(url).text
    assert "set by hand" in page
    assert re.search(r'class="badge exception">Exception<', page)


def test_should_be_paid_form_is_for_accountants_only(
    as_user: WebClient, uow: UnitOfWork, stocked: SeededCompany
) -> None:
    order = po(uow, stocked, ("CHAIR", "1"))
    clerk = as_user("billing_clerk")
    url = f"/orders/purchase/{order.id}"
    post(clerk, f"{url}/document", {}, url)
    bill_id = purchasing.get_purchase_order(uow, stocked.id, order.id).invoice_ids[0]
    page = clerk.get(url).text
    assert "should-be-paid" not in page
    forced = post(
        clerk, f"{url}/should-be-paid", {"bill_id": str(bill_id), "value": "no", "reason": "x"}, url
    )
    assert forced.status_code == 403
    assert should_be_paid.should_be_paid_history(uow, stocked.id, bill_id) == []


def test_unknown_kind_and_order_are_404(as_user: WebClient, stocked: SeededCompany) -> None:
    client = as_user("auditor")
    assert client.get("/orders?kind=rental").status_code == 404
    assert client.get("/orders/purchase/999999").status_code == 404


def test_orders_and_settings_speak_spanish_and_chinese(
    as_user: WebClient, uow: UnitOfWork, stocked: SeededCompany
) -> None:
    order = po(uow, stocked, ("CHAIR", "1250"))
    receive(uow, stocked, order, "1250")
    client = as_user("admin")
    post(client, "/language", {"lang": "es", "next": "/"}, "/")
    detail = client.get(f"/orders/purchase/{order.id}").text
    assert "Pedidos de compra" in detail
    assert "Facturas pendientes" in detail
    assert ">1.250<" in detail  # quantities in the reader's notation
    assert "103.125,00" in detail  # 1250 * 82.50
    assert "Tolerancia de recepción (%)" in client.get("/settings").text
    post(client, "/language", {"lang": "zh", "next": "/"}, "/")
    assert "付款条件" in client.get("/settings/terms").text
    assert "采购订单" in client.get("/orders").text
