"""Search as you type: the partner picker at 5,000 and 100,000 partners.

Prints JSON lines per database and size P:
- ``pick_http[kind,P]``: N ``GET /pick/customer?q=...`` by a logged-in clerk (session,
  role check, search, HTML options rendered), each keystroke of typed prefixes ("m",
  "ma", "mar", ...) of existing names plus words from inside names; ``ms_per_keystroke``
  is the mean, ``p95_ms`` the 95th percentile;
- ``search_partners[kind,P]``: the same keystrokes through ``services.search`` directly.
``ratio`` = throughput / the raw limit's: the bare indexed ``SELECT id, name FROM partners
WHERE company_id = ? AND lower(name) LIKE 'mar%' ORDER BY lower(name) LIMIT 12`` (SQLite: the
``>=``/``<`` range form its planner indexes) through the DBAPI cursor, same keystrokes.
Partners are written with ``executemany`` (SQLite) or COPY (PostgreSQL) in one transaction.
``BENCH_N`` keystrokes (default 300); ``BENCH_SIZES`` (default "5000,100000");
``BENCH_DATABASES`` the databases. Each line carries the 1, 5 and 15 minute load averages.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import time
from typing import Any

from common import databases, emit, fresh_database, load
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.access import users
from asiento.services.demo.seed import seed_company
from asiento.services.search import search_partners
from asiento.store.uow import UnitOfWork

N = int(os.environ.get("BENCH_N", "300"))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "5000,100000").split(",")]
WORDS = [
    "Martin",
    "Garcia",
    "Lopez",
    "Muller",
    "Schmidt",
    "Rossi",
    "Bianchi",
    "Dubois",
    "Laurent",
    "Smith",
    "Jones",
    "Chen",
    "Wang",
    "Nakamura",
    "Silva",
    "Santos",
    "Costa",
    "Novak",
    "Kowalski",
    "Nielsen",
    "Andersen",
    "Horvat",
    "Papadopoulos",
    "Ivanov",
    "Acme",
    "Global",
    "Iberia",
    "Nordic",
    "Atlas",
    "Delta",
    "Omega",
    "Vertex",
    "Zenith",
    "Alpine",
    "Coastal",
    "Urban",
]
KINDS = ("SL", "SA", "GmbH", "Ltd", "BV", "Srl", "SAS", "Oy", "AB", "Inc")


def names(count: int, rng: random.Random) -> list[str]:
    return [
        f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)} {i}" for i in range(count)
    ]


def write_partners(engine: Engine, company_id: int, rows: list[str]) -> None:
    """The fastest plain way each driver has to load rows: one transaction."""
    raw: Any = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.executemany(
                "INSERT INTO partners (company_id, name, is_customer, is_supplier, active, "
                "payment_days) VALUES (?, ?, 1, 0, 1, '')",
                [(company_id, name) for name in rows],
            )
        else:
            with cursor.copy(
                "COPY partners (company_id, name, is_customer, is_supplier, active, payment_days) "
                "FROM STDIN"
            ) as copy:
                for name in rows:
                    copy.write_row((company_id, name, True, False, True, ""))
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def keystrokes(rows: list[str], n: int, rng: random.Random) -> list[str]:
    typed: list[str] = []
    while len(typed) < n:
        name = rng.choice(rows)
        word = name.split()[rng.randrange(2)] if rng.random() < 0.25 else name
        typed.extend(word[:k].lower() for k in range(1, min(len(word), 6) + 1))
    return typed[:n]


def raw_limit(engine: Engine, company_id: int, typed: list[str]) -> float:
    raw: Any = engine.raw_connection()
    sqlite = engine.dialect.name == "sqlite"
    sql = (
        "SELECT id, name FROM partners WHERE company_id = ? AND lower(name) >= ? "
        "AND lower(name) < ? ORDER BY lower(name) LIMIT 12"
        if sqlite
        else "SELECT id, name FROM partners WHERE company_id = %s AND lower(name) LIKE %s "
        'ORDER BY lower(name) COLLATE "C" LIMIT 12'
    )
    try:
        cursor = raw.cursor()
        start = time.perf_counter()
        for text in typed:
            args = (
                (company_id, text, text[:-1] + chr(ord(text[-1]) + 1))
                if sqlite
                else (company_id, text + "%")
            )
            cursor.execute(sql, args)
            cursor.fetchall()
        return time.perf_counter() - start
    finally:
        raw.close()


def log_in(client: TestClient, email: str, password: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    client.post("/login", data={"email": email, "password": password, "csrf_token": token[1]})


def run(kind: str, size: int) -> None:
    os.environ.setdefault("ASIENTO_SECRET_KEY", "bench-secret-key-0123456789abcdef")
    rng = random.Random(21)
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        rows = names(size, rng)
        write_partners(engine, company.id, rows)
        typed = keystrokes(rows, N, rng)
        base_s = raw_limit(engine, company.id, typed)
        start = time.perf_counter()
        found = sum(len(search_partners(uow, company.id, t, 12, role="customer")) for t in typed)
        service_s = time.perf_counter() - start
        emit(
            f"search_partners[{kind},{size}]",
            N,
            service_s,
            base_s,
            partners=size,
            ms_per_keystroke=round(1000 * service_s / N, 2),
            hits=found,
            load=load(),
        )
        password = "bench password long enough"
        users.create_user(uow, company.id, "clerk@bench.test", password, "billing_clerk")
        with TestClient(create_app(engine)) as client:
            log_in(client, "clerk@bench.test", password)
            times: list[float] = []
            for text in typed:
                t0 = time.perf_counter()
                response = client.get("/pick/customer", params={"q": text, "to": "partner"})
                times.append(time.perf_counter() - t0)
                assert response.status_code == 200 and 'role="option"' in response.text
        web_s = sum(times)
        emit(
            f"pick_http[{kind},{size}]",
            N,
            web_s,
            base_s,
            partners=size,
            ms_per_keystroke=round(1000 * web_s / N, 2),
            p95_ms=round(1000 * statistics.quantiles(times, n=20)[18], 2),
            load=load(),
        )


if __name__ == "__main__":
    for kind in databases():
        for size in SIZES:
            run(kind, size)
