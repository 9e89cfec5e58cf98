"""A small fixed ledger with exact figures every report test checks against.

Fiscal year = calendar year, EUR. Entries (posted through ``services.posting``;
taxes linked like an invoice would link them):

- 2025-06-01 MISC  Bank 10,000.00 / Share capital
- 2025-11-15 INV   Azure 1,210.00 due 2025-12-15 / Sales of goods 1,000.00 (VAT 21% sale) / VAT 210.00
- 2026-01-10 INV   Deco 605.00 due 2026-02-09 / Sales of services 500.00 / VAT 105.00
- 2026-02-01 BILL  Office supplies 200.00 (VAT 21% purchase) + VAT 42.00 / Wood 242.00 due 2026-03-03
- 2026-02-20 BNK1  Bank 1,210.00 / Azure (pays the 2025 invoice; partial reconcile)
- 2026-03-01 BNK1  Rent 800.00 / Bank
- 2026-03-05 INV   Azure 363.00 due 2026-04-04 / Sales of goods 300.00 / VAT 63.00
- 2026-03-10 BNK1  Bank 300.00 / Deco (part payment; partial reconcile 300.00)
- 2026-03-15 MISC  Salaries 999.00 / Bank — left in draft
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from asiento.domain.commands.partners import NewPartner
from asiento.domain.entries import ItemDraft
from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import posting
from asiento.services.ledger.entries import company_of, resolve_journal
from asiento.services.reference import partners
from asiento.store.tables import JournalItem, PartialReconciliation
from asiento.store.uow import UnitOfWork

D = Decimal


@dataclass
class Dataset:
    company: SeededCompany
    partners: dict[str, int]
    receivable_items: dict[str, int] = field(default_factory=dict)


def post_items(
    uow: UnitOfWork,
    company_id: int,
    journal: str,
    day: date,
    items: list[ItemDraft],
    *,
    draft: bool = False,
) -> list[int]:
    """Post (or leave in draft) one entry; the ids of its items in order."""
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        entry = posting.add_entry(s, company, resolve_journal(s, company_id, journal), day, items)
        if not draft:
            posting.post(s, company, entry)
        ids = [i.id for i in posting.entry_items(s, entry)]
        uow.commit()
    return ids


def reconcile(
    uow: UnitOfWork, company_id: int, debit: int, credit: int, amount: str, day: date
) -> None:
    """Insert a partial reconciliation directly (the reconciliation service is another area)."""
    minor = int(D(amount) * 100)
    with uow:
        uow.session.add(
            PartialReconciliation(
                company_id=company_id,
                debit_item_id=debit,
                credit_item_id=credit,
                amount=minor,
                debit_amount_currency=minor,
                credit_amount_currency=minor,
                max_date=day,
                # explicit: migration 0002's server default now() does not exist on SQLite
                created_at=datetime.now(UTC),
            )
        )
        uow.session.flush()
        for item_id, delta in ((debit, -minor), (credit, minor)):
            row = uow.session.get(JournalItem, item_id)
            assert row is not None
            row.amount_residual += delta
        uow.commit()


def partner(uow: UnitOfWork, c: SeededCompany, name: str, supplier: bool = False) -> int:
    return partners.create_partner(
        uow,
        c.id,
        NewPartner(
            name=name,
            is_customer=not supplier,
            is_supplier=supplier,
            receivable_account_id=c.accounts["1100"],
            payable_account_id=c.accounts["2000"],
        ),
    ).id


def build_dataset(uow: UnitOfWork, c: SeededCompany) -> Dataset:
    a, t = c.accounts, c.taxes
    p = {n: partner(uow, c, n, n == "Wood") for n in ("Azure", "Deco", "Wood")}
    ds = Dataset(c, p)
    sale21, buy21 = t["VAT 21% sale"], t["VAT 21% purchase"]

    def inv(day: date, who: str, due: date, account: str, base: str, vat: str) -> int:
        total = str(D(base) + D(vat))
        ids = post_items(uow, c.id, "INV", day, [
            ItemDraft(a["1100"], debit=D(total), partner_id=p[who], due_date=due),
            ItemDraft(a[account], credit=D(base), tax_ids=(sale21,)),
            ItemDraft(a["2100"], credit=D(vat), tax_id=sale21),
        ])  # fmt: skip
        return ids[0]

    def pay(day: date, who: str, amount: str) -> int:
        ids = post_items(uow, c.id, "BNK1", day, [
            ItemDraft(a["1000"], debit=D(amount)),
            ItemDraft(a["1100"], credit=D(amount), partner_id=p[who]),
        ])  # fmt: skip
        return ids[1]

    post_items(uow, c.id, "MISC", date(2025, 6, 1), [
        ItemDraft(a["1000"], debit=D("10000")), ItemDraft(a["3000"], credit=D("10000")),
    ])  # fmt: skip
    ds.receivable_items["azure_2025"] = inv(
        date(2025, 11, 15), "Azure", date(2025, 12, 15), "4000", "1000", "210"
    )
    ds.receivable_items["deco"] = inv(
        date(2026, 1, 10), "Deco", date(2026, 2, 9), "4100", "500", "105"
    )
    post_items(uow, c.id, "BILL", date(2026, 2, 1), [
        ItemDraft(a["6100"], debit=D("200"), tax_ids=(buy21,)),
        ItemDraft(a["1300"], debit=D("42"), tax_id=buy21),
        ItemDraft(a["2000"], credit=D("242"), partner_id=p["Wood"], due_date=date(2026, 3, 3)),
    ])  # fmt: skip
    azure_paid = pay(date(2026, 2, 20), "Azure", "1210")
    reconcile(uow, c.id, ds.receivable_items["azure_2025"], azure_paid, "1210", date(2026, 2, 20))
    post_items(uow, c.id, "BNK1", date(2026, 3, 1), [
        ItemDraft(a["6000"], debit=D("800")), ItemDraft(a["1000"], credit=D("800")),
    ])  # fmt: skip
    ds.receivable_items["azure_2026"] = inv(
        date(2026, 3, 5), "Azure", date(2026, 4, 4), "4000", "300", "63"
    )
    deco_paid = pay(date(2026, 3, 10), "Deco", "300")
    reconcile(uow, c.id, ds.receivable_items["deco"], deco_paid, "300", date(2026, 3, 10))
    post_items(uow, c.id, "MISC", date(2026, 3, 15), [
        ItemDraft(a["6300"], debit=D("999")), ItemDraft(a["1000"], credit=D("999")),
    ], draft=True)  # fmt: skip
    return ds


@pytest.fixture
def dataset(uow: UnitOfWork, company: SeededCompany) -> Dataset:
    return build_dataset(uow, company)
