"""Documents keep their outbound links, so a re-match can find link citations.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``documents.links`` (one URL per line; empty for documents stored before)."""
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("links", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    """Drop ``documents.links``."""
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("links")
