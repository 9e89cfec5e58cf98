"""Partners in and out: one row per partner, keyed by its code (else its name).

Re-importing a partner whose key exists **updates** it: the columns the file
has replace the stored values, the columns it leaves out stay as they are.
A key that names two stored partners (two partners share a name and the row
has no code) is refused as ambiguous. References resolve in the company:
accounts by code (of the receivable or payable kind), payment terms by name.
The checks of a partner's identity (e-mail, country, VAT number, language)
are the ones the partner form uses (``services.reference.identity``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from asiento.domain.book_imports import LAYOUTS, bool_text, parse_bool
from asiento.domain.due_dates import parse_payment_days, payment_days_text
from asiento.importers.sheets import Cell
from asiento.services.imports.plans import (
    AccountFact,
    Plan,
    PreviewRow,
    RowReader,
    accounts_by_code,
    duplicate_keys,
)
from asiento.services.reference.identity import (
    normal_country,
    normal_email,
    normal_language,
    normal_tax_id,
)
from asiento.store.tables import Account, Partner, PaymentTerm

_TEXT = ("street", "zip", "city", "region")
_BOOLS = {"is_customer": True, "is_supplier": False, "active": True}
_ACCOUNTS = {"receivable_account": "receivable", "payable_account": "payable"}
_TERMS = ("customer_payment_term", "supplier_payment_term")


def _stored_keys(session: Session, company_id: int) -> dict[str, list[int]]:
    """``code:X`` and ``name:Y`` -> partner ids."""
    found: dict[str, list[int]] = defaultdict(list)
    rows = session.execute(
        select(Partner.id, Partner.ref, Partner.name).where(Partner.company_id == company_id)
    )
    for pid, ref, name in rows:
        if ref:
            found[f"code:{ref}"].append(pid)
        found[f"name:{name}"].append(pid)
    return found


def _terms(session: Session, company_id: int) -> dict[str, int]:
    stmt = select(PaymentTerm.name, PaymentTerm.id).where(PaymentTerm.company_id == company_id)
    return {name: tid for name, tid in session.execute(stmt)}


def plan_partners(
    session: Session, company_id: int, header: list[str], records: list[tuple[int, dict[str, str]]]
) -> Plan:
    plan = Plan()
    accounts, terms = accounts_by_code(session, company_id), _terms(session, company_id)
    stored = _stored_keys(session, company_id)
    creates: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    keyed: list[tuple[int, str, str]] = []
    for n, r in records:
        by, key = _key(r).split(":", 1)
        keyed.append((n, by, key))
    refused = duplicate_keys(plan, [(n, "code", k) for n, by, k in keyed if by == "code"])
    refused |= duplicate_keys(plan, [(n, "name", k) for n, by, k in keyed if by == "name"])
    for number, record in records:
        reader = RowReader(plan, number, record)
        values = _values(reader, accounts, terms)
        key = _key(record)
        matches = stored.get(key, [])
        if len(matches) > 1:
            reader.fail(
                "code" if record.get("code") else "name",
                f"{len(matches)} partners have this {key.split(':')[0]}: give a code",
            )
        action = "update" if matches else "create"
        if not reader.ok or number in refused:
            plan.rows.append(PreviewRow(number, key.split(":", 1)[1], "refuse"))
            continue
        plan.rows.append(PreviewRow(number, key.split(":", 1)[1], action))
        if matches:
            updates.append({"company_id": company_id, "id": matches[0], **values})
        else:
            creates.append({"company_id": company_id, **_defaults(values)})
    plan.apply = lambda: _write(session, creates, updates)
    return plan


def _key(record: dict[str, str]) -> str:
    code = record.get("code", "").strip()
    return f"code:{code}" if code else f"name:{record.get('name', '').strip()}"


def _values(
    reader: RowReader, accounts: dict[str, AccountFact], terms: dict[str, int]
) -> dict[str, Any]:
    v: dict[str, Any] = {}
    if reader.has("code"):
        v["ref"] = reader.text("code") or None
    v["name"] = reader.text("name")
    if not v["name"]:
        reader.fail("name", "the name is required")
    for column in _TEXT:
        if reader.has(column):
            v[column] = reader.text(column) or None
    for column, default in _BOOLS.items():
        if reader.has(column):
            with reader.cell(column):
                v[column] = parse_bool(reader.text(column), default)
    _identity(reader, v)
    for column, kind in _ACCOUNTS.items():
        if reader.has(column):
            v[f"{column}_id"] = _account(reader, column, kind, accounts)
    for column in _TERMS:
        if reader.has(column):
            name = reader.text(column)
            if name and name not in terms:
                reader.fail(column, f"no payment term named {name!r}")
            v[f"{column}_id"] = terms.get(name) if name else None
    return v


def _identity(reader: RowReader, v: dict[str, Any]) -> None:
    if reader.has("country"):
        with reader.cell("country"):
            v["country"] = normal_country(reader.text("country") or None)
    for column in ("email", "invoice_email"):
        if reader.has(column):
            with reader.cell(column):
                v[column] = normal_email(reader.text(column) or None, column)
    if reader.has("language"):
        with reader.cell("language"):
            v["language"] = normal_language(reader.text("language") or None)
    if reader.has("tax_id"):
        with reader.cell("tax_id"):
            raw = reader.text("tax_id")
            v["tax_id"] = normal_tax_id(raw, v.get("country")) if raw else None
    if reader.has("payment_days"):
        with reader.cell("payment_days"):
            v["payment_days"] = payment_days_text(parse_payment_days(reader.text("payment_days")))


def _account(
    reader: RowReader, column: str, kind: str, accounts: dict[str, AccountFact]
) -> int | None:
    code = reader.text(column)
    if not code:
        return None
    found = accounts.get(code)
    if found is None:
        reader.fail(column, f"no account {code!r} in the chart")
        return None
    if found.kind != kind:
        reader.fail(column, f"account {code} is {found.kind}, not {kind}")
    return found.id


def _defaults(values: dict[str, Any]) -> dict[str, Any]:
    return {"payment_days": "", **dict(_BOOLS), **values}


def _write(session: Session, creates: list[dict[str, Any]], updates: list[dict[str, Any]]) -> str:
    """Inserts in one executemany; updates by primary key, grouped by their columns."""
    if creates:
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in creates:
            by_columns[tuple(sorted(row))].append(row)
        for rows in by_columns.values():
            session.execute(insert(Partner), rows)
    if updates:
        session.execute(update(Partner), updates)
    return f"{len(creates)} created, {len(updates)} updated"


def export_partners(session: Session, company_id: int) -> list[list[Cell]]:
    codes = {
        a.id: a.code
        for a in session.scalars(select(Account).where(Account.company_id == company_id))
    }
    terms = {tid: name for name, tid in _terms(session, company_id).items()}
    stmt = select(Partner).where(Partner.company_id == company_id)
    rows: list[list[Cell]] = []
    for p in session.scalars(
        stmt.order_by(Partner.ref.is_(None), Partner.ref, Partner.name, Partner.id)
    ):
        cells = {
            "code": p.ref,
            "name": p.name,
            "is_customer": bool_text(p.is_customer),
            "is_supplier": bool_text(p.is_supplier),
            "email": p.email,
            "invoice_email": p.invoice_email,
            "street": p.street,
            "zip": p.zip,
            "city": p.city,
            "region": p.region,
            "country": p.country,
            "language": p.language,
            "tax_id": p.tax_id,
            "receivable_account": codes.get(p.receivable_account_id or 0),
            "payable_account": codes.get(p.payable_account_id or 0),
            "customer_payment_term": terms.get(p.customer_payment_term_id or 0),
            "supplier_payment_term": terms.get(p.supplier_payment_term_id or 0),
            "payment_days": p.payment_days,
            "active": bool_text(p.active),
        }
        rows.append([cells[c] for c in LAYOUTS["partners"]])
    return rows
