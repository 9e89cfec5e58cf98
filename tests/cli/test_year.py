"""``asiento year status|close|reopen`` (both databases)."""

from __future__ import annotations

import json
from datetime import date

from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import entries as ledger
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple, simple_entry
from tests.cli.conftest import Invoke


def test_status_lists_blockers_and_close_refuses_in_one_line(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company, debit_account="1000", credit_account="4000", amount="80.00")
    draft = ledger.create_entry(uow, company.id, simple_entry(day=date(2026, 9, 1), ref="dep"))
    shown = cli("year", "status", "2026")
    assert shown.exit_code == 0, shown.output
    assert f"- entry {draft.id}: draft entry MISC dep (2026-09-01) is a draft" in shown.stdout
    refused = cli("year", "close", "2026")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: fiscal year 2026 cannot be closed: 1 document(s)")


def test_close_and_reopen(cli: Invoke, uow: UnitOfWork, company: SeededCompany) -> None:
    post_simple(uow, company, debit_account="1000", credit_account="4000", amount="80.00")
    closed = cli("year", "close", "2026", "-f", "json")
    assert closed.exit_code == 0, closed.output
    body = json.loads(closed.stdout)
    assert (body["state"], body["net_result"], body["lock_date"]) == ("closed", "80.00",
                                                                      "2026-12-31")  # fmt: skip
    reopened = cli("year", "reopen", "2026", "--reason", "correction", "-f", "json")
    assert reopened.exit_code == 0, reopened.output
    assert json.loads(reopened.stdout)["state"] == "open"
