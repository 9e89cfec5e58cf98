"""Partners and products named as people type them, always within the company."""

from __future__ import annotations

import pytest

from asiento.domain.errors import NotFound
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.reference.lookups import partner_id_of, product_id_of
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import with_catalog
from tests.builders.ledger import customer


def test_a_partner_is_found_by_id_exact_name_or_name_in_any_case(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company, "Acme SL")
    assert partner_id_of(uow, company.id, str(acme)) == acme
    assert partner_id_of(uow, company.id, "Acme SL") == acme
    assert partner_id_of(uow, company.id, "ACME sl") == acme
    muller = customer(uow, company, "Müller GmbH")
    assert partner_id_of(uow, company.id, "MÜLLER gmbh") == muller


def test_an_exact_name_wins_over_a_case_insensitive_twin(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    upper = customer(uow, company, "ACME")
    lower = customer(uow, company, "acme")
    assert (partner_id_of(uow, company.id, "ACME"), partner_id_of(uow, company.id, "acme")) == (
        upper,
        lower,
    )
    with pytest.raises(NotFound, match="partner Acme not found"):
        partner_id_of(uow, company.id, "Acme")  # two case-insensitive matches: ambiguous


def test_another_companys_partner_or_product_is_not_found(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL", "EUR")
    theirs = customer(uow, other, "Theirs")
    with pytest.raises(NotFound, match=f"partner {theirs} not found"):
        partner_id_of(uow, company.id, str(theirs))
    with pytest.raises(NotFound, match="partner Theirs not found"):
        partner_id_of(uow, company.id, "Theirs")
    with_catalog(uow, other)
    code, product_id = next(iter(other.products.items()))
    with pytest.raises(NotFound, match=f"product {code} not found"):
        product_id_of(uow, company.id, code)
    assert product_id_of(uow, other.id, code) == product_id
    assert product_id_of(uow, other.id, str(product_id)) == product_id
