"""Outgoing email over SMTP, configured by one URL.

``ASIENTO_SMTP_URL``: ``smtp://user:password@host:port`` (plain, STARTTLS when
the server offers it), ``smtps://...`` (TLS from the start). Query parameter
``from=`` sets the sender (default ``asiento@localhost``). Invoices, follow-up
reminders and reports all send through ``send_email``.

Without ``ASIENTO_SMTP_URL`` (and no URL passed) nothing is attempted:
``MailNotConfigured`` (409 ``mail_not_configured``) says how to set it, so a
fresh ``make run`` never pretends to send. A server that refuses the message
or cannot be reached gives ``MailNotSent`` (502 ``mail_not_sent``).
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from asiento.domain.errors import InvalidInput

DEFAULT_SENDER = "asiento@localhost"
TIMEOUT_SECONDS = 30


class MailNotSent(InvalidInput):
    """The SMTP server refused or could not be reached; nothing was recorded as sent."""

    status = 502
    code = "mail_not_sent"
    title = "Mail not sent"


class MailNotConfigured(MailNotSent):
    """No mail server is configured: nothing was attempted, nothing recorded."""

    status = 409
    code = "mail_not_configured"
    title = "No mail server configured"


NOT_CONFIGURED = (
    "no mail server is configured: set ASIENTO_SMTP_URL, e.g. "
    "ASIENTO_SMTP_URL='smtp://user:password@mail.example.com:587?from=billing@example.com' "
    "(smtps:// for TLS from the start), then restart asiento"
)


def smtp_configured(url: str | None = None) -> bool:
    return bool(url or os.environ.get("ASIENTO_SMTP_URL"))


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/pdf"


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    to: Sequence[str]
    subject: str
    body: str
    attachments: Sequence[Attachment] = field(default_factory=tuple)
    sender: str | None = None


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    tls: bool
    sender: str


def smtp_settings(url: str | None = None) -> SmtpSettings:
    """Parse ``url`` (default: ``ASIENTO_SMTP_URL``); ``MailNotConfigured`` without either."""
    raw = url or os.environ.get("ASIENTO_SMTP_URL")
    if not raw:
        raise MailNotConfigured(NOT_CONFIGURED, field="ASIENTO_SMTP_URL")
    parts = urlsplit(raw)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise InvalidInput(
            f"ASIENTO_SMTP_URL: expected smtp://host:port or smtps://..., got {raw!r}"
        )
    tls = parts.scheme == "smtps"
    sender = parse_qs(parts.query).get("from", [DEFAULT_SENDER])[0]
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or (465 if tls else 25),
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=tls,
        sender=sender,
    )


def build_message(email: OutgoingEmail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = email.sender or sender
    message["To"] = ", ".join(email.to)
    message["Subject"] = email.subject
    message.set_content(email.body)
    for a in email.attachments:
        maintype, _, subtype = a.mime_type.partition("/")
        message.add_attachment(a.content, maintype=maintype, subtype=subtype, filename=a.filename)
    return message


def send_email(email: OutgoingEmail, url: str | None = None) -> None:
    """Deliver ``email``; raise ``MailNotSent`` with the server's reason on failure."""
    if not email.to:
        raise InvalidInput("to: an email needs at least one recipient", field="to")
    settings = smtp_settings(url)
    message = build_message(email, settings.sender)
    smtp_class = smtplib.SMTP_SSL if settings.tls else smtplib.SMTP
    try:
        with smtp_class(settings.host, settings.port, timeout=TIMEOUT_SECONDS) as smtp:
            if not settings.tls:
                smtp.ehlo()
                if smtp.has_extn("starttls"):
                    smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailNotSent(f"email not sent: {exc}") from exc
