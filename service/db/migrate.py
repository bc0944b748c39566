"""Apply Alembic migrations programmatically (used by `passerelle db upgrade`, `run` and tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from service.config import REPO_ROOT, get_settings

# Tables the database engine manages itself (SQLite's FTS5 index and its shadow tables): not in the models.
ENGINE_MANAGED_TABLES = ("knowledge_entry_fts",)


def include_name(name: str | None, type_: str, _parents: object = None) -> bool:
    """Whether autogenerate compares this object (engine-managed full-text tables are left out)."""
    return not (type_ == "table" and name is not None and name.startswith(ENGINE_MANAGED_TABLES))


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at our migrations and `url` (default: the configured database)."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "service" / "db" / "migrations"))
    config.set_main_option("sqlalchemy.url", (url or get_settings().database_url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    """Bring the database to the latest revision of every branch."""
    command.upgrade(alembic_config(url), "heads")
