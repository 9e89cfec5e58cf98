"""Run Alembic migrations programmatically: the schema is only ever created here."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS = Path(__file__).with_name("migrations")
SQUASHED_HEAD = "0012_entry_indexes"
"""Head of the pre-release chain folded into ``0001_initial``: a database stamped with it
already has exactly the ``0001_initial`` schema (checked table by table when squashing)."""
INITIAL = "0001_initial"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database at ``engine`` up to ``revision``."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        _restamp_squashed(connection)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def _restamp_squashed(connection: Connection) -> None:
    """Move a database from the squashed chain's head onto ``0001_initial``, which alone
    is known to the script directory now; any other unknown revision still fails loudly."""
    if not inspect(connection).has_table("alembic_version"):
        return
    connection.execute(
        text("UPDATE alembic_version SET version_num = :new WHERE version_num = :old"),
        {"new": INITIAL, "old": SQUASHED_HEAD},
    )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return str(row[0]) if row else None
