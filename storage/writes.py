"""Named writes: sources and fetch logs, documents and stories, mentions, publications.

Every function takes an open ``Session`` first and never commits: the
caller's ``storage.db.session_scope`` decides the transaction, so a fetch,
its documents and its mentions are saved together or not at all. Inserts
that can race (canonical URLs, URL keys, bands, mentions, publications,
sources) go through one helper that emits ``INSERT ... ON CONFLICT DO
NOTHING`` for SQLite or PostgreSQL, so a concurrent duplicate is a no-op;
counters (line frequencies) through its twin that adds on conflict.

In: the stage values of ``pipeline.types`` (a leaf module of plain frozen
dataclasses) and ``NewDocument``. Out: row ids and counts. Existing
mentions are never changed by the collector's writes; only
``set_mention_status`` and ``add_manual_mention`` (staff actions) do.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Table,
    bindparam,
    delete,
    false,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pipeline.types import (
    FetchOutcome,
    FetchResult,
    MentionCandidate,
    MentionStatus,
    PublicationRecord,
    Role,
    SourceConfig,
    TargetKind,
)
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

MANUAL_SOURCE_NAME = "manual"
MANUAL_URL_PREFIX = "manual:"

_SOURCES = cast(Table, Source.__table__)
_FETCH_LOGS = cast(Table, FetchLog.__table__)
_STORIES = cast(Table, Story.__table__)
_DOCUMENTS = cast(Table, Document.__table__)
_URL_KEYS = cast(Table, UrlKey.__table__)
_BANDS = cast(Table, DocumentBand.__table__)
_BAND_FLOORS = cast(Table, BandFloor.__table__)
_LINE_FREQUENCIES = cast(Table, LineFrequency.__table__)
_MENTIONS = cast(Table, Mention.__table__)
_PUBLICATIONS = cast(Table, Publication.__table__)


class NotFound(LookupError):
    """The row a write refers to (source name, document, story, mention id) does not exist."""


@dataclass(frozen=True, slots=True)
class NewDocument:
    """Everything needed to store one new document.

    ``story_id`` None means "a story of its own" (created by ``add_document``).
    ``band_keys`` are the signature's LSH band keys; ``url_keys`` every URL,
    GUID and alias key that should lead back to this document; ``headline_key``
    the key of its title (``pipeline.dedup.headline_key``), None for none.
    """

    story_id: int | None
    source_name: str
    url: str
    canonical_url: str
    guid: str | None
    title: str
    text: str
    summary: str
    byline: str | None
    published_at: datetime | None
    language: str | None
    outlet: str | None
    media_type: str | None
    fingerprint: str
    signature: bytes | None
    band_keys: tuple[str, ...]
    url_keys: tuple[str, ...]
    credit: str | None
    now: datetime
    manual: bool = False
    links: tuple[str, ...] = ()
    headline_key: str | None = None


def _dialect_insert(session: Session, table: Table) -> Any:
    """``INSERT INTO table`` of the session's dialect, which can spell ``ON CONFLICT``."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(  # pragma: no cover - only SQLite and PostgreSQL are supported
        f"ON CONFLICT is not wired for {dialect}"
    )


def _on_conflict_do_nothing(session: Session, table: Table, conflict_columns: Sequence[str]) -> Any:
    """``INSERT ... ON CONFLICT (conflict_columns) DO NOTHING``, spelled per dialect."""
    return _dialect_insert(session, table).on_conflict_do_nothing(
        index_elements=list(conflict_columns)
    )


def _insert_ignore(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    conflict_columns: Sequence[str],
    *,
    returning: str | None = None,
) -> list[Any]:
    """INSERT rows, skipping any that collide on ``conflict_columns``.

    The one place that knows ``ON CONFLICT DO NOTHING`` is spelled per
    dialect. Returns the ``returning`` column of the rows actually inserted
    (empty when nothing was inserted or ``returning`` is None).
    """
    if not rows:
        return []
    stmt = _on_conflict_do_nothing(session, table, conflict_columns)
    if returning is None:
        session.execute(stmt, [dict(row) for row in rows])
        return []
    stmt = stmt.returning(table.c[returning])
    if len(rows) == 1:
        return list(session.execute(stmt.values(**rows[0])).scalars())
    result = session.execute(stmt, [dict(row) for row in rows])
    return list(result.scalars())


def _insert_or_add(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    conflict_columns: Sequence[str],
    counter: str,
) -> None:
    """INSERT rows; a row that collides on ``conflict_columns`` adds its ``counter`` instead.

    ``INSERT ... ON CONFLICT (...) DO UPDATE SET counter = counter + excluded.counter``,
    spelled per dialect like ``_insert_ignore``. ``rows`` must not repeat a conflict
    key (PostgreSQL refuses to update one row twice in one statement).
    """
    if not rows:
        return
    stmt = _dialect_insert(session, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(conflict_columns),
        set_={counter: table.c[counter] + stmt.excluded[counter]},
    )
    session.execute(stmt, [dict(row) for row in rows])


# --- sources and fetches -----------------------------------------------------


def ensure_sources(
    session: Session,
    sources: Sequence[SourceConfig],
    now: datetime,
    *,
    disable_missing: bool = True,
) -> None:
    """Make sure every configured source has its state row, updated to the config.

    New sources are due at once (``next_due_at = now``). For existing rows the
    kind, URL, interval and enabled flag follow the config; a changed URL
    forgets the old validators and makes the source due now; a shorter
    interval pulls ``next_due_at`` in to at most ``now + every``. With
    ``disable_missing`` (default) rows whose name is not in ``sources`` are
    disabled (kept for their history), so ``due_sources`` never offers a
    source the config no longer has.
    """
    names = [source.name for source in sources]
    # One read of the configured rows and one insert of the missing ones, not a
    # statement or two per source: every cycle starts here, changed config or not.
    configured = select(Source).where(Source.name.in_(names))
    stored = {row.name: row for row in session.scalars(configured)}
    missing = [source for source in sources if source.name not in stored]
    _insert_ignore(
        session,
        _SOURCES,
        [
            {
                "name": source.name,
                "kind": str(source.kind),
                "url": source.url,
                "every_seconds": max(1, int(source.every.total_seconds())),
                "enabled": source.enabled,
                "next_due_at": now,
            }
            for source in missing
        ],
        ["name"],
    )
    for source in sources:
        row = stored.get(source.name)
        if row is None:
            continue  # just inserted (or by another collector at the same moment)
        every_seconds = max(1, int(source.every.total_seconds()))
        if row.url != source.url:
            row.url = source.url
            row.etag = row.last_modified = row.content_hash = None
            row.next_due_at = now
        if every_seconds < row.every_seconds and row.next_due_at is not None:
            row.next_due_at = min(row.next_due_at, now + source.every)
        row.kind = str(source.kind)
        row.every_seconds = every_seconds
        row.enabled = source.enabled
    if disable_missing:
        session.execute(
            update(Source)
            .where(Source.name.not_in(names), Source.enabled.is_(True))
            .values(enabled=False)
            .execution_options(synchronize_session=False)
        )
    session.flush()


# Built once: the statement of every poll, its values passed as parameters.
_INSERT_FETCH_LOG = insert(_FETCH_LOGS)


def record_fetch(
    session: Session,
    source_name: str,
    result: FetchResult,
    *,
    now: datetime,
    next_due_at: datetime,
    parsed: bool,
    entries: int,
    new_documents: int,
    updated_documents: int,
    new_mentions: int,
    drops: Mapping[str, int],
    duration_ms: int | None = None,
) -> None:
    """Append a FetchLog and move the source's state on.

    OK stores the new validators (etag, last_modified, content_hash) as they
    came; NOT_MODIFIED keeps the stored ones unless new ones came. Both reset
    ``consecutive_failures`` and ``last_error`` and set ``last_success_at``.
    SOFT_ERROR and HARD_ERROR increment ``consecutive_failures`` and store the
    error text. Totals (items seen, documents) grow by ``entries`` and
    ``new_documents``. Raises ``NotFound`` for an unknown source name.
    """
    values: dict[str, Any] = {
        **_fetch_state(result, now=now, next_due_at=next_due_at),
        "items_seen_total": _SOURCES.c.items_seen_total + entries,
        "documents_total": _SOURCES.c.documents_total + new_documents,
    }
    if result.outcome not in _SUCCESS:
        values.update(
            consecutive_failures=_SOURCES.c.consecutive_failures + 1,
            last_error=result.error
            or f"{result.outcome}" + (f" (HTTP {result.status})" if result.status else ""),
        )
    # Two statements whatever happened: the state (its id returned), then the log row.
    # Core statements on the session's connection (same transaction): no ORM object is
    # involved, and every poll, unchanged ones too, pays the ORM's dispatch otherwise.
    connection = session.connection()
    source_id = connection.execute(
        update(_SOURCES)
        .where(_SOURCES.c.name == source_name)
        .values(**values)
        .returning(_SOURCES.c.id)
    ).scalar_one_or_none()
    if source_id is None:
        raise NotFound(f"no source named {source_name!r}")
    connection.execute(
        _INSERT_FETCH_LOG,
        _fetch_log_row(
            source_id,
            result,
            now=now,
            parsed=parsed,
            entries=entries,
            new_documents=new_documents,
            updated_documents=updated_documents,
            new_mentions=new_mentions,
            drops=drops,
            duration_ms=duration_ms,
        ),
    )


_SUCCESS = (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED)


def _fetch_state(result: FetchResult, *, now: datetime, next_due_at: datetime) -> dict[str, Any]:
    """The source's state columns a fetch sets to plain values (not its totals, nor the
    failure count and error of a failed fetch, which ``record_fetch`` adds).

    OK stores the new validators as they came; NOT_MODIFIED keeps the stored ones
    unless new ones came. A success resets the failures and the error.
    """
    values: dict[str, Any] = {
        "last_fetch_at": now,
        "last_outcome": str(result.outcome),
        "last_status": result.status,
        "next_due_at": next_due_at,
    }
    if result.outcome == FetchOutcome.OK:
        values.update(
            etag=result.etag,
            last_modified=result.last_modified,
            content_hash=result.content_hash,
        )
    elif result.outcome == FetchOutcome.NOT_MODIFIED:
        for column in ("etag", "last_modified", "content_hash"):
            if getattr(result, column) is not None:
                values[column] = getattr(result, column)
    if result.outcome in _SUCCESS:
        values.update(last_success_at=now, consecutive_failures=0, last_error=None)
    return values


def _fetch_log_row(
    source_id: int,
    result: FetchResult,
    *,
    now: datetime,
    parsed: bool,
    entries: int,
    new_documents: int,
    updated_documents: int,
    new_mentions: int,
    drops: Mapping[str, int],
    duration_ms: int | None,
) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "fetched_at": result.fetched_at or now,
        "outcome": str(result.outcome),
        "status": result.status,
        "url": result.url,
        "final_url": result.final_url,
        "duration_ms": duration_ms,
        "parsed": parsed,
        "entries": entries,
        "new_documents": new_documents,
        "updated_documents": updated_documents,
        "new_mentions": new_mentions,
        "drops": json.dumps(dict(sorted(drops.items())), ensure_ascii=False),
        "error": result.error,
    }


@dataclass(frozen=True, slots=True)
class UnchangedFetch:
    """A successful fetch that brought nothing to store (304, or the same body), as
    ``record_unchanged_fetches`` records it."""

    source_name: str
    result: FetchResult
    now: datetime
    next_due_at: datetime
    drops: Mapping[str, int]


def record_unchanged_fetches(session: Session, fetches: Sequence[UnchangedFetch]) -> None:
    """``record_fetch`` for many sources whose fetch brought nothing to store, in bulk.

    The same state and log rows as ``record_fetch`` with no entries would write: one
    read of the sources' ids, one executemany of the state's UPDATE per set of columns
    (a 304 with or without new validators, a 200 with the same body), one executemany
    of the log rows. Raises ``NotFound`` for an unknown source name (nothing written).
    """
    if not fetches:
        return
    if any(fetch.result.outcome not in _SUCCESS for fetch in fetches):
        raise ValueError("record_unchanged_fetches takes successful fetches only")
    if len(fetches) == 1:  # two statements, not the bulk path's three
        (fetch,) = fetches
        record_fetch(
            session,
            fetch.source_name,
            fetch.result,
            now=fetch.now,
            next_due_at=fetch.next_due_at,
            parsed=False,
            entries=0,
            new_documents=0,
            updated_documents=0,
            new_mentions=0,
            drops=fetch.drops,
        )
        return
    connection = session.connection()
    names = sorted({fetch.source_name for fetch in fetches})
    ids = dict(
        connection.execute(
            select(_SOURCES.c.name, _SOURCES.c.id).where(_SOURCES.c.name.in_(names))
        ).all()
    )
    unknown = [name for name in names if name not in ids]
    if unknown:
        raise NotFound(f"no source named {unknown[0]!r}")
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for fetch in fetches:
        values = _fetch_state(fetch.result, now=fetch.now, next_due_at=fetch.next_due_at)
        # Parameters may not be named after the columns they set.
        row = {"b_name": fetch.source_name, **{f"v_{k}": v for k, v in values.items()}}
        groups.setdefault(tuple(values), []).append(row)
    for columns, rows in groups.items():
        stmt = (
            update(_SOURCES)
            .where(_SOURCES.c.name == bindparam("b_name"))
            .values({column: bindparam(f"v_{column}") for column in columns})
        )
        connection.execute(stmt, rows)
    connection.execute(
        _INSERT_FETCH_LOG,
        [
            _fetch_log_row(
                ids[fetch.source_name],
                fetch.result,
                now=fetch.now,
                parsed=False,
                entries=0,
                new_documents=0,
                updated_documents=0,
                new_mentions=0,
                drops=fetch.drops,
                duration_ms=None,
            )
            for fetch in fetches
        ],
    )


# --- documents and stories ---------------------------------------------------


def _new_story(session: Session, now: datetime, credit: str | None = None) -> int:
    story_id = session.execute(
        _STORIES.insert().values(created_at=now, credit=credit).returning(_STORIES.c.id)
    ).scalar_one()
    return int(story_id)


def _document_row(doc: NewDocument) -> dict[str, Any]:
    """The ``documents`` row of a new document, without its story."""
    return {
        "source_name": doc.source_name,
        "url": doc.url,
        "canonical_url": doc.canonical_url,
        "guid": doc.guid,
        "title": doc.title,
        "text": doc.text,
        "summary": doc.summary,
        "byline": doc.byline,
        "published_at": doc.published_at,
        "first_seen_at": doc.now,
        "updated_at": doc.now,
        "language": doc.language,
        "outlet": doc.outlet,
        "media_type": doc.media_type,
        "fingerprint": doc.fingerprint,
        "signature": doc.signature,
        "credit": doc.credit,
        "manual": doc.manual,
        "links": "\n".join(doc.links),
        "headline_key": doc.headline_key,
    }


def add_document(session: Session, doc: NewDocument) -> int | None:
    """Store a new document (and its story, URL keys and band keys).

    Returns the new document id, or None when a document with the same
    canonical URL already exists (nothing is written then). When
    ``doc.story_id`` is None the document gets a story of its own.
    """
    story_id = doc.story_id
    created_story = story_id is None
    if story_id is None:
        story_id = _new_story(session, doc.now)
    inserted = _insert_ignore(
        session,
        _DOCUMENTS,
        [{**_document_row(doc), "story_id": story_id}],
        ["canonical_url"],
        returning="id",
    )
    if not inserted:
        if created_story:
            session.execute(delete(Story).where(Story.id == story_id))
        return None
    document_id = int(inserted[0])
    add_url_keys(session, document_id, doc.url_keys)
    _add_bands(session, document_id, doc.band_keys)
    return document_id


#: The PostgreSQL advisory lock key that one source's save holds (any constant will do).
STORE_LOCK_KEY = 0x6D77_7361_7665


def lock_for_saving(session: Session) -> None:
    """Make this transaction the only one saving a source's cycle until it ends.

    A cycle's dedup decisions are planned from what its transaction reads first, so
    another collector's save committed in between (the service and a manual run at
    once) could store the same article twice. PostgreSQL: a transaction-level advisory
    lock. SQLite: a write that changes nothing takes the database's write lock now,
    before the reads, waiting for it within the busy timeout.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(STORE_LOCK_KEY)))
    else:
        session.execute(update(_SOURCES).where(false()).values(id=_SOURCES.c.id))


#: The tables a collect cycle grows, whose statistics PostgreSQL's planner needs.
GROWING_TABLES = (
    "documents",
    "document_bands",
    "url_keys",
    "line_frequencies",
    "stories",
    "mentions",
)


def analyze_growing_tables(session: Session) -> bool:
    """Refresh the planner statistics of ``GROWING_TABLES`` (PostgreSQL: ANALYZE).

    Without statistics PostgreSQL keeps the plans it chose for nearly empty tables
    (sequential scans where an index answers). SQLite needs none: False, nothing run.
    """
    if session.get_bind().dialect.name != "postgresql":
        return False
    session.execute(text(f"ANALYZE {', '.join(GROWING_TABLES)}"))
    return True


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    """A new document of a ``SavePlan``: ``ref`` is the id the plan gave it, ``story_ref``
    a stored story's id or a planned story's ``SavePlan.new_stories`` entry;
    ``document.story_id`` is ignored. ``lines`` are counted for ``publisher``."""

    ref: int
    story_ref: int
    document: NewDocument
    publisher: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SavePlan:
    """Every change one source's new items make, decided before anything is written.

    ``merges`` (into, others) of stored stories, in order; ``new_stories`` the planned
    stories' refs in creation order; ``documents`` in item order; ``url_keys`` and
    ``mentions`` name a stored document's id or a planned document's ref, in item order.
    """

    now: datetime
    merges: Sequence[tuple[int, Sequence[int]]] = ()
    new_stories: Sequence[int] = ()
    documents: Sequence[PlannedDocument] = ()
    url_keys: Sequence[tuple[str, int]] = ()
    mentions: Sequence[tuple[int, Sequence[MentionCandidate]]] = ()


@dataclass(frozen=True, slots=True)
class Applied:
    """What ``apply_plan`` wrote: each planned document's id (``ids``, by ref), the refs
    of documents another transaction stored first (``skipped``), new mentions."""

    ids: dict[int, int]
    skipped: frozenset[int]
    new_mentions: int


def apply_plan(session: Session, plan: SavePlan) -> Applied:
    """Write a ``SavePlan`` with bulk statements, in the session's transaction.

    Merges, then the stories (one multi-row INSERT), the documents (one, returning
    their ids), and one executemany each for URL keys, band keys, line counts and
    mentions. A document whose canonical URL another transaction stored meanwhile is
    skipped with everything that names it, and a story left without documents goes.
    Ids are given in plan order, as saving the items one by one would.
    """
    for into, others in plan.merges:
        merge_stories(session, into, others)
    stories: dict[int, int] = {}
    if plan.new_stories:
        # The rows of one INSERT take ascending ids in row order (the save holds the
        # write lock), so the sorted ids are the planned stories' in creation order;
        # asking for RETURNING in parameter order would insert one row at a time.
        created = session.execute(
            insert(_STORIES).returning(_STORIES.c.id),
            [{"created_at": plan.now, "credit": None} for _ in plan.new_stories],
        ).scalars()
        stories = dict(zip(plan.new_stories, sorted(int(i) for i in created), strict=True))
    rows = [
        {
            **_document_row(planned.document),
            "story_id": stories.get(planned.story_ref, planned.story_ref),
        }
        for planned in plan.documents
    ]
    by_url: dict[str, int] = {}
    if rows:
        stmt = _on_conflict_do_nothing(session, _DOCUMENTS, ["canonical_url"]).returning(
            _DOCUMENTS.c.id, _DOCUMENTS.c.canonical_url
        )
        by_url = {url: int(ident) for ident, url in session.execute(stmt, rows)}
    ids: dict[int, int] = {}
    skipped: set[int] = set()
    for planned in plan.documents:
        ident = by_url.get(planned.document.canonical_url)
        if ident is None:
            skipped.add(planned.ref)
        else:
            ids[planned.ref] = ident
    if skipped:
        empty = [stories[ref] for ref in plan.new_stories if ref in stories]
        has_documents = select(Document.id).where(Document.story_id == Story.id).exists()
        session.execute(delete(Story).where(Story.id.in_(empty), ~has_documents))

    def real(ref: int) -> int | None:
        return None if ref in skipped else ids.get(ref, ref)

    keys: dict[str, int] = {}
    bands: list[dict[str, Any]] = []
    for planned in plan.documents:
        if planned.ref in skipped:
            continue
        for key in planned.document.url_keys:
            keys.setdefault(key, ids[planned.ref])
        bands.extend(
            {"band_key": band, "document_id": ids[planned.ref]}
            for band in dict.fromkeys(planned.document.band_keys)
        )
    for key, ref in plan.url_keys:
        document_id = real(ref)
        if document_id is not None:
            keys.setdefault(key, document_id)
    _insert_ignore(
        session,
        _URL_KEYS,
        [{"key": key, "document_id": document_id} for key, document_id in keys.items()],
        ["key"],
    )
    _insert_ignore(session, _BANDS, bands, ["band_key", "document_id"])
    count_lines(
        session,
        [(p.publisher, p.lines) for p in plan.documents if p.ref not in skipped],
    )
    mention_rows: dict[tuple[int, str, str], dict[str, Any]] = {}
    for ref, candidates in plan.mentions:
        document_id = real(ref)
        if document_id is None:
            continue
        for row in _mention_rows(document_id, candidates, plan.now):
            mention_rows.setdefault((document_id, row["target_kind"], row["target_id"]), row)
    inserted = _insert_ignore(
        session,
        _MENTIONS,
        list(mention_rows.values()),
        ["document_id", "target_kind", "target_id"],
        returning="id",
    )
    return Applied(ids=ids, skipped=frozenset(skipped), new_mentions=len(inserted))


def add_url_keys(session: Session, document_id: int, keys: Iterable[str]) -> None:
    """Point URL/GUID/alias keys at a document; a key already taken keeps its document."""
    unique = list(dict.fromkeys(keys))
    _insert_ignore(
        session,
        _URL_KEYS,
        [{"key": key, "document_id": document_id} for key in unique],
        ["key"],
    )


def _add_bands(session: Session, document_id: int, band_keys: Iterable[str]) -> None:
    unique = list(dict.fromkeys(band_keys))
    _insert_ignore(
        session,
        _BANDS,
        [{"band_key": key, "document_id": document_id} for key in unique],
        ["band_key", "document_id"],
    )


def raise_band_floors(session: Session, floors: Mapping[str, int]) -> None:
    """Store crowded band keys' floors (``storage.queries.BandPostings.floors``).

    One statement; a floor only moves up (a look-up that read less never lowers it).
    """
    if not floors:
        return
    stmt = _dialect_insert(session, _BAND_FLOORS)
    stmt = stmt.on_conflict_do_update(
        index_elements=["band_key"],
        set_={"document_id": stmt.excluded.document_id},
        where=_BAND_FLOORS.c.document_id < stmt.excluded.document_id,
    )
    session.execute(
        stmt,
        [{"band_key": key, "document_id": floor} for key, floor in sorted(floors.items())],
    )


def count_lines(session: Session, documents: Iterable[tuple[str, Iterable[str]]]) -> None:
    """Count stored documents' lines: each ``(publisher, line hashes)`` is one document.

    Every distinct hash of a document adds one to its ``line_frequencies`` row for
    that publisher (created at one), in one bulk statement for the whole batch, rows
    in key order so concurrent batches lock them in the same order.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for publisher, hashes in documents:
        counts.update((line_hash, publisher) for line_hash in set(hashes))
    _insert_or_add(
        session,
        _LINE_FREQUENCIES,
        [
            {"line_hash": line_hash, "publisher": publisher, "documents": count}
            for (line_hash, publisher), count in sorted(counts.items())
        ],
        ["line_hash", "publisher"],
        "documents",
    )


def update_document(
    session: Session,
    document_id: int,
    *,
    title: str,
    text: str,
    summary: str,
    fingerprint: str,
    signature: bytes | None,
    band_keys: Sequence[str],
    now: datetime,
    links: Sequence[str] = (),
    headline_key: str | None = None,
) -> None:
    """Replace an edited document's text, links, fingerprint, signature, band keys and
    headline key (the key of the new title; None stores none, so a changed title never
    keeps the old title's key).

    The document keeps its id, story, URL keys and mentions; ``updated_at``
    becomes ``now``. Raises ``NotFound`` for an unknown id.
    """
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Document)
            .where(Document.id == document_id)
            .values(
                title=title,
                text=text,
                summary=summary,
                fingerprint=fingerprint,
                signature=signature,
                updated_at=now,
                links="\n".join(links),
                headline_key=headline_key,
            )
            .execution_options(synchronize_session="fetch")
        ),
    )
    if result.rowcount == 0:
        raise NotFound(f"no document {document_id}")
    session.execute(delete(DocumentBand).where(DocumentBand.document_id == document_id))
    _add_bands(session, document_id, band_keys)


def set_document_source(session: Session, document_id: int, source_name: str) -> None:
    """Hand a document to another source.

    For when a source that gives an article's full text (its page, or a fuller
    feed entry) takes over a document first stored from a snippet: from then on
    that source's edits update it. Raises ``NotFound`` for an unknown id.
    """
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Document)
            .where(Document.id == document_id)
            .values(source_name=source_name)
            .execution_options(synchronize_session="fetch")
        ),
    )
    if result.rowcount == 0:
        raise NotFound(f"no document {document_id}")


def move_document(session: Session, document_id: int, story_id: int) -> int | None:
    """Move a document into story ``story_id``; returns the story it left, or None.

    The story it left is deleted when no document remains in it (a story is
    its documents). Used when a document's text changed and now matches
    another story. Raises ``NotFound`` for an unknown document or story.
    """
    if session.get(Story, story_id) is None:
        raise NotFound(f"no story {story_id}")
    left = session.scalar(select(Document.story_id).where(Document.id == document_id))
    if left is None:
        raise NotFound(f"no document {document_id}")
    if left == story_id:
        return None
    session.execute(
        update(Document)
        .where(Document.id == document_id)
        .values(story_id=story_id)
        .execution_options(synchronize_session="fetch")
    )
    remaining = session.scalar(select(Document.id).where(Document.story_id == left).limit(1))
    if remaining is None:
        session.execute(
            delete(Story).where(Story.id == left).execution_options(synchronize_session="fetch")
        )
    else:
        session.execute(
            update(Story)
            .where(Story.id == left, Story.original_document_id == document_id)
            .values(original_document_id=None)
            .execution_options(synchronize_session="fetch")
        )
    return int(left)


def detach_document(session: Session, document_id: int, now: datetime) -> int | None:
    """Give a document a story of its own; returns the story it left, or None.

    Nothing happens (None) when it is already alone in its story. For when a
    document's new text matches none of the documents it shared a story with.
    Raises ``NotFound`` for an unknown document.
    """
    current = session.scalar(select(Document.story_id).where(Document.id == document_id))
    if current is None:
        raise NotFound(f"no document {document_id}")
    other = session.scalar(
        select(Document.id).where(Document.story_id == current, Document.id != document_id).limit(1)
    )
    if other is None:
        return None
    return move_document(session, document_id, _new_story(session, now))


def set_story_original(
    session: Session, story_id: int, document_id: int, credit: str | None
) -> None:
    """Record which document is the story's original and its wire credit.

    A None ``credit`` leaves a previously stored credit in place. Raises
    ``NotFound`` for an unknown story.
    """
    values: dict[str, Any] = {"original_document_id": document_id}
    if credit is not None:
        values["credit"] = credit
    result = cast(
        CursorResult[Any],
        session.execute(
            update(Story)
            .where(Story.id == story_id)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        ),
    )
    if result.rowcount == 0:
        raise NotFound(f"no story {story_id}")


def set_story_originals(session: Session, originals: Iterable[tuple[int, int, str | None]]) -> None:
    """``set_story_original`` for many stories at once: ``(story, document, credit)`` each.

    One executemany per kind (with a credit, and without one, which leaves the stored
    credit in place). Stories that do not exist are skipped, not an error.
    """
    with_credit: list[dict[str, Any]] = []
    without_credit: list[dict[str, Any]] = []
    for story_id, document_id, credit in sorted(originals):
        values = {"b_story": story_id, "b_document": document_id}
        if credit is None:
            without_credit.append(values)
        else:
            with_credit.append({**values, "b_credit": credit})
    stmt = update(_STORIES).where(_STORIES.c.id == bindparam("b_story"))
    if without_credit:
        session.execute(stmt.values(original_document_id=bindparam("b_document")), without_credit)
    if with_credit:
        session.execute(
            stmt.values(original_document_id=bindparam("b_document"), credit=bindparam("b_credit")),
            with_credit,
        )


def merge_stories(session: Session, into: int, others: Sequence[int]) -> None:
    """Fold ``others`` into story ``into``: their documents move, the stories go.

    Used when a new document shows that two stories are one (a story split
    because its first copies were edited too differently). Mentions belong to
    documents, so reviews and tombstones are untouched.
    """
    doomed = [story_id for story_id in others if story_id != into]
    if not doomed:
        return
    session.execute(
        update(Document)
        .where(Document.story_id.in_(doomed))
        .values(story_id=into)
        .execution_options(synchronize_session="fetch")
    )
    session.execute(
        update(Story)
        .where(Story.id.in_(doomed))
        .values(original_document_id=None)
        .execution_options(synchronize_session="fetch")
    )
    session.execute(
        delete(Story).where(Story.id.in_(doomed)).execution_options(synchronize_session="fetch")
    )


# --- mentions ----------------------------------------------------------------


def _best_per_target(
    candidates: Sequence[MentionCandidate],
) -> dict[tuple[str, str], MentionCandidate]:
    """The most confident candidate per (target kind, target id), first on ties."""
    best: dict[tuple[str, str], MentionCandidate] = {}
    for candidate in candidates:
        key = (str(candidate.target_kind), candidate.target_id)
        current = best.get(key)
        if current is None or candidate.confidence > current.confidence:
            best[key] = candidate
    return best


def refresh_pending_mentions(
    session: Session,
    document_id: int,
    candidates: Sequence[MentionCandidate],
) -> int:
    """Replace the evidence of still-pending crawled mentions with newer candidates.

    For when a document's text was replaced by a fuller or edited one: the
    role, confidence and snippet found in the new text supersede the old
    guess. Confirmed, rejected and manual mentions are never touched. Returns
    how many rows changed.
    """
    changed = 0
    for (kind, target_id), candidate in _best_per_target(candidates).items():
        mention = session.scalars(
            select(Mention).where(
                Mention.document_id == document_id,
                Mention.target_kind == kind,
                Mention.target_id == target_id,
                Mention.status == str(MentionStatus.PENDING),
                Mention.manual.is_(False),
            )
        ).one_or_none()
        if mention is None:
            continue
        values = {
            "role": str(candidate.role),
            "confidence": float(candidate.confidence),
            "alias": candidate.alias,
            "snippet": candidate.snippet,
            "rule": candidate.rule,
            "reason": candidate.reason,
            "role_confidence": candidate.role_confidence,
            "model_version": candidate.model_version,
        }
        if any(getattr(mention, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(mention, name, value)
            changed += 1
    return changed


def _mention_rows(
    document_id: int, candidates: Sequence[MentionCandidate], now: datetime
) -> list[dict[str, Any]]:
    """The pending ``mentions`` rows of a document: the most confident per target."""
    return [
        {
            "document_id": document_id,
            "target_kind": str(c.target_kind),
            "target_id": c.target_id,
            "role": str(c.role),
            "confidence": float(c.confidence),
            "alias": c.alias,
            "snippet": c.snippet,
            "rule": c.rule,
            "reason": c.reason,
            "role_confidence": c.role_confidence,
            "model_version": c.model_version,
            "status": str(MentionStatus.PENDING),
            "created_at": now,
            "manual": False,
        }
        for c in _best_per_target(candidates).values()
    ]


def add_mentions(
    session: Session,
    document_id: int,
    candidates: Sequence[MentionCandidate],
    now: datetime,
) -> int:
    """Store new pending mentions; returns how many rows were inserted.

    One row per (document, target kind, target id): among candidates for the
    same target the most confident wins (first on ties). A target that
    already has a row for this document, whatever its status (a rejected
    row is a tombstone), is skipped and the row is left untouched.
    """
    rows = _mention_rows(document_id, candidates, now)
    inserted = _insert_ignore(
        session,
        _MENTIONS,
        rows,
        ["document_id", "target_kind", "target_id"],
        returning="id",
    )
    return len(inserted)


def set_mention_status(
    session: Session,
    mention_id: int,
    status: MentionStatus,
    now: datetime,
    note: str | None = None,
    role: Role | None = None,
) -> None:
    """A reviewer's decision: set status (and optionally note and role), stamp ``reviewed_at``.

    A None ``note`` or ``role`` leaves the stored value. Raises ``NotFound``
    for an unknown mention id.
    """
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise NotFound(f"no mention {mention_id}")
    mention.status = str(MentionStatus(status))
    mention.reviewed_at = now
    if note is not None:
        mention.note = note
    if role is not None:
        mention.role = str(Role(role))
    session.flush()


def add_manual_mention(
    session: Session,
    *,
    expert_id: str,
    role: Role,
    outlet: str,
    media_type: str | None,
    title: str,
    published_at: datetime,
    url: str | None,
    note: str | None,
    now: datetime,
) -> int:
    """Record an appearance staff saw themselves (a TV show no crawler sees).

    Creates a manual Document (canonical URL = ``url``, or ``manual:<uuid>``
    when there is none) in a story of its own and a CONFIRMED manual Mention;
    returns the mention id. Pass ``url`` already canonicalised. When a
    document with that URL is already stored, the mention is attached to it:
    an existing row for the same expert is confirmed with this role and note.
    """
    canonical = url or f"{MANUAL_URL_PREFIX}{uuid.uuid4()}"
    document_id = session.scalar(select(Document.id).where(Document.canonical_url == canonical))
    if document_id is None:
        document_id = add_document(
            session,
            NewDocument(
                story_id=None,
                source_name=MANUAL_SOURCE_NAME,
                url=url or canonical,
                canonical_url=canonical,
                guid=None,
                title=title,
                text="",
                summary="",
                byline=None,
                published_at=published_at,
                language=None,
                outlet=outlet,
                media_type=media_type,
                fingerprint=f"{MANUAL_URL_PREFIX}{uuid.uuid4().hex}",
                signature=None,
                band_keys=(),
                url_keys=(),
                credit=None,
                now=now,
                manual=True,
            ),
        )
        if document_id is None:  # pragma: no cover - lost a race for the same URL
            document_id = session.scalar(
                select(Document.id).where(Document.canonical_url == canonical)
            )
        assert document_id is not None
    existing = session.scalars(
        select(Mention).where(
            Mention.document_id == document_id,
            Mention.target_kind == str(TargetKind.EXPERT),
            Mention.target_id == expert_id,
        )
    ).one_or_none()
    if existing is not None:
        existing.status = str(MentionStatus.CONFIRMED)
        existing.role = str(Role(role))
        existing.reviewed_at = now
        existing.manual = True
        if note is not None:
            existing.note = note
        session.flush()
        return existing.id
    mention = Mention(
        document_id=document_id,
        target_kind=str(TargetKind.EXPERT),
        target_id=expert_id,
        role=str(Role(role)),
        confidence=1.0,
        alias="",
        snippet=title,
        rule="manual",
        reason="added by staff",
        status=str(MentionStatus.CONFIRMED),
        created_at=now,
        reviewed_at=now,
        note=note,
        manual=True,
    )
    session.add(mention)
    session.flush()
    return mention.id


# --- publications --------------------------------------------------------------


def upsert_publication(
    session: Session, record: PublicationRecord, source_name: str, now: datetime
) -> bool:
    """Store one of the institute's publications by URL; True when it is new.

    A known URL gets its title, type and language refreshed; its date and
    authors are replaced only when the record has them.
    """
    authors = json.dumps(list(record.authors), ensure_ascii=False)
    inserted = _insert_ignore(
        session,
        _PUBLICATIONS,
        [
            {
                "url": record.url,
                "title": record.title,
                "pub_type": record.pub_type,
                "language": record.language,
                "published_at": record.published,
                "authors": authors,
                "source_name": source_name,
                "first_seen_at": now,
            }
        ],
        ["url"],
        returning="id",
    )
    if inserted:
        return True
    values: dict[str, Any] = {
        "title": record.title,
        "pub_type": record.pub_type,
        "language": record.language,
    }
    if record.published is not None:
        values["published_at"] = record.published
    if record.authors:
        values["authors"] = authors
    session.execute(
        update(Publication)
        .where(Publication.url == record.url)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    return False
