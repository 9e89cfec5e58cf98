"""``asiento invoice pdf|send|batch`` and ``invoice post --all-drafts``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer
from tests.cli.conftest import Invoke
from tests.documents.conftest import STANDARD_LINES, insert_invoice, running_smtp

ZERO = [("Nothing", "0", "10", "0", [])]


def test_post_all_drafts_posts_the_valid_ones_and_lists_each_failure(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = customer(uow, company)
    first = insert_invoice(uow, company, partner, STANDARD_LINES)
    bad = insert_invoice(uow, company, partner, ZERO)
    last = insert_invoice(uow, company, partner, STANDARD_LINES)
    result = cli("invoice", "post", "--all-drafts")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "post: 2 done, 1 failed",
        f"  failed id {bad}: lines[0].quantity: quantity must be positive",
    ]
    shown = cli("invoice", "list", "--state", "posted", "--format", "json")
    assert [(i["id"], i["number"]) for i in json.loads(shown.stdout)] == [
        (last, "INV/2026/00002"),
        (first, "INV/2026/00001"),
    ]


def test_post_all_drafts_leaves_vendor_bills_alone(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = customer(uow, company)
    invoice = insert_invoice(uow, company, partner, STANDARD_LINES)
    bill = insert_invoice(
        uow,
        company,
        partner,
        STANDARD_LINES,
        kind="vendor_bill",
        journal_id=company.journals["BILL"],
    )
    result = cli("invoice", "post", "--all-drafts")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["post: 1 done, 0 failed"]
    shown = json.loads(cli("invoice", "list", "--state", "draft", "--format", "json").stdout)
    assert [i["id"] for i in shown] == [bill]
    posted = json.loads(cli("invoice", "list", "--state", "posted", "--format", "json").stdout)
    assert [i["id"] for i in posted] == [invoice]


def test_an_unwritable_output_is_one_line_and_exit_1(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, tmp_path: Path
) -> None:
    invoice_id = insert_invoice(uow, company, customer(uow, company), STANDARD_LINES)
    target = tmp_path / "missing-dir" / "out.pdf"
    result = cli("invoice", "pdf", str(invoice_id), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: {target}: No such file or directory"]
    assert "Traceback" not in result.output


def test_post_without_id_or_all_drafts_is_a_usage_error(cli: Invoke) -> None:
    result = cli("invoice", "post")
    assert result.exit_code == 2
    assert "give an invoice ID or --all-drafts" in result.output


def test_pdf_writes_the_file(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, tmp_path: Path
) -> None:
    invoice_id = insert_invoice(uow, company, customer(uow, company), STANDARD_LINES)
    target = tmp_path / "out.pdf"
    result = cli("invoice", "pdf", str(invoice_id), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {target} (")
    assert target.read_bytes().startswith(b"%PDF-")


def test_send_reports_the_recipient(cli: Invoke, uow: UnitOfWork, company: SeededCompany) -> None:
    invoice_id = insert_invoice(
        uow,
        company,
        customer(uow, company),
        STANDARD_LINES,
        state="posted",
        number="INV/2026/00009",
    )
    with running_smtp() as (url, box):
        result = cli("invoice", "send", str(invoice_id), "--smtp-url", url)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("sent INV/2026/00009 to ap@example.com at ")
    assert box.messages[0]["To"] == "ap@example.com"


def test_send_of_a_draft_is_a_one_line_error(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    invoice_id = insert_invoice(uow, company, customer(uow, company), STANDARD_LINES)
    result = cli("invoice", "send", str(invoice_id))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: invoice {invoice_id} is draft: only a posted")


def test_batch_print_by_ids_writes_a_zip(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, tmp_path: Path
) -> None:
    partner = customer(uow, company)
    a = insert_invoice(
        uow, company, partner, STANDARD_LINES, state="posted", number="INV/2026/00001"
    )
    b = insert_invoice(uow, company, partner, STANDARD_LINES)
    target = tmp_path / "batch.zip"
    result = cli("invoice", "batch", "print", "--ids", f"{a},{b}", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"wrote {target} (2 PDF files)",
        "print: 2 done, 0 failed",
    ]
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["INV-2026-00001.pdf", f"draft-{b}.pdf"]


def test_batch_with_bad_ids_or_action_is_refused(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    bad_ids = cli("invoice", "batch", "post", "--ids", "1,two")
    assert (bad_ids.exit_code, bad_ids.stderr) == (
        1,
        "error: --ids: expected ids such as 1,2,3, got '1,two'\n",
    )
    bad_action = cli("invoice", "batch", "archive", "--state", "draft")
    assert bad_action.exit_code == 1
    assert bad_action.stderr.startswith("error: action: unknown batch action 'archive'")
