"""Mentions record the role model's probability of their role and the model's version.

An index on (status, role_confidence) lets the review queue put the mentions the
model is least sure of first.

Both are empty for mentions stored before the model decided roles (the rules
alone did) and for manual entries.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``mentions.role_confidence``, ``mentions.model_version`` and their index."""
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("role_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("model_version", sa.String(length=64), nullable=True))
        batch.create_index(
            op.f("ix_mentions_status_role_confidence"), ["status", "role_confidence"]
        )


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("mentions") as batch:
        batch.drop_index(op.f("ix_mentions_status_role_confidence"))
        batch.drop_column("model_version")
        batch.drop_column("role_confidence")
