"""Create and post three-line invoices through the JSON API, one request per invoice.

Prints one JSON line per database (bench/common.py: per_second, ratio, peak_rss_mb, cores):
- ``api_create_post``: N ``POST /api/v1/invoices?post=true`` by one client with a bearer token
  and an ``Idempotency-Key`` each, products and partner named by code and name, in one worker
  process (the FastAPI ``TestClient``: the whole ASGI stack, no socket). ``per_second`` is
  invoices per second per worker; ``statements_per_request`` counts every statement the
  request sends (token check and SQLite's ``BEGIN IMMEDIATE`` included),
  ``transactions_per_request`` the transactions it opens.
- ``harness_ms_per_request``: a ``GET /healthz`` through the same client, timed alone: what the
  ``TestClient`` itself (its thread hop per request) costs, which no worker behind a socket pays
  in the same way; read the per-request time with it.
- ``ratio`` compares with the same raw limit as ``bench_invoices.py``: one plain DBAPI
  transaction per invoice with the same rows (``bench/raw.py``).
- ``api_create_post_live``: the same requests to a live uvicorn worker (one process, as
  ``asiento serve`` runs it) over loopback HTTP, from ``--clients`` client threads with a
  keep-alive connection each: what one worker serves behind a socket, with none of the
  ``TestClient``'s thread hops; the client shares the machine's cores with the worker and
  the database. Statements are not counted there (the server is another process).

``--n`` (or ``BENCH_N``, default 1,000); ``--clients`` (or ``BENCH_CLIENTS``, default 1,2);
``BENCH_DATABASES=sqlite`` limits the databases.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx
from bench_invoices import PRODUCTS, START, inputs, raw_insert
from common import ROOT, StatementCounter, databases, emit, fresh_database, load, timed
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from asiento.app import create_app
from asiento.services.access import tokens, users
from asiento.services.demo.seed import seed_company, seed_partners_and_products
from asiento.store.uow import UnitOfWork

# the live worker is awaited as the concurrency tests await theirs
sys.path.insert(0, str(ROOT))
from tests.concurrency.conftest import wait_ready

HARNESS_N = 500
"""Requests of the harness floor (``GET /healthz``)."""


def bodies(n: int) -> list[dict[str, Any]]:
    """The requests of ``bench_invoices.inputs``: same partners, products, quantities, dates."""
    names = ("Smith and Offspring", "Azure Interior")
    return [
        {
            "partner": names[i % 2],
            "invoice_date": (START + timedelta(days=i % 360)).isoformat(),
            "lines": [
                {"product": p, "quantity": str(1 + (i + k) % 5)} for k, p in enumerate(PRODUCTS)
            ],
        }
        for i in range(n)
    ]


def requests(client: TestClient, data: list[dict[str, Any]], first: int = 0) -> None:
    for n, body in enumerate(data, first):
        answer = client.post(
            "/api/v1/invoices?post=true", json=body, headers={"Idempotency-Key": f"bench-{n}"}
        )
        assert answer.status_code == 201, answer.text


def run(kind: str, n: int, clients: list[int]) -> None:
    os.environ.setdefault("ASIENTO_SECRET_KEY", "bench-secret-key-0123456789abcdef")
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        seed_partners_and_products(uow, company)
        users.create_user(uow, company.id, "api@bench.test", "bench password long enough", "admin")
        token = tokens.create_token(uow, company.id, "api@bench.test").token
        raw_seconds = raw_insert(engine, company, inputs(company, n))
        data = bodies(n + 1)
        headers = {"Authorization": f"Bearer {token}"}
        with TestClient(create_app(engine), headers=headers) as client:
            requests(client, data[:1])  # warms the reference cache and the token's last use
            with StatementCounter(engine) as sql, _transactions(engine) as begun:
                seconds, _ = timed(lambda: requests(client, data[1:], 1))
            harness, _ = timed(lambda: [client.get("/healthz") for _ in range(HARNESS_N)])
        emit(
            f"api_create_post[{kind}]",
            n,
            seconds,
            raw_seconds,
            lines_per_invoice=3,
            raw_per_second=round(n / raw_seconds, 1),
            statements_per_request=round(sql.count / n, 1),
            transactions_per_request=round(len(begun) / n, 1),
            ms_per_request=round(1000 * seconds / n, 2),
            harness_ms_per_request=round(1000 * harness / HARNESS_N, 2),
            load=load(),
        )
        url = engine.url.render_as_string(hide_password=False)
        for k, count in enumerate(clients):
            batch = bodies(n * (k + 2) + 1)[n * (k + 1) + 1 :]  # dates and keys not used before
            seconds = live(url, headers, batch, count, first=n * (k + 1) + 1)
            emit(f"api_create_post_live[{kind}]", n, seconds, raw_seconds, clients=count,
                 workers=1, ms_per_request=round(1000 * seconds / n, 2), load=load())  # fmt: skip


def live(url: str, headers: dict[str, str], data: list[dict[str, Any]], clients: int,
         first: int) -> float:  # fmt: skip
    """Seconds for ``data`` posted to a live uvicorn worker by ``clients`` threads."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    command = [sys.executable, "-m", "uvicorn", "asiento.app:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
               "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, env=dict(os.environ, ASIENTO_DATABASE_URL=url))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, server)
        parts = [data[k::clients] for k in range(clients)]

        def post(k: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                for n, body in enumerate(parts[k]):
                    key = {"Idempotency-Key": f"live-{first}-{k}-{n}"}
                    answer = client.post("/api/v1/invoices?post=true", json=body, headers=key)
                    assert answer.status_code == 201, answer.text

        with ThreadPoolExecutor(clients) as pool:
            seconds, _ = timed(lambda: list(pool.map(post, range(clients))))
        return seconds
    finally:
        server.terminate()
        server.wait(30)


class _transactions:
    """The transactions begun on ``engine`` while the block runs (``len`` of the list)."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.begun = engine, list[object]()

    def _on_begin(self, conn: object) -> None:
        self.begun.append(conn)

    def __enter__(self) -> list[object]:
        event.listen(self.engine, "begin", self._on_begin)
        return self.begun

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "begin", self._on_begin)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", "1000")))
    parser.add_argument("--clients", default=os.environ.get("BENCH_CLIENTS", "1,2"))
    args = parser.parse_args()
    for kind in databases():
        run(kind, args.n, [int(c) for c in args.clients.split(",") if c])
