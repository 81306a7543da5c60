"""An index on mentions (target_kind, status) for the review queue's status counts.

The queue page counts expert mentions per status on every request; without
this index that count reads every mention row (O(all mentions)), with it
only the small index. On SQLite it also walks one status's expert mentions
newest first (the index ends in the rowid).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``ix_mentions_target_kind_status``."""
    with op.batch_alter_table("mentions") as batch:
        batch.create_index(op.f("ix_mentions_target_kind_status"), ["target_kind", "status"])


def downgrade() -> None:
    """Drop ``ix_mentions_target_kind_status``."""
    with op.batch_alter_table("mentions") as batch:
        batch.drop_index(op.f("ix_mentions_target_kind_status"))
