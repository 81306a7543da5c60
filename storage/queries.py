"""Named reads: which sources are due, source state and health, dedup look-ups,
mentions for review and for reports, publications, fetch logs.

Every function takes an open ``Session`` first and returns frozen
dataclasses defined here (or plain ids, tuples and ``pipeline.types``
values), never ORM objects, so nothing outside ``storage/`` can lazily load
or change a row by accident. Nothing here writes. All datetimes returned
are timezone-aware UTC.

The "is this source due?" predicate lives here and only here
(``due_predicate``/``due_sources``), and so does the "has this source gone
silent?" rule (``silent_rule``, used by ``source_activity``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, text
from sqlalchemy.orm import QueryableAttribute, Session, aliased

from pipeline.types import FetchOutcome, MentionStatus, PublicationRecord, Role, TargetKind
from storage.models import (
    BandFloor,
    Document,
    DocumentBand,
    FetchLog,
    LineFrequency,
    Mention,
    Publication,
    Source,
    Story,
    UrlKey,
)

# Keep IN lists well below SQLite's bound-parameter limit.
_T = TypeVar("_T")
_CHUNK = 500
#: The look-ups of a whole feed's keys go in bigger chunks (both databases take
#: tens of thousands of parameters a statement).
_FEED_CHUNK = 5000


def _chunks(values: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- values --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the collector needs to fetch a source: validators, failures, schedule."""

    name: str
    kind: str
    url: str
    enabled: bool
    every_seconds: int
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    consecutive_failures: int
    last_fetch_at: datetime | None
    last_success_at: datetime | None
    last_outcome: str | None
    next_due_at: datetime | None


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """One line of the source-health table staff look at."""

    name: str
    kind: str
    enabled: bool
    last_fetch_at: datetime | None
    last_success_at: datetime | None
    last_outcome: str | None
    last_status: int | None
    consecutive_failures: int
    last_error: str | None
    items_seen_total: int
    documents_total: int
    next_due_at: datetime | None


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Enough of a document to decide dedup and story questions."""

    id: int
    story_id: int
    source_name: str
    outlet: str | None
    canonical_url: str
    fingerprint: str
    title: str = ""
    summary: str = ""
    text_length: int = 0
    published_at: datetime | None = None
    headline_key: str | None = None


@dataclass(frozen=True, slots=True)
class PlacementRow:
    """One document of a story: where and when it was placed."""

    document_id: int
    outlet: str | None
    media_type: str | None
    url: str
    published_at: datetime | None
    first_seen_at: datetime
    credit: str | None
    title: str = ""

    @property
    def date(self) -> datetime:
        """When the document appeared: published_at, else first_seen_at."""
        return self.published_at or self.first_seen_at


@dataclass(frozen=True, slots=True)
class MentionRow:
    """A mention joined with its document and story, for review and reports.

    ``id`` is the mention id. ``date`` is the document's ``published_at``, or
    ``first_seen_at`` when the publication date is unknown. The ``original_*``
    fields describe the story's original document (None until one is chosen).
    """

    id: int
    status: MentionStatus
    target_kind: TargetKind
    target_id: str
    role: Role
    confidence: float
    alias: str
    snippet: str
    rule: str
    reason: str
    note: str | None
    manual: bool
    created_at: datetime
    reviewed_at: datetime | None
    document_id: int
    document_url: str
    document_title: str
    outlet: str | None
    media_type: str | None
    published_at: datetime | None
    first_seen_at: datetime
    story_id: int
    original_document_id: int | None = None
    original_outlet: str | None = None
    original_media_type: str | None = None
    story_credit: str | None = None
    reviewed_by: str | None = None
    reject_reason: str | None = None
    proposed_role: str | None = None
    role_confidence: float | None = None
    model_version: str | None = None
    document_guid: str | None = None

    @property
    def date(self) -> datetime:
        """When the document appeared: published_at, else first_seen_at."""
        return self.published_at or self.first_seen_at


@dataclass(frozen=True, slots=True)
class PublicationRow:
    """One stored publication of the institute."""

    id: int
    url: str
    title: str
    pub_type: str
    language: str
    published_at: datetime | None
    authors: tuple[str, ...]
    source_name: str
    first_seen_at: datetime

    @property
    def date(self) -> datetime:
        """When it was published: published_at, else first_seen_at."""
        return self.published_at or self.first_seen_at


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A stored document's text, for re-running the matcher."""

    id: int
    url: str
    title: str
    text: str
    byline: str | None
    outlet: str | None
    language: str | None
    published_at: datetime | None
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FetchLogRow:
    """One fetch of one source, as logged."""

    id: int
    source_name: str
    fetched_at: datetime
    outcome: str
    status: int | None
    url: str
    final_url: str | None
    duration_ms: int | None
    parsed: bool
    entries: int
    new_documents: int
    updated_documents: int
    new_mentions: int
    drops: Mapping[str, int]
    error: str | None


# --- sources -------------------------------------------------------------------


def due_predicate(now: datetime) -> ColumnElement[bool]:
    """THE "is this source due?" rule: enabled, and never scheduled or scheduled by ``now``."""
    return and_(
        Source.enabled.is_(True),
        or_(Source.next_due_at.is_(None), Source.next_due_at <= now),
    )


def due_sources(session: Session, now: datetime) -> list[str]:
    """Names of the sources due at ``now``, most overdue first (never-scheduled first)."""
    stmt = (
        select(Source.name)
        .where(due_predicate(now))
        .order_by(Source.next_due_at.asc().nulls_first(), Source.name)
    )
    return list(session.scalars(stmt))


_STATE_COLUMNS = (
    Source.name,
    Source.kind,
    Source.url,
    Source.enabled,
    Source.every_seconds,
    Source.etag,
    Source.last_modified,
    Source.content_hash,
    Source.consecutive_failures,
    Source.last_fetch_at,
    Source.last_success_at,
    Source.last_outcome,
    Source.next_due_at,
)


def _state(row: Any) -> SourceState:
    return SourceState(
        name=row.name,
        kind=row.kind,
        url=row.url,
        enabled=row.enabled,
        every_seconds=row.every_seconds,
        etag=row.etag,
        last_modified=row.last_modified,
        content_hash=row.content_hash,
        consecutive_failures=row.consecutive_failures,
        last_fetch_at=row.last_fetch_at,
        last_success_at=row.last_success_at,
        last_outcome=row.last_outcome,
        next_due_at=row.next_due_at,
    )


def source_state(session: Session, name: str) -> SourceState | None:
    """The stored fetch state of one source, or None when it has no row yet."""
    # Only the columns: the state is read before every fetch, an ORM object costs more.
    row = session.execute(select(*_STATE_COLUMNS).where(Source.name == name)).one_or_none()
    return _state(row) if row is not None else None


def source_states(session: Session) -> dict[str, SourceState]:
    """The stored fetch state of every source, by name (one statement)."""
    return {row.name: _state(row) for row in session.execute(select(*_STATE_COLUMNS))}


def source_health(session: Session) -> list[SourceHealth]:
    """Every source's health, by name: last outcome, failures, error, totals, next due."""
    rows = session.scalars(select(Source).order_by(Source.name))
    return [
        SourceHealth(
            name=row.name,
            kind=row.kind,
            enabled=row.enabled,
            last_fetch_at=row.last_fetch_at,
            last_success_at=row.last_success_at,
            last_outcome=row.last_outcome,
            last_status=row.last_status,
            consecutive_failures=row.consecutive_failures,
            last_error=row.last_error,
            items_seen_total=row.items_seen_total,
            documents_total=row.documents_total,
            next_due_at=row.next_due_at,
        )
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class SourceActivity:
    """One row of the staff "Sources" page: state, recent yield and whether it went quiet.

    ``items_*`` count documents first seen from the source, ``mentions_*``
    expert mentions created on its documents, in the 7 and 30 days before
    ``now`` (``[now - days, now)``). ``last_new_at`` is the last time something
    new arrived from it, ``usual_gap`` the median time between such arrivals
    (None until there are ``USUAL_GAP_MIN_ARRIVALS``), ``silent`` what
    ``silent_rule`` says of them.
    """

    name: str
    kind: str
    url: str
    enabled: bool
    last_fetch_at: datetime | None
    last_success_at: datetime | None
    last_outcome: str | None
    last_status: int | None
    last_error: str | None
    consecutive_failures: int
    next_due_at: datetime | None
    items_7d: int
    items_30d: int
    mentions_7d: int
    mentions_30d: int
    last_new_at: datetime | None
    usual_gap: timedelta | None
    silent: bool


USUAL_GAP_ARRIVALS = 20
"""How many of a source's latest arrivals (fetches that brought new items) its usual gap reads."""

USUAL_GAP_MIN_ARRIVALS = 3
"""With fewer arrivals than this (two gaps), a source has no usual gap yet."""

SILENT_GAP_FACTOR = 3
"""Quiet for more than this many usual gaps ..."""

SILENT_INTERVAL_FACTOR = 2
"""... and more than this many fetch intervals ..."""

SILENT_MIN_QUIET = timedelta(days=1)
"""... and more than this, whichever is longest, is silent."""

SILENT_NEVER_NEW_AFTER = timedelta(days=7)
"""A source answering this long without ever bringing anything is silent."""

_ANSWERING = (str(FetchOutcome.OK), str(FetchOutcome.NOT_MODIFIED))


def silent_rule(
    now: datetime,
    *,
    enabled: bool,
    last_outcome: str | None,
    every: timedelta,
    last_new_at: datetime | None,
    usual_gap: timedelta | None,
    first_success_at: datetime | None,
) -> bool:
    """THE "has this source gone silent?" rule: it answers, but nothing new comes.

    Silent means enabled, the last fetch answered (``ok`` or ``not_modified``;
    a failing source is failing, not silent), and either nothing new arrived
    for longer than ``max(3 × usual_gap, 2 × every, 1 day)`` before ``now``
    (strictly longer; without a usual gap only the other two count), or nothing
    ever arrived although the first successful fetch is more than 7 days old.
    A source never fetched successfully is not silent. Pure: no database.
    """
    if not enabled or last_outcome not in _ANSWERING:
        return False
    if last_new_at is None:
        return first_success_at is not None and now - first_success_at > SILENT_NEVER_NEW_AFTER
    limit = max(SILENT_INTERVAL_FACTOR * every, SILENT_MIN_QUIET)
    if usual_gap is not None:
        limit = max(limit, SILENT_GAP_FACTOR * usual_gap)
    return now - last_new_at > limit


def _median(values: Sequence[timedelta]) -> timedelta:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def median_gap(arrivals: Sequence[datetime]) -> timedelta | None:
    """The median gap between consecutive ``arrivals`` (any order): a source's usual gap.

    None with fewer than ``USUAL_GAP_MIN_ARRIVALS`` arrivals.
    """
    if len(arrivals) < USUAL_GAP_MIN_ARRIVALS:
        return None
    ordered = sorted(arrivals)
    return _median([later - earlier for earlier, later in pairwise(ordered)])


def _windowed_counts(
    session: Session, rows: Select[str], at: QueryableAttribute[datetime], now: datetime
) -> dict[str, tuple[int, int]]:
    """Per value of ``rows``' one column: how many rows have ``at`` in the last 7 and 30 days.

    The windows are ``[now - 7 days, now)`` and ``[now - 30 days, now)``; one grouped query.
    """
    week, month = now - timedelta(days=7), now - timedelta(days=30)
    key = rows.selected_columns[0]
    counted = (
        rows.add_columns(func.sum(case((at >= week, 1), else_=0)), func.count())
        .where(at >= month, at < now)
        .group_by(key)
    )
    return {
        str(name): (int(week_count or 0), int(month_count))
        for name, week_count, month_count in session.execute(counted)
    }


def _arrivals(session: Session, now: datetime) -> dict[str, list[datetime]]:
    """Each source's latest ``USUAL_GAP_ARRIVALS`` arrivals up to ``now``, newest first.

    An arrival is a fetch log with new documents; for a publications source,
    whose new items are publications (its logs count no documents), the
    distinct first-seen times of its publications.
    """
    logs = (
        select(Source.name.label("name"), FetchLog.fetched_at.label("at"))
        .join(Source, Source.id == FetchLog.source_id)
        .where(FetchLog.new_documents > 0, FetchLog.fetched_at <= now)
    )
    publications = (
        select(Publication.source_name.label("name"), Publication.first_seen_at.label("at"))
        .where(Publication.first_seen_at <= now)
        .group_by(Publication.source_name, Publication.first_seen_at)
    )
    events = logs.union_all(publications).subquery("events")
    ranked = select(
        events.c.name,
        events.c.at,
        func.row_number()
        .over(partition_by=events.c.name, order_by=events.c.at.desc())
        .label("rank"),
    ).subquery("ranked")
    stmt = (
        select(ranked.c.name, ranked.c.at)
        .where(ranked.c.rank <= USUAL_GAP_ARRIVALS)
        .order_by(ranked.c.name, ranked.c.at.desc())
    )
    out: dict[str, list[datetime]] = {}
    for name, at in session.execute(stmt):
        out.setdefault(name, []).append(at)
    return out


def source_activity(session: Session, now: datetime) -> list[SourceActivity]:
    """Every source's state, recent yield and silence as seen at ``now``, by name.

    Five queries whatever the number of sources: the sources; documents and
    expert mentions per source in the 7/30-day windows (grouped counts); the
    first successful fetch per source; the latest arrivals per source (a
    window function). Fetch logs and publications after ``now`` are ignored.
    """
    sources = list(session.scalars(select(Source).order_by(Source.name)))
    items = _windowed_counts(session, select(Document.source_name), Document.first_seen_at, now)
    expert_mentions = (
        select(Document.source_name)
        .select_from(Mention)
        .join(Document, Document.id == Mention.document_id)
        .where(Mention.target_kind == str(TargetKind.EXPERT))
    )
    mentions = _windowed_counts(session, expert_mentions, Mention.created_at, now)
    first_success = dict(
        session.execute(
            select(FetchLog.source_id, func.min(FetchLog.fetched_at))
            .where(FetchLog.outcome.in_(_ANSWERING), FetchLog.fetched_at <= now)
            .group_by(FetchLog.source_id)
        ).all()
    )
    arrivals = _arrivals(session, now)
    out = []
    for row in sources:
        latest = arrivals.get(row.name, [])
        gap = median_gap(latest)
        last_new_at = latest[0] if latest else None
        items_7d, items_30d = items.get(row.name, (0, 0))
        mentions_7d, mentions_30d = mentions.get(row.name, (0, 0))
        out.append(
            SourceActivity(
                name=row.name,
                kind=row.kind,
                url=row.url,
                enabled=row.enabled,
                last_fetch_at=row.last_fetch_at,
                last_success_at=row.last_success_at,
                last_outcome=row.last_outcome,
                last_status=row.last_status,
                last_error=row.last_error,
                consecutive_failures=row.consecutive_failures,
                next_due_at=row.next_due_at,
                items_7d=items_7d,
                items_30d=items_30d,
                mentions_7d=mentions_7d,
                mentions_30d=mentions_30d,
                last_new_at=last_new_at,
                usual_gap=gap,
                silent=silent_rule(
                    now,
                    enabled=row.enabled,
                    last_outcome=row.last_outcome,
                    every=timedelta(seconds=row.every_seconds),
                    last_new_at=last_new_at,
                    usual_gap=gap,
                    first_success_at=first_success.get(row.id),
                ),
            )
        )
    return out


def last_fetch_logs(
    session: Session, source_name: str | None = None, limit: int = 20
) -> list[FetchLogRow]:
    """The most recent fetch logs, newest first, optionally of one source."""
    stmt = (
        select(FetchLog, Source.name)
        .join(Source, Source.id == FetchLog.source_id)
        .order_by(FetchLog.fetched_at.desc(), FetchLog.id.desc())
        .limit(limit)
    )
    if source_name is not None:
        stmt = stmt.where(Source.name == source_name)
    out = []
    for log, name in session.execute(stmt):
        drops = json.loads(log.drops) if log.drops else {}
        out.append(
            FetchLogRow(
                id=log.id,
                source_name=name,
                fetched_at=log.fetched_at,
                outcome=log.outcome,
                status=log.status,
                url=log.url,
                final_url=log.final_url,
                duration_ms=log.duration_ms,
                parsed=log.parsed,
                entries=log.entries,
                new_documents=log.new_documents,
                updated_documents=log.updated_documents,
                new_mentions=log.new_mentions,
                drops={str(k): int(v) for k, v in drops.items()},
                error=log.error,
            )
        )
    return out


# --- documents and stories -------------------------------------------------------


def autovacuum_on(session: Session) -> bool | None:
    """Whether PostgreSQL's autovacuum (which also keeps statistics) is on; None: SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return str(session.execute(text("SHOW autovacuum")).scalar_one()).lower() == "on"


def known_url_keys(session: Session, keys: Iterable[str]) -> dict[str, int]:
    """Which of ``keys`` are stored: key → document id (unknown keys are absent)."""
    unique = list(dict.fromkeys(keys))
    found: dict[str, int] = {}
    for chunk in _chunks(unique):
        stmt = select(UrlKey.key, UrlKey.document_id).where(UrlKey.key.in_(chunk))
        found.update({key: document_id for key, document_id in session.execute(stmt)})
    return found


def _ref(row: Document) -> DocumentRef:
    return DocumentRef(
        id=row.id,
        story_id=row.story_id,
        source_name=row.source_name,
        outlet=row.outlet,
        canonical_url=row.canonical_url,
        fingerprint=row.fingerprint,
        title=row.title,
        summary=row.summary or "",
        text_length=len(row.text or ""),
        published_at=row.published_at,
        headline_key=row.headline_key,
    )


def document_by_fingerprint(session: Session, fingerprint: str) -> DocumentRef | None:
    """The earliest stored document with exactly this content fingerprint, or None."""
    row = session.scalars(
        select(Document).where(Document.fingerprint == fingerprint).order_by(Document.id).limit(1)
    ).first()
    return _ref(row) if row is not None else None


def same_headline_document(
    session: Session, outlet: str, headline_key: str, start: datetime, end: datetime
) -> DocumentRef | None:
    """The newest document of ``outlet`` with ``headline_key``, published in ``[start, end]``.

    Answered by the ``(outlet, headline_key)`` index: one key is probed, however many
    documents the outlet has; the newest (by date, then id) of the few it holds wins.
    """
    stmt = (
        select(Document)
        .where(
            Document.outlet == outlet,
            Document.headline_key == headline_key,
            Document.published_at >= start,
            Document.published_at <= end,
        )
        .order_by(Document.published_at.desc(), Document.id.desc())
        .limit(1)
    )
    row = session.scalars(stmt).first()
    return _ref(row) if row is not None else None


def documents_by_fingerprints(
    session: Session, fingerprints: Iterable[str]
) -> dict[str, DocumentRef]:
    """``document_by_fingerprint`` for many fingerprints in one look-up per 500."""
    out: dict[str, DocumentRef] = {}
    for chunk in _chunks(sorted(set(fingerprints)), _FEED_CHUNK):
        stmt = select(Document).where(Document.fingerprint.in_(chunk)).order_by(Document.id)
        for row in session.scalars(stmt):
            out.setdefault(row.fingerprint, _ref(row))
    return out


def same_headline_documents(
    session: Session,
    pairs: Iterable[tuple[str, str]],
    start: datetime,
    end: datetime,
) -> list[DocumentRef]:
    """Documents of the (outlet, headline key) ``pairs`` published in ``[start, end]``.

    ``same_headline_document`` for a whole feed: the ``(outlet, headline_key)`` index
    answers each pair; the caller picks the newest within each item's own window.
    """
    by_outlet: dict[str, set[str]] = {}
    for outlet, key in pairs:
        by_outlet.setdefault(outlet, set()).add(key)
    out: list[DocumentRef] = []
    for outlet, keys in sorted(by_outlet.items()):
        for chunk in _chunks(sorted(keys), _FEED_CHUNK):
            stmt = select(Document).where(
                Document.outlet == outlet,
                Document.headline_key.in_(chunk),
                Document.published_at >= start,
                Document.published_at <= end,
            )
            out.extend(_ref(row) for row in session.scalars(stmt))
    return out


def stored_canonical_urls(session: Session, urls: Iterable[str]) -> set[str]:
    """Which of ``urls`` a stored document has as its canonical URL."""
    out: set[str] = set()
    for chunk in _chunks(sorted(set(urls)), _FEED_CHUNK):
        out.update(
            session.scalars(select(Document.canonical_url).where(Document.canonical_url.in_(chunk)))
        )
    return out


def line_counts(session: Session, line_hashes: Iterable[str]) -> dict[str, dict[str, int]]:
    """How many documents of each publisher carry each of ``line_hashes`` (counted ones)."""
    out: dict[str, dict[str, int]] = {}
    for chunk in _chunks(sorted(set(line_hashes)), _FEED_CHUNK):
        stmt = select(
            LineFrequency.line_hash, LineFrequency.publisher, LineFrequency.documents
        ).where(LineFrequency.line_hash.in_(chunk))
        for line_hash, publisher, documents in session.execute(stmt):
            out.setdefault(line_hash, {})[publisher] = documents
    return out


#: A near-duplicate look-up compares a new text with at most this many documents of
#: each of its band keys, the newest ones (by id). Most keys are held by one or two
#: documents; a key held by many is one the minima of many long texts share (common
#: shingles, a template) and says little, while its postings grow with the database.
#: A story reprinted more widely than this still matches: its newest copies are in it.
#: Crowded keys keep a floor (``BandFloor``) so their postings are read from there.
BAND_DOCUMENTS = 32


@dataclass(frozen=True, slots=True)
class BandPostings:
    """What ``band_documents`` found: (document id, story id, signature) of the newest
    ``BAND_DOCUMENTS`` documents of each band key that has any, newest first, and
    ``floors``: crowded keys whose stored floor should move up to the given id
    (``storage.writes.raise_band_floors``)."""

    found: dict[str, list[tuple[int, int, bytes]]]
    floors: dict[str, int]


def band_floors(session: Session, band_keys: Iterable[str]) -> dict[str, int]:
    """The stored floor of each crowded key among ``band_keys`` (others are absent)."""
    out: dict[str, int] = {}
    for chunk in _chunks(sorted(set(band_keys)), _FEED_CHUNK):
        stmt = select(BandFloor.band_key, BandFloor.document_id).where(
            BandFloor.band_key.in_(chunk)
        )
        out.update({key: int(document_id) for key, document_id in session.execute(stmt)})
    return out


def _add_postings(
    rows: dict[str, list[tuple[int, int, bytes]]],
    result: Iterable[tuple[str, int, int, bytes | None]],
) -> None:
    for band_key, document_id, story_id, blob in result:
        if blob is not None:
            rows.setdefault(band_key, []).append((document_id, story_id, bytes(blob)))


def band_documents(session: Session, band_keys: Iterable[str]) -> BandPostings:
    """The newest ``BAND_DOCUMENTS`` documents having each of ``band_keys``.

    One indexed look-up for the whole feed: keys without a floor are read whole (they
    hold few documents), keys with one from their floor on, each a range of the
    primary key of ``document_bands`` (band key, document id); documents without a
    signature are left out. So a look-up reads a bounded number of rows per key,
    however many documents the database holds. Keys no document has are absent.
    """
    keys = sorted(set(band_keys))
    floors = band_floors(session, keys)
    rows: dict[str, list[tuple[int, int, bytes]]] = {}
    columns = (DocumentBand.band_key, Document.id, Document.story_id, Document.signature)
    signed = Document.signature.is_not(None)
    open_keys = [key for key in keys if key not in floors]
    for chunk in _chunks(open_keys, _FEED_CHUNK):
        stmt = (
            select(*columns)
            .join(Document, Document.id == DocumentBand.document_id)
            .where(DocumentBand.band_key.in_(chunk), signed)
        )
        _add_postings(rows, session.execute(stmt))
    floored = sorted(floors)
    for chunk in _chunks(floored, _FEED_CHUNK):
        # Driven by the floors: each key's postings are sought from its floor on.
        stmt = (
            select(*columns)
            .select_from(BandFloor)
            .join(
                DocumentBand,
                (DocumentBand.band_key == BandFloor.band_key)
                & (DocumentBand.document_id >= BandFloor.document_id),
            )
            .join(Document, Document.id == DocumentBand.document_id)
            .where(BandFloor.band_key.in_(chunk), signed)
        )
        _add_postings(rows, session.execute(stmt))
    found: dict[str, list[tuple[int, int, bytes]]] = {}
    raised: dict[str, int] = {}
    for key, postings in rows.items():
        postings.sort(reverse=True)
        newest = postings[:BAND_DOCUMENTS]
        found[key] = newest
        if len(postings) > BAND_DOCUMENTS and newest[-1][0] > floors.get(key, -1):
            raised[key] = newest[-1][0]
    return BandPostings(found=found, floors=raised)


def story_ids_of(session: Session, document_ids: Iterable[int]) -> set[int]:
    """The stories the given documents are in now (unknown ids add nothing)."""
    out: set[int] = set()
    for chunk in _chunks(sorted(set(document_ids))):
        out.update(session.scalars(select(Document.story_id).where(Document.id.in_(chunk))))
    return out


def document_refs(session: Session, document_ids: Iterable[int]) -> dict[int, DocumentRef]:
    """The refs of many documents at once, by id (missing ids are absent)."""
    out: dict[int, DocumentRef] = {}
    for chunk in _chunks(sorted(set(document_ids))):
        for row in session.scalars(select(Document).where(Document.id.in_(chunk))):
            out[row.id] = _ref(row)
    return out


def document_ref(session: Session, document_id: int) -> DocumentRef | None:
    """The document's ids, outlet, canonical URL and fingerprint, or None."""
    row = session.get(Document, document_id)
    return _ref(row) if row is not None else None


#: A line (title or sentence) in at least this many stored documents of one publisher
#: (outlet or site) is its standing boilerplate -- its desk's byline, its paywall
#: notice, its navigation -- and carries no story's identity. Counted per publisher
#: because an outlet carries a story once while printing its furniture on everything;
#: a wire story reprinted by fifty papers is one document in each of them, so its
#: sentences never count as boilerplate however widely it travels. Three rather than
#: two: an article an outlet happens to publish twice (web and print URLs, a
#: correction under a new URL) must not make its sentences boilerplate.
COMMON_LINE_DOCUMENTS = 3


def common_lines(session: Session, line_hashes: Iterable[str]) -> frozenset[str]:
    """Which of ``line_hashes`` are boilerplate (see ``COMMON_LINE_DOCUMENTS``)."""
    unique = sorted(set(line_hashes))
    found: set[str] = set()
    for chunk in _chunks(unique):
        found.update(
            session.scalars(
                select(LineFrequency.line_hash)
                .where(
                    LineFrequency.line_hash.in_(chunk),
                    LineFrequency.documents >= COMMON_LINE_DOCUMENTS,
                )
                .distinct()
            )
        )
    return frozenset(found)


def story_candidates(
    session: Session, band_keys: Sequence[str], *, exclude_document: int | None = None
) -> list[tuple[int, bytes]]:
    """(story id, signature bytes) of the documents ``band_documents`` finds for ``band_keys``.

    One pair per document, ordered by document id; ``exclude_document`` leaves that
    document out (filing a stored document again).
    """
    by_id: dict[int, tuple[int, bytes]] = {}
    for postings in band_documents(session, band_keys).found.values():
        for document_id, story_id, blob in postings:
            by_id.setdefault(document_id, (story_id, blob))
    if exclude_document is not None:
        by_id.pop(exclude_document, None)
    return [by_id[ident] for ident in sorted(by_id)]


@dataclass(frozen=True, slots=True)
class StoryMember:
    """A document of a story as filing it again needs it."""

    document_id: int
    signature: bytes | None
    guid: str | None


def story_members(session: Session, story_id: int) -> list[StoryMember]:
    """Every document of a story with its signature and GUID, by document id."""
    stmt = (
        select(Document.id, Document.signature, Document.guid)
        .where(Document.story_id == story_id)
        .order_by(Document.id)
    )
    return [
        StoryMember(
            document_id=document_id,
            signature=bytes(signature) if signature is not None else None,
            guid=guid,
        )
        for document_id, signature, guid in session.execute(stmt)
    ]


def story_placements(session: Session, story_id: int) -> list[PlacementRow]:
    """Every document of a story, earliest first (by published date, then first seen)."""
    return story_placement_map(session, [story_id]).get(story_id, [])


def story_placement_map(
    session: Session, story_ids: Iterable[int]
) -> dict[int, list[PlacementRow]]:
    """Every document of each story, earliest first; stories without documents are absent."""
    out: dict[int, list[PlacementRow]] = {}
    effective = func.coalesce(Document.published_at, Document.first_seen_at)
    for chunk in _chunks(sorted(set(story_ids))):
        # Only the placement's columns: a document's text can be long.
        stmt = (
            select(
                Document.story_id,
                Document.id,
                Document.outlet,
                Document.media_type,
                Document.url,
                Document.published_at,
                Document.first_seen_at,
                Document.credit,
                Document.title,
            )
            .where(Document.story_id.in_(chunk))
            .order_by(Document.story_id, effective, Document.id)
        )
        for row in session.execute(stmt):
            out.setdefault(row.story_id, []).append(
                PlacementRow(
                    document_id=row.id,
                    outlet=row.outlet,
                    media_type=row.media_type,
                    url=row.url,
                    published_at=row.published_at,
                    first_seen_at=row.first_seen_at,
                    credit=row.credit,
                    title=row.title,
                )
            )
    return out


def documents_for_rematch(session: Session, since: datetime | None) -> Iterator[DocumentText]:
    """Stored crawled documents (manual ones excluded) dated on or after ``since``.

    The date is ``published_at``, else ``first_seen_at``; None means all.
    Read in id-ordered batches, so memory stays flat on a large database.
    """
    effective = func.coalesce(Document.published_at, Document.first_seen_at)
    last_id = 0
    while True:
        stmt = (
            select(
                Document.id,
                Document.url,
                Document.title,
                Document.text,
                Document.byline,
                Document.outlet,
                Document.language,
                Document.published_at,
                Document.links,
            )
            .where(Document.manual.is_(False), Document.id > last_id)
            .order_by(Document.id)
            .limit(_CHUNK)
        )
        if since is not None:
            stmt = stmt.where(effective >= since)
        batch = session.execute(stmt).all()
        if not batch:
            return
        for row in batch:
            yield DocumentText(
                id=row.id,
                url=row.url,
                title=row.title,
                text=row.text,
                byline=row.byline,
                outlet=row.outlet,
                language=row.language,
                published_at=row.published_at,
                links=tuple(link for link in (row.links or "").splitlines() if link),
            )
        last_id = batch[-1].id


# --- mentions ------------------------------------------------------------------


_ORIGINAL = aliased(Document, name="original")


def _mention_select() -> Select[*tuple[Any, ...]]:
    original = _ORIGINAL
    return (
        select(
            Mention,
            Document.url,
            Document.title,
            Document.outlet,
            Document.media_type,
            Document.published_at,
            Document.first_seen_at,
            Document.story_id,
            Story.original_document_id,
            original.outlet,
            original.media_type,
            Story.credit,
            Document.guid,
        )
        .join(Document, Document.id == Mention.document_id)
        .join(Story, Story.id == Document.story_id)
        .outerjoin(original, original.id == Story.original_document_id)
    )


def _mention_rows(session: Session, stmt: Select[*tuple[Any, ...]]) -> list[MentionRow]:
    out = []
    for row in session.execute(stmt):
        (
            mention,
            url,
            title,
            outlet,
            media_type,
            published_at,
            first_seen_at,
            story_id,
            original_id,
            original_outlet,
            original_media_type,
            credit,
            guid,
        ) = row
        out.append(
            MentionRow(
                id=mention.id,
                status=MentionStatus(mention.status),
                target_kind=TargetKind(mention.target_kind),
                target_id=mention.target_id,
                role=Role(mention.role),
                confidence=mention.confidence,
                alias=mention.alias,
                snippet=mention.snippet,
                rule=mention.rule,
                reason=mention.reason,
                note=mention.note,
                manual=mention.manual,
                created_at=mention.created_at,
                reviewed_at=mention.reviewed_at,
                document_id=mention.document_id,
                document_url=url,
                document_title=title,
                outlet=outlet,
                media_type=media_type,
                published_at=published_at,
                first_seen_at=first_seen_at,
                story_id=story_id,
                original_document_id=original_id,
                original_outlet=original_outlet,
                original_media_type=original_media_type,
                story_credit=credit,
                reviewed_by=mention.reviewed_by,
                reject_reason=mention.reject_reason,
                proposed_role=mention.proposed_role,
                role_confidence=mention.role_confidence,
                model_version=mention.model_version,
                document_guid=guid,
            )
        )
    return out


def mention_rows(
    session: Session,
    *,
    status: MentionStatus | None = None,
    expert_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    min_confidence: float = 0.0,
    role: Role | None = None,
    limit: int | None = None,
) -> list[MentionRow]:
    """Mentions for review, newest document first.

    Filters: ``status``; ``expert_id`` (expert mentions of that expert only);
    document date (published, else first seen) in ``[since, until)``;
    ``confidence >= min_confidence``; ``role``; at most ``limit`` rows.
    """
    effective = func.coalesce(Document.published_at, Document.first_seen_at)
    stmt = _mention_select().where(Mention.confidence >= min_confidence)
    if status is not None:
        stmt = stmt.where(Mention.status == str(status))
    if expert_id is not None:
        stmt = stmt.where(
            Mention.target_kind == str(TargetKind.EXPERT), Mention.target_id == expert_id
        )
    if role is not None:
        stmt = stmt.where(Mention.role == str(role))
    if since is not None:
        stmt = stmt.where(effective >= since)
    if until is not None:
        stmt = stmt.where(effective < until)
    stmt = stmt.order_by(effective.desc(), Mention.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return _mention_rows(session, stmt)


def mention_rows_by_id(session: Session, mention_ids: Iterable[int]) -> dict[int, MentionRow]:
    """The mentions with these ids, with their documents and stories (unknown ids absent)."""
    out: dict[int, MentionRow] = {}
    for chunk in _chunks(sorted(set(mention_ids))):
        for row in _mention_rows(session, _mention_select().where(Mention.id.in_(chunk))):
            out[row.id] = row
    return out


def mention_row(session: Session, mention_id: int) -> MentionRow | None:
    """One mention with its document and story, or None."""
    rows = _mention_rows(session, _mention_select().where(Mention.id == mention_id))
    return rows[0] if rows else None


def mention_counts(session: Session) -> dict[MentionStatus, int]:
    """How many mentions are in each status (every status present, zero included)."""
    counts = {status: 0 for status in MentionStatus}
    stmt = select(Mention.status, func.count()).group_by(Mention.status)
    for status, count in session.execute(stmt):
        counts[MentionStatus(status)] = int(count)
    return counts


def appearance_rows(
    session: Session,
    start: datetime,
    end: datetime,
    statuses: Collection[MentionStatus],
) -> list[MentionRow]:
    """Expert mentions in ``statuses`` whose document is dated in ``[start, end)``.

    The document date is ``published_at``, else ``first_seen_at``. Ordered by
    date, then mention id. Counting rules are the report's business, not this.
    """
    if not statuses:
        return []
    effective = func.coalesce(Document.published_at, Document.first_seen_at)
    stmt = (
        _mention_select()
        .where(
            Mention.target_kind == str(TargetKind.EXPERT),
            Mention.status.in_([str(s) for s in statuses]),
            effective >= start,
            effective < end,
        )
        .order_by(effective, Mention.id)
    )
    return _mention_rows(session, stmt)


# --- publications -----------------------------------------------------------------


def _publication_row(row: Publication) -> PublicationRow:
    authors = json.loads(row.authors) if row.authors else []
    return PublicationRow(
        id=row.id,
        url=row.url,
        title=row.title,
        pub_type=row.pub_type,
        language=row.language,
        published_at=row.published_at,
        authors=tuple(str(author) for author in authors),
        source_name=row.source_name,
        first_seen_at=row.first_seen_at,
    )


def publication_rows(session: Session, start: datetime, end: datetime) -> list[PublicationRow]:
    """Publications dated (published, else first seen) in ``[start, end)``, oldest first."""
    effective = func.coalesce(Publication.published_at, Publication.first_seen_at)
    stmt = (
        select(Publication)
        .where(effective >= start, effective < end)
        .order_by(effective, Publication.id)
    )
    return [_publication_row(row) for row in session.scalars(stmt)]


def publication_records(session: Session) -> list[PublicationRecord]:
    """Every stored publication as a ``PublicationRecord`` (for matching citations)."""
    stmt = select(Publication).order_by(Publication.id)
    return [
        PublicationRecord(
            url=row.url,
            title=row.title,
            pub_type=row.pub_type,
            language=row.language,
            published=row.published_at,
            authors=tuple(json.loads(row.authors) if row.authors else ()),
        )
        for row in session.scalars(stmt)
    ]


def publication_count(session: Session) -> int:
    """How many publications are stored: a worker recompiles its matcher when this changes."""
    return int(session.scalar(select(func.count()).select_from(Publication)) or 0)


# --- service metrics ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServiceCounts:
    """What the service has done, for ``/metrics``: cumulative counts from the database."""

    fetches_by_outcome: Mapping[str, int]
    fetch_seconds_total: float
    documents: int
    mentions_by_status: Mapping[str, int]
    sources_due: int
    sources_failing: int


def service_counts(session: Session, now: datetime) -> ServiceCounts:
    """Fetches by outcome (and their time), documents, mentions by status, sources due
    and failing: a handful of grouped counts."""
    fetches = {
        str(outcome): int(count)
        for outcome, count in session.execute(
            select(FetchLog.outcome, func.count()).group_by(FetchLog.outcome)
        )
    }
    seconds = session.scalar(select(func.coalesce(func.sum(FetchLog.duration_ms), 0))) or 0
    mentions = {
        str(status): int(count)
        for status, count in session.execute(
            select(Mention.status, func.count()).group_by(Mention.status)
        )
    }
    return ServiceCounts(
        fetches_by_outcome=fetches,
        fetch_seconds_total=float(seconds) / 1000.0,
        documents=int(session.scalar(select(func.count()).select_from(Document)) or 0),
        mentions_by_status=mentions,
        sources_due=int(
            session.scalar(select(func.count()).select_from(Source).where(due_predicate(now))) or 0
        ),
        sources_failing=int(
            session.scalar(
                select(func.count()).select_from(Source).where(Source.consecutive_failures > 0)
            )
            or 0
        ),
    )
