"""``asiento po``, ``asiento so`` and ``asiento bill``: the purchase and sales flows at a terminal."""

from __future__ import annotations

import json

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.builders.purchases import set_payment_state, stock
from tests.cli.conftest import Invoke


def test_po_create_receive_bill_and_bills_to_pay(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    stock(uow, company, bill_policy="received", three_way_matching=True)
    created = cli("po", "create", "--partner", "Wood Corner", "--line", "CHAIR:10",
                  "--line", "BOOK:5:20.00", "--date", "2026-03-02", "--confirm", "-f", "json")  # fmt: skip
    assert created.exit_code == 0, created.output
    order = json.loads(created.stdout)
    assert (order["name"], order["state"], order["billing_status_label"]) == (
        "PO00001",
        "confirmed",
        "Nothing to Bill",
    )
    refused = cli("po", "bill", str(order["id"]))
    assert refused.exit_code == 1
    assert "nothing received yet" in refused.output
    received = cli("po", "receive", str(order["id"]), "--line", "1:4", "--line", "2:5", "-f", "csv")
    assert received.exit_code == 0, received.output
    assert received.stdout.splitlines()[1:] == [
        "1,1,Office chair,10,4,0,4,waiting",
        "2,4,Accounting handbook,5,5,0,5,waiting",
    ]
    billed = cli("po", "bill", str(order["id"]), "--date", "2026-03-06")
    assert billed.exit_code == 0, billed.output
    assert billed.stdout == "draft bill 1 for 509.30 EUR (2 lines) from purchase order 1\n"
    listed = cli("po", "list", "-f", "csv")
    assert listed.stdout.splitlines()[1].endswith(",Fully Billed")
    assert cli("bill", "list", "--to-pay", "-f", "csv").stdout.count("\n") == 1  # header only
    bills = cli("bill", "list", "-f", "json")
    assert [(b["id"], b["should_be_paid"]) for b in json.loads(bills.stdout)] == [(1, "yes")]
    over = cli("bill", "should-be-paid", "1", "exception", "--reason", "damaged", "--user", "maria")
    assert over.stdout == "bill 1: should be paid exception (damaged, by maria)\n"
    history = cli("bill", "history", "1", "-f", "json")
    assert [(h["changed_by"], h["new_value"]) for h in json.loads(history.stdout)] == [
        ("system", "yes"),
        ("maria", "exception"),
    ]


def test_po_receive_beyond_tolerance_is_one_line_error_and_changes_nothing(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    stock(uow, company)
    assert (
        cli("po", "create", "--partner", "Wood Corner", "--line", "DESK:2", "--confirm").exit_code
        == 0
    )
    before = row_counts(uow)
    result = cli("po", "receive", "1", "--line", "1:3")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: line 1 (Standing desk): receiving 3 brings the received quantity to 3, "
        "above the ordered 2 plus 0% tolerance (2)\n"
    )
    negative = cli("po", "create", "--partner", "Wood Corner", "--line", "DESK:-2")
    assert negative.exit_code == 1
    assert "lines[0].quantity: quantity must be positive, got -2" in negative.stderr
    assert row_counts(uow) == before


def test_so_waits_for_payment_before_delivery(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    stock(uow, company)
    created = cli("so", "create", "--partner", "Smith and Offspring", "--line", "CHAIR:2",
                  "--wait-for-payment", "-f", "json")  # fmt: skip
    assert created.exit_code == 0, created.output
    confirmed = cli("so", "confirm", "1")
    assert "draft invoice 1 created: delivery waits for its payment" in confirmed.stdout
    refused = cli("so", "deliver", "1", "--line", "1:2")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: sales order SO00001 waits for payment: invoice 1 (draft) is not paid; "
        "deliver once it is paid\n"
    )
    set_payment_state(uow, 1, "paid")
    delivered = cli("so", "deliver", "1", "--line", "1:2", "-f", "csv")
    assert delivered.exit_code == 0, delivered.output
    assert delivered.stdout.splitlines()[1] == "1,1,Office chair,2,2,2,0,billed"
    nothing = cli("so", "invoice", "1")
    assert nothing.stderr == "error: Invalid Operation: nothing left to bill on this order\n"
    assert cli("so", "list", "-f", "csv").stdout.splitlines()[1].startswith("1,SO00001,confirmed")
