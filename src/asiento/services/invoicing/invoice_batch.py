"""Batch actions on many invoices: post, send, print, cancel.

A batch runs one action over a selection: explicit ids, or a filter
(``InvoiceFilter``: type, state, partner, date range; ``--all-drafts`` is
``state="draft"``). Each invoice is handled in its OWN transaction by the
ordinary use case (``invoices.post_invoice``, ``invoice_sending.send_invoice``,
...), so one refused invoice rolls back only itself and the batch goes on;
the result names every failure with its reason.

Ids are streamed in chunks by keyset (``id > last``), each chunk read in a
short transaction of its own: a batch of a million invoices never holds them
all in memory nor one transaction open for the whole run.

``print`` returns a ZIP archive with one PDF per invoice (named like
``INV-2026-00001.pdf``) rather than one merged PDF: each file stays the
document a customer receives, and a failed invoice leaves no gap inside
another file.

Invariants:
    - Every selected invoice ends in exactly one of ``done`` and ``failed``.
    - A failed invoice is unchanged (its use case rolled back).
    - Posting keeps numbers gapless: a refused draft never takes a number.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from asiento.domain.access import Permission
from asiento.domain.errors import AsientoError, EmptySelection, UnknownBatchAction
from asiento.services.access import principal as access
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_documents import invoice_pdf
from asiento.services.invoicing.invoice_inputs import InvoiceFilter
from asiento.services.invoicing.invoice_sending import send_invoice
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork

ACTIONS: Final = ("post", "send", "print", "cancel")
CHUNK_SIZE: Final = 500

Progress = Callable[[int, int], None]
"""Called after each invoice with ``(processed, total)``."""


@dataclass(frozen=True, slots=True)
class BatchSelection:
    """Explicit ``ids`` (in that order), or every invoice matching ``filter``."""

    ids: tuple[int, ...] = ()
    filter: InvoiceFilter | None = None

    @classmethod
    def all_drafts(
        cls, kinds: tuple[str, ...] = ("customer_invoice", "customer_credit_note")
    ) -> BatchSelection:
        """Every draft of these types: customer invoices and credit notes unless told."""
        return cls(filter=InvoiceFilter(state="draft", kinds=kinds))


class BatchFailure(NamedTuple):
    invoice_id: int
    number: str | None
    reason: str


@dataclass
class BatchResult:
    """What a batch did; ``archive`` is the ZIP of PDFs of a ``print`` batch."""

    action: str
    done: list[int] = field(default_factory=list)
    failed: list[BatchFailure] = field(default_factory=list)
    archive: bytes | None = None

    @property
    def total(self) -> int:
        return len(self.done) + len(self.failed)


Action = Callable[[int], None]


def run_batch(
    uow: UnitOfWork,
    company_id: int,
    action: str,
    selection: BatchSelection,
    progress: Progress | None = None,
    *,
    smtp_url: str | None = None,
) -> BatchResult:
    """Run ``action`` on every selected invoice, each in its own transaction.

    Raises:
        UnknownBatchAction: ``action`` is not one of ``ACTIONS``.
        EmptySelection: neither ids nor a filter criterion.
    """
    check_selection(action, selection)
    needed = Permission.INVOICE_POST if action in ("post", "cancel") else Permission.INVOICE_WRITE
    access.require(needed, company_id)
    result = BatchResult(action)
    total = count_selected(uow, company_id, selection)
    with _Archive(action == "print") as archive:
        run = _action(uow, company_id, action, smtp_url, archive)
        for chunk in selected_chunks(uow, company_id, selection):
            for invoice_id, number in chunk:
                _run_one(run, invoice_id, number, result)
                if progress is not None:
                    progress(result.total, total)
    result.archive = archive.content()
    return result


def check_selection(action: str, selection: BatchSelection) -> None:
    if action not in ACTIONS:
        raise UnknownBatchAction(
            f"action: unknown batch action {action!r}; use one of {', '.join(ACTIONS)}",
            field="action",
        )
    if not selection.ids and not _has_criterion(selection.filter):
        raise EmptySelection(
            "selection: give invoice ids or at least one filter (e.g. state=draft)",
            field="selection",
        )


def _has_criterion(f: InvoiceFilter | None) -> bool:
    return f is not None and (f != InvoiceFilter(today=f.today))


def _run_one(run: Action, invoice_id: int, number: str | None, result: BatchResult) -> None:
    """One invoice: done, or failed with the reason (its transaction rolled back)."""
    try:
        run(invoice_id)
    except AsientoError as exc:
        result.failed.append(BatchFailure(invoice_id, number, " ".join(exc.message.split())))
    except SQLAlchemyError as exc:  # a database refusal of this one invoice
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        result.failed.append(BatchFailure(invoice_id, number, f"database refused: {reason}"))
    else:
        result.done.append(invoice_id)


def _action(
    uow: UnitOfWork, company_id: int, action: str, smtp_url: str | None, archive: _Archive
) -> Action:
    def post(invoice_id: int) -> None:
        invoices.post_invoice(uow, company_id, invoice_id)

    def cancel(invoice_id: int) -> None:
        invoices.cancel_invoice(uow, company_id, invoice_id)

    def send(invoice_id: int) -> None:
        send_invoice(uow, company_id, invoice_id, smtp_url)

    def print_(invoice_id: int) -> None:
        archive.add(*invoice_pdf(uow, company_id, invoice_id))

    return {"post": post, "cancel": cancel, "send": send, "print": print_}[action]


def count_selected(uow: UnitOfWork, company_id: int, selection: BatchSelection) -> int:
    """How many invoices the batch will visit (for the progress bar)."""
    if selection.ids:
        return len(dict.fromkeys(selection.ids))
    stmt = invoices.filtered(company_id, selection.filter or InvoiceFilter())
    with uow:
        return int(uow.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def selected_chunks(
    uow: UnitOfWork, company_id: int, selection: BatchSelection, size: int = CHUNK_SIZE
) -> Iterator[list[tuple[int, str | None]]]:
    """``(id, number)`` of the selected invoices, ``size`` at a time, each chunk read afresh.

    An explicit id of another company (or of nothing) is yielded too, so that
    the use case reports it as not found.
    """
    if selection.ids:
        yield from _explicit_chunks(uow, company_id, list(dict.fromkeys(selection.ids)), size)
        return
    base = invoices.filtered(company_id, selection.filter or InvoiceFilter())
    last = 0
    while True:
        stmt = (
            base.with_only_columns(Invoice.id, Invoice.number)
            .where(Invoice.id > last)
            .order_by(Invoice.id)
            .limit(size)
        )
        with uow:
            rows = [(int(i), n) for i, n in uow.session.execute(stmt)]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _explicit_chunks(
    uow: UnitOfWork, company_id: int, ids: Sequence[int], size: int
) -> Iterator[list[tuple[int, str | None]]]:
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        stmt = select(Invoice.id, Invoice.number).where(
            Invoice.company_id == company_id, Invoice.id.in_(chunk)
        )
        with uow:
            numbers = {int(i): n for i, n in uow.session.execute(stmt)}
        yield [(i, numbers.get(i)) for i in chunk]


class _Archive:
    """The ZIP a ``print`` batch fills; inert for the other actions."""

    def __init__(self, active: bool) -> None:
        self._buffer = io.BytesIO() if active else None
        self._zip: zipfile.ZipFile | None = None

    def __enter__(self) -> _Archive:
        if self._buffer is not None:
            self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zip is not None:
            self._zip.close()

    def add(self, filename: str, content: bytes) -> None:
        if self._zip is None:
            raise RuntimeError("archive is closed")
        self._zip.writestr(filename, content)

    def content(self) -> bytes | None:
        return self._buffer.getvalue() if self._buffer is not None else None


__all__ = [
    "ACTIONS",
    "BatchFailure",
    "BatchResult",
    "BatchSelection",
    "Progress",
    "check_selection",
    "run_batch",
]
