"""What e-invoices need from reference data: VAT categories, unit codes, electronic addresses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.partners import NewPartner, PartnerChanges
from asiento.domain.commands.products import NewProduct, ProductChanges
from asiento.domain.commands.taxes import NewTax, TaxChanges
from asiento.domain.errors import InvalidInput
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart, companies, company_settings, partners, products
from asiento.services.reference.chart_templates import apply_template_in
from asiento.services.reference.companies import CompanyInput, create_company_in
from asiento.store.tables import Tax
from asiento.store.uow import UnitOfWork


def _tax(uow: UnitOfWork, company: SeededCompany, **values: object) -> Tax:
    base = {"name": "T", "amount": Decimal("0"), "tax_account_id": company.accounts["2100"]}
    return chart.create_tax(uow, company.id, NewTax(**base | values))


@pytest.mark.parametrize(
    ("values", "category"),
    [
        ({"amount": Decimal("21")}, "S"),
        ({"amount": Decimal("0")}, "Z"),
        ({"legal_mention": "exempt"}, "E"),
        ({"legal_mention": "reverse_charge"}, "AE"),
        ({"legal_mention": "intra_community"}, "K"),
        ({"legal_mention": "export"}, "G"),
        ({"vat_category": "o"}, "O"),
    ],
)
def test_a_new_tax_gets_the_category_its_mention_and_rate_say(
    uow: UnitOfWork, company: SeededCompany, values: dict[str, object], category: str
) -> None:
    assert _tax(uow, company, **values).vat_category == category


def test_a_tax_keeps_its_vatex_code_in_capitals(uow: UnitOfWork, company: SeededCompany) -> None:
    tax = _tax(uow, company, legal_mention="exempt", exemption_reason_code="vatex-eu-132-1i")
    assert tax.exemption_reason_code == "VATEX-EU-132-1I"
    updated = chart.update_tax(uow, company.id, tax.id, TaxChanges(vat_category="Z"))
    assert (updated.vat_category, updated.exemption_reason_code) == ("Z", "VATEX-EU-132-1I")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"vat_category": "X"}, "vat_category"),
        ({"exemption_reason_code": "article 20"}, "exemption_reason_code"),
    ],
)
def test_a_tax_with_an_unknown_code_is_refused(
    uow: UnitOfWork, company: SeededCompany, values: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        _tax(uow, company, **values)
    assert caught.value.field == field


def test_the_templates_fill_the_categories(uow: UnitOfWork) -> None:
    with uow:
        row = create_company_in(uow.session, CompanyInput(name="ES", currency="EUR"))
        applied = apply_template_in(uow.session, row.id, "es-pgc-pymes", with_terms=False)
        uow.commit()
    with uow:
        got = {
            key: (uow.session.get(Tax, tax_id).vat_category)  # type: ignore[union-attr]
            for key, tax_id in applied.taxes.items()
        }
        code = uow.session.get(Tax, applied.taxes["IVA 0% entregas intracomunitarias sale"])
        assert code is not None and code.exemption_reason_code == "VATEX-EU-IC"
    assert got["IVA 21% sale"] == "S"
    assert got["IVA 0% sale"] == "Z"
    assert got["IVA 0% entregas intracomunitarias sale"] == "K"
    assert got["IVA 21% inversión sujeto pasivo (repercutido) purchase"] == "AE"


def test_a_product_has_a_unit_code(uow: UnitOfWork, company: SeededCompany) -> None:
    product = products.create_product(
        uow, company.id, NewProduct(code="H", name="Hour", unit_code="hur")
    )
    assert product.unit_code == "HUR"
    assert (
        products.create_product(uow, company.id, NewProduct(code="W", name="Widget")).unit_code
        == "C62"
    )
    with pytest.raises(InvalidInput) as caught:
        products.update_product(uow, company.id, product.id, ProductChanges(unit_code="hours"))
    assert caught.value.field == "unit_code"


def test_a_partner_has_an_electronic_address_a_buyer_reference_and_a_format(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    p = partners.create_partner(
        uow,
        company.id,
        NewPartner(
            name="Bund",
            electronic_address="991-12345-67",
            electronic_address_scheme="0204",
            buyer_reference=" 991-12345-67 ",
            einvoice_format="xrechnung-ubl",
        ),
    )
    assert (p.electronic_address_scheme, p.buyer_reference, p.einvoice_format) == (
        "0204",
        "991-12345-67",
        "xrechnung-ubl",
    )
    cleared = partners.update_partner(uow, company.id, p.id, PartnerChanges(einvoice_format=""))
    assert cleared.einvoice_format is None  # the company's default


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"electronic_address_scheme": "1234"}, "electronic_address_scheme"),
        ({"einvoice_format": "pdf"}, "einvoice_format"),
    ],
)
def test_a_partner_with_an_unknown_scheme_or_format_is_refused(
    uow: UnitOfWork, company: SeededCompany, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        partners.create_partner(uow, company.id, NewPartner(name="X", **changes))
    assert caught.value.field == field


def test_the_company_has_an_electronic_address_and_a_default_format(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    assert companies.get_company(uow, company.id).einvoice_format == "none"
    row = company_settings.update_company(
        uow,
        company.id,
        CompanyChanges(
            electronic_address="billing@test.example",
            electronic_address_scheme="em",
            einvoice_format="facturx",
        ),
    )
    assert (row.electronic_address_scheme, row.einvoice_format) == ("EM", "facturx")
    with pytest.raises(InvalidInput) as caught:
        company_settings.update_company(
            uow, company.id, CompanyChanges(electronic_address_scheme="XX")
        )
    assert caught.value.field == "electronic_address_scheme"
