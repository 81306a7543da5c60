"""Source leases: which worker is collecting a source, and until when.

``sources.lease_holder`` names the worker (host, process, a random part) that
claimed the source for this cycle and ``sources.lease_expires_at`` when the
claim lapses unless renewed. Several ``mediawatch run`` workers on one
database share the due sources through them (``storage/leases.py``); a dead
worker's sources go to the others once its leases expire. Both start NULL:
no source is claimed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``sources.lease_holder`` and ``sources.lease_expires_at``."""
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("lease_holder", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the lease columns."""
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("lease_expires_at")
        batch.drop_column("lease_holder")
