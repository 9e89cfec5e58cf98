"""Follow-up runs: remind customers of overdue receivables, level by level.

``run_followups`` walks the customers with open receivable items in chunks,
plans one reminder per customer (``domain.followups.plan_reminder``: highest
level reached by the oldest overdue item, disputed items and held partners
left out, a channel never repeated for the same overdue items), sends it by
email and/or renders a PDF letter, puts manual calls on the to-do list and
records every channel in the history. Each chunk is committed on its own, so a
crash half-way keeps the history of reminders already sent.

A dry run plans the same reminders and writes, sends and renders nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from asiento.documents.wording import language_of
from asiento.domain.access import Permission
from asiento.domain.errors import NoFollowupLevels
from asiento.domain.followups import ReminderPlan, Skip, plan_reminder
from asiento.mail import MailNotSent, OutgoingEmail, send_email
from asiento.services.access import principal as access
from asiento.services.followups.followup_items import (
    Customer,
    held_partners,
    open_items,
    partner_chunks,
    partners_by_id,
    past_reminders,
)
from asiento.services.followups.followup_levels import level_rows, rule_of
from asiento.services.followups.followup_render import (
    ReminderLine,
    ReminderText,
    render_email,
    render_letter,
)
from asiento.services.ledger.entries import company_of
from asiento.store.tables import Company, FollowupHistory, FollowupLevel, Partner
from asiento.store.types import to_minor
from asiento.store.uow import UnitOfWork

CHUNK_SIZE = 500


@dataclass(frozen=True, slots=True)
class ChannelOutcome:
    """``status``: ``sent``, ``error`` (with the reason) or ``todo`` (a call to make)."""

    channel: str
    status: str
    error: str = ""


@dataclass(frozen=True, slots=True)
class Reminder:
    """One customer's reminder: its level, channels, lines and net total."""

    partner_id: int
    partner_name: str
    email: str | None
    level_name: str
    level_days: int
    channels: tuple[str, ...]
    lines: tuple[ReminderLine, ...]
    currency: str
    total_due: Decimal
    total_overdue: Decimal
    outcomes: tuple[ChannelOutcome, ...] = ()
    letter_pdf: bytes | None = None


@dataclass(frozen=True, slots=True)
class CallTodo:
    """A manual call an accountant has to make."""

    partner_id: int
    partner_name: str
    level_name: str
    total_overdue: Decimal


@dataclass
class FollowupRun:
    """What a run did (or, dry, would do); ``skipped`` counts customers per reason."""

    as_of: date
    dry_run: bool
    reminders: list[Reminder] = field(default_factory=list)
    todos: list[CallTodo] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class _Context:
    company: Company
    levels: dict[int, FollowupLevel]
    as_of: date
    dry_run: bool
    smtp_url: str | None


@access.requires(Permission.INVOICE_POST)
def run_followups(
    uow: UnitOfWork,
    company_id: int,
    as_of: date,
    dry_run: bool = False,
    smtp_url: str | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> FollowupRun:
    """Remind every customer whose oldest overdue item has reached a level.

    Raises:
        NoFollowupLevels: the company has no follow-up level.
    """
    run = FollowupRun(as_of, dry_run)
    with uow:
        s = uow.session
        rows = level_rows(s, company_id)
        company = company_of(s, company_id)
        if not rows:
            raise NoFollowupLevels(
                "no follow-up levels: create some, or seed the defaults "
                "(asiento followup levels --defaults)"
            )
        ctx = _Context(company, {r.id: r for r in rows}, as_of, dry_run, smtp_url)
        for ids in partner_chunks(s, company_id, as_of, chunk_size):
            _run_chunk(s, ctx, ids, run)
            if not dry_run:
                uow.commit()
    return run


def _run_chunk(s: Session, ctx: _Context, ids: list[int], run: FollowupRun) -> None:
    cid, currency = ctx.company.id, ctx.company.currency
    partners = partners_by_id(s, cid, ids, lock=not ctx.dry_run)  # first: under the lock
    held = held_partners(s, cid, ids)
    items, disputed = open_items(s, cid, currency, ctx.as_of, ids)
    past = past_reminders(s, cid, ids)
    rules = [rule_of(r) for r in ctx.levels.values()]
    if disputed:
        run.skipped["disputed_items"] += disputed
    for pid in ids:
        if pid in held:
            run.skipped["on_hold"] += 1
            continue
        decision = plan_reminder(items.get(pid, []), rules, ctx.as_of, past.get(pid, []))
        if isinstance(decision, Skip):
            run.skipped[decision.reason] += 1
            continue
        reminder = _reminder(ctx, partners[pid], decision)
        if not ctx.dry_run:
            reminder = _deliver(s, ctx, ctx.levels[decision.level.id], reminder)
        run.reminders.append(reminder)
        if "call" in reminder.channels:
            run.todos.append(
                CallTodo(pid, reminder.partner_name, reminder.level_name, reminder.total_overdue)
            )


def _reminder(ctx: _Context, partner: Customer, plan: ReminderPlan) -> Reminder:
    lines = tuple(
        ReminderLine(
            item_id=i.item_id,
            number=i.number,
            ref=i.ref,
            date=i.date,
            due_date=i.maturity,
            days_overdue=max(i.days_overdue(ctx.as_of), 0),
            original=i.original,
            residual=i.residual,
            kind="credit" if i.is_credit else "invoice",
            overdue=i.item_id in plan.overdue_item_ids,
        )
        for i in plan.items
    )
    return Reminder(
        partner_id=partner.id,
        partner_name=partner.name,
        email=partner.email,
        level_name=plan.level.name,
        level_days=plan.level.days,
        channels=plan.channels,
        lines=lines,
        currency=ctx.company.currency,
        total_due=plan.total_due,
        total_overdue=plan.total_overdue,
    )


def reminder_text(company_name: str, as_of: date, r: Reminder) -> ReminderText:
    return ReminderText(
        r.partner_name,
        company_name,
        r.level_name,
        as_of,
        r.currency,
        r.lines,
        r.total_due,
        r.total_overdue,
    )


def _language(s: Session, ctx: _Context, partner_id: int) -> str:
    """The letter's language: the partner's, else the company's."""
    partner = s.get(Partner, partner_id)
    return language_of(partner.language if partner else None, ctx.company.language)


def _deliver(s: Session, ctx: _Context, level: FollowupLevel, r: Reminder) -> Reminder:
    """Send each channel, record it in the history, and return the outcomes."""
    text = reminder_text(ctx.company.name, ctx.as_of, r)
    outcomes: list[ChannelOutcome] = []
    letter: bytes | None = None
    for channel in r.channels:
        if channel == "email":
            outcomes.append(_send_email(level, r, text, ctx.smtp_url))
        elif channel == "letter":
            letter = render_letter(text, _language(s, ctx, r.partner_id))
            outcomes.append(ChannelOutcome("letter", "sent"))
        else:
            outcomes.append(ChannelOutcome("call", "todo"))
    for outcome in outcomes:
        s.add(_history_row(ctx, level, r, outcome))
    return replace(r, outcomes=tuple(outcomes), letter_pdf=letter)


def _send_email(
    level: FollowupLevel, r: Reminder, text: ReminderText, smtp_url: str | None
) -> ChannelOutcome:
    if not r.email:
        return ChannelOutcome("email", "error", f"partner {r.partner_name!r} has no email address")
    subject, body = render_email(level.email_subject, level.email_body, text)
    try:
        send_email(OutgoingEmail(to=[r.email], subject=subject, body=body), smtp_url)
    except MailNotSent as exc:
        return ChannelOutcome("email", "error", exc.message)
    return ChannelOutcome("email", "sent")


def line_snapshot(ln: ReminderLine) -> dict[str, object]:
    """A reminder line as JSON-safe values (dates ISO, amounts decimal strings)."""
    return {
        "item_id": ln.item_id,
        "number": ln.number,
        "ref": ln.ref,
        "date": ln.date.isoformat(),
        "due_date": ln.due_date.isoformat(),
        "days_overdue": ln.days_overdue,
        "original": str(ln.original),
        "residual": str(ln.residual),
        "kind": ln.kind,
        "overdue": ln.overdue,
    }


def _history_row(
    ctx: _Context, level: FollowupLevel, r: Reminder, outcome: ChannelOutcome
) -> FollowupHistory:
    snapshot = [line_snapshot(ln) for ln in r.lines]
    return FollowupHistory(
        company_id=ctx.company.id,
        partner_id=r.partner_id,
        level_id=level.id,
        level_name=level.name,
        level_days=level.days,
        date=ctx.as_of,
        channel=outcome.channel,
        status=outcome.status,
        error=outcome.error,
        currency=r.currency,
        total_due=to_minor(r.total_due, r.currency),
        total_overdue=to_minor(r.total_overdue, r.currency),
        lines=json.dumps(snapshot),
    )
