"""``asiento recurring list|create|show|archive|delete|run``: recurring invoices.

``create`` takes a JSON or YAML file with the API's fields (``name``,
``partner``, ``lines``, ``frequency``, ``day``, ``start_date``, ``end_date`` or
``count``, ``post``, ``send``...) and/or options, which win over the file.
``run --until DATE`` bills every period due by then, once: run it from cron
or a systemd timer (docs/operations.md). It exits 1 when a template failed
(after billing the others), so the scheduler reports it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from asiento.cli.context import scope
from asiento.cli.entry_input import load_file, parse_day
from asiento.cli.invoice_input import LINE_SYNTAX, parse_line
from asiento.cli.render import FormatOption, OutputFormat, note, plain, render_object, render_rows
from asiento.domain.errors import InvalidInput
from asiento.services.invoicing import invoice_refs, recurring_run, recurring_templates
from asiento.services.invoicing.recurring_run import RunResult
from asiento.services.invoicing.recurring_views import TemplateView
from asiento.wire.recurring import RecurringInvoiceIn

app = typer.Typer(help="Recurring invoices: templates and the run.", no_args_is_help=True)
IdArg = Annotated[int, typer.Argument(metavar="ID", help="Template id.")]
LIST_COLUMNS = ("id", "name", "state", "partner_name", "frequency", "day", "next_date",
                "produced_count", "post", "send")  # fmt: skip
SHOW_FIELDS = ("id", "name", "state", "partner_name", "frequency", "day", "start_date",
               "end_date", "count", "post", "send", "next_date", "produced_count")  # fmt: skip
PRODUCED_COLUMNS = ("period", "invoice_date", "number", "state", "is_sent", "send_error")
RUN_COLUMNS = ("template", "invoice_date", "number", "state", "sent", "send_error")
AMOUNT_FIELDS = ("quantity", "price_unit", "discount")


def template_body(
    file: Path | None, lines: list[str], options: dict[str, Any]
) -> RecurringInvoiceIn:
    """The request from a file and/or options, validated like the API's body."""
    data: dict[str, Any] = load_file(file) if file is not None else {}
    data |= {k: v for k, v in options.items() if v is not None}
    if lines:
        data["lines"] = [parse_line(raw, n) for n, raw in enumerate(lines)]
    data.setdefault("lines", [])
    if isinstance(data["lines"], list):
        data["lines"] = [_integers_as_text(line) for line in data["lines"]]
    try:
        return RecurringInvoiceIn.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"{where}: {first['msg']}", field=where) from None


def _integers_as_text(line: Any) -> Any:
    """YAML/JSON integers in amount fields as decimal text (floats are already text)."""
    if not isinstance(line, dict):
        return line
    return {k: str(v) if k in AMOUNT_FIELDS and type(v) is int else v for k, v in line.items()}


def _show(view: TemplateView, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(plain(view), indent=2))
        return
    render_object(view, fmt, SHOW_FIELDS)
    if fmt is OutputFormat.table and view.produced:
        render_rows(PRODUCED_COLUMNS, [plain(p) for p in view.produced], fmt, title="Produced")


@app.command("list")
def list_(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option(help="active or archived.")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Templates by name, with their next invoice date."""
    uow, cid = scope(ctx)
    rows = [plain(t) for t in recurring_templates.list_templates(uow, cid, state)]
    render_rows(LIST_COLUMNS, rows, fmt, title="Recurring invoices")


@app.command("create")
def create(
    ctx: typer.Context,
    file: Path | None = typer.Option(None, "--file", help="Template as JSON or YAML."),
    name: str | None = typer.Option(None, help="Template name."),
    partner: str | None = typer.Option(None, help="Partner id or name."),
    line: list[str] = typer.Option([], "--line", "-l", help=f"Repeatable: {LINE_SYNTAX}."),
    frequency: str | None = typer.Option(None, help="monthly, quarterly or yearly."),
    day: int | None = typer.Option(None, help="Day of the period, 1-31 (31: month end)."),
    start: str | None = typer.Option(None, help="Start date, YYYY-MM-DD."),
    end: str | None = typer.Option(None, help="End date, YYYY-MM-DD."),
    count: int | None = typer.Option(None, help="Number of invoices."),
    post: bool | None = typer.Option(None, "--post/--no-post", help="Post them."),
    send: bool | None = typer.Option(None, "--send/--no-send", help="Email them (needs --post)."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Create a template (checked as the invoice it will produce)."""
    who: int | str | None = int(partner) if partner and partner.isdigit() else partner
    options = {"name": name, "partner": who, "frequency": frequency, "day": day,
               "start_date": start, "end_date": end, "count": count, "post": post,
               "send": send}  # fmt: skip
    body = template_body(file, line, options)
    uow, cid = scope(ctx)
    ids = invoice_refs.resolve(
        uow, cid, "customer_invoice", body.partner, body.journal, body.refs()
    )
    _show(recurring_templates.create_template(uow, cid, body.command(ids)), fmt)


@app.command("show")
def show(ctx: typer.Context, template_id: IdArg, fmt: FormatOption = OutputFormat.table) -> None:
    """A template, its next date and the invoices it produced."""
    uow, cid = scope(ctx)
    _show(recurring_templates.get_template(uow, cid, template_id), fmt)


@app.command("archive")
def archive(ctx: typer.Context, template_id: IdArg, fmt: FormatOption = OutputFormat.table) -> None:
    """Stop billing a template; it stays with what it produced."""
    uow, cid = scope(ctx)
    _show(recurring_templates.archive_template(uow, cid, template_id), fmt)


@app.command("delete")
def delete(ctx: typer.Context, template_id: IdArg) -> None:
    """Delete a template that never produced an invoice (else archive it)."""
    uow, cid = scope(ctx)
    recurring_templates.delete_template(uow, cid, template_id)
    note(f"recurring invoice {template_id} deleted")


@app.command("run")
def run(
    ctx: typer.Context,
    until: str | None = typer.Option(None, help="Bill what is due up to this date (today)."),
    template: int | None = typer.Option(None, help="Only this template id."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Create (post, send) every invoice due by --until, once per template and period."""
    day = parse_day(until, "until") or date.today()
    uow, cid = scope(ctx)
    result = recurring_run.run_recurring(uow, cid, day, template)
    _show_run(result, fmt)
    if result.errors:
        raise typer.Exit(1)


def _show_run(result: RunResult, fmt: OutputFormat) -> None:
    names = {t.template_id: t.name for t in result.templates}
    rows = [plain(p) | {"template": names[p.template_id]} for p in result.produced]
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(plain(result) | {"produced": rows}, indent=2))
        return
    if rows or fmt is not OutputFormat.table:
        render_rows(RUN_COLUMNS, rows, fmt, title=f"Invoices produced up to {result.until}")
    else:
        note(f"nothing due up to {result.until}")
    for t in result.templates:
        if t.more_due:
            note(f"recurring invoice {t.template_id} ({t.name}): more periods are due: run again")
    for failed in result.errors:
        note(f"error: recurring invoice {failed.template_id} ({failed.name}): {failed.error}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="recurring")
