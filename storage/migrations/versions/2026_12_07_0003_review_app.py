"""The review app: users, browser sessions, the audit trail, and review fields on mentions.

Mentions gain who reviewed them, the reason of a rejection and the role the
machine proposed before a reviewer changed it; the status index becomes
(status, confidence), which the review queue sorts by.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create users, web_sessions and audit_events; add the review fields to mentions."""
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(
        op.f("ix_audit_events_entity_entity_id"), "audit_events", ["entity", "entity_id"]
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "role IN ('viewer', 'reviewer', 'admin')", name=op.f("ck_users_role_valid")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("expires_at", _TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_web_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_web_sessions")),
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"])
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("reviewed_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("reject_reason", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("proposed_role", sa.String(length=32), nullable=True))
        batch.drop_index(op.f("ix_mentions_status"))
        batch.create_index(op.f("ix_mentions_status_confidence"), ["status", "confidence"])


def downgrade() -> None:
    """Drop the review tables and fields."""
    with op.batch_alter_table("mentions") as batch:
        batch.drop_index(op.f("ix_mentions_status_confidence"))
        batch.create_index(op.f("ix_mentions_status"), ["status"])
        batch.drop_column("proposed_role")
        batch.drop_column("reject_reason")
        batch.drop_column("reviewed_by")
    op.drop_index(op.f("ix_web_sessions_user_id"), table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("users")
    op.drop_index(op.f("ix_audit_events_entity_entity_id"), table_name="audit_events")
    op.drop_table("audit_events")
