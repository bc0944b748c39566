"""Apply Alembic migrations programmatically (used by `passerelle db upgrade`, `run` and tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from service.config import REPO_ROOT, get_settings


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at our migrations and `url` (default: the configured database)."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "service" / "db" / "migrations"))
    config.set_main_option("sqlalchemy.url", (url or get_settings().database_url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    """Bring the database to the latest revision of every branch."""
    command.upgrade(alembic_config(url), "heads")
