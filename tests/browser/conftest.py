"""Browser tests: Playwright driving Debian's Chromium against a live server per test.

The server is uvicorn in a thread, bound to the matrix engine (SQLite and
PostgreSQL), so the browser exercises the very stack ``make run`` serves.
Chromium is ``ASIENTO_CHROMIUM`` or ``chromium`` on the PATH (``.ci/run``
installs Debian's package when missing); without it the tests skip locally
and fail under ``CI=true``. Screenshots of the main pages are written to
``artifacts/screenshots/`` for review.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.web.conftest import PASSWORD, add_user

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _chromium() -> str:
    path = os.environ.get("ASIENTO_CHROMIUM") or shutil.which("chromium")
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is required under CI=true: apt-get install chromium")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_server(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app on a free local port for the duration of one test."""
    monkeypatch.setenv("ASIENTO_SECRET_KEY", "browser-test-secret-key-0123456789")
    port = _free_port()
    config = uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 860})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def logged_in(page: Page, uow: UnitOfWork, company: SeededCompany) -> Page:
    """``page`` after logging in through the form as an admin of ``company``."""
    email = add_user(uow, company.id, "admin")
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    return page


def screenshot(page: Page, name: str, request: pytest.FixtureRequest) -> Path:
    """Save the full page as ``artifacts/screenshots/<name>-<database>.png``.

    Chromium sometimes refuses a full-page capture on a loaded machine ("Unable to capture
    screenshot"); the picture is for review, not an assertion, so it is tried again and then
    taken of the viewport only.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    database = (
        request.node.callspec.params.get("db_url", "db")
        if hasattr(request.node, "callspec")
        else "db"
    )
    path = SCREENSHOTS / f"{name}-{database}.png"
    for attempt in range(3):
        try:
            page.screenshot(path=str(path), full_page=attempt < 2)
            return path
        except PlaywrightError:
            if attempt == 2:
                raise
            time.sleep(0.5)
    return path
