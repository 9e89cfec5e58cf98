"""Bills imported from received e-invoices: the original file and what the import found.

- ``bill_imports``: one row per imported file (bytes, name, media type, SHA-256), the
  supplier's document number (unique per supplier: duplicates are refused even under a race),
  the payee account and payment reference, and the differences and warnings as JSON;
- ``purchase_settings.einvoice_strict_buyer``: refuse, rather than flag, an e-invoice whose
  buyer is not the company.

Revision ID: 0020_bill_imports
Revises: 0019_einvoice
Create Date: 2026-12-06 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_bill_imports"
down_revision: str | None = "0019_einvoice"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "bill_imports",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("company_id", ID, nullable=False),
        sa.Column("invoice_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("document_number", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("syntax", sa.String(10), nullable=False),
        sa.Column("specification_id", sa.String(200), nullable=True),
        sa.Column("iban", sa.String(64), nullable=True),
        sa.Column("bic", sa.String(11), nullable=True),
        sa.Column("payment_reference", sa.String(200), nullable=True),
        sa.Column("differences", sa.Text(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name="fk_bill_imports_company_id_companies",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name="fk_bill_imports_invoice_id_invoices",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name="fk_bill_imports_partner_id_partners"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_bill_imports"),
        sa.UniqueConstraint(
            "company_id",
            "partner_id",
            "document_number",
            name="uq_bill_imports_company_id_partner_id_document_number",
        ),
        sa.UniqueConstraint("invoice_id", name="uq_bill_imports_invoice_id"),
    )
    op.create_index("ix_bill_imports_company_id", "bill_imports", ["company_id"])
    op.create_index("ix_bill_imports_sha256", "bill_imports", ["sha256"])
    with op.batch_alter_table("purchase_settings") as batch:
        batch.add_column(
            sa.Column(
                "einvoice_strict_buyer", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("purchase_settings") as batch:
        batch.drop_column("einvoice_strict_buyer")
    op.drop_index("ix_bill_imports_sha256", table_name="bill_imports")
    op.drop_index("ix_bill_imports_company_id", table_name="bill_imports")
    op.drop_table("bill_imports")
