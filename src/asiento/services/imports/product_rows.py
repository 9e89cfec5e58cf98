"""Products in and out: one row per product, keyed by its code.

Re-importing a code that exists **updates** that product (the columns given
replace the stored values; ``taxes``, when given, replaces its taxes). Prices
are exact decimals, never negative. Accounts resolve by code in the company;
taxes by ``usage:name`` separated by ``|`` (``sale:VAT 21%|purchase:VAT 21%``),
or by name alone when only one tax of the company has it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from asiento.domain.book_imports import LAYOUTS, bool_text, parse_bool, parse_decimal
from asiento.importers.sheets import Cell
from asiento.services.imports.plans import (
    AccountFact,
    Plan,
    PreviewRow,
    RowReader,
    accounts_by_code,
    duplicate_keys,
)
from asiento.store.tables import Account, Product, Tax, product_taxes

TAX_SEPARATOR = "|"


def _taxes(session: Session, company_id: int) -> dict[str, list[int]]:
    """``usage:name`` and ``name`` -> tax ids."""
    found: dict[str, list[int]] = defaultdict(list)
    for tid, name, usage in session.execute(
        select(Tax.id, Tax.name, Tax.usage).where(Tax.company_id == company_id)
    ):
        found[f"{usage}:{name}"].append(tid)
        found[name].append(tid)
    return found


def _codes(session: Session, company_id: int) -> dict[str, int]:
    stmt = select(Product.code, Product.id).where(Product.company_id == company_id)
    return {code: pid for code, pid in session.execute(stmt)}


def plan_products(
    session: Session, company_id: int, header: list[str], records: list[tuple[int, dict[str, str]]]
) -> Plan:
    plan = Plan()
    accounts, taxes = accounts_by_code(session, company_id), _taxes(session, company_id)
    stored = _codes(session, company_id)
    refused = duplicate_keys(plan, [(n, "code", r.get("code", "").strip()) for n, r in records])
    creates: list[tuple[dict[str, Any], list[int] | None]] = []
    updates: list[tuple[dict[str, Any], list[int] | None]] = []
    for number, record in records:
        reader = RowReader(plan, number, record)
        values = _values(reader, accounts)
        tax_ids = _tax_ids(reader, taxes) if reader.has("taxes") else None
        code = values["code"]
        if not reader.ok or number in refused:
            plan.rows.append(PreviewRow(number, code, "refuse"))
            continue
        existing = stored.get(code)
        plan.rows.append(PreviewRow(number, code, "update" if existing else "create"))
        if existing:
            updates.append(({"company_id": company_id, "id": existing, **values}, tax_ids))
        else:
            creates.append(
                ({"company_id": company_id, "active": True, "unit": "unit", **values}, tax_ids)
            )
    plan.apply = lambda: _write(session, company_id, creates, updates)
    return plan


def _values(reader: RowReader, accounts: dict[str, AccountFact]) -> dict[str, Any]:
    v: dict[str, Any] = {"code": reader.text("code"), "name": reader.text("name")}
    for column in ("code", "name"):
        if not v[column]:
            reader.fail(column, f"the {column} is required")
    if reader.has("unit"):
        v["unit"] = reader.text("unit") or "unit"
    for column in ("sale_price", "purchase_price"):
        if reader.has(column):
            with reader.cell(column):
                price = parse_decimal(reader.text(column))
                if price < 0:
                    reader.fail(column, "a price cannot be negative")
                v[column] = price
    for column in ("income_account", "expense_account"):
        if reader.has(column):
            code = reader.text(column)
            found = accounts.get(code) if code else None
            if code and found is None:
                reader.fail(column, f"no account {code!r} in the chart")
            v[f"{column}_id"] = found.id if found else None
    if reader.has("active"):
        with reader.cell("active"):
            v["active"] = parse_bool(reader.text("active"), True)
    return v


def _tax_ids(reader: RowReader, taxes: dict[str, list[int]]) -> list[int]:
    ids: list[int] = []
    for part in (p.strip() for p in reader.text("taxes").split(TAX_SEPARATOR)):
        if not part:
            continue
        found = taxes.get(part, [])
        if len(found) != 1:
            why = "no tax" if not found else f"{len(found)} taxes (write usage:name)"
            reader.fail("taxes", f"{why} named {part!r}")
        elif found[0] not in ids:
            ids.append(found[0])
    return ids


def _write(
    session: Session,
    company_id: int,
    creates: list[tuple[dict[str, Any], list[int] | None]],
    updates: list[tuple[dict[str, Any], list[int] | None]],
) -> str:
    if creates:
        session.execute(insert(Product), [values for values, _ in creates])
        ids = _codes(session, company_id)
        links = [
            {"company_id": company_id, "product_id": ids[v["code"]], "tax_id": t}
            for v, taxes in creates
            for t in taxes or ()
        ]
        if links:
            session.execute(insert(product_taxes), links)
    if updates:
        session.execute(update(Product), [values for values, _ in updates])
        replaced = [(v["id"], taxes) for v, taxes in updates if taxes is not None]
        if replaced:
            session.execute(
                delete(product_taxes).where(
                    product_taxes.c.product_id.in_([pid for pid, _ in replaced])
                )
            )
            links = [
                {"company_id": company_id, "product_id": pid, "tax_id": t}
                for pid, taxes in replaced
                for t in taxes
            ]
            if links:
                session.execute(insert(product_taxes), links)
    return f"{len(creates)} created, {len(updates)} updated"


def export_products(session: Session, company_id: int) -> list[list[Cell]]:
    codes = {
        a.id: a.code
        for a in session.scalars(select(Account).where(Account.company_id == company_id))
    }
    names = {
        t.id: f"{t.usage}:{t.name}"
        for t in session.scalars(select(Tax).where(Tax.company_id == company_id))
    }
    links: dict[int, list[str]] = defaultdict(list)
    for pid, tid in session.execute(
        select(product_taxes.c.product_id, product_taxes.c.tax_id)
        .join(Product, Product.id == product_taxes.c.product_id)
        .where(Product.company_id == company_id)
        .order_by(product_taxes.c.tax_id)
    ):
        links[pid].append(names[tid])
    rows: list[list[Cell]] = []
    stmt = select(Product).where(Product.company_id == company_id).order_by(Product.code)
    for p in session.scalars(stmt):
        cells: dict[str, Cell] = {
            "code": p.code,
            "name": p.name,
            "unit": p.unit,
            "sale_price": p.sale_price,
            "purchase_price": p.purchase_price,
            "income_account": codes.get(p.income_account_id or 0),
            "expense_account": codes.get(p.expense_account_id or 0),
            "taxes": TAX_SEPARATOR.join(links.get(p.id, [])),
            "active": bool_text(p.active),
        }
        rows.append([cells[c] for c in LAYOUTS["products"]])
    return rows
