"""``asiento verify`` names the first document whose stored figures disagree with the ledger."""

from __future__ import annotations

import json

from sqlalchemy import text

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.cli.conftest import Invoke


def test_verify_reports_documents_then_the_raised_total(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = customer(uow, company)
    inv = posted(
        uow, company, invoice_input(partner, line("80.00", account_id=company.accounts["4000"]))
    )
    clean = cli("verify", "-f", "json")
    assert clean.exit_code == 0, clean.output
    assert json.loads(clean.stdout)["documents"] == {
        "invoices": 1,
        "payments": 0,
        "items": 2,
        "status": "ok",
        "first_broken": None,
        "reason": None,
    }
    with uow:
        uow.session.execute(
            text("UPDATE invoices SET amount_total = 9000 WHERE id = :i"), {"i": inv.id}
        )
        uow.commit()
    broken = cli("verify")
    assert broken.exit_code == 1
    assert broken.stderr == (
        f"error: invoice INV/2026/00001 (id {inv.id}): amount_total 9000 but its entry's "
        "partner items total 8000 (minor units)\n"
    )
