"""The chart of accounts in and out: one row per account, keyed by its code.

Re-importing a code that exists **updates** that account's name, flags and
currency; its kind may change only while the account has no journal item
(as in the account form). Kinds are those of ``services.reference.chart``;
receivable and payable accounts are always reconcilable; a currency must be
enabled for the company.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from asiento.domain.book_imports import LAYOUTS, bool_text, parse_bool
from asiento.importers.sheets import Cell
from asiento.services.imports.plans import (
    AccountFact,
    Plan,
    PreviewRow,
    RowReader,
    accounts_by_code,
    duplicate_keys,
)
from asiento.services.reference.chart import ACCOUNT_KINDS, ALWAYS_RECONCILABLE
from asiento.services.reference.currencies import require_enabled
from asiento.store.tables import Account, JournalItem


def plan_chart(
    session: Session, company_id: int, header: list[str], records: list[tuple[int, dict[str, str]]]
) -> Plan:
    plan = Plan()
    stored = accounts_by_code(session, company_id)
    used = set(
        session.scalars(
            select(JournalItem.account_id).where(JournalItem.company_id == company_id).distinct()
        )
    )
    refused = duplicate_keys(plan, [(n, "code", r.get("code", "").strip()) for n, r in records])
    creates: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for number, record in records:
        reader = RowReader(plan, number, record)
        values = _values(session, company_id, reader)
        existing = stored.get(values["code"])
        if existing is not None:
            _check_kind_change(reader, existing, values, used)
        if not reader.ok or number in refused:
            plan.rows.append(PreviewRow(number, values["code"], "refuse"))
            continue
        plan.rows.append(PreviewRow(number, values["code"], "update" if existing else "create"))
        if existing is not None:
            updates.append({"company_id": company_id, "id": existing.id, **values})
        else:
            creates.append(
                {"company_id": company_id, "reconcilable": False, "active": True, **values}
            )
    plan.apply = lambda: _write(session, creates, updates)
    return plan


def _values(session: Session, company_id: int, reader: RowReader) -> dict[str, Any]:
    v: dict[str, Any] = {
        "code": reader.text("code"),
        "name": reader.text("name"),
        "kind": reader.text("kind"),
    }
    for column in ("code", "name"):
        if not v[column]:
            reader.fail(column, f"the {column} is required")
    if v["kind"] not in ACCOUNT_KINDS:
        reader.fail("kind", f"{v['kind']!r} is not a kind: one of {', '.join(ACCOUNT_KINDS)}")
    if reader.has("reconcilable"):
        with reader.cell("reconcilable"):
            v["reconcilable"] = parse_bool(reader.text("reconcilable"), False)
    if v["kind"] in ALWAYS_RECONCILABLE:
        v["reconcilable"] = True
    if reader.has("currency"):
        code = reader.text("currency").upper()
        with reader.cell("currency"):
            v["currency"] = require_enabled(session, company_id, code) if code else None
    if reader.has("active"):
        with reader.cell("active"):
            v["active"] = parse_bool(reader.text("active"), True)
    return v


def _check_kind_change(
    reader: RowReader, existing: AccountFact, values: dict[str, Any], used: set[int]
) -> None:
    if values["kind"] != existing.kind and existing.id in used:
        reader.fail(
            "kind", f"account {existing.code} has journal items: its kind stays {existing.kind}"
        )


def _write(session: Session, creates: list[dict[str, Any]], updates: list[dict[str, Any]]) -> str:
    if creates:
        session.execute(insert(Account), creates)
    if updates:
        session.execute(update(Account), updates)
    return f"{len(creates)} created, {len(updates)} updated"


def export_chart(session: Session, company_id: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    stmt = select(Account).where(Account.company_id == company_id).order_by(Account.code)
    for a in session.scalars(stmt):
        cells: dict[str, Cell] = {
            "code": a.code,
            "name": a.name,
            "kind": a.kind,
            "reconcilable": bool_text(a.reconcilable),
            "currency": a.currency,
            "active": bool_text(a.active),
        }
        rows.append([cells[c] for c in LAYOUTS["chart"]])
    return rows
