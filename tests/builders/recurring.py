"""Builders for recurring invoice tests: a customer with an e-mail and a monthly template."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from asiento.domain.recurrence import Schedule
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import recurring_templates
from asiento.services.invoicing.invoice_inputs import InvoiceLineInput
from asiento.services.invoicing.recurring_templates import TemplateInput
from asiento.services.invoicing.recurring_views import TemplateView
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer

START = date(2026, 1, 1)


def subscriber(uow: UnitOfWork, company: SeededCompany, name: str = "Subscriber SL") -> int:
    return customer(uow, company, name, email="billing@subscriber.example")


def hosting_line(company: SeededCompany, price: str = "100.00") -> InvoiceLineInput:
    """Hosting at ``price`` a month on sales account 4000 with VAT 21 %."""
    return InvoiceLineInput(
        description="Hosting",
        quantity=Decimal(1),
        price_unit=Decimal(price),
        account_id=company.accounts["4000"],
        tax_ids=(company.taxes["VAT 21% sale"],),
    )


def template_input(
    company: SeededCompany, partner_id: int, *, name: str = "Hosting", **values: Any
) -> TemplateInput:
    schedule = Schedule(
        values.pop("frequency", "monthly"),
        values.pop("day", 31),
        values.pop("start", START),
        values.pop("end", None),
        values.pop("count", None),
    )
    return TemplateInput(
        name=name,
        partner_id=partner_id,
        lines=values.pop("lines", (hosting_line(company),)),
        schedule=schedule,
        **values,
    )


def monthly_template(
    uow: UnitOfWork, company: SeededCompany, partner_id: int, **values: Any
) -> TemplateView:
    data = template_input(company, partner_id, **values)
    return recurring_templates.create_template(uow, company.id, data)
