"""The dashboard's figures on the demo documents, and the page that shows them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from asiento.services.dashboard import dashboard
from asiento.services.demo.demo_documents import load_demo_documents
from asiento.services.demo.seed import SeededCompany, seed_partners_and_products
from asiento.store.uow import UnitOfWork
from tests.web.conftest import WebClient

TODAY = date(2026, 11, 23)


def _load(uow: UnitOfWork, company: SeededCompany) -> None:
    seed_partners_and_products(uow, company)
    load_demo_documents(uow, company, today=TODAY)


def test_dashboard_figures(uow: UnitOfWork, company: SeededCompany) -> None:
    _load(uow, company)
    board = dashboard(uow, company.id, TODAY)
    assert board.draft_count == 1
    assert [(d.partner_name, d.amount_total) for d in board.drafts] == [
        ("Azure Interior", Decimal("217.25"))
    ]
    assert board.overdue_labels == ("1-30", "31-60", "61-90", "> 90")
    # Deco Addict 721.16 is 40 days overdue; Azure Interior 1,185.56 less 300.00 paid is 70.
    assert board.overdue_buckets == (
        Decimal("0.00"),
        Decimal("721.16"),
        Decimal("885.56"),
        Decimal("0.00"),
    )
    assert board.overdue_total == Decimal("1606.72")
    assert (board.open_lines, board.open_lines_amount) == (2, Decimal("708.66"))
    assert [(b.number, b.amount_residual) for b in board.bills_to_pay] == [
        ("BILL/2026/00001", Decimal("598.95"))
    ]


def test_dashboard_page_shows_the_figures(
    uow: UnitOfWork, company: SeededCompany, as_user: WebClient
) -> None:
    _load(uow, company)
    page = as_user("auditor").get("/").text
    assert '<span class="count">1</span>' in page
    assert "Customer invoice" in page
    assert "708.66" in page
    assert "BILL/2026/00001" in page
