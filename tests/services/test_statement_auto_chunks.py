"""The automatic pass reads open lines a chunk at a time: the outcome must not depend on it."""

from __future__ import annotations

import pytest

from asiento.services.bank import statement_auto
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.services.test_statement_reconcile import (
    test_the_automatic_pass_matches_references_payments_rules_and_refuses_ambiguity as whole_pass,
)


@pytest.mark.parametrize("chunk", [1, 2])
def test_the_pass_decides_the_same_whatever_the_chunk_size(
    uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # Chunks of 1 and 2 lines: the session is emptied between lines that claim
    # items, payments and rules; every figure of the whole-pass test must hold.
    monkeypatch.setattr(statement_auto, "LINE_CHUNK", chunk)
    whole_pass(uow, company)
