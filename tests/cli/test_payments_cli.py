"""CLI: payment register/list, reconcile auto/manual/undo and partner open-items (both databases)."""

from __future__ import annotations

from sqlalchemy import select

from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.refunds import load_payments_demo
from asiento.store.tables import Account, Partner
from asiento.store.uow import UnitOfWork
from tests.cli.conftest import Invoke


def _payments_demo(db_url: str) -> None:
    uow = UnitOfWork.from_url(db_url)
    with uow:
        s = uow.session
        seeded = SeededCompany(1, "EUR")
        seeded.accounts = dict(s.execute(select(Account.code, Account.id)).all())
        seeded.partners = {n: i for n, i in s.execute(select(Partner.name, Partner.id)).all()}
    load_payments_demo(uow, seeded)


def test_demo_smith_and_offspring_through_the_cli(cli: Invoke, db_url: str) -> None:
    assert cli("db", "upgrade").exit_code == 0
    assert cli("demo", "load", "--no-documents").exit_code == 0
    _payments_demo(db_url)
    items = cli("partner", "open-items", "Smith and Offspring", "--format", "csv")
    assert items.exit_code == 0, items.output
    lines = items.stdout.strip().splitlines()
    assert [line.split(",")[-1] for line in lines[1:]] == ["50.00", "120.00", "70.00", "-120.00"]
    dry = cli("reconcile", "auto", "--dry-run", "--format", "csv")
    assert dry.exit_code == 0
    assert "ambiguous" in dry.stdout and "would match 0, ambiguous 1" in dry.stderr
    ids = [line.split(",")[0] for line in lines[1:]]
    manual = cli("reconcile", "manual", ids[1], ids[3])
    assert manual.exit_code == 0 and "full reconciliation 1" in manual.stdout
    undo = cli("reconcile", "undo", "1")
    assert undo.exit_code == 0 and "removed partial reconciliations 1" in undo.stdout
    paid = cli("payment", "register", "--invoice", "1", "--amount", "20.00", "--date", "2026-03-21")
    assert paid.exit_code == 0 and "invoice INV/2026/00001: partial" in paid.stderr
    listed = cli("payment", "list", "--format", "csv")
    assert listed.stdout.count("inbound") == 2
    refused = cli("reconcile", "manual", ids[0])
    assert refused.exit_code == 1 and refused.output.startswith("error: ")
