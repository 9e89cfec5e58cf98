"""The web report pages on a big ledger: one HTML page of a general ledger, and the CSV export.

Loads the ledger of ``bench_reports`` (``N`` journal items, default 100,000)
and, through the real app (TestClient, a logged-in auditor), times:

- ``web_gl_page_1``: the first page (200 rows) of the bank account's general
  ledger for the whole period -- the page reads only the rows it shows;
- ``web_gl_page_last``: a page near the end (the cursor is read up to it);
- ``web_gl_csv``: the CSV export of the same ledger, streamed.

``ratio`` compares each against the bare window-function SELECT of all the
ledger's lines (``bench_reports.BARE_GL``) in the same run. Peak RSS shows the
HTML page does not hold the ledger in memory; ``python_peak_mb`` is the peak of
Python allocations during the request alone (``tracemalloc``): a page's stays
flat whatever the ledger's size, the CSV response is built from streamed chunks.
Both sides pay the database's sort for the running balance (a window over the
whole period), so page 1 is not cheaper than one full read of the lines.
"""

from __future__ import annotations

import os
import re
import tracemalloc
from typing import Any

from bench_reports import AS_OF, BARE_GL, _bare, load
from common import databases, emit, fresh_database, timed
from fastapi.testclient import TestClient

from asiento.app import create_app
from asiento.services.access import users
from asiento.store.uow import UnitOfWork
from asiento.web.pages.reports import PAGE_SIZE

PASSWORD = "bench password 123"
QUERY = f"date_from=2025-01-01&date_to={AS_OF}&account_from=1000&account_to=1000"


def _client(engine: Any, company_id: int) -> TestClient:
    os.environ.setdefault("ASIENTO_SECRET_KEY", "bench-secret-key-0123456789abcdef")
    users.create_user(UnitOfWork.from_engine(engine), company_id, "a@bench.test", PASSWORD,
                      "auditor", name="Auditor")  # fmt: skip
    client = TestClient(create_app(engine))
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    form = {"email": "a@bench.test", "password": PASSWORD, "csrf_token": token.group(1)}
    client.post("/login", data=form)
    return client


def _rows(html: str) -> int:
    return html.split('<table class="report">')[1].count("<tr><td")


def run(kind: str) -> None:
    with fresh_database(kind) as engine:
        c = load(engine)
        client = _client(engine, c.id)
        params = {"c": c.id, "start": AS_OF.replace(year=2025, month=1, day=1), "end": AS_OF,
                  "acc": c.accounts["1000"]}  # fmt: skip
        lines = _bare(engine, BARE_GL, params)
        bare_seconds, _ = timed(lambda: _bare(engine, BARE_GL, params))
        last = max(lines // PAGE_SIZE, 1)
        for name, url in (
            ("web_gl_page_1", f"/reports/general-ledger?{QUERY}"),
            ("web_gl_page_last", f"/reports/general-ledger?{QUERY}&page={last}"),
            ("web_gl_csv", f"/reports/general-ledger/export?format=csv&{QUERY}"),
        ):
            seconds, response = timed(lambda url=url: client.get(url))
            tracemalloc.start()  # a second request, traced: tracing slows it down
            client.get(url)
            py_peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            assert response.status_code == 200, response.text[:300]
            shown = response.text.count("\n") - 1 if "csv" in name else _rows(response.text)
            emit(f"{name}_{kind}", lines, seconds, bare_seconds, database=kind, rows=shown,
                 bare_seconds=round(bare_seconds, 3), python_peak_mb=round(py_peak, 1),
                 load_avg=os.getloadavg())  # fmt: skip


if __name__ == "__main__":
    for db in databases():
        run(db)
