"""Engine and session factory, configured per database.

SQLite: WAL, foreign keys on, a generous busy timeout, and every transaction
opened with ``BEGIN IMMEDIATE`` so that concurrent writers queue at the start
instead of failing half-way (this is what makes sequences gapless there).
PostgreSQL: psycopg 3, READ COMMITTED with explicit row locks.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from asiento.store import reference_writes, tenancy

DEFAULT_URL = "sqlite:///asiento.db"


def database_url() -> str:
    """``ASIENTO_DATABASE_URL``, or an SQLite file ``./asiento.db``."""
    return os.environ.get("ASIENTO_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the per-dialect settings above."""
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60}, **kwargs)
        _configure_sqlite(engine)
    else:
        kwargs.setdefault("pool_pre_ping", True)
        if os.environ.get("ASIENTO_DATABASE_POOLER") == "transaction":
            # behind pgbouncer in transaction mode each transaction may get another server
            # connection: a statement prepared on one is unknown on the next
            kwargs.setdefault("connect_args", {})["prepare_threshold"] = None
        engine = create_engine(url, **kwargs)
    reference_writes.watch(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    tenancy.watch(factory)
    return factory
