"""The master-data pages beyond partners and products, listed here as one group so the
application registers them in one line: the chart of accounts and currencies."""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter

from asiento.web.pages import chart_pages, currency_pages

ROUTERS: Final[tuple[APIRouter, ...]] = (chart_pages.router, currency_pages.router)
