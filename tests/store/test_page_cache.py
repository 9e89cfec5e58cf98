"""``store.long_runs.page_cache``: SQLite's page cache is ``PASS_CACHE_MIB`` while the block
runs, in the same transaction, and the pooled connection's own size comes back after it;
PostgreSQL (shared buffers, no cache per connection) is sent nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from asiento.store.long_runs import PASS_CACHE_MIB, page_cache
from asiento.store.uow import UnitOfWork
from tests.sql_counter import counting


def _cache_size(session: Session) -> int:
    return int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar_one())


def test_the_block_gets_its_cache_and_the_connection_gets_its_own_back(
    uow: UnitOfWork, engine: Engine
) -> None:
    with uow:
        s = uow.session
        if engine.dialect.name != "sqlite":
            with counting(engine) as sent, page_cache(s):
                pass
            assert sent == []
            return
        before = _cache_size(s)
        with page_cache(s):
            assert _cache_size(s) == -PASS_CACHE_MIB * 1024  # KiB, as SQLite counts a negative size
        assert _cache_size(s) == before != -PASS_CACHE_MIB * 1024


def test_the_cache_is_given_back_when_the_block_fails(uow: UnitOfWork, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL: see the test above, nothing is sent")
    with uow:
        s = uow.session
        before = _cache_size(s)
        with pytest.raises(RuntimeError, match="refused"), page_cache(s, 3):
            assert _cache_size(s) == -3 * 1024
            raise RuntimeError("refused")
        assert _cache_size(s) == before
