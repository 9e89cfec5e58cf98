"""``asiento invoice einvoice ID --format ... -o FILE``."""

from __future__ import annotations

from pathlib import Path

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.cli.conftest import Invoke
from tests.einvoice.scenario import german_buyer, ready_company, several_rates


def test_writes_the_einvoice_and_refuses_a_missing_term_in_one_line(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, tmp_path: Path
) -> None:
    ready_company(uow, company)
    invoice = several_rates(
        uow, company, german_buyer(uow, company, buyer_reference=None), ref="PO-1"
    )
    target = tmp_path / "out.xml"
    result = cli("invoice", "einvoice", str(invoice.id), "--format", "ubl", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {target} (")
    assert target.read_bytes().startswith(b"<?xml")
    refused = cli("invoice", "einvoice", str(invoice.id), "--format", "xrechnung-ubl")
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        "error: the buyer reference or Leitweg-ID (BT-10) is required"
    ]
