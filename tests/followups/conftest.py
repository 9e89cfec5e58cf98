"""Follow-up fixtures: an in-process SMTP server and receivable items posted through the ledger."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import update

from asiento.domain.commands.partners import PartnerChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.followups.followup_levels import seed_default_levels
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.store.tables import JournalItem
from asiento.store.types import to_minor
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer
from tests.cli.conftest import cli  # noqa: F401  (the CLI invoker, for test_cli.py)

D = Decimal
AS_OF = date(2026, 6, 30)


@dataclass
class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append(msg)  # type: ignore[arg-type]
        return "250 OK"


@dataclass
class Smtp:
    url: str
    inbox: Inbox


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    """A real SMTP server on a free local port, its URL and the messages it got."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Smtp(f"smtp://127.0.0.1:{port}?from=ar@asiento.example", inbox)
    finally:
        controller.stop()


@pytest.fixture
def levels(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    """The seeded company with the default levels (15 / 30 / 45 days)."""
    seed_default_levels(uow, company.id)
    return company


def invoice_item(
    uow: UnitOfWork,
    company: SeededCompany,
    partner_id: int,
    amount: str,
    days_overdue: int,
    ref: str = "",
) -> int:
    """Post a customer invoice entry due ``days_overdue`` days before AS_OF; its receivable item id."""
    due = AS_OF - timedelta(days=days_overdue)
    day = due - timedelta(days=30)
    view = ledger.create_entry(
        uow,
        company.id,
        EntryInput(
            "INV",
            day,
            (
                LineInput("1100", debit=D(amount), partner_id=partner_id, due_date=due, label=ref),
                LineInput("4000", credit=D(amount), label=ref),
            ),
            ref=ref,
        ),
        post=True,
    )
    return receivable_item(view)


def advance_payment(
    uow: UnitOfWork, company: SeededCompany, partner_id: int, amount: str, day: date
) -> int:
    """Post a customer payment not matched to any invoice: a credit on the receivable account."""
    view = ledger.create_entry(
        uow,
        company.id,
        EntryInput(
            "BNK1",
            day,
            (
                LineInput("1000", debit=D(amount), label="Advance"),
                LineInput("1100", credit=D(amount), partner_id=partner_id, label="Advance"),
            ),
            ref="Advance payment",
        ),
        post=True,
    )
    return receivable_item(view)


def receivable_item(view: ledger.EntryView) -> int:
    return next(i.id for i in view.items if i.partner_id is not None)


def set_residual(uow: UnitOfWork, item_id: int, residual: str) -> None:
    """What a partial reconciliation leaves on an item (reconciliation is another area)."""
    with uow:
        uow.session.execute(
            update(JournalItem)
            .where(JournalItem.id == item_id)
            .values(amount_residual=to_minor(D(residual), "EUR"))
        )
        uow.commit()


def new_customer(uow: UnitOfWork, company: SeededCompany, name: str, email: str | None = "") -> int:
    pid = customer(uow, company, name)
    if email != "":
        from asiento.services.reference.partners import update_partner

        update_partner(uow, company.id, pid, PartnerChanges(email=email))
    return pid
