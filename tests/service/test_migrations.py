"""Migrations and models agree on SQLite and PostgreSQL: no table or column exists only in one of them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from service.config import get_settings
from service.db.base import Base
from service.db.migrate import alembic_config, include_name
from service.db.session import get_engine


class TestMigrations:
    def test_schema_built_by_migrations_matches_the_models(self) -> None:
        engine = get_engine(get_settings().database_url)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": False, "include_name": include_name})
            diff = compare_metadata(context, Base.metadata)
        structural = [d for d in diff if d[0] in {"add_table", "remove_table", "add_column", "remove_column"}]
        assert structural == []

    def test_migrations_form_a_single_line_of_history(self) -> None:
        heads = ScriptDirectory.from_config(alembic_config()).get_heads()
        assert len(heads) == 1, f"several heads {heads}: add a merge revision"
