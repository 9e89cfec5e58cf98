"""``asiento followup run|history|levels|dispute|hold``: customer reminders.

``run --dry-run`` prints who would get which level and what it lists, and
writes nothing; ``run`` sends the emails (``ASIENTO_SMTP_URL``), writes the PDF
letters to ``--letters DIR`` and prints the calls to make.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import typer

from asiento.cli.context import scope
from asiento.cli.entry_input import parse_day
from asiento.cli.render import FormatOption, OutputFormat, note, plain, render_rows
from asiento.services.followups import followup_history
from asiento.services.followups import followup_levels as levels
from asiento.services.followups import followup_marks as marks
from asiento.services.followups.runs import FollowupRun, run_followups
from asiento.services.reference.lookups import partner_id_of

app = typer.Typer(help="Customer follow-ups (payment reminders).", no_args_is_help=True)

REMINDER_COLUMNS = ("partner", "level", "channels", "overdue", "net_due", "lines", "result")
LINE_COLUMNS = ("partner", "document", "due_date", "late", "original", "open")
LEVEL_COLUMNS = ("id", "sequence", "name", "days", "send_email", "send_letter", "manual_call")
HISTORY_COLUMNS = ("id", "date", "level", "channel", "status", "total_due", "error")


def _reminder_rows(run: FollowupRun) -> list[dict[str, Any]]:
    return [
        {
            "partner": r.partner_name,
            "level": r.level_name,
            "channels": "+".join(r.channels),
            "overdue": r.total_overdue,
            "net_due": r.total_due,
            "lines": len(r.lines),
            "result": ", ".join(f"{o.channel} {o.status}" for o in r.outcomes) or "dry run",
        }
        for r in run.reminders
    ]


def _line_rows(run: FollowupRun) -> list[dict[str, Any]]:
    return [
        {
            "partner": r.partner_name,
            "document": ln.number + (" (credit)" if ln.kind == "credit" else ""),
            "due_date": ln.due_date,
            "late": ln.days_overdue if ln.overdue else None,
            "original": ln.original,
            "open": ln.residual,
        }
        for r in run.reminders
        for ln in r.lines
    ]


def _write_letters(run: FollowupRun, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for r in run.reminders:
        if r.letter_pdf is not None:
            path = folder / f"followup-{run.as_of.isoformat()}-partner-{r.partner_id}.pdf"
            path.write_bytes(r.letter_pdf)
            note(f"letter for {r.partner_name}: {path}")


@app.command("run")
def run_command(
    ctx: typer.Context,
    as_of: str | None = typer.Option(None, "--as-of", help="Run date YYYY-MM-DD (today)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show who gets what; write nothing."),
    lines: bool = typer.Option(False, "--lines", help="Also list every reminder line."),
    letters: Path | None = typer.Option(None, "--letters", help="Folder for the PDF letters."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Send the reminders due (highest level reached per customer, never twice)."""
    uow, cid = scope(ctx)
    day = parse_day(as_of, "--as-of") or date.today()
    run = run_followups(uow, cid, day, dry_run=dry_run)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(_run_json(run), indent=2))
    else:
        title = f"Follow-ups {'that would be sent' if dry_run else 'sent'} on {day.isoformat()}"
        render_rows(REMINDER_COLUMNS, _reminder_rows(run), fmt, title=title)
        if lines:
            render_rows(LINE_COLUMNS, _line_rows(run), fmt, title="Reminder lines")
        if run.todos and fmt is OutputFormat.table:
            todo = [
                {"partner": t.partner_name, "level": t.level_name, "overdue": t.total_overdue}
                for t in run.todos
            ]
            render_rows(("partner", "level", "overdue"), todo, fmt, "Calls to make")
    if letters is not None:
        _write_letters(run, letters)
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(run.skipped.items()))
    note(f"{len(run.reminders)} reminder(s); skipped: {skipped or 'none'}")


def _run_json(run: FollowupRun) -> dict[str, Any]:
    """The run as JSON values; letters stay out (bytes), see ``--letters``."""
    reminders = [
        {k: v for k, v in plain(replace(r, letter_pdf=None)).items() if k != "letter_pdf"}
        for r in run.reminders
    ]
    return {
        "as_of": run.as_of.isoformat(),
        "dry_run": run.dry_run,
        "reminders": reminders,
        "todos": plain(run.todos),
        "skipped": dict(run.skipped),
    }


@app.command("history")
def history_command(
    ctx: typer.Context,
    partner: str = typer.Argument(..., help="Partner id or exact name."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Reminders sent to a partner, newest first (one row per channel)."""
    uow, cid = scope(ctx)
    pid = partner_id_of(uow, cid, partner)
    rows = [
        {
            "id": h.id,
            "date": h.date,
            "level": h.level_name,
            "channel": h.channel,
            "status": h.status,
            "total_due": h.total_due,
            "error": h.error,
        }
        for h in followup_history.history(uow, cid, pid, limit=1000).rows
    ]
    render_rows(HISTORY_COLUMNS, rows, fmt, title=f"Follow-up history of {partner}")


@app.command("levels")
def levels_command(
    ctx: typer.Context,
    defaults: bool = typer.Option(
        False, "--defaults", help="Create the 15/30/45-day levels if none exist."
    ),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The company's follow-up levels, by sequence."""
    uow, cid = scope(ctx)
    rows = levels.seed_default_levels(uow, cid) if defaults else levels.list_levels(uow, cid)
    data = [{c: getattr(r, c) for c in LEVEL_COLUMNS} for r in rows]
    render_rows(LEVEL_COLUMNS, data, fmt, title="Follow-up levels")


@app.command("dispute")
def dispute_command(
    ctx: typer.Context,
    item: int = typer.Argument(..., help="Journal item id (a receivable item)."),
    note_text: str = typer.Option("", "--note", help="Why the customer disputes it."),
    remove: bool = typer.Option(False, "--remove", help="Resolve the dispute."),
) -> None:
    """Mark a receivable item disputed (left out of reminders), or --remove the mark."""
    uow, cid = scope(ctx)
    if remove:
        marks.resolve_dispute(uow, cid, item)
        typer.echo(f"journal item {item} is no longer disputed")
    else:
        marks.dispute_item(uow, cid, item, note_text)
        typer.echo(f"journal item {item} disputed: left out of follow-ups")


@app.command("hold")
def hold_command(
    ctx: typer.Context,
    partner: str = typer.Argument(..., help="Partner id or exact name."),
    note_text: str = typer.Option("", "--note", help="Why the partner is on hold."),
    release: bool = typer.Option(False, "--release", help="End the hold."),
) -> None:
    """Put a partner on hold (no reminders), or --release it."""
    uow, cid = scope(ctx)
    pid = partner_id_of(uow, cid, partner)
    if release:
        marks.release_partner(uow, cid, pid)
        typer.echo(f"partner {pid} released: followed up again")
    else:
        marks.hold_partner(uow, cid, pid, note_text)
        typer.echo(f"partner {pid} on hold: no reminders")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="followup")
