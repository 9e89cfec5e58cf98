"""The migrations and the SQLAlchemy models describe the same schema, on both databases.

An empty database is brought to head by the migrations alone; Alembic's autogenerate
comparison (``compare_metadata``) against ``Base.metadata`` must then find nothing to do:
no missing or extra table, column, index, unique or foreign key, no type, nullability or
server-default drift. A model change without its migration (or the reverse) fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Engine, text
from sqlalchemy import inspect as sa_inspect

from asiento.domain.errors import UnknownSchemaRevision
from asiento.store.ddl import company_key_unique_name
from asiento.store.migrate import INITIAL, alembic_config, current_revision, upgrade
from asiento.store.session import make_engine
from asiento.store.tables import Base


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def migrated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database migrated to head: a fresh SQLite file, or the run's private
    PostgreSQL database (created empty and migrated by the same ``upgrade``)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        upgrade(engine)
    else:
        engine = make_engine(request.getfixturevalue("pg_database"))
    yield engine
    engine.dispose()


def _unquoted(default: str | None) -> str | None:
    """SQLite reflects ``DEFAULT ''`` as the SQL literal ``''``; the model renders ``''``
    too but Alembic compares it against the Python value. Strip quotes and parentheses."""
    if default is None:
        return None
    return re.sub(r"^[('\"]+|[)'\"]+$", "", default.strip())


def _same_default(
    context: MigrationContext,
    inspected_column: Any,
    metadata_column: Column[Any],
    inspected_default: str | None,
    metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool | None:
    """``True`` when the defaults differ (Alembic's convention); ``None`` = Alembic decides."""
    if context.dialect.name != "sqlite":
        return None
    return _unquoted(inspected_default) != _unquoted(rendered_metadata_default)


def _not_a_search_index(name: str | None, type_: str, parent_names: Any) -> bool:
    """The ``ix_search_*`` expression indexes (``lower(name)``, trigram) exist in the
    migration only: Alembic cannot compare expression indexes, and the models do not
    declare them. ``test_the_search_indexes_exist`` checks them instead.

    Also left out: the SQLite-only ``UNIQUE (company_id, id)`` that ``store.ddl`` renders
    in place of the composite primary key (SQLite keys the row by its rowid ``id``; the
    UNIQUE is the target of the composite foreign keys). The models declare the key as
    ``PRIMARY KEY (company_id, id)``, which Alembic does not compare; exactly that name is
    skipped, any other unique constraint is still compared."""
    table = parent_names.get("table_name")
    if type_ == "unique_constraint" and table and name == company_key_unique_name(table):
        return False
    return not (type_ == "index" and (name or "").startswith("ix_search_"))


def test_the_search_indexes_exist(migrated: Engine) -> None:
    with migrated.connect() as connection:
        names = {ix["name"] for ix in _indexes(connection, "partners")}
    assert "ix_search_partners_name" in names


def _indexes(connection: Any, table: str) -> list[dict[str, Any]]:
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text(f"PRAGMA index_list({table})")).mappings()
        return [dict(r) for r in rows]
    rows = connection.execute(
        text("SELECT indexname AS name FROM pg_indexes WHERE tablename = :t"), {"t": table}
    ).mappings()
    return [dict(r) for r in rows]


def test_migrations_produce_exactly_the_models(migrated: Engine) -> None:
    with migrated.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": _same_default,
                "include_name": _not_a_search_index,
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def test_the_migrations_are_one_chain_from_the_initial_revision(migrated: Engine) -> None:
    script = _script()
    assert len(script.get_heads()) == 1
    chain = [r.revision for r in script.walk_revisions()]
    assert chain[-1] == INITIAL
    assert current_revision(migrated) == script.get_current_head()


def test_postgresql_gets_the_immutability_triggers(migrated: Engine) -> None:
    if migrated.dialect.name != "postgresql":
        pytest.skip("the triggers are PostgreSQL's second guard; SQLite relies on the services")
    with migrated.connect() as connection:
        names = connection.execute(
            text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname")
        ).scalars()
        assert list(names) == [
            "accounts_reference_version",  # companies.reference_version bumps
            "bank_accounts_reference_version_delete",
            "bank_accounts_reference_version_insert",
            "bank_accounts_reference_version_update",
            "currencies_reference_version",
            "journal_entries_immutable",
            "journal_items_immutable",
            "journals_reference_version",
            "payment_terms_reference_version",
            "product_taxes_reference_version",
            "products_reference_version",
            "taxes_reference_version",
        ]


def test_a_database_at_a_folded_pre_release_revision_is_refused_and_left_alone(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE alembic_version SET version_num = :v"),
            {"v": "0023_discount_entry_payment"},
        )
    with pytest.raises(UnknownSchemaRevision, match="0023_discount_entry_payment"):
        upgrade(engine)
    assert current_revision(engine) == "0023_discount_entry_payment"
    engine.dispose()


def test_the_initial_revision_is_the_whole_schema_in_one_step(migrated: Engine) -> None:
    assert [r.revision for r in _script().walk_revisions()][-1] == INITIAL
    with migrated.connect() as connection:
        tables = set(sa_inspect(connection).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
