"""Closed periods: the report of a period as it stood when staff closed it.

One row per closing; reopening stamps ``reopened_at``/``reopened_by`` and
keeps the row. A partial unique index allows one current (not reopened)
snapshot per span of days.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)
_CURRENT = sa.text("reopened_at IS NULL")


def upgrade() -> None:
    """Create ``period_snapshots`` with its label index and its one-current-per-days index."""
    op.create_table(
        "period_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("closed_at", _TIME, nullable=False),
        sa.Column("closed_by", sa.String(length=200), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("reopened_at", _TIME, nullable=True),
        sa.Column("reopened_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_snapshots")),
    )
    op.create_index(op.f("ix_period_snapshots_label"), "period_snapshots", ["label"])
    op.create_index(
        "uq_period_snapshots_current_days",
        "period_snapshots",
        ["start_date", "end_date"],
        unique=True,
        sqlite_where=_CURRENT,
        postgresql_where=_CURRENT,
    )


def downgrade() -> None:
    """Drop ``period_snapshots``."""
    op.drop_index("uq_period_snapshots_current_days", table_name="period_snapshots")
    op.drop_index(op.f("ix_period_snapshots_label"), table_name="period_snapshots")
    op.drop_table("period_snapshots")
