"""Products: the list (with search), one product's page, create, edit, archive, restore.

A product keeps its prices, unit, income and expense accounts, sales and purchase
taxes and its own bill and invoice control policies (empty: the company's). Archived
products leave the pickers and the default list; documents keep them
(``services.reference.product_pages``). A refused save shows the form again with the
service's message and status; the database is unchanged.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from asiento.domain.commands.products import NewProduct, ProductChanges
from asiento.domain.errors import AsientoError, InvalidInput
from asiento.http.deps import UowDep
from asiento.services.reference import chart, product_pages, products, reads
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import decimal_of, optional_id
from asiento.web.i18n import gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()

TEXT_FIELDS = ("code", "name", "unit")
PRICE_FIELDS = ("sale_price", "purchase_price")
ID_FIELDS = ("income_account_id", "expense_account_id")
POLICY_FIELDS = ("bill_policy", "invoice_policy")


@router.get("/products")
def product_list(
    request: Request, uow: UowDep, principal: PagePrincipal, q: str = "", archived: bool = False
) -> Response:
    rows = product_pages.product_list(uow, principal.company_id, q, archived)
    return render(request, "products/list.html", rows=rows, q=q, archived=archived)


def _form_page(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    values: dict[str, Any],
    page: product_pages.ProductPage | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    taxes, _next = reads.taxes_page(uow, company_id, limit=1000)
    template = "products/detail.html" if page else "products/form.html"
    return render(
        request, template, status_code=status, page=page, values=values, error=error,
        accounts=chart.list_accounts(uow, company_id),
        sale_taxes=[t for t in taxes if t.usage == "sale" and t.active],
        purchase_taxes=[t for t in taxes if t.usage == "purchase" and t.active],
    )  # fmt: skip


def _typed(form: FormData) -> NewProduct:
    """The form as a command; a price that is not a number is refused by name."""
    text = {k: str(form.get(k) or "").strip() for k in TEXT_FIELDS}
    prices = {name: decimal_of(str(form.get(name) or "0") or "0", name) for name in PRICE_FIELDS}
    if not text["name"]:
        raise InvalidInput("name is required", field="name")
    return NewProduct(
        code=text["code"],
        name=text["name"],
        unit=text["unit"] or "unit",
        sale_price=prices["sale_price"],
        purchase_price=prices["purchase_price"],
        income_account_id=optional_id(str(form.get("income_account_id") or "")),
        expense_account_id=optional_id(str(form.get("expense_account_id") or "")),
        bill_policy=str(form.get("bill_policy") or "") or None,
        invoice_policy=str(form.get("invoice_policy") or "") or None,
        tax_ids=tuple(int(str(t)) for t in form.getlist("tax_ids") if str(t).isdigit()),
    )


def _echo(form: FormData) -> dict[str, Any]:
    """What was typed, to show again after a refusal."""
    shown: dict[str, Any] = {k: str(form.get(k) or "") for k in (*TEXT_FIELDS, *PRICE_FIELDS)}
    for name in (*ID_FIELDS, *POLICY_FIELDS):
        raw = str(form.get(name) or "")
        shown[name] = optional_id(raw) if name in ID_FIELDS else raw or None
    shown["tax_ids"] = [int(str(t)) for t in form.getlist("tax_ids") if str(t).isdigit()]
    return shown


def _page_values(page: product_pages.ProductPage) -> dict[str, Any]:
    p = page.product
    return {
        "code": p.code, "name": p.name, "unit": p.unit, "sale_price": p.sale_price,
        "purchase_price": p.purchase_price, "income_account_id": page.income_account_id,
        "expense_account_id": page.expense_account_id, "tax_ids": page.tax_ids,
        "bill_policy": page.bill_policy, "invoice_policy": page.invoice_policy,
    }  # fmt: skip


@router.get("/products/new")
def new_product(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    values = {"code": "", "name": "", "unit": "unit", "sale_price": "0", "purchase_price": "0"}
    return _form_page(request, uow, principal.company_id, values | {"tax_ids": []})


@router.post("/products/new", dependencies=[Csrf])
async def create_product(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    form = await request.form()
    try:
        row = products.create_product(uow, principal.company_id, _typed(form))
    except AsientoError as exc:
        return _form_page(request, uow, principal.company_id, _echo(form), error=refused(exc),
                          status=exc.status)  # fmt: skip
    message = gettext("Product %(code)s created.") % {"code": row.code}
    return session.flashed(f"/products/{row.id}", message)


@router.get("/products/{product_id:int}")
def product_detail(
    request: Request, product_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    page = product_pages.product_page(uow, principal.company_id, product_id)
    return _form_page(request, uow, principal.company_id, _page_values(page), page)


@router.post("/products/{product_id:int}", dependencies=[Csrf])
async def update_product(
    request: Request, product_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    form = await request.form()
    try:
        changes = ProductChanges(**asdict(_typed(form)))  # the form sends every field
        products.update_product(uow, principal.company_id, product_id, changes)
    except AsientoError as exc:
        page = product_pages.product_page(uow, principal.company_id, product_id)
        return _form_page(request, uow, principal.company_id, _echo(form), page, refused(exc),
                          exc.status)  # fmt: skip
    return session.flashed(f"/products/{product_id}", gettext("Product saved."))


@router.post("/products/{product_id:int}/archive", dependencies=[Csrf])
def archive_product(product_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    product_pages.set_product_active(uow, principal.company_id, product_id, False)
    return session.flashed(f"/products/{product_id}", gettext("Product archived."))


@router.post("/products/{product_id:int}/restore", dependencies=[Csrf])
def restore_product(product_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    product_pages.set_product_active(uow, principal.company_id, product_id, True)
    return session.flashed(f"/products/{product_id}", gettext("Product restored."))
