"""Payment terms of a company: create, read, change, retire, and preview a schedule.

A stored term (``store.tables.PaymentTerm``) keeps the JSON of the domain
``PaymentTerm.to_dict()`` in ``definition`` and its name in ``name``; the
domain rule is the single source of validation, so a term that could not be
applied is never stored.

Invariants:
    - ``definition`` always parses back into a valid domain ``PaymentTerm``
      whose name equals the row's ``name``; names are unique per company.
    - Bad input raises before anything is written (``PaymentTermInvalid``
      names the line: "line 2: percent 120 is over 100 %").
    - A term that an invoice or partner uses is never deleted (deactivate it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import DuplicateKey, InvalidInput, NotFound, PaymentTermInUse
from asiento.domain.installments import Installment
from asiento.domain.money import Money
from asiento.domain.payment_term_seeds import SEED_TERM_DICTS
from asiento.domain.payment_terms import PaymentTerm as TermRule
from asiento.services.access import principal as access
from asiento.services.invoicing.payment_schedule import (
    partner_payment_days,
    rule_of,
    schedule_under,
)
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped, page, scoped_select
from asiento.store.tables import Company, Invoice, Partner, PaymentTerm
from asiento.store.uow import UnitOfWork

NAME_LENGTH = 100
TermRef = int | str
"""A term by id (an int, or a string of digits) or by exact name."""


@dataclass(frozen=True, slots=True)
class TermView:
    """A stored term as the API and CLI show it; ``rule`` is the domain value."""

    id: int
    name: str
    note: str
    active: bool
    rule: TermRule

    @property
    def definition(self) -> dict[str, Any]:
        return self.rule.to_dict()


@dataclass(frozen=True, slots=True)
class Preview:
    """The schedule a term gives an amount on a date, as an invoice would post it."""

    term: TermView
    invoice_date: date
    total: Money
    installments: list[Installment]
    payment_days: tuple[int, ...] = ()
    """The partner's payment days the due dates were moved to (empty: none asked)."""


def _view(row: PaymentTerm) -> TermView:
    return TermView(row.id, row.name, row.note, row.active, rule_of(row.definition))


def parse_term(definition: Mapping[str, Any]) -> TermRule:
    """The domain term of ``definition`` (``name``, ``lines``, ``discount``).

    Raises:
        PaymentTermInvalid: every problem, each naming its line.
        InvalidInput: a name longer than 100 characters.
    """
    rule = TermRule.from_dict(definition)
    rule_name = rule.name.strip()
    if len(rule_name) > NAME_LENGTH:
        raise InvalidInput(f"name is longer than {NAME_LENGTH} characters", field="name")
    return TermRule(rule_name, rule.lines, rule.discount)


def find_term(session: Session, company_id: int, ref: TermRef) -> PaymentTerm:
    """The company's term ``ref``: an id, or else an exact name (NotFound otherwise)."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        return get_scoped(session, PaymentTerm, company_id, int(ref), "payment term")
    stmt = scoped_select(PaymentTerm, company_id).where(PaymentTerm.name == str(ref).strip())
    row = session.scalars(stmt).first()
    if row is None:
        raise NotFound("payment term", repr(ref))
    return row


def _check_name_free(session: Session, company_id: int, name: str, own_id: int | None) -> None:
    stmt = scoped_select(PaymentTerm, company_id).where(PaymentTerm.name == name)
    found = session.scalars(stmt).first()
    if found is not None and found.id != own_id:
        raise DuplicateKey(f"payment term {name!r} exists already", field="name")


def add_term(session: Session, company_id: int, rule: TermRule, note: str = "") -> PaymentTerm:
    """Store ``rule`` in an open transaction (for set-up code such as the demo)."""
    _check_name_free(session, company_id, rule.name, None)
    row = PaymentTerm(
        company_id=company_id,
        name=rule.name,
        note=note,
        definition=json.dumps(rule.to_dict()),
        active=True,
        # set here: migration 0002's server default now() does not exist on SQLite
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row


@access.requires(Permission.SETTINGS)
def create_term(
    uow: UnitOfWork,
    company_id: int,
    definition: Mapping[str, Any],
    *,
    note: str = "",
    active: bool = True,
) -> TermView:
    """Validate and store a new term; nothing is written when it is refused."""
    rule = parse_term(definition)
    with uow:
        row = add_term(uow.session, company_id, rule, note)
        row.active = active
        view = _view(row)
        uow.commit()
        return view


@access.requires(Permission.SETTINGS)
def update_term(
    uow: UnitOfWork,
    company_id: int,
    ref: TermRef,
    *,
    definition: Mapping[str, Any] | None = None,
    note: str | None = None,
    active: bool | None = None,
) -> TermView:
    """Replace a term's definition (and so its name), note or active flag.

    Invoices already posted keep their installments: their items carry the
    due dates, never a link back to the rule.
    """
    rule = parse_term(definition) if definition is not None else None
    with uow:
        row = find_term(uow.session, company_id, ref)
        if rule is not None:
            _check_name_free(uow.session, company_id, rule.name, row.id)
            row.name, row.definition = rule.name, json.dumps(rule.to_dict())
        if note is not None:
            row.note = note
        if active is not None:
            row.active = active
        uow.session.flush()
        view = _view(row)
        uow.commit()
        return view


def get_term(uow: UnitOfWork, company_id: int, ref: TermRef) -> TermView:
    with uow:
        return _view(find_term(uow.session, company_id, ref))


def list_terms(
    uow: UnitOfWork,
    company_id: int,
    *,
    active: bool | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> tuple[list[TermView], str | None]:
    """A page of the company's terms, newest first (keyset cursor)."""
    with uow:
        stmt = scoped_select(PaymentTerm, company_id)
        if active is not None:
            stmt = stmt.where(PaymentTerm.active == active)
        rows, nxt = page(uow.session, stmt, PaymentTerm.id, cursor, limit)
        return [_view(r) for r in rows], nxt


@access.requires(Permission.SETTINGS)
def delete_term(uow: UnitOfWork, company_id: int, ref: TermRef) -> None:
    """Delete an unused term; one an invoice or partner names is refused (409)."""
    with uow:
        found = find_term(uow.session, company_id, ref)
        row = lock_scoped(uow.session, PaymentTerm, company_id, found.id, "payment term")
        users = _users(uow.session, company_id, row.id)
        if users:
            raise PaymentTermInUse(
                f"payment term {row.name!r} is used by {users}; deactivate it instead",
                field="id",
            )
        uow.session.delete(row)
        uow.commit()


def _users(session: Session, company_id: int, term_id: int) -> str:
    invoices = session.scalar(
        select(func.count())
        .select_from(Invoice)
        .where(Invoice.company_id == company_id, Invoice.payment_term_id == term_id)
    )
    partners = session.scalar(
        select(func.count())
        .select_from(Partner)
        .where(
            Partner.company_id == company_id,
            or_(
                Partner.customer_payment_term_id == term_id,
                Partner.supplier_payment_term_id == term_id,
            ),
        )
    )
    found = [f"{n} {what}" for n, what in ((invoices, "invoice(s)"), (partners, "partner(s)")) if n]
    return " and ".join(found)


def preview_term(
    uow: UnitOfWork,
    company_id: int,
    ref: TermRef,
    *,
    total: Money,
    invoice_date: date,
    untaxed: Money | None = None,
    partner_id: int | None = None,
) -> Preview:
    """The installments ``total`` would get under term ``ref`` on ``invoice_date``.

    Uses the company's working calendar, and the payment days of
    ``partner_id`` when given, exactly as invoice posting does.

    Raises:
        InstallmentsExceedTotal: a fixed line larger than ``total`` (names the line).
        InvalidAmount: ``total`` finer than its currency allows.
        CashDiscountBaseInvalid: the discount needs ``untaxed`` and it is missing.
    """
    # 1000 means 1000.00 EUR; 1000.001 is refused by the domain, naming the total
    total = total.quantize() if total == total.quantize() else total
    with uow:
        row = find_term(uow.session, company_id, ref)
        company = uow.session.get(Company, company_id)
        if company is None:
            raise NotFound("company", company_id)
        view = _view(row)
        days = partner_payment_days(uow.session, company_id, partner_id)
        schedule = schedule_under(
            uow.session, company, view.rule, invoice_date, total, untaxed, days
        )
        return Preview(view, invoice_date, total, schedule, days)


def seed_company_terms(session: Session, company_id: int) -> dict[str, int]:
    """Store the five seed terms for a company; their ids by name."""
    return {
        data["name"]: add_term(session, company_id, parse_term(data)).id for data in SEED_TERM_DICTS
    }


DEMO_PARTNER_TERMS: tuple[tuple[str, str, str], ...] = (
    ("Smith and Offspring", "customer", "30% now, balance end of following month"),
    ("Azure Interior", "customer", "2% 10, Net 30 EOM"),
    ("Deco Addict", "customer", "15 Days"),
    ("Wood Corner", "supplier", "21st of the following month"),
    ("Ready Mat", "supplier", "Immediate"),
)


def load_demo_terms(uow: UnitOfWork, company_id: int, partner_ids: Mapping[str, int]) -> None:
    """The seed terms, and default customer/supplier terms on some demo partners."""
    with uow:
        ids = seed_company_terms(uow.session, company_id)
        for name, role, term in DEMO_PARTNER_TERMS:
            if name in partner_ids:
                partner = get_scoped(uow.session, Partner, company_id, partner_ids[name], "partner")
                setattr(partner, f"{role}_payment_term_id", ids[term])
        uow.commit()
