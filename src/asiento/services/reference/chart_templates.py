"""Chart templates: a new company's accounts, journals, taxes, report boxes, terms and settings.

A template is a YAML file of the package (``asiento/data/charts/<name>.yaml``):
``generic`` (the demo's IFRS-style chart in English), ``es-pgc-pymes`` (Plan
General Contable PYMES 2007, IVA and the Modelo 303 boxes) and
``cn-small-business`` (小企业会计准则, VAT 13/9/6 % and 3 % simplified). Applying
one writes, in the caller's transaction, every account, the five journals
(INV, BILL, BNK1, CSH, MISC) with their account settings, the company's
accounting settings, the taxes with their report lines and boxes (and their
e-invoice VAT category: ``category`` in the file, else the one their legal
mention and rate say), and the
payment terms. Accounts are named by code in the file and checked here
exactly as the settings services check them, so a bad template fails before
its company is committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.account_settings import COMPANY_ACCOUNT_SETTINGS, JOURNAL_ACCOUNT_SETTINGS
from asiento.domain.einvoice.codes import (
    category_for,
    checked_exemption_code,
    checked_vat_category,
)
from asiento.domain.errors import InvalidInput
from asiento.services.reference.account_settings import check_journal_settings, check_setting
from asiento.services.reference.chart import ALWAYS_RECONCILABLE, NUMBER_FORMATS
from asiento.store.tables import (
    Account,
    AccountingSettings,
    Journal,
    Tax,
    TaxReportBox,
    TaxReportLine,
)

TEMPLATES = ("generic", "es-pgc-pymes", "cn-small-business")


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str
    title: str
    country: str | None
    currency: str | None


@dataclass
class AppliedChart:
    """Ids of what a template created: accounts and journals by code, taxes by "name usage"."""

    accounts: dict[str, int] = field(default_factory=dict)
    journals: dict[str, int] = field(default_factory=dict)
    taxes: dict[str, int] = field(default_factory=dict)
    terms: dict[str, int] = field(default_factory=dict)


def require_template(name: str) -> str:
    if name not in TEMPLATES:
        raise InvalidInput(f"chart {name!r} is not one of {', '.join(TEMPLATES)}", field="chart")
    return name


@lru_cache(maxsize=8)
def load_template(name: str) -> dict[str, Any]:
    """The parsed template ``name`` (cached: templates are package data)."""
    text = resources.files("asiento").joinpath(f"data/charts/{require_template(name)}.yaml")
    data: dict[str, Any] = yaml.safe_load(text.read_text(encoding="utf-8"))
    return data


def list_templates() -> list[TemplateInfo]:
    return [
        TemplateInfo(n, t["title"], t.get("country"), t.get("currency"))
        for n in TEMPLATES
        for t in [load_template(n)]
    ]


def apply_template_in(
    session: Session, company_id: int, name: str, *, with_terms: bool = True
) -> AppliedChart:
    """Write template ``name`` for the company (no commit); the ids of what it made."""
    data = load_template(name)
    applied = AppliedChart()
    _accounts(session, company_id, data["accounts"], applied)
    _journals(session, company_id, data["journals"], applied)
    _settings(session, company_id, data["settings"], applied)
    _taxes(session, company_id, data["taxes"], applied)
    _boxes(session, company_id, data.get("boxes", []))
    if with_terms:
        _terms(session, company_id, data.get("payment_terms", []), applied)
    session.flush()
    return applied


def _accounts(
    session: Session, company_id: int, rows: list[list[Any]], applied: AppliedChart
) -> None:
    for code, label, kind, *flags in rows:
        reconcilable = bool(flags and flags[0]) or kind in ALWAYS_RECONCILABLE
        account = Account(
            company_id=company_id,
            code=str(code),
            name=label,
            kind=kind,
            reconcilable=reconcilable,
            active=True,
        )
        session.add(account)
    session.flush()
    found = session.execute(
        select(Account.code, Account.id).where(Account.company_id == company_id)
    )
    applied.accounts.update({code: int(account_id) for code, account_id in found})


def _journals(
    session: Session, company_id: int, rows: list[dict[str, Any]], applied: AppliedChart
) -> None:
    for row in rows:
        values: dict[str, Any] = {
            "code": row["code"],
            "name": row["name"],
            "kind": row["kind"],
            "number_format": NUMBER_FORMATS[row["kind"]],
        }
        for setting in JOURNAL_ACCOUNT_SETTINGS:
            code = row.get(setting)
            values[f"{setting}_id"] = applied.accounts[str(code)] if code else None
        check_journal_settings(session, company_id, values)
        journal = Journal(company_id=company_id, **values)
        session.add(journal)
        session.flush()
        applied.journals[journal.code] = journal.id


def _settings(
    session: Session, company_id: int, codes: dict[str, str], applied: AppliedChart
) -> None:
    row = AccountingSettings(company_id=company_id)
    for setting in COMPANY_ACCOUNT_SETTINGS:
        if setting not in codes:  # a chart may leave a setting for the company to choose
            continue
        account_id = applied.accounts[str(codes[setting])]
        check_setting(session, company_id, setting, account_id)
        setattr(row, f"{setting}_id", account_id)
    session.add(row)


def _taxes(
    session: Session, company_id: int, rows: list[dict[str, Any]], applied: AppliedChart
) -> None:
    for sequence, row in enumerate(rows, 1):
        amount = Decimal(str(row["amount"]))
        mention = row.get("legal_mention")
        tax = Tax(
            company_id=company_id,
            name=row["name"],
            usage=row["usage"],
            amount_type="percent",
            amount=amount,
            legal_mention=mention,
            vat_category=checked_vat_category(row.get("category")) or category_for(mention, amount),
            exemption_reason_code=checked_exemption_code(row.get("exemption_code")),
            price_include=False,
            include_base_amount=False,
            tax_account_id=applied.accounts[str(row["account"])],
            tax_group=row.get("group", row["name"]),
            sequence=sequence,
            active=True,
        )
        session.add(tax)
        session.flush()
        applied.taxes[f"{tax.name} {tax.usage}"] = tax.id
        for line in report_lines(row, tax):
            session.add(line)


def report_lines(row: dict[str, Any], tax: Tax) -> list[TaxReportLine]:
    """The tax's report lines from ``invoice: {base: [..], tax: [..]}`` and ``refund: ...``.

    A box written ``-X`` is fed with the opposite sign; tax amounts name the
    tax's account.
    """
    lines = []
    for document in ("invoice", "refund"):
        for kind, boxes in (row.get(document) or {}).items():
            for box in boxes:
                text = str(box)
                lines.append(
                    TaxReportLine(
                        company_id=tax.company_id,
                        tax_id=tax.id,
                        document=document,
                        amount_kind=kind,
                        account_id=tax.tax_account_id if kind == "tax" else None,
                        box=text.lstrip("-"),
                        factor=-1 if text.startswith("-") else 1,
                    )
                )
    return lines


def _boxes(session: Session, company_id: int, rows: list[dict[str, Any]]) -> None:
    for sequence, row in enumerate(rows, 1):
        session.add(
            TaxReportBox(
                company_id=company_id,
                box=str(row["box"]),
                label=row["label"],
                sequence=sequence,
                formula=" ".join(str(b) for b in row.get("sum", [])),
            )
        )


def _terms(session: Session, company_id: int, rows: Any, applied: AppliedChart) -> None:
    from asiento.services.reference.payment_terms import (
        add_term,
        parse_term,
        seed_company_terms,
    )

    if rows == "seed":
        applied.terms.update(seed_company_terms(session, company_id))
        return
    for definition in rows:
        applied.terms[definition["name"]] = add_term(session, company_id, parse_term(definition)).id
