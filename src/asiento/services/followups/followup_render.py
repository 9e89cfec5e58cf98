"""Words and documents of a reminder: email subject and body, and the PDF letter.

Email templates are text a company edits, so they render in Jinja's sandbox with
``StrictUndefined``: a misspelt variable is refused when the level is saved, not
discovered when a run sends a blank line to customers. Money reaches templates
already formatted (Babel), so no template does arithmetic.

Variables: ``partner_name``, ``company_name``, ``level_name``, ``as_of``,
``total_due``, ``total_overdue``, ``items_table`` (a plain-text table of the lines).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from asiento.documents.pdf import render_pdf
from asiento.documents.wording import BABEL_LOCALE, HTML_LANG, words
from asiento.domain.errors import InvalidFollowupLevel

LETTER_TEMPLATE = "followup_letter.html"
SAMPLE = {
    "partner_name": "Smith and Offspring",
    "company_name": "Asiento Demo SL",
    "level_name": "Friendly reminder",
    "as_of": "2026-04-30",
    "total_due": "€1,000.00",
    "total_overdue": "€1,000.00",
    "items_table": "INV/2026/00001  2026-03-31  €1,000.00",
}


@dataclass(frozen=True, slots=True)
class ReminderLine:
    """One line of a reminder: an unpaid invoice item or an unreconciled credit."""

    item_id: int
    number: str
    ref: str
    date: dt.date
    due_date: dt.date
    days_overdue: int
    original: Decimal
    residual: Decimal
    kind: str  # "invoice" or "credit"
    overdue: bool


@dataclass(frozen=True, slots=True)
class ReminderText:
    """What the templates see about one reminder."""

    partner_name: str
    company_name: str
    level_name: str
    as_of: dt.date
    currency: str
    lines: tuple[ReminderLine, ...]
    total_due: Decimal
    total_overdue: Decimal


@lru_cache(maxsize=1)
def _sandbox() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def check_template(text: str, field: str) -> None:
    """Refuse a template that does not render with the documented variables."""
    try:
        _sandbox().from_string(text).render(**SAMPLE)
    except TemplateError as exc:
        raise InvalidFollowupLevel(
            f"{field}: template does not render: {exc}", field=field
        ) from exc


def money(amount: Decimal, currency: str) -> str:
    return str(format_currency(amount, currency, locale="en_US"))


def items_table(text: ReminderText) -> str:
    """A fixed-width text table: document, due date, original, open amount, days late."""
    rows = [f"{'document':<20} {'due':<10} {'original':>14} {'open':>14} {'late':>5}"]
    for ln in text.lines:
        late = str(ln.days_overdue) if ln.overdue else ""
        rows.append(
            f"{ln.number[:20]:<20} {ln.due_date.isoformat():<10} "
            f"{money(ln.original, text.currency):>14} {money(ln.residual, text.currency):>14} "
            f"{late:>5}"
        )
    return "\n".join(rows)


def template_context(text: ReminderText) -> dict[str, Any]:
    return {
        "partner_name": text.partner_name,
        "company_name": text.company_name,
        "level_name": text.level_name,
        "as_of": text.as_of.isoformat(),
        "total_due": money(text.total_due, text.currency),
        "total_overdue": money(text.total_overdue, text.currency),
        "items_table": items_table(text),
    }


def render_email(subject: str, body: str, text: ReminderText) -> tuple[str, str]:
    """Subject and body of the reminder email."""
    context = template_context(text)
    sandbox = _sandbox()
    rendered_subject = sandbox.from_string(subject).render(**context)
    return " ".join(rendered_subject.split()), sandbox.from_string(body).render(**context)


def render_letter(text: ReminderText, lang: str = "en") -> bytes:
    """The reminder as a PDF letter (``templates/followup_letter.html``) in ``lang``.

    Labels come from ``documents.wording``; dates and amounts are formatted in
    the language's locale (Babel), as on the invoice the customer received.
    """
    locale = BABEL_LOCALE.get(lang, "en_US")

    def cash(amount: Decimal) -> str:
        return str(format_currency(amount, text.currency, locale=locale))

    def day(value: dt.date) -> str:
        return str(format_date(value, format="medium", locale=locale))

    lines = [
        {
            "number": ln.number,
            "ref": ln.ref,
            "date": day(ln.date),
            "due_date": day(ln.due_date),
            "days_overdue": ln.days_overdue if ln.overdue else "",
            "original": cash(ln.original),
            "residual": cash(ln.residual),
            "kind": ln.kind,
        }
        for ln in text.lines
    ]
    context = template_context(text) | {
        "lines": lines,
        "as_of": day(text.as_of),
        "total_due": cash(text.total_due),
        "total_overdue": cash(text.total_overdue),
        "t": words(lang),
        "lang": lang,
        "html_lang": HTML_LANG.get(lang, "en"),
    }
    return render_pdf(LETTER_TEMPLATE, context)
