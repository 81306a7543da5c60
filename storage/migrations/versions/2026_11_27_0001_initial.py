"""Initial schema: sources, fetch logs, stories, documents, keys, bands, mentions, publications.

Revision ID: 0001
Revises:
Create Date: 2026-11-27

Written from an autogenerate run against ``storage.models`` and kept as a
frozen snapshot (it does not import the models). Timestamps are
``DateTime(timezone=True)``; the models wrap that type to return aware UTC.
The stories → documents foreign key is circular: SQLite accepts it inline
(forward references are allowed there), other databases get it by ALTER
once ``documents`` exists.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STORY_ORIGINAL_FK = "fk_stories_original_document_id_documents"


def _timestamp(name: str, *, nullable: bool) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create every table, index and constraint of the initial schema."""
    sqlite = op.get_bind().dialect.name == "sqlite"

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("every_seconds", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=128), nullable=True),
        _timestamp("last_fetch_at", nullable=True),
        _timestamp("last_success_at", nullable=True),
        sa.Column("last_outcome", sa.String(length=32), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _timestamp("next_due_at", nullable=True),
        sa.Column("items_seen_total", sa.Integer(), nullable=False),
        sa.Column("documents_total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
    )

    op.create_table(
        "fetch_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        _timestamp("fetched_at", nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("parsed", sa.Boolean(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("new_documents", sa.Integer(), nullable=False),
        sa.Column("updated_documents", sa.Integer(), nullable=False),
        sa.Column("new_mentions", sa.Integer(), nullable=False),
        sa.Column("drops", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_fetch_logs_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetch_logs")),
    )
    op.create_index(
        op.f("ix_fetch_logs_source_id_fetched_at"), "fetch_logs", ["source_id", "fetched_at"]
    )

    story_constraints: list[sa.Constraint] = [
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories"))
    ]
    if sqlite:
        story_constraints.append(
            sa.ForeignKeyConstraint(
                ["original_document_id"],
                ["documents.id"],
                name=op.f(STORY_ORIGINAL_FK),
                ondelete="SET NULL",
            )
        )
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        _timestamp("created_at", nullable=False),
        sa.Column("original_document_id", sa.Integer(), nullable=True),
        sa.Column("credit", sa.Text(), nullable=True),
        *story_constraints,
        sqlite_autoincrement=True,
    )

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("canonical_url", sa.Text(), nullable=False),
        sa.Column("guid", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("byline", sa.Text(), nullable=True),
        _timestamp("published_at", nullable=True),
        _timestamp("first_seen_at", nullable=False),
        _timestamp("updated_at", nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("media_type", sa.String(length=32), nullable=True),
        sa.Column("fingerprint", sa.String(length=128), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("credit", sa.Text(), nullable=True),
        sa.Column("manual", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_documents_story_id_stories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_documents_canonical_url")),
    )
    op.create_index(op.f("ix_documents_fingerprint"), "documents", ["fingerprint"])
    op.create_index(op.f("ix_documents_published_at"), "documents", ["published_at"])
    op.create_index(op.f("ix_documents_story_id"), "documents", ["story_id"])
    if not sqlite:
        op.create_foreign_key(
            op.f(STORY_ORIGINAL_FK),
            "stories",
            "documents",
            ["original_document_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "url_keys",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_url_keys_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_url_keys")),
    )
    op.create_index(op.f("ix_url_keys_document_id"), "url_keys", ["document_id"])

    op.create_table(
        "document_bands",
        sa.Column("band_key", sa.String(length=128), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_bands_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band_key", "document_id", name=op.f("pk_document_bands")),
    )
    op.create_index(op.f("ix_document_bands_band_key"), "document_bands", ["band_key"])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=2048), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("snippet", sa.Text(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _timestamp("created_at", nullable=False),
        _timestamp("reviewed_at", nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("manual", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'rejected')",
            name=op.f("ck_mentions_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_mentions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
        sa.UniqueConstraint(
            "document_id",
            "target_kind",
            "target_id",
            name=op.f("uq_mentions_document_id_target_kind_target_id"),
        ),
    )
    op.create_index(op.f("ix_mentions_status"), "mentions", ["status"])
    op.create_index(
        op.f("ix_mentions_target_kind_target_id"), "mentions", ["target_kind", "target_id"]
    )

    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("pub_type", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        _timestamp("published_at", nullable=True),
        sa.Column("authors", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(length=200), nullable=False),
        _timestamp("first_seen_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint("url", name=op.f("uq_publications_url")),
    )
    op.create_index(op.f("ix_publications_published_at"), "publications", ["published_at"])


def downgrade() -> None:
    """Drop everything the upgrade created."""
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f(STORY_ORIGINAL_FK), "stories", type_="foreignkey")
    for table in (
        "publications",
        "mentions",
        "document_bands",
        "url_keys",
        "documents",
        "stories",
        "fetch_logs",
        "sources",
    ):
        op.drop_table(table)
