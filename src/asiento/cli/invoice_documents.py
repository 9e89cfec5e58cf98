"""``asiento invoice pdf|einvoice|send|batch``: documents out, and batch actions.

The commands join ``asiento.cli.invoice.invoice_app``. ``asiento invoice post
--all-drafts`` is the batch post of every draft (see ``cli/invoice.py``).
A batch prints one line per failure with its reason and exits 1 if any failed.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from asiento.cli.context import scope
from asiento.cli.entry_input import parse_day
from asiento.cli.invoice import invoice_app
from asiento.cli.render import console
from asiento.domain.errors import InvalidInput
from asiento.services.invoicing.einvoice_files import einvoice_file
from asiento.services.invoicing.invoice_batch import (
    ACTIONS,
    BatchResult,
    BatchSelection,
    check_selection,
    run_batch,
)
from asiento.services.invoicing.invoice_documents import invoice_pdf
from asiento.services.invoicing.invoice_inputs import InvoiceFilter
from asiento.services.invoicing.invoice_sending import (
    EmailEdits,
    mark_sent,
    preview_email,
    send_invoice,
)

SmtpOption = typer.Option(None, "--smtp-url", help="Default: ASIENTO_SMTP_URL.")


def pdf(
    ctx: typer.Context,
    invoice_id: int = typer.Argument(..., metavar="ID"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Default: INV-2026-00001.pdf"),
) -> None:
    """Write the invoice's PDF (number, or "Draft"/"Pro-forma" before posting)."""
    uow, cid = scope(ctx)
    filename, content = invoice_pdf(uow, cid, invoice_id)
    target = output or Path(filename)
    target.write_bytes(content)
    typer.echo(f"wrote {target} ({len(content):,} bytes)")


def einvoice(
    ctx: typer.Context,
    invoice_id: int = typer.Argument(..., metavar="ID"),
    fmt: str = typer.Option(
        "facturx", "--format", help="facturx, xrechnung-cii, xrechnung-ubl or ubl (Peppol)."
    ),
    profile: str | None = typer.Option(
        None, "--profile", help="Factur-X profile: en16931 (default), basic or xrechnung."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Default: INV-2026-00001.xml"),
) -> None:
    """Write the posted invoice's e-invoice (Factur-X PDF, XRechnung or Peppol UBL XML)."""
    uow, cid = scope(ctx)
    found = einvoice_file(uow, cid, invoice_id, fmt, profile)
    target = output or Path(found.filename)
    target.write_bytes(found.content)
    typer.echo(f"wrote {target} ({len(found.content):,} bytes)")


def send(
    ctx: typer.Context,
    invoice_id: int = typer.Argument(..., metavar="ID"),
    smtp_url: str | None = SmtpOption,
    preview: bool = typer.Option(False, "--preview", help="Show the e-mail; send nothing."),
    to: str | None = typer.Option(None, "--to", help="Another recipient."),
    subject: str | None = typer.Option(None, "--subject", help="Instead of the template's."),
    body: str | None = typer.Option(None, "--body", help="Instead of the template's text."),
    mark: bool = typer.Option(False, "--mark-sent", help="Handed over another way: record it."),
) -> None:
    """Email a posted or pro-forma invoice to its partner (its language), PDF attached."""
    uow, cid = scope(ctx)
    if preview:
        p = preview_email(uow, cid, invoice_id)
        typer.echo(f"To: {p.to}\nSubject: {p.subject}\nAttachment: {p.filename}\n\n{p.body}")
        return
    if mark:
        done = mark_sent(uow, cid, invoice_id)
        typer.echo(f"marked {done.number or done.invoice_id} as sent")
        return
    sent = send_invoice(uow, cid, invoice_id, smtp_url, EmailEdits(to, subject, body))
    what = sent.number or f"pro-forma {sent.invoice_id}"
    typer.echo(f"sent {what} to {sent.to} at {sent.sent_at:%Y-%m-%d %H:%M:%S} UTC")


def batch(
    ctx: typer.Context,
    action: str = typer.Argument(..., metavar="|".join(ACTIONS)),
    ids: str | None = typer.Option(None, "--ids", help="Comma-separated ids: 1,2,3"),
    state: str | None = typer.Option(None, help="draft, proforma, posted, cancelled"),
    partner: int | None = typer.Option(None, help="Partner id."),
    kind: str | None = typer.Option(None, "--type", help="customer_invoice, vendor_bill, ..."),
    date_from: str | None = typer.Option(None, "--from", help="Invoice date from (YYYY-MM-DD)."),
    date_to: str | None = typer.Option(None, "--to", help="Invoice date to (YYYY-MM-DD)."),
    output: Path = typer.Option(Path("invoices.zip"), "--output", "-o", help="ZIP of `print`."),
    smtp_url: str | None = SmtpOption,
) -> None:
    """Post, send, print (a ZIP of PDFs) or cancel many invoices, each on its own."""
    f = InvoiceFilter(
        kind, state, None, partner, parse_day(date_from, "from"), parse_day(date_to, "to")
    )
    selection = BatchSelection(ids=parse_ids(ids), filter=None if ids else f)
    run_batch_command(ctx, action, selection, output=output, smtp_url=smtp_url)


def parse_ids(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        message = f"--ids: expected ids such as 1,2,3, got {text!r}"
        raise InvalidInput(message, field="ids") from None


def run_batch_command(
    ctx: typer.Context,
    action: str,
    selection: BatchSelection,
    *,
    output: Path = Path("invoices.zip"),
    smtp_url: str | None = None,
) -> None:
    """Run a batch under a Rich progress bar (on stderr), print its summary, exit 1 on failures."""
    check_selection(action, selection)  # refused before any progress bar is drawn
    uow, cid = scope(ctx)
    columns = (
        TextColumn(f"{action}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True, console=console_err()) as bar:
        task = bar.add_task(action, total=None)
        result = run_batch(
            uow,
            cid,
            action,
            selection,
            lambda done, total: bar.update(task, completed=done, total=total),
            smtp_url=smtp_url,
        )
    if result.archive is not None and result.done:
        output.write_bytes(result.archive)
        typer.echo(f"wrote {output} ({len(result.done)} PDF files)")
    summarise(result)


def console_err() -> Console:
    """The progress bar goes to stderr so that stdout keeps only the summary."""
    return Console(stderr=True)


def summarise(result: BatchResult) -> None:
    """``post: 996 done, 4 failed`` then one line per failure; exit 1 if any failed."""
    out = console()
    out.print(f"{result.action}: {len(result.done)} done, {len(result.failed)} failed")
    for failure in result.failed:
        label = failure.number or f"id {failure.invoice_id}"
        out.print(f"  failed {label}: {failure.reason}", highlight=False, markup=False)
    if result.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``pdf``, ``einvoice``, ``send``, ``batch`` to ``asiento invoice`` (``app``: the root)."""
    invoice_app.command("pdf")(pdf)
    invoice_app.command("einvoice")(einvoice)
    invoice_app.command("send")(send)
    invoice_app.command("batch")(batch)
