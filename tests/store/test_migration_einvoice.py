"""Migration 0019 gives existing taxes the VAT category their legal mention and rate say."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from asiento.store.migrate import upgrade
from asiento.store.session import make_engine

TAXES = [  # name, legal mention, rate -> expected category
    ("VAT 21", None, "21.00", "S"),
    ("VAT 0", None, "0.00", "Z"),
    ("Exempt", "exempt", "0", "E"),
    ("Reverse charge", "reverse_charge", "-21", "AE"),
    ("Intra-EU", "intra_community", "0", "K"),
    ("Export", "export", "0", "G"),
]


def test_existing_taxes_get_their_category_and_products_the_unit_one(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0018_search_indexes")
    raw = sqlite3.connect(tmp_path / "old.db")  # foreign keys off: rows without their company
    raw.executemany(
        "INSERT INTO taxes (company_id, name, usage, amount_type, amount, price_include,"
        " include_base_amount, tax_account_id, tax_group, sequence, active, legal_mention)"
        " VALUES (1, ?, 'sale', 'percent', ?, 0, 0, 1, 'VAT', 10, 1, ?)",
        [(name, amount, mention) for name, mention, amount, _ in TAXES],
    )
    raw.execute(
        "INSERT INTO products (company_id, code, name, unit, sale_price, purchase_price,"
        " active) VALUES (1, 'P1', 'Widget', 'unit', '1', '0', 1)"
    )
    raw.commit()
    raw.close()
    upgrade(engine)
    with engine.connect() as connection:
        got = dict(connection.execute(text("SELECT name, vat_category FROM taxes")).fetchall())
        unit = connection.execute(text("SELECT unit_code FROM products")).scalar_one()
    assert got == {name: category for name, _, _, category in TAXES}
    assert unit == "C62"
    engine.dispose()
