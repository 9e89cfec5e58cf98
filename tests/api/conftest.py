"""API fixtures: a TestClient on the matrix engine, acting for the seeded company."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.api.app import create_app
from asiento.services.demo import SeededCompany


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    """A client without a company header (for /companies and header tests)."""
    with TestClient(create_app(engine), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def api(engine: Engine, company: SeededCompany) -> Iterator[TestClient]:
    """A client acting for ``company`` through ``X-Company-Id``."""
    headers = {"X-Company-Id": str(company.id)}
    with TestClient(create_app(engine), headers=headers, raise_server_exceptions=False) as c:
        yield c


def entry_body(
    debit: Any = "100.00",
    credit: Any = "100.00",
    debit_account: Any = "6000",
    credit_account: Any = "1000",
    day: str = "2026-03-01",
    **extra: Any,
) -> dict[str, Any]:
    """A two-line manual entry in the JSON shape of POST /entries."""
    return {
        "journal": "MISC",
        "date": day,
        "lines": [
            {"account": debit_account, "debit": debit},
            {"account": credit_account, "credit": credit},
        ],
        **extra,
    }
