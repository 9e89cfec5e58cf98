"""A fresh database on a Citus cluster, distributed by company: for tests and benchmarks.

Citus creates no database on its workers. A database that is to be distributed needs
it on every node, with the extension, and the coordinator's copy must learn its
workers; then the schema is migrated on the coordinator and ``distribution.distribute``
turns it into shards. Production clusters are set up once by hand
(docs/operations.md#scaling-out-citus); this is the same procedure for throw-away
databases.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from asiento.store import distribution
from asiento.store.migrate import upgrade
from asiento.store.session import make_engine


def _node_url(coordinator_url: str, host_port: str, database: str | None = None) -> str:
    host, port = host_port.rsplit(":", 1)
    url = make_url(coordinator_url).set(host=host, port=int(port))
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def _in(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def _run(url: str, sql: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _nodes(coordinator_url: str, workers: Sequence[str]) -> list[str]:
    return [coordinator_url] + [_node_url(coordinator_url, w) for w in workers]


def create_distributed_database(
    coordinator_url: str, workers: Sequence[str], name: str, shard_count: int | None = None
) -> str:
    """Create ``name`` on the coordinator and ``workers`` ("host:port"), join them, migrate
    and distribute it into ``shard_count`` shards per table (Citus' default, 32, when
    None); returns its URL on the coordinator."""
    for node in _nodes(coordinator_url, workers):
        _run(node, f'CREATE DATABASE "{name}"')
        _run(_in(node, name), "CREATE EXTENSION citus")
    if shard_count is not None:
        _run(coordinator_url, f'ALTER DATABASE "{name}" SET citus.shard_count = {int(shard_count)}')
    url = _in(coordinator_url, name)
    engine = make_engine(url)
    coordinator = make_url(coordinator_url)
    with engine.begin() as conn:
        conn.execute(
            text("SELECT citus_set_coordinator_host(:h, :p)"),
            {"h": coordinator.host, "p": coordinator.port or 5432},
        )
        for worker in workers:
            host, port = worker.rsplit(":", 1)
            conn.execute(text("SELECT citus_add_node(:h, :p)"), {"h": host, "p": int(port)})
    upgrade(engine)
    distribution.distribute(engine)
    engine.dispose()
    return url


def drop_distributed_database(coordinator_url: str, workers: Sequence[str], name: str) -> None:
    for node in _nodes(coordinator_url, workers):
        _run(node, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
