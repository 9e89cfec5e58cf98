"""Run Alembic migrations programmatically: the schema is only ever created here."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from asiento.domain.errors import UnknownSchemaRevision

MIGRATIONS = Path(__file__).with_name("migrations")
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
        _refuse_unknown_revision(connection, cfg)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def _refuse_unknown_revision(connection: Connection, cfg: Config) -> None:
    """Refuse, in one sentence, a database stamped with a revision this release does not
    know: a pre-release revision folded into ``0001_initial`` (its schema differs: names
    changed when they were folded) or one from a newer asiento. Alembic alone would fail
    with a traceback."""
    if not inspect(connection).has_table("alembic_version"):
        return
    row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    if row is None:
        return
    known = {r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()}
    if str(row[0]) not in known:
        raise UnknownSchemaRevision(
            f"the database is at schema revision {row[0]}, which this asiento does not know "
            f"(pre-release revisions were folded into {INITIAL}): export its data with "
            "`asiento export` from the asiento that made it, then import into a new database"
        )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return str(row[0]) if row else None
