"""The audit log in words: what each action code says, and where its document lives.

The services name the object of each event (``audit_views``); this module
turns the action code into a translated phrase and the document into a
link. An action without a phrase here is still shown in words (its code with
dots and underscores read as spaces), so a new action never shows as raw JSON.
"""

from __future__ import annotations

from typing import Final

from asiento.services.access.audit_views import DescribedEvent, DocumentRef
from asiento.web.i18n import gettext


def _(message: str) -> str:
    return message


PHRASES: Final[dict[str, str]] = {
    "entry.post": _("posted %(subject)s"),
    "entry.reverse": _("reversed %(subject)s"),
    "reconcile": _("reconciled journal items"),
    "unreconcile": _("removed a reconciliation"),
    "statement_line.unreconcile": _("unreconciled statement line %(subject)s"),
    "company.create": _("created the company"),
    "company.update": _("changed the company settings"),
    "company.lock": _("changed the lock date"),
    "token.create": _("created API token %(subject)s"),
    "token.revoke": _("revoked API token %(subject)s"),
    "user.add": _("added user %(subject)s"),
    "should_be_paid.set": _("set Should Be Paid of %(subject)s"),
}

PATHS: Final[dict[str, str]] = {
    "invoice": "/invoices/{id}",
    "bill": "/bills/{id}",
    "payment": "/payments/{id}",
    "statement_line": "/statement-lines/{id}",
    "token": "/settings/tokens",
    "user": "/settings/users",
    "company": "/settings",
}


def phrase(item: DescribedEvent) -> str:
    """What the actor did, in the page's language."""
    action = item.event.action
    template = PHRASES.get(action)
    if template is None:
        words = action.replace(".", " ").replace("_", " ")
        return f"{words} {item.subject}".strip()
    return gettext(template) % {"subject": item.subject}


def link(ref: DocumentRef | None) -> str | None:
    """The page of a document, or None where the browser has none."""
    if ref is None or ref.kind not in PATHS:
        return None
    return PATHS[ref.kind].format(id=ref.id)
