"""The rows of an invoice's lines and their tax links, written set-based.

Why: a module of its own for the writes of ``invoice_drafts`` (drafts, edits) and
``invoice_posting.create_and_post_in`` (the lines follow the invoice row written already
posted): no line id is read back, the tax links find their lines by (invoice, sequence).

Invariant: ``price_subtotal`` is exactly the totals' line base in minor units.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy.orm import Session

from asiento.domain.invoice_totals import InvoiceTotals
from asiento.store.bulk import insert_keyed, insert_rows
from asiento.store.item_rows import tax_links_by_sequence
from asiento.store.tables import Company, Invoice, InvoiceLine, invoice_line_taxes
from asiento.store.types import to_minor

if TYPE_CHECKING:
    from asiento.services.invoicing.invoice_drafts import ResolvedLine


def write_lines(
    session: Session,
    company: Company,
    invoice: Invoice,
    lines: Sequence[ResolvedLine],
    totals: InvoiceTotals,
    *,
    new: bool,
    ids: bool = False,
) -> list[int]:
    """The lines of ``invoice`` (already written) with their subtotals from ``totals``; with
    ``ids``, the new lines' ids in order (same statement, ``RETURNING``), else ``[]``."""
    subtotals = [to_minor(b.amount, invoice.currency) for b in totals.line_bases]
    return replace_lines(session, company, invoice, lines, subtotals, new=new, ids=ids)


def replace_lines(
    session: Session,
    company: Company,
    invoice: Invoice,
    lines: Sequence[ResolvedLine],
    subtotals: Sequence[int],
    *,
    new: bool,
    ids: bool = False,
) -> list[int]:
    """The lines and their tax links, set-based (a new invoice has no old lines to delete).

    With ``ids`` the lines go in by one ``INSERT ... RETURNING`` that gives their ids (the
    response of create-and-post is built from them, not read back), else without ids back
    (``insert_rows``: COPY for many lines on PostgreSQL)."""
    if not new:
        session.execute(delete(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id))
    rows = [
        {
            "company_id": company.id,
            "invoice_id": invoice.id,
            "sequence": n,
            "product_id": line.product_id,
            "description": line.description,
            "quantity": line.quantity,
            "price_unit": line.price_unit,
            "discount": line.discount,
            "account_id": line.account_id,
            "origin_line_id": line.origin_line_id,
            "price_subtotal": subtotal,
        }
        for n, (line, subtotal) in enumerate(zip(lines, subtotals, strict=True))
    ]
    written: list[int] = []
    if ids and rows:
        written = insert_keyed(session, InvoiceLine.__table__, rows, "sequence")
    else:
        insert_rows(session, InvoiceLine.__table__, rows)
    _link_line_taxes(session, company.id, invoice.id, lines)
    return written


_LINE_TAX_LINKS = tax_links_by_sequence(
    invoice_line_taxes, "line_id", InvoiceLine.__table__, "invoice_id"
)


def _link_line_taxes(
    session: Session, company_id: int, invoice_id: int, lines: Sequence[ResolvedLine]
) -> None:
    """The lines' tax links in one prebuilt ``INSERT ... SELECT`` executemany (as the entry's
    item links, ``store.item_rows``): each finds its new line by (invoice, sequence) inside the
    statement, so the line ids never have to be read back. The taxes were checked against
    the company (``_check_taxes``); the composite foreign key backs it."""
    links = [
        {"company": company_id, "parent": invoice_id, "seq": n, "tax_id": t}
        for n, line in enumerate(lines)
        for t in line.tax_ids
    ]
    if links:
        session.connection().execute(_LINE_TAX_LINKS, links)


__all__ = ["replace_lines", "write_lines"]
