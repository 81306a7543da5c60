"""Headline keys: a document's normalised headline hash, looked up by an index.

``documents.headline_key`` is ``pipeline.dedup.headline_key`` of the title (the
same hash as ``content_fingerprint(title, "")``), with the index
``ix_documents_outlet_headline_key`` on (outlet, headline_key): finding a stored
document of the same outlet with the same headline (one article reached through
two routes) probes one key instead of reading the outlet's recent documents.
Documents entered by hand keep NULL (a staff entry's title is not an outlet's
headline). Existing crawled documents are filled in here, in batches.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000
_NOT_WORD = re.compile(r"[\W_]+")


def headline_key(title: str) -> str:
    """``pipeline.dedup.headline_key`` as it stood at this revision (a test keeps them equal).

    A migration must not change when the code does, so the hash is spelled out here.
    """
    squashed = _NOT_WORD.sub("", unicodedata.normalize("NFKC", title).casefold())
    text = "t" + squashed + "\x00"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def upgrade() -> None:
    """Add ``documents.headline_key`` and its index; key the stored crawled documents."""
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("headline_key", sa.String(length=32), nullable=True))
        batch.create_index(op.f("ix_documents_outlet_headline_key"), ["outlet", "headline_key"])
    documents = sa.table(
        "documents",
        sa.column("id", sa.Integer()),
        sa.column("title", sa.Text()),
        sa.column("manual", sa.Boolean()),
        sa.column("headline_key", sa.String()),
    )
    connection = op.get_bind()
    fill = (
        sa.update(documents)
        .where(documents.c.id == sa.bindparam("b_id"))
        .values(headline_key=sa.bindparam("b_key"))
    )
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(documents.c.id, documents.c.title)
            .where(documents.c.id > last_id, documents.c.manual.is_(False))
            .order_by(documents.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            fill, [{"b_id": row.id, "b_key": headline_key(row.title or "")} for row in rows]
        )
        last_id = rows[-1].id


def downgrade() -> None:
    """Drop the index and ``documents.headline_key``."""
    with op.batch_alter_table("documents") as batch:
        batch.drop_index(op.f("ix_documents_outlet_headline_key"))
        batch.drop_column("headline_key")
