"""The import page from the browser: a file with a bad row previews its problem, then the fix imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from tests.browser.conftest import screenshot

BAD = "code,name,email\nA1,Acme,ap@acme.test\nB1,Bee,not-an-email\n"
GOOD = "code,name,email\nA1,Acme,ap@acme.test\nB1,Bee,bee@bee.test\n"


def test_import_preview_shows_the_problem_then_the_corrected_file_imports(
    logged_in: Page, company: SeededCompany, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD)
    good.write_text(GOOD)
    page = logged_in
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Import and export").click()
    page.get_by_label("List").select_option("partners")
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#problems tbody tr")).to_have_count(1)
    expect(page.locator("#problems tbody tr")).to_contain_text("email")
    expect(page.locator("#preview-rows tr.refused")).to_contain_text("B1")
    expect(page.locator("#confirm-form")).to_have_count(0)
    screenshot(page, "import-preview-problems", request)
    page.get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview-counts")).to_contain_text("2 to create")
    page.locator("#confirm-form").get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_have_text("Imported 2 rows: 2 created, 0 updated.")
    screenshot(page, "import-done", request)
