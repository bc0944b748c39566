"""dialogue: messages on requests (attachments, read state, waits for the submitter), partners,
consultations and the knowledge base with the engine's own full-text search.

Revision ID: dialogue
Revises: login_throttle
Create Date: 2026-12-01 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "dialogue"
down_revision = "login_throttle"
branch_labels = None
depends_on = None

NOW = sa.text("(CURRENT_TIMESTAMP)")

# SQLite: an external-content FTS5 index over the knowledge base, kept in step by triggers.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE knowledge_entry_fts USING fts5(search_text, search_vector, content='knowledge_entry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER knowledge_entry_fts_ai AFTER INSERT ON knowledge_entry BEGIN "
    "INSERT INTO knowledge_entry_fts(rowid, search_text, search_vector) "
    "VALUES (new.id, new.search_text, new.search_vector); END",
    "CREATE TRIGGER knowledge_entry_fts_ad AFTER DELETE ON knowledge_entry BEGIN "
    "INSERT INTO knowledge_entry_fts(knowledge_entry_fts, rowid, search_text, search_vector) "
    "VALUES ('delete', old.id, old.search_text, old.search_vector); END",
    "CREATE TRIGGER knowledge_entry_fts_au AFTER UPDATE ON knowledge_entry BEGIN "
    "INSERT INTO knowledge_entry_fts(knowledge_entry_fts, rowid, search_text, search_vector) "
    "VALUES ('delete', old.id, old.search_text, old.search_vector); "
    "INSERT INTO knowledge_entry_fts(rowid, search_text, search_vector) "
    "VALUES (new.id, new.search_text, new.search_vector); END",
]
# PostgreSQL: a generated tsvector (French stems and simple words of the accent-folded text), GIN-indexed.
POSTGRES_FTS = [
    "ALTER TABLE knowledge_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('french'::regconfig, search_text) || to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX ix_knowledge_entry_search_vector ON knowledge_entry USING gin (search_vector)",
]


def _timestamps() -> list[sa.Column]:
    return [sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False)]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("caisse_id", sa.Integer(), sa.ForeignKey("caisse.id", name="fk_partner_caisse_id_caisse"),
                  nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("code", name="uq_partner_code"),
    )
    op.add_column("user", sa.Column("partner_id", sa.Integer(), nullable=True))
    op.add_column("user", sa.Column("expert_countries", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("user", sa.Column("expert_languages", sa.JSON(), nullable=False, server_default="[]"))
    op.create_index("ix_user_partner_id", "user", ["partner_id"])
    if not sqlite:  # SQLite cannot add a constraint to an existing table; the ORM keeps the link there
        op.create_foreign_key("fk_user_partner_id_partner", "user", "partner", ["partner_id"], ["id"])
    op.add_column("translation_request",
                  sa.Column("awaiting_submitter_since", sa.DateTime(timezone=True), nullable=True))
    op.add_column("translation_request",
                  sa.Column("waiting_seconds", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partner.id", name="fk_consultation_partner_id_partner"),
                  nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_consultation_author_id_user"),
                  nullable=False),
        sa.Column("expert_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_consultation_expert_id_user"),
                  nullable=True),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("document_type", sa.String(64), nullable=False),
        sa.Column("language", sa.String(2), nullable=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("first_answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("request_id", sa.Integer(),
                  sa.ForeignKey("translation_request.id", ondelete="SET NULL",
                                name="fk_consultation_request_id_translation_request"), nullable=True),
        *_timestamps(),
        sa.UniqueConstraint("reference", name="uq_consultation_reference"),
    )
    op.create_index("ix_consultation_partner_status", "consultation", ["partner_id", "status"])
    op.create_index("ix_consultation_country_type", "consultation", ["country", "document_type"])
    op.create_index("ix_consultation_expert_id", "consultation", ["expert_id"])
    op.create_index("ix_consultation_status", "consultation", ["status"])
    op.create_table(
        "knowledge_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("consultation_id", sa.Integer(),
                  sa.ForeignKey("consultation.id", ondelete="SET NULL",
                                name="fk_knowledge_entry_consultation_id_consultation"), nullable=True),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("document_type", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("published_by_id", sa.Integer(),
                  sa.ForeignKey("user.id", name="fk_knowledge_entry_published_by_id_user"), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        *([sa.Column("search_vector", sa.Text(), nullable=True)] if sqlite else []),
        *_timestamps(),
        sa.UniqueConstraint("consultation_id", name="uq_knowledge_entry_consultation_id"),
    )
    op.create_index("ix_knowledge_entry_country_type", "knowledge_entry", ["country", "document_type"])
    for statement in SQLITE_FTS if sqlite else POSTGRES_FTS:
        op.execute(statement)
    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(),
                  sa.ForeignKey("translation_request.id", ondelete="CASCADE",
                                name="fk_message_request_id_translation_request"), nullable=True),
        sa.Column("consultation_id", sa.Integer(),
                  sa.ForeignKey("consultation.id", ondelete="CASCADE",
                                name="fk_message_consultation_id_consultation"), nullable=True),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_message_author_id_user"),
                  nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("(request_id IS NULL) != (consultation_id IS NULL)", name="ck_message_one_thread"),
    )
    op.create_index("ix_message_request_id", "message", ["request_id", "id"])
    op.create_index("ix_message_consultation_id", "message", ["consultation_id", "id"])
    op.create_table(
        "message_attachment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("message_id", sa.Integer(),
                  sa.ForeignKey("message.id", ondelete="CASCADE", name="fk_message_attachment_message_id_message"),
                  nullable=False),
        sa.Column("storage_key", sa.String(200), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("mime_type", sa.String(100), nullable=False),
        sa.Column("original_name", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_message_attachment_message_id", "message_attachment", ["message_id"])
    op.create_table(
        "message_receipt",
        sa.Column("message_id", sa.Integer(),
                  sa.ForeignKey("message.id", ondelete="CASCADE", name="fk_message_receipt_message_id_message"),
                  primary_key=True),
        sa.Column("user_id", sa.Integer(),
                  sa.ForeignKey("user.id", ondelete="CASCADE", name="fk_message_receipt_user_id_user"),
                  primary_key=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_message_receipt_user_id", "message_receipt", ["user_id"])
    op.create_table(
        "request_wait",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(),
                  sa.ForeignKey("translation_request.id", ondelete="CASCADE",
                                name="fk_request_wait_request_id_translation_request"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_by_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_request_wait_started_by_id_user"),
                  nullable=True),
        sa.Column("ended_by_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_request_wait_ended_by_id_user"),
                  nullable=True),
        sa.Column("message_id", sa.Integer(),
                  sa.ForeignKey("message.id", ondelete="SET NULL", name="fk_request_wait_message_id_message"),
                  nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=False),
    )
    op.create_index("ix_request_wait_request_id", "request_wait", ["request_id"])


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ("request_wait", "message_receipt", "message_attachment", "message"):
        op.drop_table(table)
    if sqlite:
        op.execute("DROP TABLE IF EXISTS knowledge_entry_fts")
    op.drop_table("knowledge_entry")
    op.drop_table("consultation")
    with op.batch_alter_table("translation_request") as batch:
        batch.drop_column("waiting_seconds")
        batch.drop_column("awaiting_submitter_since")
    if not sqlite:
        op.drop_constraint("fk_user_partner_id_partner", "user", type_="foreignkey")
    op.drop_index("ix_user_partner_id", table_name="user")
    with op.batch_alter_table("user") as batch:
        for column in ("expert_languages", "expert_countries", "partner_id"):
            batch.drop_column(column)
    op.drop_table("partner")
