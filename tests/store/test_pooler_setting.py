"""Behind pgbouncer in transaction mode, no statement is prepared on the server.

A transaction may get another server connection there, where a statement psycopg prepared
on the first does not exist; ``ASIENTO_DATABASE_POOLER=transaction`` turns psycopg's
automatic preparing off. Without it the default (prepare after 5 executions) stays.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from asiento.store.session import make_engine


def _threshold(url: str) -> int | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            for _ in range(8):
                conn.execute(text("SELECT 1"))
            threshold: int | None = conn.connection.dbapi_connection.prepare_threshold  # type: ignore[union-attr]
            return threshold
    finally:
        engine.dispose()


@pytest.mark.pg
def test_transaction_pooler_prepares_nothing(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASIENTO_DATABASE_POOLER", "transaction")
    assert _threshold(pg_database) is None


@pytest.mark.pg
def test_direct_connections_keep_preparing(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASIENTO_DATABASE_POOLER", raising=False)
    assert _threshold(pg_database) == 5
