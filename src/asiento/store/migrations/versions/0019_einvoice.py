"""E-invoice fields: VAT categories, unit codes, electronic addresses, formats.

Taxes: the UNCL5305 VAT category and the VATEX exemption reason code; existing taxes
get the category their legal mention and rate say (exempt E, reverse charge AE,
intra-community K, export G, else rate 0 Z and any other rate S — the rule of
``domain.einvoice.codes.category_for``, repeated here so the migration never changes
with the code). Products: the UN/ECE Rec 20 unit code (C62). Company and partners:
the electronic address with its EAS scheme; partners: the buyer reference
(Leitweg-ID) and the e-invoice format they get; the company: the default format.

Revision ID: 0019_einvoice
Revises: 0018_search_indexes
Create Date: 2026-12-06 06:30:00
"""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from alembic import op

revision: str = "0019_einvoice"
down_revision: str | None = "0018_search_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MENTION_CATEGORY = {"exempt": "E", "reverse_charge": "AE", "intra_community": "K", "export": "G"}


def _category(legal_mention: str | None, amount: object) -> str:
    if legal_mention in MENTION_CATEGORY:
        return MENTION_CATEGORY[legal_mention]
    try:
        rate = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return "S"
    return "Z" if rate == 0 else "S"


def _backfill_categories() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, legal_mention, amount FROM taxes")).fetchall()
    update = sa.text("UPDATE taxes SET vat_category = :category WHERE id = :id")
    for tax_id, mention, amount in rows:
        bind.execute(update, {"category": _category(mention, amount), "id": tax_id})


def upgrade() -> None:
    with op.batch_alter_table("taxes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vat_category", sa.String(3), nullable=True))
        batch_op.add_column(sa.Column("exemption_reason_code", sa.String(50), nullable=True))
    _backfill_categories()
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("unit_code", sa.String(3), nullable=False, server_default="C62")
        )
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("electronic_address", sa.String(254), nullable=True))
        batch_op.add_column(sa.Column("electronic_address_scheme", sa.String(4), nullable=True))
        batch_op.add_column(
            sa.Column("einvoice_format", sa.String(16), nullable=False, server_default="none")
        )
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("electronic_address", sa.String(254), nullable=True))
        batch_op.add_column(sa.Column("electronic_address_scheme", sa.String(4), nullable=True))
        batch_op.add_column(sa.Column("buyer_reference", sa.String(100), nullable=True))
        batch_op.add_column(sa.Column("einvoice_format", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("partners", schema=None) as batch_op:
        for name in (
            "einvoice_format",
            "buyer_reference",
            "electronic_address_scheme",
            "electronic_address",
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table("companies", schema=None) as batch_op:
        for name in ("einvoice_format", "electronic_address_scheme", "electronic_address"):
            batch_op.drop_column(name)
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("unit_code")
    with op.batch_alter_table("taxes", schema=None) as batch_op:
        batch_op.drop_column("exemption_reason_code")
        batch_op.drop_column("vat_category")
