"""The master-data pages beyond partners and products, listed as one group so the
application registers them in one line: the chart of accounts, currencies, and
editing journals, taxes and payment terms."""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter

from asiento.web.pages import chart_pages, currency_pages, settings_edit

ROUTERS: Final[tuple[APIRouter, ...]] = (
    chart_pages.router,
    currency_pages.router,
    settings_edit.router,
)
