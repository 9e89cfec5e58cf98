"""Fixtures for invoice documents: invoices inserted as rows, and an in-process SMTP server.

``insert_invoice`` writes an invoice and its lines straight into the tables,
the way a draft looks once created, so the document tests do not depend on the
invoice-creation use case and can also build drafts that use case refuses
(a zero quantity) to show the batch reports them.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from asiento.domain.payment_term_seeds import SEED_TERM_DICTS
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.store.tables import Invoice, InvoiceLine, PaymentTerm, invoice_line_taxes
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer

D = Decimal


def insert_invoice(
    uow: UnitOfWork,
    company: SeededCompany,
    partner_id: int,
    lines: Sequence[tuple[str, str, str, str, Sequence[str]]],
    **header: Any,
) -> int:
    """A draft customer invoice; ``lines`` are (description, qty, price, discount %, tax names)."""
    values: dict[str, Any] = {
        "kind": "customer_invoice",
        "state": "draft",
        "journal_id": company.journals["INV"],
        "currency": company.currency,
        "invoice_date": date(2026, 3, 1),
        "due_date": date(2026, 3, 31),
        "partner_account_id": company.accounts["1100"],
        # migration 0002's server default now() does not exist on SQLite
        "created_at": datetime.now(UTC),
    } | header
    with uow:
        invoice = Invoice(company_id=company.id, partner_id=partner_id, **values)
        uow.session.add(invoice)
        uow.session.flush()
        for n, (text, qty, price, discount, taxes) in enumerate(lines):
            line = InvoiceLine(
                company_id=company.id,
                invoice_id=invoice.id,
                sequence=n,
                description=text,
                quantity=D(qty),
                price_unit=D(price),
                discount=D(discount),
                account_id=company.accounts["4000"],
            )
            uow.session.add(line)
            uow.session.flush()
            for name in taxes:
                uow.session.execute(
                    invoice_line_taxes.insert().values(
                        company_id=company.id, line_id=line.id, tax_id=company.taxes[name]
                    )
                )
        uow.commit()
        return invoice.id


STANDARD_LINES: list[tuple[str, str, str, str, Sequence[str]]] = [
    ("Office chair", "3", "149.00", "10", ["VAT 21% sale"]),
    ("Accounting handbook", "2", "39.50", "0", ["VAT 10% sale"]),
    ("Consulting hour", "1.5", "95.123456", "0", ["VAT 21% sale"]),
]
"""Bases 402.30 (3 x 149.00 less 10 %), 79.00 and 142.69 (1.5 x 95.123456): untaxed 623.99.
VAT 21 % rounded per line 84.48 + 29.96 = 114.44 on 544.99; VAT 10 % 7.90 on 79.00.
Tax 122.34, total 746.33."""


@pytest.fixture
def partner_id(uow: UnitOfWork, company: SeededCompany) -> int:
    return customer(uow, company)


@dataclass
class Mailbox:
    """What the in-process SMTP server received."""

    messages: list[Message] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_smtp() -> Iterator[tuple[str, Mailbox]]:
    """An aiosmtpd server on a free local port: ``(smtp_url, mailbox)``."""
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}?from=billing@asiento.example", box
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, Mailbox]]:
    with running_smtp() as server:
        yield server


@pytest.fixture
def dead_smtp_url() -> str:
    """A local port nobody listens on."""
    return f"smtp://127.0.0.1:{free_port()}"


def standard_input(
    company: SeededCompany, partner_id: int, term_id: int | None = None
) -> InvoiceInput:
    """``STANDARD_LINES`` as a command for ``invoices.create_invoice``."""
    return InvoiceInput(
        kind="customer_invoice",
        partner_id=partner_id,
        invoice_date=date(2026, 3, 1),
        payment_term_id=term_id,
        lines=tuple(
            InvoiceLineInput(
                description=text,
                quantity=D(qty),
                price_unit=D(price),
                discount=D(discount),
                account_id=company.accounts["4000"],
                tax_ids=tuple(company.taxes[name] for name in taxes),
            )
            for text, qty, price, discount, taxes in STANDARD_LINES
        ),
    )


def thirty_percent_now_term(uow: UnitOfWork, company: SeededCompany) -> int:
    """The seed term "30% now, balance end of following month", stored for ``company``."""
    data = SEED_TERM_DICTS[4]
    with uow:
        row = PaymentTerm(
            company_id=company.id,
            name=data["name"],
            definition=json.dumps(data),
            created_at=datetime.now(UTC),
        )
        uow.session.add(row)
        uow.commit()
        return row.id
