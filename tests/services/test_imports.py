"""Bringing books in: partners, products, chart and opening balances from CSV and XLSX.

Each import checks every row and writes all or nothing; each export writes the
layout the import reads, so an export imports back unchanged.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from asiento.domain.errors import ValidationFailed
from asiento.reports.aged import aged_receivable
from asiento.reports.common import ReportFilter
from asiento.services.demo.seed import SeededCompany, seed_company, seed_partners_and_products
from asiento.services.imports.runner import export_book, import_book
from asiento.services.payments.auto_reconcile import auto_reconcile
from asiento.services.payments.payment_docs import PaymentInput, create_payment
from asiento.services.reference import account_settings
from asiento.store.tables import JournalItem, Partner
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts

D = Decimal

PARTNER_HEADER = ["code", "name", "email", "country", "is_customer", "receivable_account"]


def partners_xlsx(n: int, bad_row: int | None = None) -> bytes:
    """``n`` partners; the partner on spreadsheet row ``bad_row`` has a broken e-mail."""
    book = Workbook()
    sheet = book.active
    sheet.append(PARTNER_HEADER)
    for i in range(1, n + 1):
        email = "not-an-email" if i + 1 == bad_row else f"ap{i}@example.com"
        sheet.append([f"C{i:05d}", f"Customer {i}", email, "es", True, "1100"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def partner_count(uow: UnitOfWork, company_id: int) -> int:
    with uow:
        stmt = select(func.count()).select_from(Partner).where(Partner.company_id == company_id)
        return int(uow.session.scalar(stmt) or 0)


def test_a_thousand_partners_with_one_bad_row_store_nothing_then_all(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    with pytest.raises(ValidationFailed) as refused:
        import_book(uow, company.id, "partners", partners_xlsx(1000, bad_row=502), "p.xlsx")
    assert [p.field for p in refused.value.problems] == ["row 502, email"]
    assert "not-an-email" in refused.value.problems[0].message
    assert refused.value.message.startswith("partners not imported, nothing stored: row 502")
    assert row_counts(uow) == before

    preview = import_book(uow, company.id, "partners", partners_xlsx(1000), "p.xlsx", dry_run=True)
    assert (preview.count("create"), preview.problems, preview.committed) == (1000, [], False)
    assert row_counts(uow) == before

    done = import_book(uow, company.id, "partners", partners_xlsx(1000), "p.xlsx")
    assert done.summary == "1000 created, 0 updated"
    assert partner_count(uow, company.id) == 1000
    with uow:
        p = uow.session.scalars(select(Partner).where(Partner.ref == "C00501")).one()
        assert (p.name, p.email, p.country, p.is_customer, p.is_supplier, p.active) == (
            "Customer 501",
            "ap501@example.com",
            "ES",
            True,
            False,
            True,
        )
        assert p.receivable_account_id == company.accounts["1100"]


def test_reimporting_a_partner_updates_it_and_a_repeated_key_is_refused(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    import_book(uow, company.id, "partners", b"code,name,city\nA1,Acme,Madrid\n")
    again = import_book(uow, company.id, "partners", b"code,name\nA1,Acme Iberia\n")
    assert again.summary == "0 created, 1 updated"
    with uow:
        p = uow.session.scalars(select(Partner).where(Partner.ref == "A1")).one()
        assert (p.name, p.city) == ("Acme Iberia", "Madrid")  # a column left out stays
    with pytest.raises(ValidationFailed) as refused:
        import_book(uow, company.id, "partners", b"code,name\nB1,Bee\nB1,Bee again\n")
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("row 3, code", "'B1' is also on row 2")
    ]


def test_an_unknown_column_and_a_bad_reference_are_named_with_their_place(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    preview = import_book(uow, company.id, "partners", b"name,emial\nAcme,x\n", dry_run=True)
    assert [(p.row, p.column) for p in preview.problems] == [(1, "emial")]
    preview = import_book(
        uow,
        company.id,
        "products",
        b"code,name,sale_price,income_account,taxes\nP1,Chair,12.5,9999,sale:Nope\n",
        dry_run=True,
    )
    assert [(p.field, p.message) for p in preview.problems] == [
        ("row 2, income_account", "no account '9999' in the chart"),
        ("row 2, taxes", "no tax named 'sale:Nope'"),
    ]


@pytest.mark.parametrize("kind", ["partners", "products", "chart"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(
    uow: UnitOfWork, company: SeededCompany, kind: str, fmt: str
) -> None:
    seed_partners_and_products(uow, company)
    first = export_book(uow, company.id, kind, fmt)
    other = seed_company(uow, "Other SL", "EUR")
    result = import_book(uow, other.id, kind, first.content, first.filename)
    assert result.committed
    assert _csv(uow, other.id, kind) == _csv(uow, company.id, kind)
    # and into the company it came from: every row an update, nothing changes
    again = import_book(uow, company.id, kind, first.content, first.filename)
    assert again.count("update") == len(again.rows)
    assert export_book(uow, company.id, kind, fmt).content == first.content or fmt == "xlsx"
    assert _csv(uow, company.id, kind) == _csv(uow, other.id, kind)


def _csv(uow: UnitOfWork, company_id: int, kind: str) -> bytes:
    return export_book(uow, company_id, kind, "csv").content


def test_a_price_and_a_formula_survive_the_round_trip(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    import_book(uow, company.id, "products", b"code,name,sale_price\nP1,=HYPERLINK(x),12.345\n")
    csv = _csv(uow, company.id, "products")
    assert b"'=HYPERLINK(x)" in csv  # never a live formula in the export
    assert b"12.345" in csv  # a unit price is exact, never rounded
    other = seed_company(uow, "Other SL", "EUR")
    import_book(uow, other.id, "products", csv)
    assert _csv(uow, other.id, "products") == csv


OPENING_CHART = b"code,name,kind\n3900,Opening balances,equity\n"
OPENING = (
    "date,account,partner,document,document_date,due_date,debit,credit\n"
    "2026-01-01,1000,,,,,5000.00,\n"
    "2026-01-01,1100,,,,,1500.00,\n"
    "2026-01-01,2000,,,,,,800.00\n"
    "2026-01-01,3000,,,,,,5700.00\n"
    "2026-01-01,1100,C1,F-2025-101,2025-11-15,2025-12-15,1000.00,\n"
    "2026-01-01,1100,C1,F-2025-117,2025-12-20,2026-01-19,250.00,\n"
    "2026-01-01,1100,C1,F-2025-117,2025-12-20,2026-02-18,250.00,\n"
    "2026-01-01,2000,S1,B-77,2025-12-28,2026-01-27,,800.00\n"
)


def opening_company(uow: UnitOfWork, name: str) -> SeededCompany:
    c = seed_company(uow, name, "EUR")
    import_book(uow, c.id, "chart", OPENING_CHART)
    import_book(
        uow,
        c.id,
        "partners",
        b"code,name,is_supplier\nC1,Customer One,false\nS1,Supplier One,true\n",
    )
    account_settings.update_company_settings(uow, c.id, opening_balance_account="3900")
    return c


def open_receivables(uow: UnitOfWork, company_id: int) -> list[tuple[str, D, date | None]]:
    with uow:
        rows = uow.session.execute(
            select(JournalItem.label, JournalItem.amount_residual, JournalItem.due_date)
            .where(
                JournalItem.company_id == company_id,
                JournalItem.partner_id.is_not(None),
                JournalItem.amount_residual != 0,
            )
            .order_by(JournalItem.id)
        ).all()
    return [(label, D(r) / 100, due) for label, r, due in rows]


def test_opening_balances_post_open_items_that_age_and_that_a_payment_settles(
    uow: UnitOfWork,
) -> None:
    c = opening_company(uow, "Moving In SL")
    done = import_book(uow, c.id, "opening-balances", OPENING.encode())
    assert done.summary.startswith("MISC/2026/")
    assert open_receivables(uow, c.id) == [
        ("F-2025-101 (2025-11-15)", D("1000"), date(2025, 12, 15)),
        ("F-2025-117 (2025-12-20)", D("250"), date(2026, 1, 19)),
        ("F-2025-117 (2025-12-20)", D("250"), date(2026, 2, 18)),
        ("B-77 (2025-12-28)", D("-800"), date(2026, 1, 27)),
    ]
    with uow:
        aged = aged_receivable(uow.session, ReportFilter(c.id, date_to=date(2026, 1, 31)))
    assert [(r.partner, r.buckets, r.total) for r in aged.rows] == [
        (
            "Customer One",
            (D("250.00"), D("250.00"), D("1000.00"), D("0.00"), D("0.00")),
            D("1500.00"),
        ),
    ]
    # the trial balance totals went through the opening account, which is zero again
    opening_account = _account(uow, c, "3900")
    with uow:
        suspense = uow.session.scalar(
            select(func.sum(JournalItem.balance)).where(
                JournalItem.company_id == c.id, JournalItem.account_id == opening_account
            )
        )
    assert suspense == 0

    partner = c_partner(uow, c.id, "C1")
    create_payment(
        uow, c.id, PaymentInput("inbound", partner, D("1000.00"), date(2026, 2, 3)), post=True
    )
    report = auto_reconcile(uow, c.id, partner)
    assert len(report.matched) == 1
    assert [r[0] for r in open_receivables(uow, c.id)] == [
        "F-2025-117 (2025-12-20)",
        "F-2025-117 (2025-12-20)",
        "B-77 (2025-12-28)",
    ]


def _account(uow: UnitOfWork, c: SeededCompany, code: str) -> int:
    from asiento.store.tables import Account

    with uow:
        return int(
            uow.session.scalar(
                select(Account.id).where(Account.company_id == c.id, Account.code == code)
            )
            or 0
        )


def c_partner(uow: UnitOfWork, company_id: int, code: str) -> int:
    with uow:
        return int(
            uow.session.scalar(
                select(Partner.id).where(Partner.company_id == company_id, Partner.ref == code)
            )
            or 0
        )


def test_opening_balances_round_trip_and_are_never_imported_twice(uow: UnitOfWork) -> None:
    a = opening_company(uow, "Moving In SL")
    import_book(uow, a.id, "opening-balances", OPENING.encode())
    exported = export_book(uow, a.id, "opening-balances", "xlsx")
    b = opening_company(uow, "Second Home SL")
    import_book(uow, b.id, "opening-balances", exported.content, exported.filename)
    assert _csv(uow, b.id, "opening-balances") == _csv(uow, a.id, "opening-balances")
    assert _csv(uow, a.id, "opening-balances").decode().splitlines()[1:] == [
        line.replace(",,,,,", ",,,,,") for line in OPENING.splitlines()[1:]
    ]
    before = row_counts(uow)
    with pytest.raises(ValidationFailed) as refused:
        import_book(uow, a.id, "opening-balances", OPENING.encode())
    fields = [p.field for p in refused.value.problems]
    assert fields[0] == "row 2, date" and "row 6, document" in fields
    assert row_counts(uow) == before


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (
            "2026-01-01,1000,,,,,10.005,",
            "row 3, debit",
            "'10.005' has more than 2 decimals for EUR",
        ),
        (
            "2026-01-01,1000,,,,,-5,",
            "row 3, debit",
            "'-5' is negative: give it in the other column",
        ),
        ("2026-01-01,1000,,,,,1 000,", "row 3, debit", "'1 000' is not a number such as 1234.50"),
        ("2026-01-02,1000,,,,,10.00,", "row 3, date", "every row has the opening date 2026-01-01"),
        (
            "2026-01-01,6000,C1,X1,,,10.00,",
            "row 3, account",
            "an open item goes on a receivable or payable account, not expense",
        ),
    ],
)
def test_an_opening_row_that_is_not_exact_is_refused_with_its_reason(
    uow: UnitOfWork, line: str, field: str, message: str
) -> None:
    c = opening_company(uow, "Moving In SL")
    text = (
        f"date,account,partner,document,document_date,due_date,debit,credit\n"
        f"2026-01-01,3000,,,,,,10.00\n{line}\n"
    )
    with pytest.raises(ValidationFailed) as refused:
        import_book(uow, c.id, "opening-balances", text.encode())
    assert (refused.value.problems[0].field, refused.value.problems[0].message) == (field, message)


def test_unbalanced_account_balances_are_refused(uow: UnitOfWork) -> None:
    c = opening_company(uow, "Moving In SL")
    text = b"date,account,debit,credit\n2026-01-01,1000,100.00,\n2026-01-01,3000,,99.99\n"
    preview = import_book(uow, c.id, "opening-balances", text, dry_run=True)
    assert [(p.field, p.message) for p in preview.problems] == [
        (
            "row 3",
            "the account balances do not balance: debit 100.00 != credit 99.99 (difference 0.01)",
        )
    ]


def test_follow_ups_remind_the_opening_items_by_their_document_numbers(uow: UnitOfWork) -> None:
    from asiento.services.followups.followup_levels import seed_default_levels
    from asiento.services.followups.runs import run_followups

    c = opening_company(uow, "Moving In SL")
    import_book(uow, c.id, "opening-balances", OPENING.encode())
    seed_default_levels(uow, c.id)
    run = run_followups(uow, c.id, date(2026, 2, 20), dry_run=True)
    [reminder] = run.reminders
    assert reminder.partner_name == "Customer One"
    assert [(ln.ref, ln.residual, ln.overdue) for ln in reminder.lines] == [
        ("F-2025-101 (2025-11-15)", D("1000.00"), True),
        ("F-2025-117 (2025-12-20)", D("250.00"), True),
        ("F-2025-117 (2025-12-20)", D("250.00"), True),
    ]


def test_references_resolve_only_in_the_importing_company(uow: UnitOfWork) -> None:
    a = opening_company(uow, "Moving In SL")
    b = seed_company(uow, "Elsewhere SL", "EUR")
    import_book(uow, b.id, "partners", b"code,name\nONLY-B,Only in B\n")
    text = "date,account,partner,document,debit,credit\n2026-01-01,1100,ONLY-B,F-1,10.00,\n"
    preview = import_book(uow, a.id, "opening-balances", text.encode(), dry_run=True)
    assert [(p.field, p.message) for p in preview.problems] == [
        ("row 2, partner", "no partner 'ONLY-B'")
    ]
    assert b"ONLY-B" not in _csv(uow, a.id, "partners")
    import_book(uow, b.id, "chart", b"code,name,kind\n3900,B's own,equity\n")
    assert b"Opening balances" in _csv(uow, a.id, "chart")  # A's account 3900 untouched
    assert b"B's own" not in _csv(uow, a.id, "chart")
