"""The database schema as SQLAlchemy 2 typed models.

Tables: sources, fetch_logs, stories, documents, url_keys, document_bands,
mentions, publications; for the review app: users, web_sessions and
audit_events (who changed what, with the values before and after); for the
annual report: period_snapshots (what a closed period counted); for dedup:
line_frequencies (how many documents of an outlet carry a line: its boilerplate).

Every timestamp column is ``UTCDateTime``: it accepts only timezone-aware
datetimes, stores UTC, and always gives aware UTC values back (SQLite
included). Enumerated values (outcomes, roles, statuses) are
stored as their lower-case strings.

This module only declares; it never opens a connection or runs a query.
The Alembic migrations in ``storage/migrations/versions`` must create exactly
this schema (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MENTION_STATUSES = ("pending", "confirmed", "rejected")


class NaiveDatetimeError(ValueError):
    """A naive datetime was about to be stored; every stored time must be aware."""


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that stores UTC and always returns aware UTC.

    SQLite has no time-zone type, so values are written there as naive UTC and
    read back with ``tzinfo=UTC`` attached. Naive input is refused with
    ``NaiveDatetimeError`` rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Check awareness, convert to UTC (naive UTC for SQLite)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(f"refusing to store naive datetime {value.isoformat()}")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Give back an aware UTC datetime."""
        if value is None:
            return None
        if not isinstance(value, datetime):  # pragma: no cover - driver oddity
            raise TypeError(f"expected datetime from the database, got {type(value).__name__}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention (stable migration names)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """A configured source and its fetch state (validators, failures, schedule)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text)
    every_seconds: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(128))
    last_fetch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_outcome: Mapped[str | None] = mapped_column(String(32))
    last_status: Mapped[int | None] = mapped_column(Integer)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    items_seen_total: Mapped[int] = mapped_column(Integer, default=0)
    documents_total: Mapped[int] = mapped_column(Integer, default=0)
    #: the worker collecting the source now, and when its claim lapses (storage/leases.py)
    lease_holder: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FetchLog(Base):
    """One fetch of one source: outcome, timing and what the cycle produced."""

    __tablename__ = "fetch_logs"
    __table_args__ = (Index(None, "source_id", "fetched_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(32))
    status: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    parsed: Mapped[bool] = mapped_column(Boolean, default=False)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    new_documents: Mapped[int] = mapped_column(Integer, default=0)
    updated_documents: Mapped[int] = mapped_column(Integer, default=0)
    new_mentions: Mapped[int] = mapped_column(Integer, default=0)
    drops: Mapped[str] = mapped_column(Text, default="{}")
    error: Mapped[str | None] = mapped_column(Text)


class Story(Base):
    """Documents carrying the same text (a wire story and its reprints)."""

    __tablename__ = "stories"
    # Merged stories are deleted; their ids must never come back for another story,
    # since reports and exports cite story ids.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    original_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", use_alter=True, ondelete="SET NULL")
    )
    credit: Mapped[str | None] = mapped_column(Text)


class Document(Base):
    """One distinct published text, identified by its canonical URL."""

    __tablename__ = "documents"
    __table_args__ = (
        Index(None, "fingerprint"),
        Index(None, "story_id"),
        Index(None, "published_at"),
        # "Has this outlet stored an article with this headline lately?" probes one key.
        Index(None, "outlet", "headline_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"))
    source_name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    guid: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    byline: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    language: Mapped[str | None] = mapped_column(String(16))
    outlet: Mapped[str | None] = mapped_column(String(200))
    media_type: Mapped[str | None] = mapped_column(String(32))
    fingerprint: Mapped[str] = mapped_column(String(128))
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    credit: Mapped[str | None] = mapped_column(Text)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    # The text's outbound links, one per line: a link to a report cites it, also for
    # a report that only becomes known later (``mediawatch rematch``).
    links: Mapped[str] = mapped_column(Text, default="", server_default="")
    # ``pipeline.dedup.headline_key`` of the title: one article reached through two routes
    # (an outlet's feed, a news search's snippet) is found by outlet and headline. NULL for
    # documents entered by staff, whose title is their own wording, not a headline.
    headline_key: Mapped[str | None] = mapped_column(String(32))


class UrlKey(Base):
    """A URL key, GUID key or alias URL that led to a document."""

    __tablename__ = "url_keys"
    __table_args__ = (Index(None, "document_id"),)

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))


class DocumentBand(Base):
    """One locality-sensitive band key of a document's signature."""

    __tablename__ = "document_bands"
    # Look-ups by band key use the primary key, whose leading column it is.

    band_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )


class BandFloor(Base):
    """Where the newest ``storage.queries.BAND_DOCUMENTS`` documents of a crowded band
    key begin: look-ups of the key read its postings from ``document_id`` on."""

    __tablename__ = "band_floors"

    band_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    # No foreign key: a floor is a position in the band's id order, not a reference.
    document_id: Mapped[int] = mapped_column(Integer)


class LineFrequency(Base):
    """How many stored documents of one publisher carry a line (document frequency).

    ``line_hash`` is ``pipeline.dedup.line_hashes``' normalised hash of a title or a
    sentence; ``publisher`` is ``pipeline.dedup.publisher_key`` of the document (its
    outlet, else the publisher an aggregator names, else ``site:`` and its domain).
    Counted once per document when it is first stored; lines that recur across many
    documents (a desk's byline, a paywall notice) are left out of near-duplicate
    signatures (``storage.queries.common_lines``).
    """

    __tablename__ = "line_frequencies"

    line_hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    publisher: Mapped[str] = mapped_column(String(200), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)


class Mention(Base):
    """An expert, the institute or a publication found in a document.

    Unique per (document, target kind, target id); a rejected row stays as a
    tombstone so the next cycle cannot propose it again.
    """

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("document_id", "target_kind", "target_id"),
        # The review queue filters by status and sorts by confidence.
        Index(None, "status", "confidence"),
        # … and by how sure the role model is ("least sure first").
        Index(None, "status", "role_confidence"),
        Index(None, "target_kind", "target_id"),
        # The queue page's per-status counts of expert mentions read only this index.
        Index(None, "target_kind", "status"),
        CheckConstraint("status IN ('pending', 'confirmed', 'rejected')", name="status_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    target_kind: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str] = mapped_column(String(2048))
    role: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    alias: Mapped[str] = mapped_column(Text, default="")
    snippet: Mapped[str] = mapped_column(Text, default="")
    rule: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set by review: who decided, why a rejection, and the role the machine had
    # proposed before a reviewer changed it (labelled data for the role model).
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reject_reason: Mapped[str | None] = mapped_column(String(32))
    proposed_role: Mapped[str | None] = mapped_column(String(32))
    # The role model's probability of ``role`` and the model's version (None: the rules).
    role_confidence: Mapped[float | None] = mapped_column(Float)
    model_version: Mapped[str | None] = mapped_column(String(64))


class Publication(Base):
    """One of the institute's own outputs (report, commentary, journal article)."""

    __tablename__ = "publications"
    __table_args__ = (Index(None, "published_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    pub_type: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    authors: Mapped[str] = mapped_column(Text, default="[]")
    source_name: Mapped[str] = mapped_column(String(200))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class User(Base):
    """A staff account of the review app; never deleted, only disabled."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('viewer', 'reviewer', 'admin')", name="role_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class WebSession(Base):
    """A signed-in browser: the SHA-256 of its cookie token, its CSRF token and expiry."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index(None, "user_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """One change made by a person: who, when, what, and the values before and after.

    ``entity`` is the table's kind (mention, document, publication, user,
    source, period) and ``entity_id`` its id; ``before`` and ``after`` are JSON
    objects of the changed fields only.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[str] = mapped_column(Text, default="{}")
    after: Mapped[str] = mapped_column(Text, default="{}")


class PeriodSnapshot(Base):
    """A closed period: the report as it stood when it was closed, as JSON text.

    ``start_date`` is the first day and ``end_date`` the day after the last
    (exclusive), in Asia/Tokyo, as ``pipeline.report.Period`` has them.
    Reopening stamps ``reopened_at``/``reopened_by`` and keeps the row; at most
    one snapshot of the same days is current (not reopened) at a time.
    """

    __tablename__ = "period_snapshots"
    __table_args__ = (
        Index(None, "label"),
        Index(
            "uq_period_snapshots_current_days",
            "start_date",
            "end_date",
            unique=True,
            sqlite_where=sql_text("reopened_at IS NULL"),
            postgresql_where=sql_text("reopened_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_by: Mapped[str] = mapped_column(String(200))
    snapshot: Mapped[str] = mapped_column(Text)
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_by: Mapped[str | None] = mapped_column(String(200))
