"""Drop indexes that repeat a primary key's leading column.

``ix_document_bands_band_key`` indexes ``document_bands.band_key``, which already
leads the table's primary key (band_key, document_id): every band look-up is
answered by the primary key, and the extra index cost about a kilobyte and a half a
document (42 band rows, each indexed twice) and a second B-tree insert a row.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Drop the band-key index the primary key repeats."""
    op.drop_index(op.f("ix_document_bands_band_key"), table_name="document_bands")


def downgrade() -> None:
    """Create it again."""
    op.create_index(op.f("ix_document_bands_band_key"), "document_bands", ["band_key"])
