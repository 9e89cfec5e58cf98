"""The set-based automatic statement pass writes exactly what the per-line path writes.

Two companies get the same statements, invoices, payments and rules: lines by
reference and by partner and amount (one of two items), a line closing an
invoice already partly paid (the full reconciliation must walk the older
partial: ``reconcile_in`` inside the set-based path), a USD invoice, a
payment match and a taxed rule (per-line path, between set-based lines), an
untaxed rule, a line in a locked period (refused by both), an ambiguous and an
unknown line. One company is reconciled with ``bulk=False``, the other
set-based; the ledgers are compared after replacing ids by natural keys
(journal and number, item sequence, account code, partner name): entries,
items, residuals, partials, full reconciliations, invoice payment states,
payments, line states and audit actions; both hash chains verify.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.commands.reconciliation_rules import NewRule
from asiento.services.bank import statement_auto
from asiento.services.bank.reconciliation_rules import create_rule
from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.bank.statements import ManualLine, ManualStatement, create_statement
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.ledger.verify import verify_chains
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.reference import currencies
from asiento.services.reference.companies import set_lock_date
from asiento.store.tables import (
    Account,
    AuditEvent,
    Invoice,
    Journal,
    JournalEntry,
    JournalItem,
    PartialReconciliation,
    Partner,
    Payment,
    StatementLine,
)
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.builders.recon import invoice_entry

D = Decimal


@dataclass(frozen=True, slots=True)
class Dataset:
    line_ids: list[int]


def _invoice(uow: UnitOfWork, c: SeededCompany, partner: int, price: str) -> str:
    view = posted(uow, c, invoice_input(partner, line(price, account_id=c.accounts["4000"])))
    return str(view.number)


def _dataset(uow: UnitOfWork, c: SeededCompany) -> Dataset:
    acme, deco = customer(uow, c, "Acme"), customer(uow, c, "Deco Addict")
    combo, early = customer(uow, c, "Combo"), customer(uow, c, "Early")
    first, locked = _invoice(uow, c, acme, "121.00"), _invoice(uow, c, acme, "80.00")
    for price in ("50.00", "120.00", "70.00"):
        _invoice(uow, c, deco, price)
    _invoice(uow, c, combo, "30.00")
    _invoice(uow, c, combo, "40.00")
    partly = _invoice(uow, c, early, "500.00")
    with uow:
        inv_id = uow.session.scalar(
            select(Invoice.id).where(Invoice.company_id == c.id, Invoice.number == partly)
        )
    register_payment(
        uow, c.id, [int(inv_id or 0)], RegisterPaymentInput(date(2026, 3, 12), D("200.00"))
    )
    currencies.enable_currency(uow, c.id, "USD")
    dollar = customer(uow, c, "Dollar")
    invoice_entry(uow, c, dollar, "90.00", currency="USD", amount_currency="100.00")
    create_rule(
        uow, c.id, NewRule(name="Fees", label_contains="fee", account_id=c.accounts["6200"])
    )
    create_rule(
        uow,
        c.id,
        NewRule(
            name="Taxed",
            label_contains="vat",
            account_id=c.accounts["6200"],
            tax_id=c.taxes["VAT 21% purchase"],
        ),
    )
    specs = [  # (day, amount, counterparty, communication)
        (date(2026, 3, 4), "80.00", None, f"Invoice {locked}"),  # locked period: refused
        (date(2026, 3, 20), "121.00", None, f"Pay {first} thanks"),  # reference
        (date(2026, 3, 20), "-12.10", None, "VAT charge"),  # taxed rule: per line
        (date(2026, 3, 20), "70.00", "Combo", "two invoices"),  # partner: 30 + 40
        (date(2026, 3, 21), "300.00", None, f"rest of {partly}"),  # closes a partly paid one
        (date(2026, 3, 21), "200.00", "Early", "transfer"),  # the registered payment
        (date(2026, 3, 21), "-4.90", None, "account fee"),  # untaxed rule: set-based
        (date(2026, 3, 22), "90.00", "Dollar", "usd invoice"),  # USD item
        (date(2026, 3, 22), "120.00", "Deco Addict", "which one?"),  # ambiguous
        (date(2026, 3, 22), "9.99", None, "unknown"),  # left open
    ]
    data = ManualStatement(
        "BNK1",
        date(2026, 3, 22),
        "S1",
        None,
        None,
        tuple(ManualLine(d, D(a), counterparty_name=n, communication=t) for d, a, n, t in specs),
    )
    ids = [x.id for x in create_statement(uow, c.id, data).lines]
    set_lock_date(uow, c.id, date(2026, 3, 5))
    return Dataset(ids)


class _Keys:
    """Natural keys of one company's rows, so that two companies compare equal."""

    def __init__(self, s: Session, company_id: int) -> None:
        self.s, self.company_id = s, company_id
        self.journal = dict(s.execute(select(Journal.id, Journal.code)).all())
        self.account = dict(s.execute(select(Account.id, Account.code)).all())
        self.partner = dict(s.execute(select(Partner.id, Partner.name)).all())
        entries = s.scalars(select(JournalEntry).where(JournalEntry.company_id == company_id))
        self.entry = {e.id: (self.journal[e.journal_id], e.number) for e in entries}
        rows = s.execute(
            select(JournalItem.id, JournalItem.entry_id, JournalItem.sequence).where(
                JournalItem.company_id == company_id
            )
        )
        self.item = {i: (self.entry[e], n) for i, e, n in rows}


def _entries(s: Session, k: _Keys) -> list[Any]:
    lines = {
        x.id: x.sequence
        for x in s.scalars(select(StatementLine).where(StatementLine.company_id == k.company_id))
    }
    return sorted(
        (
            k.entry[e.id],
            e.date,
            e.ref,
            e.narration,
            e.state,
            e.chain_index,
            e.sequence_number,
            e.origin_kind,
            lines.get(e.origin_id or 0) if e.origin_kind == "statement_line" else None,
        )
        for e in s.scalars(select(JournalEntry).where(JournalEntry.company_id == k.company_id))
    )


def _items(s: Session, k: _Keys) -> list[Any]:
    fulls: dict[int, set[Any]] = {}
    rows = list(s.scalars(select(JournalItem).where(JournalItem.company_id == k.company_id)))
    for i in rows:
        if i.full_reconciliation_id is not None:
            fulls.setdefault(i.full_reconciliation_id, set()).add(k.item[i.id])
    return sorted(
        (
            k.item[i.id],
            k.account[i.account_id],
            k.partner.get(i.partner_id or 0),
            i.label,
            i.debit,
            i.credit,
            i.currency,
            i.amount_currency,
            i.date,
            i.parent_state,
            i.amount_residual,
            i.amount_residual_currency,
            i.reconciled,
            sorted(fulls[i.full_reconciliation_id]) if i.full_reconciliation_id else None,
        )
        for i in rows
    )


def _partials(s: Session, k: _Keys) -> list[Any]:
    return sorted(
        (
            k.item[p.debit_item_id],
            k.item[p.credit_item_id],
            p.amount,
            p.debit_amount_currency,
            p.credit_amount_currency,
            p.max_date,
            p.created_by,
            p.note,
            k.entry.get(p.exchange_entry_id or 0),
            p.full_reconciliation_id is not None,
        )
        for p in s.scalars(
            select(PartialReconciliation).where(PartialReconciliation.company_id == k.company_id)
        )
    )


def _snapshot(uow: UnitOfWork, company_id: int) -> dict[str, Any]:
    with uow:
        s = uow.session
        k = _Keys(s, company_id)
        scoped = (Invoice.company_id == company_id, Payment.company_id == company_id)
        audit = Counter(
            s.execute(
                select(AuditEvent.action, AuditEvent.object_kind).where(
                    AuditEvent.company_id == company_id
                )
            )
        )
        return {
            "entries": _entries(s, k),
            "items": _items(s, k),
            "partials": _partials(s, k),
            "invoices": [
                (i.number, i.payment_state, i.amount_residual)
                for i in s.scalars(select(Invoice).where(scoped[0]).order_by(Invoice.id))
            ],
            "payments": [
                (p.amount, p.is_matched)
                for p in s.scalars(select(Payment).where(scoped[1]).order_by(Payment.id))
            ],
            "lines": [
                (x.sequence, x.state, k.entry.get(x.entry_id or 0), x.payment_id is not None)
                for x in s.scalars(
                    select(StatementLine)
                    .where(StatementLine.company_id == company_id)
                    .order_by(StatementLine.sequence)
                )
            ],
            "audit": sorted(audit.items()),
        }


def _outcome(report: statement_auto.AutoReport, ids: list[int]) -> Any:
    pos = {x: n for n, x in enumerate(ids)}
    return (
        [(pos[p.line_id], p.kind) for p in report.matched],
        [(pos[x], msg) for x, msg in report.refused],
        [pos[a.line_id] for a in report.ambiguous],
        report.left,
    )


@pytest.mark.parametrize("chunk", [1000, 3])
def test_the_set_based_pass_writes_exactly_what_the_per_line_path_writes(
    uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(statement_auto, "LINE_CHUNK", chunk)
    twin = seed_company(uow, "Twin SL", "EUR")
    slow_data, fast_data = _dataset(uow, company), _dataset(uow, twin)
    before = _snapshot(uow, company.id)
    assert before == _snapshot(uow, twin.id)
    slow = auto_reconcile(uow, company.id, bulk=False)
    fast = auto_reconcile(uow, twin.id)
    assert _outcome(fast, fast_data.line_ids) == _outcome(slow, slow_data.line_ids)
    assert (slow.bulk, slow.per_line) == (0, 7)
    assert (fast.bulk, fast.per_line) == (5, 2)
    after = _snapshot(uow, twin.id)
    assert after == _snapshot(uow, company.id)
    assert after != before
    matched, refused, ambiguous, left = _outcome(fast, fast_data.line_ids)
    assert matched == [
        (1, "items"),
        (2, "rule"),
        (3, "items"),
        (4, "items"),
        (5, "payment"),
        (6, "rule"),
        (7, "items"),
    ]
    assert refused == [(0, "date 2026-03-04 is in a locked period (locked up to 2026-03-05)")]
    assert (ambiguous, left) == ([8], 2)
    assert [(state, rest) for _, state, rest in after["invoices"]] == [
        ("paid", 0),
        ("not_paid", 8000),
        ("not_paid", 5000),
        ("not_paid", 12000),
        ("not_paid", 7000),
        ("paid", 0),
        ("paid", 0),
        ("paid", 0),
    ]
    assert [s for _, s, _, _ in after["lines"]] == [
        "open",
        *["reconciled"] * 7,
        "open",
        "open",
    ]
    assert all(check.ok for check in verify_chains(uow, twin.id))
    assert all(check.ok for check in verify_chains(uow, company.id))
