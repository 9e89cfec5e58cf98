"""Batch actions: every invoice in its own transaction, every failure reported with its reason."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert, select

from asiento.domain.errors import EmptySelection, UnknownBatchAction
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_batch import BatchFailure, BatchSelection, run_batch
from asiento.services.invoicing.invoice_inputs import InvoiceFilter
from asiento.store.tables import Invoice, InvoiceLine, invoice_line_taxes
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.documents.conftest import STANDARD_LINES, Mailbox, insert_invoice, standard_input

ZERO_QUANTITY = (17, 444, 998)
NO_PARTNER_ACCOUNT = 500


def bulk_drafts(uow: UnitOfWork, company: SeededCompany, partner_id: int, n: int) -> list[int]:
    """``n`` one-line drafts (100.00 + VAT 21 %) in three statements; a few invalid ones."""
    now = datetime.now(UTC)
    headers: list[dict[str, Any]] = [
        {
            "company_id": company.id,
            "kind": "customer_invoice",
            "state": "draft",
            "partner_id": partner_id,
            "journal_id": company.journals["INV"],
            "currency": "EUR",
            "invoice_date": date(2026, 3, 1),
            "partner_account_id": None if k == NO_PARTNER_ACCOUNT else company.accounts["1100"],
            "created_at": now,
        }
        for k in range(n)
    ]
    with uow:
        s = uow.session
        ids = list(
            s.scalars(insert(Invoice).returning(Invoice.id, sort_by_parameter_order=True), headers)
        )
        lines = [
            {
                "company_id": company.id,
                "invoice_id": invoice_id,
                "description": f"Service {k}",
                "quantity": Decimal(0) if k in ZERO_QUANTITY else Decimal(1),
                "price_unit": Decimal("100.00"),
                "discount": Decimal(0),
                "account_id": company.accounts["4000"],
            }
            for k, invoice_id in enumerate(ids)
        ]
        line_ids = list(
            s.scalars(
                insert(InvoiceLine).returning(InvoiceLine.id, sort_by_parameter_order=True), lines
            )
        )
        tax = company.taxes["VAT 21% sale"]
        s.execute(
            insert(invoice_line_taxes),
            [{"company_id": company.id, "line_id": i, "tax_id": tax} for i in line_ids],
        )
        uow.commit()
    return ids


def test_thousand_drafts_post_with_exactly_the_invalid_ones_reported(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    ids = bulk_drafts(uow, company, partner_id, 1000)
    seen: list[tuple[int, int]] = []
    result = run_batch(
        uow,
        company.id,
        "post",
        BatchSelection.all_drafts(),
        progress=lambda d, t: seen.append((d, t)),
    )
    bad = {ids[k] for k in (*ZERO_QUANTITY, NO_PARTNER_ACCOUNT)}
    assert sorted(f.invoice_id for f in result.failed) == sorted(bad)
    reasons = {f.invoice_id: f.reason for f in result.failed}
    for k in ZERO_QUANTITY:
        assert reasons[ids[k]] == "lines[0].quantity: quantity must be positive"
    assert reasons[ids[NO_PARTNER_ACCOUNT]] == (
        "partner_account_id: the invoice has no receivable/payable account"
    )
    assert all(f.number is None for f in result.failed)
    assert result.done == [i for i in ids if i not in bad]
    assert seen[-1] == (1000, 1000) and len(seen) == 1000
    with uow:
        rows = uow.session.execute(
            select(Invoice.id, Invoice.state, Invoice.number)
            .where(Invoice.company_id == company.id)
            .order_by(Invoice.id)
        ).all()
    posted = [n for _, state, n in rows if state == "posted"]
    assert posted == [f"INV/2026/{k:05d}" for k in range(1, 997)]
    assert {i for i, state, n in rows if state == "draft" and n is None} == bad


def test_explicit_ids_keep_their_order_and_unknown_ids_fail_as_not_found(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    first = insert_invoice(uow, company, partner_id, STANDARD_LINES)
    second = insert_invoice(uow, company, partner_id, STANDARD_LINES)
    result = run_batch(
        uow, company.id, "post", BatchSelection(ids=(second, 999_999, first, second))
    )
    assert result.done == [second, first]
    assert result.failed == [BatchFailure(999_999, None, "invoice 999999 not found")]
    numbers = [invoices.get_invoice(uow, company.id, i).number for i in (second, first)]
    assert numbers == ["INV/2026/00001", "INV/2026/00002"]


def test_cancel_batch_reports_invoices_that_are_not_posted(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    posted = invoices.create_invoice(uow, company.id, standard_input(company, partner_id))
    invoices.post_invoice(uow, company.id, posted.id)
    draft = insert_invoice(uow, company, partner_id, STANDARD_LINES)
    result = run_batch(uow, company.id, "cancel", BatchSelection(ids=(posted.id, draft)))
    assert result.done == [posted.id]
    assert result.failed == [
        BatchFailure(draft, None, "invoice is draft: it cannot become cancelled")
    ]
    assert invoices.get_invoice(uow, company.id, posted.id).state == "cancelled"


def test_print_batch_returns_a_zip_with_one_pdf_per_invoice(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    a = insert_invoice(
        uow, company, partner_id, STANDARD_LINES, state="posted", number="INV/2026/00001"
    )
    b = insert_invoice(uow, company, partner_id, STANDARD_LINES, state="proforma")
    broken = insert_invoice(uow, company, partner_id, [("Nothing", "0", "10", "0", [])])
    result = run_batch(uow, company.id, "print", BatchSelection(ids=(a, b, broken)))
    assert result.done == [a, b]
    assert [f.invoice_id for f in result.failed] == [broken]
    assert result.archive is not None
    with zipfile.ZipFile(io.BytesIO(result.archive)) as archive:
        assert archive.namelist() == ["INV-2026-00001.pdf", f"proforma-{b}.pdf"]
        assert all(archive.read(n).startswith(b"%PDF-") for n in archive.namelist())


def test_send_batch_mails_posted_invoices_and_reports_drafts(
    uow: UnitOfWork, company: SeededCompany, partner_id: int, smtp_server: tuple[str, Mailbox]
) -> None:
    url, box = smtp_server
    posted = insert_invoice(
        uow, company, partner_id, STANDARD_LINES, state="posted", number="INV/2026/00001"
    )
    draft = insert_invoice(uow, company, partner_id, STANDARD_LINES)
    selection = BatchSelection(filter=InvoiceFilter(partner_id=partner_id))
    result = run_batch(uow, company.id, "send", selection, smtp_url=url)
    assert result.done == [posted]
    assert result.failed[0][:2] == (draft, None)
    assert result.failed[0].reason.startswith(f"invoice {draft} is draft: only a posted")
    assert [m["Subject"] for m in box.messages] == ["Test Company SL: Invoice INV/2026/00001"]


def test_unknown_action_and_empty_selection_are_refused_before_anything_runs(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    insert_invoice(uow, company, partner_id, STANDARD_LINES)
    before = row_counts(uow)
    with pytest.raises(
        UnknownBatchAction,
        match="unknown batch action 'archive'; use one of post, send, print, cancel",
    ):
        run_batch(uow, company.id, "archive", BatchSelection.all_drafts())
    with pytest.raises(EmptySelection, match="give invoice ids or at least one filter"):
        run_batch(uow, company.id, "post", BatchSelection(filter=InvoiceFilter()))
    assert row_counts(uow) == before
