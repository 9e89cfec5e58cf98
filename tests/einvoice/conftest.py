"""Session-wide compiled Schematron rule sets (saxonche compiles slowly: once per session)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.einvoice.schematron import RuleSets


@pytest.fixture(scope="session")
def rule_sets() -> Iterator[RuleSets]:
    yield RuleSets()
