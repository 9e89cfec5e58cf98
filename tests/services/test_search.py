"""Search as you type: partners, products, accounts by name; documents by number,
partner, reference and amount; always within the company."""

from __future__ import annotations

from decimal import Decimal

from asiento.domain.commands.partners import PartnerChanges
from asiento.domain.search_terms import amount_of, minor_candidates
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.search import (
    global_search,
    search_accounts,
    search_entries,
    search_invoices,
    search_partners,
    search_products,
)
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted, with_catalog
from tests.builders.ledger import post_simple


def test_amounts_are_read_in_either_decimal_convention() -> None:
    assert [amount_of(t) for t in ("1,234.50", "1.234,50", "1234,5", "1,234", "x1", "1.2345")] == [
        Decimal("1234.50"),
        Decimal("1234.50"),
        Decimal("1234.5"),
        Decimal("1234"),
        None,
        None,
    ]
    assert minor_candidates(Decimal("12.5")) == {2: 1250, 3: 12500}


def test_partners_are_found_by_prefix_then_by_a_word_inside_case_insensitively(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    customer(uow, company, "Acme SL")
    customer(uow, company, "Beta Acme Ltd")
    customer(uow, company, "Acorn 100% Oak_Works")
    customer(uow, company, "Zeta", ref="Z-9")
    assert [h.label for h in search_partners(uow, company.id, "acme")] == [
        "Acme SL",
        "Beta Acme Ltd",
    ]
    assert [h.label for h in search_partners(uow, company.id, "AC")][:2] == [
        "Acme SL",
        "Acorn 100% Oak_Works",
    ]
    assert [h.label for h in search_partners(uow, company.id, "100%")] == ["Acorn 100% Oak_Works"]
    assert [h.label for h in search_partners(uow, company.id, "k_w")] == ["Acorn 100% Oak_Works"]
    assert search_partners(uow, company.id, "%a") == []  # a literal %, no wildcard
    assert [h.label for h in search_partners(uow, company.id, "Z-9")] == ["Zeta"]
    assert search_partners(uow, company.id, "  ") == []


def test_an_archived_partner_and_another_companys_are_not_offered(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    from asiento.services.reference.partners import update_partner

    gone = customer(uow, company, "Acme Old")
    update_partner(uow, company.id, gone, PartnerChanges(active=False))
    other = seed_company(uow, name="Other Co")
    customer(uow, other, "Acme Elsewhere")
    assert search_partners(uow, company.id, "acme") == []
    assert [h.label for h in search_partners(uow, company.id, "acme", archived=True)] == [
        "Acme Old"
    ]


def test_products_and_accounts_are_found_by_code_or_name(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    first = search_products(uow, company.id, "cons")
    assert first and all("cons" in (h.label + h.detail).lower() for h in first)
    assert search_accounts(uow, company.id, "1100")[0].label.startswith("1100 ")
    assert all(h.label.startswith("4") for h in search_accounts(uow, company.id, "4"))


def test_invoices_are_found_by_number_partner_and_amount(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company, "Acme SL")
    beta = customer(uow, company, "Beta")
    one = posted(
        uow, company, invoice_input(acme, line("100.00", account_id=company.accounts["4000"]))
    )
    two = posted(
        uow, company, invoice_input(beta, line("1234.50", account_id=company.accounts["4000"]))
    )
    assert [h.id for h in search_invoices(uow, company.id, "1,234.50")] == [two.id]
    assert [h.id for h in search_invoices(uow, company.id, "1234.5")] == [two.id]
    assert [h.id for h in search_invoices(uow, company.id, "acme")] == [one.id]
    assert [h.id for h in search_invoices(uow, company.id, two.number or "")] == [two.id]
    assert search_invoices(uow, company.id, "1234.50", vendor=True) == []
    hit = search_invoices(uow, company.id, "100")[0]
    assert (hit.kind, hit.label, hit.detail) == (
        "invoice",
        one.number,
        f"Acme SL · 2026-03-10 · 100.00 {company.currency}",
    )


def test_the_global_search_groups_hits_by_kind(uow: UnitOfWork, company: SeededCompany) -> None:
    acme = customer(uow, company, "Acme SL")
    posted(uow, company, invoice_input(acme, line("77.00", account_id=company.accounts["4000"])))
    entry = post_simple(uow, company, ref="RENT-MARCH", amount="77.00")
    found = global_search(uow, company.id, "77")
    assert list(found) == ["invoice"]
    assert [h.id for h in search_entries(uow, company.id, "RENT-MARCH")] == [entry.id]
    assert [h.id for h in search_entries(uow, company.id, entry.number or "")] == [entry.id]
    assert list(global_search(uow, company.id, "acme")) == ["invoice", "partner"]
