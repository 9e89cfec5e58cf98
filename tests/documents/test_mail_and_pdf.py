"""The shared seams: ``mail`` (SMTP URL, message shape, failures) and ``documents.pdf``."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from asiento.documents import pdf
from asiento.domain.errors import InvalidInput
from asiento.mail import (
    Attachment,
    MailNotConfigured,
    MailNotSent,
    OutgoingEmail,
    SmtpSettings,
    build_message,
    send_email,
    smtp_settings,
)
from tests.documents.conftest import Mailbox


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mail.example:2525",
            SmtpSettings("mail.example", 2525, None, None, False, "asiento@localhost"),
        ),
        (
            "smtps://mail.example",
            SmtpSettings("mail.example", 465, None, None, True, "asiento@localhost"),
        ),
        (
            "smtp://mail.example",
            SmtpSettings("mail.example", 25, None, None, False, "asiento@localhost"),
        ),
        (
            "smtp://bill%40co.example:p%40ss%2Fw@mail.example:587?from=billing@co.example",
            SmtpSettings(
                "mail.example", 587, "bill@co.example", "p@ss/w", False, "billing@co.example"
            ),
        ),
    ],
)
def test_smtp_url_is_parsed_with_decoded_credentials(url: str, expected: SmtpSettings) -> None:
    assert smtp_settings(url) == expected


def test_smtp_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASIENTO_SMTP_URL", "smtp://relay.example:2500")
    assert (smtp_settings().host, smtp_settings().port) == ("relay.example", 2500)
    monkeypatch.delenv("ASIENTO_SMTP_URL")
    # no server configured: nothing is attempted (not a guess at a local port 25)
    with pytest.raises(MailNotConfigured, match="set ASIENTO_SMTP_URL") as err:
        smtp_settings()
    assert (err.value.status, err.value.code) == (409, "mail_not_configured")


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "mail.example:25"])
def test_smtp_url_of_another_scheme_or_without_host_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput, match="ASIENTO_SMTP_URL: expected smtp://host:port"):
        smtp_settings(url)


def test_message_carries_sender_recipients_and_attachment() -> None:
    email = OutgoingEmail(
        to=["a@example.com", "b@example.com"],
        subject="Invoice INV/2026/00001",
        body="Hello",
        attachments=(Attachment("INV-2026-00001.pdf", b"%PDF-1.7 test"),),
    )
    message = build_message(email, "billing@co.example")
    assert (message["From"], message["To"]) == (
        "billing@co.example",
        "a@example.com, b@example.com",
    )
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "INV-2026-00001.pdf"
    assert attachment.get_content() == b"%PDF-1.7 test"


def test_email_without_recipient_is_refused() -> None:
    with pytest.raises(InvalidInput, match="an email needs at least one recipient"):
        send_email(OutgoingEmail(to=[], subject="x", body="y"), "smtp://127.0.0.1:1")


def test_email_reaches_the_server(smtp_server: tuple[str, Mailbox]) -> None:
    url, box = smtp_server
    send_email(OutgoingEmail(to=["c@example.com"], subject="Reminder", body="Pay"), url)
    assert box.envelopes == [("billing@asiento.example", ["c@example.com"])]
    assert box.messages[0]["Subject"] == "Reminder"


def test_unreachable_server_raises_mail_not_sent(dead_smtp_url: str) -> None:
    with pytest.raises(MailNotSent, match="email not sent") as err:
        send_email(OutgoingEmail(to=["c@example.com"], subject="x", body="y"), dead_smtp_url)
    assert (err.value.status, err.value.code) == (502, "mail_not_sent")


class CountingHandler(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        CountingHandler.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


def test_pdf_renderer_never_requests_a_remote_resource() -> None:
    server = HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        html = (
            f'<link rel="stylesheet" href="{url}/style.css">'
            f'<p>Hi <img src="{url}/logo.png"> <img src="data:image/svg+xml;base64,{SVG}"></p>'
        )
        content = pdf.html_to_pdf(html)
    finally:
        server.shutdown()
        server.server_close()
    assert content.startswith(b"%PDF-")
    assert CountingHandler.hits == []


SVG = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>').decode()
