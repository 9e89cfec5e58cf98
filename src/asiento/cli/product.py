"""``asiento product list|show|create|update|archive|restore``: what is sold and bought.

PRODUCT arguments are an id or a code; accounts are given by code, taxes by id or by
name (``--sale-tax "VAT 21%"`` names the sales tax of that name). Archiving hides a
product from pickers and the default list; its documents keep it.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

import typer

from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_object, render_rows
from asiento.domain.commands.changes import UNSET, Unset, merged, unset_if_none
from asiento.domain.commands.products import NewProduct, ProductChanges
from asiento.domain.errors import InvalidInput
from asiento.services.reference import chart, lookups, product_pages, products
from asiento.store.uow import UnitOfWork

app = typer.Typer(help="Products: prices, accounts, taxes, control policies.", no_args_is_help=True)

COLUMNS = ("id", "code", "name", "unit", "sale_price", "purchase_price", "active")
FIELDS = (
    *COLUMNS,
    "income_account",
    "expense_account",
    "taxes",
    "bill_policy",
    "invoice_policy",
)
POLICY_HELP = "'' for the company's default"


@app.command("list")
def product_list(
    ctx: typer.Context,
    search: str = typer.Option("", "--search", "-s", help="Code or name to look for."),
    archived: bool = typer.Option(False, "--archived", help="Include archived products."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Products by code (the first 50, or the ones --search finds)."""
    uow, cid = scope(ctx)
    rows = product_pages.product_list(uow, cid, search, archived)
    render_rows(COLUMNS, [{c: getattr(r, c) for c in COLUMNS} for r in rows], fmt, "Products")


def _show(uow: UnitOfWork, cid: int, product_id: int, fmt: OutputFormat) -> None:
    page = product_pages.product_page(uow, cid, product_id)
    row: dict[str, Any] = {c: getattr(page.product, c) for c in COLUMNS}
    row |= {"income_account": page.income_account, "expense_account": page.expense_account}
    row |= {"taxes": ", ".join(page.taxes), "bill_policy": page.bill_policy or "default"}
    row["invoice_policy"] = page.invoice_policy or "default"
    render_object(row, fmt, FIELDS)


@app.command("show")
def product_show(
    ctx: typer.Context,
    product: str = typer.Argument(..., help="Product id or code."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """One product with its accounts, taxes and policies."""
    uow, cid = scope(ctx)
    _show(uow, cid, lookups.product_id_of(uow, cid, product), fmt)


def _price(text: str | None, field: str) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"{field}: {text!r} is not a number", field=field) from None
    if not value.is_finite():
        raise InvalidInput(f"{field}: {text!r} is not a number", field=field)
    return value


def _changes(uow: UnitOfWork, cid: int, given: dict[str, Any]) -> ProductChanges:
    """Options (``locals()`` of a command) as changes: codes to ids, texts to numbers,
    '' clears, an option left out changes nothing."""

    def account(option: str) -> int | Unset | None:
        code = given[option]
        if code is None:
            return UNSET
        return chart.account_id_by_code(uow, cid, code) if code else None

    def price(field: str) -> Decimal | Unset:
        value = _price(given[field], field)
        return UNSET if value is None else value

    def policy(field: str) -> str | Unset | None:
        return UNSET if given[field] is None else given[field] or None

    return ProductChanges(
        code=unset_if_none(given["code"]),
        name=unset_if_none(given["name"]),
        unit=unset_if_none(given["unit"]),
        sale_price=price("sale_price"),
        purchase_price=price("purchase_price"),
        income_account_id=account("income"),
        expense_account_id=account("expense"),
        bill_policy=policy("bill_policy"),
        invoice_policy=policy("invoice_policy"),
    )


def _tax_ids(uow: UnitOfWork, cid: int, sale: list[str], purchase: list[str]) -> list[int]:
    ids = [lookups.tax_id_of(uow, cid, t, "sale") for t in sale if t]
    return ids + [lookups.tax_id_of(uow, cid, t, "purchase") for t in purchase if t]


SALE_TAX = typer.Option([], "--sale-tax", help="Sales tax, id or name (repeat; '' for none).")
PURCHASE_TAX = typer.Option([], "--purchase-tax", help="Purchase tax, id or name (repeat).")


@app.command("create")
def product_create(
    ctx: typer.Context,
    code: str = typer.Option(..., help="Product code, unique in the company."),
    name: str = typer.Option(..., help="Product name."),
    unit: str = typer.Option("unit", help="Unit of measure."),
    sale_price: str = typer.Option("0", "--sale-price", help="Sale price per unit."),
    purchase_price: str = typer.Option("0", "--purchase-price", help="Purchase price per unit."),
    income: str | None = typer.Option(None, "--income-account", help="Income account code."),
    expense: str | None = typer.Option(None, "--expense-account", help="Expense account code."),
    sale_tax: list[str] = SALE_TAX,
    purchase_tax: list[str] = PURCHASE_TAX,
    bill_policy: str | None = typer.Option(None, "--bill-policy", help="ordered|received."),
    invoice_policy: str | None = typer.Option(None, "--invoice-policy", help="ordered|delivered."),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add a product."""
    uow, cid = scope(ctx)
    changes = _changes(uow, cid, locals())
    tax_ids = tuple(_tax_ids(uow, cid, sale_tax, purchase_tax))
    cmd = merged(NewProduct(code=code, name=name, tax_ids=tax_ids), changes)
    product = products.create_product(uow, cid, cmd)
    _show(uow, cid, product.id, fmt)


@app.command("update")
def product_update(
    ctx: typer.Context,
    product: str = typer.Argument(..., help="Product id or code."),
    code: str | None = typer.Option(None, help="New code."),
    name: str | None = typer.Option(None, help="New name."),
    unit: str | None = typer.Option(None, help="Unit of measure."),
    sale_price: str | None = typer.Option(None, "--sale-price", help="Sale price per unit."),
    purchase_price: str | None = typer.Option(None, "--purchase-price", help="Purchase price."),
    income: str | None = typer.Option(None, "--income-account", help="Code ('' clears)."),
    expense: str | None = typer.Option(None, "--expense-account", help="Code ('' clears)."),
    sale_tax: list[str] = SALE_TAX,
    purchase_tax: list[str] = PURCHASE_TAX,
    bill_policy: str | None = typer.Option(None, "--bill-policy", help=POLICY_HELP),
    invoice_policy: str | None = typer.Option(None, "--invoice-policy", help=POLICY_HELP),
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Change a product; taxes given replace all its taxes (--sale-tax '' clears them)."""
    uow, cid = scope(ctx)
    product_id = lookups.product_id_of(uow, cid, product)
    changes = _changes(uow, cid, locals())
    if sale_tax or purchase_tax:  # taxes given replace all of them
        changes = replace(changes, tax_ids=tuple(_tax_ids(uow, cid, sale_tax, purchase_tax)))
    products.update_product(uow, cid, product_id, changes)
    _show(uow, cid, product_id, fmt)


@app.command("archive")
def product_archive(
    ctx: typer.Context, product: str = typer.Argument(..., help="Product id or code.")
) -> None:
    """Hide a product from pickers and lists; its documents keep it."""
    uow, cid = scope(ctx)
    product_pages.set_product_active(uow, cid, lookups.product_id_of(uow, cid, product), False)
    typer.echo(f"product {product} archived")


@app.command("restore")
def product_restore(
    ctx: typer.Context, product: str = typer.Argument(..., help="Product id or code.")
) -> None:
    """Bring an archived product back."""
    uow, cid = scope(ctx)
    product_pages.set_product_active(uow, cid, lookups.product_id_of(uow, cid, product), True)
    typer.echo(f"product {product} restored")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="product")
