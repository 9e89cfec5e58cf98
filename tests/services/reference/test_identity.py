"""Company and partner identity: validated VAT numbers, contact fields, logo, bank accounts."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from asiento.domain.commands.bank_accounts import BankAccountChanges, NewBankAccount
from asiento.domain.commands.chart import JournalChanges
from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.partners import NewPartner, PartnerChanges
from asiento.domain.errors import InvalidInput, StateConflict, UnknownCurrency
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import bank_accounts, chart, companies, company_settings, partners
from asiento.services.reference.currencies import enable
from asiento.store.uow import UnitOfWork


def png(size: tuple[int, int] = (4, 2)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


def test_company_identity_is_validated_and_stored_in_normal_form(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    changes = CompanyChanges(
        legal_name=" Test Company S.L. ",
        street="Calle Mayor 1",
        zip="28013",
        city="Madrid",
        region="Madrid",
        country="es",
        tax_id="ES B1234 5674",
        registration_number="RM Madrid M-7890",
        email="billing@test.example",
        phone="+34 910 000 000",
        website="test.example",
        language="es",
    )
    row = company_settings.update_company(uow, company.id, changes)
    got = companies.get_company(uow, company.id)
    assert (got.legal_name, got.country, got.tax_id, got.website, got.language) == (
        "Test Company S.L.",
        "ES",
        "ESB12345674",
        "https://test.example",
        "es",
    )
    assert row.registration_number == "RM Madrid M-7890"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "ES", "tax_id": "ESB12345675"}, "tax_id"),
        ({"country": "CN", "tax_id": "91110108551385082A"}, "tax_id"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"website": "ftp://x.example"}, "website"),
        ({"language": "fr"}, "language"),
        ({"country": "ESP"}, "country"),
    ],
)
def test_a_bad_identity_field_is_refused_and_nothing_changes(
    uow: UnitOfWork, company: SeededCompany, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        company_settings.update_company(uow, company.id, CompanyChanges(**changes))
    assert err.value.field == field
    got = companies.get_company(uow, company.id)
    assert (got.tax_id, got.email, got.language, got.country) == (None, None, "en", None)


def test_a_chinese_vat_number_is_checked_as_a_unified_social_credit_code(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    p = partners.create_partner(
        uow,
        company.id,
        NewPartner(name="明辉", country="cn", tax_id="91110108551385082Q", language="zh"),
    )
    assert (p.country, p.tax_id, p.language) == ("CN", "91110108551385082Q", "zh")


def test_partner_address_language_and_invoice_email(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    p = partners.create_partner(
        uow,
        company.id,
        NewPartner(
            name="Azure",
            street="Avenida Diagonal 640",
            zip="08017",
            city="Barcelona",
            region="Cataluña",
            country="ES",
            tax_id="ESB58378431",
            language="es",
            invoice_email="ap@azure.example",
        ),
    )
    assert (p.region, p.language, p.invoice_email) == ("Cataluña", "es", "ap@azure.example")
    with pytest.raises(InvalidInput) as err:
        partners.update_partner(uow, company.id, p.id, PartnerChanges(invoice_email="nope"))
    assert err.value.field == "invoice_email"
    with pytest.raises(InvalidInput) as err:
        partners.update_partner(uow, company.id, p.id, PartnerChanges(language="de"))
    assert err.value.field == "language"


def test_logo_is_type_and_size_checked(uow: UnitOfWork, company: SeededCompany) -> None:
    image = png()
    assert company_settings.set_logo(uow, company.id, image) == "image/png"
    assert company_settings.company_logo(uow, company.id) == (image, "image/png")
    with pytest.raises(InvalidInput, match="not a readable image"):
        company_settings.set_logo(uow, company.id, b"%PDF-1.7 not an image")
    with pytest.raises(InvalidInput, match="at most 524288"):
        company_settings.set_logo(uow, company.id, image + b"\0" * 600_000)
    assert company_settings.company_logo(uow, company.id) == (image, "image/png")
    company_settings.set_logo(uow, company.id, None)
    assert company_settings.company_logo(uow, company.id) is None


def test_company_bank_accounts_have_one_default_per_currency(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with uow:
        enable(uow.session, company.id, "CHF")
        uow.commit()
    first = bank_accounts.create_bank_account(
        uow,
        company.id,
        NewBankAccount(iban="es91 2100 0418 4502 0005 1332", currency="EUR", is_default=True),
    )
    assert (first.iban, first.label) == (
        "ES9121000418450200051332",
        "ES91 2100 0418 4502 0005 1332",
    )
    chf = bank_accounts.create_bank_account(
        uow,
        company.id,
        NewBankAccount(iban="CH4431999123000889012", currency="CHF", is_default=True),
    )
    second = bank_accounts.create_bank_account(
        uow,
        company.id,
        NewBankAccount(
            iban="DE89370400440532013000", bic="COBADEFFXXX", currency="EUR", is_default=True
        ),
    )
    listed = {a.id: a.is_default for a in bank_accounts.list_bank_accounts(uow, company.id)}
    assert listed == {first.id: False, second.id: True, chf.id: True}
    assert chf.is_qr_iban and not second.is_qr_iban
    bank_accounts.update_bank_account(
        uow, company.id, first.id, BankAccountChanges(is_default=True)
    )
    listed = {a.id: a.is_default for a in bank_accounts.list_bank_accounts(uow, company.id)}
    assert listed == {first.id: True, second.id: False, chf.id: True}


def test_an_account_without_iban_needs_number_and_bank_code(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with pytest.raises(InvalidInput, match="IBAN, or an account number"):
        bank_accounts.create_bank_account(
            uow, company.id, NewBankAccount(account_number="123", currency="EUR")
        )
    local = bank_accounts.create_bank_account(
        uow,
        company.id,
        NewBankAccount(account_number="000123456789", bank_code="021000021", currency="EUR"),
    )
    assert (local.iban, local.label) == (None, "021000021 / 000123456789")
    with pytest.raises(InvalidInput) as err:
        bank_accounts.create_bank_account(
            uow, company.id, NewBankAccount(iban="ES91 2100 0418 4502 0005 1333", currency="EUR")
        )
    assert err.value.field == "iban"
    with pytest.raises(InvalidInput) as err:
        bank_accounts.create_bank_account(
            uow, company.id, NewBankAccount(iban="DE89370400440532013000")
        )
    assert err.value.field == "currency"
    with pytest.raises(UnknownCurrency):
        bank_accounts.create_bank_account(
            uow, company.id, NewBankAccount(iban="DE89370400440532013000", currency="JPY")
        )
    with pytest.raises(InvalidInput) as err:
        bank_accounts.create_bank_account(
            uow,
            company.id,
            NewBankAccount(iban="DE89370400440532013000", currency="EUR", bic="NOTABIC!"),
        )
    assert err.value.field == "bic"


def test_partner_accounts_fill_the_partner_iban_used_by_statement_matching(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    p = partners.create_partner(uow, company.id, NewPartner(name="Azure"))
    view = bank_accounts.create_bank_account(
        uow, company.id, NewBankAccount(partner_id=p.id, iban="ES9121000418450200051332")
    )
    assert view.partner_id == p.id
    assert (
        partners.update_partner(uow, company.id, p.id, PartnerChanges()).iban
        == "ES9121000418450200051332"
    )
    assert bank_accounts.list_bank_accounts(uow, company.id) == []
    assert [a.id for a in bank_accounts.list_bank_accounts(uow, company.id, p.id)] == [view.id]


def test_a_bank_journal_points_at_a_company_account(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    account = bank_accounts.create_bank_account(
        uow,
        company.id,
        NewBankAccount(iban="DE89370400440532013000", currency="EUR", is_default=True),
    )
    journal = chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(bank_account_id=account.id)
    )
    assert (journal.bank_account_id, journal.iban, journal.currency) == (
        account.id,
        "DE89370400440532013000",
        "EUR",
    )
    with pytest.raises(StateConflict, match="journal BNK1"):
        bank_accounts.delete_bank_account(uow, company.id, account.id)
    p = partners.create_partner(uow, company.id, NewPartner(name="Azure"))
    theirs = bank_accounts.create_bank_account(
        uow, company.id, NewBankAccount(partner_id=p.id, iban="ES9121000418450200051332")
    )
    with pytest.raises(InvalidInput) as err:
        chart.update_journal(
            uow, company.id, company.journals["BNK1"], JournalChanges(bank_account_id=theirs.id)
        )
    assert err.value.field == "bank_account_id"
