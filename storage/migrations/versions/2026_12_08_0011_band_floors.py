"""Band floors: where the newest documents of a crowded band key begin.

A near-duplicate look-up compares a new text with the newest
``storage.queries.BAND_DOCUMENTS`` documents of each of its band keys. A band
key held by more documents than that (a key the minima of many long texts
share) records in ``band_floors`` the lowest document id among its newest ones,
so the next look-up seeks the band's postings from there instead of reading
them all: a look-up's cost stays bounded as the database grows. Starts empty:
the first look-up of a crowded key sets its floor.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``band_floors``."""
    op.create_table(
        "band_floors",
        sa.Column("band_key", sa.String(length=128), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("band_key", name=op.f("pk_band_floors")),
    )


def downgrade() -> None:
    """Drop ``band_floors``."""
    op.drop_table("band_floors")
