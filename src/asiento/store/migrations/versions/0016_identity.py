"""Company and partner identity, bank accounts, structured payment references, sending.

Company: legal and trade name, address, registration number, contact, logo,
language. Partner: region, language, invoice e-mail. Bank accounts of the
company and of partners (``bank_accounts``), pointed at by bank journals.
Taxes: legal mention, exemption reason, translated names. Invoices: the
structured payment reference (unique per company) and the sending record.

Revision ID: 0016_identity
Revises: 0015_bank_statement_trust
Create Date: 2026-12-06 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_identity"
down_revision: str | None = "0015_bank_statement_trust"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

COMPANY_COLUMNS = (
    ("legal_name", sa.String(200)),
    ("trade_name", sa.String(200)),
    ("street", sa.String(200)),
    ("city", sa.String(100)),
    ("zip", sa.String(20)),
    ("region", sa.String(100)),
    ("registration_number", sa.String(64)),
    ("email", sa.String(254)),
    ("phone", sa.String(40)),
    ("website", sa.String(200)),
    ("logo", sa.LargeBinary()),
    ("logo_type", sa.String(32)),
)


def upgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch_op:
        for name, type_ in COMPANY_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.add_column(
            sa.Column("language", sa.String(5), nullable=False, server_default="en")
        )
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(100), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(5), nullable=True))
        batch_op.add_column(sa.Column("invoice_email", sa.String(254), nullable=True))
    op.create_table(
        "bank_accounts",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("company_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=True),
        sa.Column("holder_name", sa.String(200), nullable=True),
        sa.Column("iban", sa.String(34), nullable=True),
        sa.Column("account_number", sa.String(64), nullable=True),
        sa.Column("bank_code", sa.String(32), nullable=True),
        sa.Column("bic", sa.String(11), nullable=True),
        sa.Column("bank_name", sa.String(200), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name="fk_bank_accounts_company_id_companies",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name="fk_bank_accounts_partner_id_partners",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_bank_accounts"),
    )
    op.create_index("ix_bank_accounts_company_id", "bank_accounts", ["company_id"])
    op.create_index(
        "ix_bank_accounts_company_partner", "bank_accounts", ["company_id", "partner_id"]
    )
    with op.batch_alter_table("journals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bank_account_id", ID, nullable=True))
        batch_op.create_foreign_key(
            "fk_journals_bank_account_id_bank_accounts",
            "bank_accounts",
            ["bank_account_id"],
            ["id"],
        )
    with op.batch_alter_table("taxes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legal_mention", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("exemption_reason", sa.String(200), nullable=True))
        batch_op.add_column(
            sa.Column("name_translations", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("structured_reference", sa.String(35), nullable=True))
        batch_op.add_column(sa.Column("sent_to", sa.String(254), nullable=True))
        batch_op.add_column(sa.Column("send_error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("send_failed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(
            "uq_invoices_company_id_structured_reference",
            ["company_id", "structured_reference"],
        )


def downgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_constraint("uq_invoices_company_id_structured_reference", type_="unique")
        for name in ("send_failed_at", "send_error", "sent_to", "structured_reference"):
            batch_op.drop_column(name)
    with op.batch_alter_table("taxes", schema=None) as batch_op:
        for name in ("name_translations", "exemption_reason", "legal_mention"):
            batch_op.drop_column(name)
    with op.batch_alter_table("journals", schema=None) as batch_op:
        batch_op.drop_constraint("fk_journals_bank_account_id_bank_accounts", type_="foreignkey")
        batch_op.drop_column("bank_account_id")
    op.drop_index("ix_bank_accounts_company_partner", table_name="bank_accounts")
    op.drop_index("ix_bank_accounts_company_id", table_name="bank_accounts")
    op.drop_table("bank_accounts")
    with op.batch_alter_table("partners", schema=None) as batch_op:
        for name in ("invoice_email", "language", "region"):
            batch_op.drop_column(name)
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_column("language")
        for name, _type in reversed(COMPANY_COLUMNS):
            batch_op.drop_column(name)
