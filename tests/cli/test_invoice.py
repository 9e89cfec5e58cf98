"""``asiento invoice``: create, post, list, show, credit-note, cancel, proforma, delete."""

from __future__ import annotations

import json
from pathlib import Path

from asiento.services.demo.seed import seed_company, seed_partners_and_products
from asiento.store.session import make_engine
from asiento.store.uow import UnitOfWork
from tests.cli.conftest import Invoke


def _seed(db_url: str, **settings: object) -> None:
    engine = make_engine(db_url)
    uow = UnitOfWork.from_engine(engine)
    seeded = seed_company(uow, "Cli SL", "EUR", **settings)
    seed_partners_and_products(uow, seeded)
    engine.dispose()


def test_create_post_show_and_list(cli: Invoke, db_url: str) -> None:
    _seed(db_url)
    created = cli(
        "invoice",
        "create",
        "--partner",
        "Azure Interior",
        "--date",
        "2026-03-10",
        "--line",
        "CHAIR:3",
        "--line",
        "CONS:7.5:90.00",
        "--format",
        "json",
    )
    assert created.exit_code == 0, created.output
    draft = json.loads(created.output)
    assert (draft["state"], draft["amount_total"]) == ("draft", "1357.62")
    posted = cli("invoice", "post", str(draft["id"]))
    assert posted.exit_code == 0, posted.output
    assert "INV/2026/00001" in posted.output
    assert "│ VAT 21%   │ 1122.00 │  235.62 │" in posted.output
    listed = cli("invoice", "list", "--state", "posted", "--format", "csv")
    assert listed.output.splitlines()[1] == (
        f"{draft['id']},INV/2026/00001,customer_invoice,Azure Interior,2026-03-10,2026-03-10,"
        "posted,not_paid,1357.62"
    )


def test_file_credit_note_cancel_and_errors(cli: Invoke, db_url: str, tmp_path: Path) -> None:
    _seed(db_url)
    bill = tmp_path / "bill.yaml"
    bill.write_text(
        "partner: Wood Corner\nkind: vendor_bill\ninvoice_date: 2026-03-12\n"
        "lines:\n  - product: DESK\n    quantity: 2\n    price_unit: 300.50\n"
    )
    created = cli("invoice", "create", "--file", str(bill), "--post", "--format", "json")
    assert created.exit_code == 0, created.output
    view = json.loads(created.output)
    assert (view["number"], view["amount_total"]) == ("BILL/2026/00001", "727.21")
    line_id = view["lines"][0]["id"]
    credit = cli("invoice", "credit-note", str(view["id"]), "--line", f"{line_id}:1", "-f", "json")
    assert credit.exit_code == 0, credit.output
    assert json.loads(credit.output)["amount_total"] == "363.61"
    too_much = cli("invoice", "credit-note", str(view["id"]), "--line", f"{line_id}:2")
    assert too_much.exit_code == 1
    assert too_much.output.strip() == (
        "error: lines[0].quantity: crediting 2 of line 1 (Standing desk) but only 1 of 2 remain to credit"
    )
    cancelled = cli("invoice", "cancel", str(view["id"]), "-f", "json")
    assert json.loads(cancelled.output)["state"] == "cancelled"
    again = cli("invoice", "post", str(view["id"]))
    assert again.exit_code == 1
    assert again.output.strip() == "error: invoice is cancelled: it cannot become posted"


def test_proforma_reset_delete_and_bad_line(cli: Invoke, db_url: str) -> None:
    _seed(db_url, allow_proforma=True)
    created = cli("invoice", "create", "--partner", "Deco Addict", "--line", "BOOK:2", "-f", "json")
    invoice_id = str(json.loads(created.output)["id"])
    pro = cli("invoice", "proforma", invoice_id, "-f", "json")
    assert (json.loads(pro.output)["state"], json.loads(pro.output)["number"]) == ("proforma", None)
    assert json.loads(cli("invoice", "reset", invoice_id, "-f", "json").output)["state"] == "draft"
    deleted = cli("invoice", "delete", invoice_id)
    assert deleted.output.strip() == f"deleted invoice {invoice_id}"
    bad = cli("invoice", "create", "--partner", "Deco Addict", "--line", "BOOK")
    assert bad.exit_code == 1
    assert bad.output.strip() == (
        "error: --line 'BOOK': expected PRODUCT:QTY[:PRICE], e.g. CHAIR:3 or CONS:7.5:90.00"
    )
    zero = cli("invoice", "create", "--partner", "Deco Addict", "--line", "BOOK:0")
    assert zero.output.strip().startswith("error: lines[0].quantity")
