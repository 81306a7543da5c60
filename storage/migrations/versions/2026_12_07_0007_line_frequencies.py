"""Line frequencies: how many documents of each publisher carry a line.

One row per (normalised line hash, publisher) with its document count, raised in
bulk as documents are stored. Lines that recur across many documents (a desk's
byline, a paywall notice, navigation residue) are then left out of the
near-duplicate signature, so stories that share only boilerplate stay apart.
Starts empty: documents stored before this revision are not counted.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``line_frequencies``."""
    op.create_table(
        "line_frequencies",
        sa.Column("line_hash", sa.String(length=32), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("line_hash", "publisher", name=op.f("pk_line_frequencies")),
    )


def downgrade() -> None:
    """Drop ``line_frequencies``."""
    op.drop_table("line_frequencies")
