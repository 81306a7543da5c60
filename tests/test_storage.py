"""storage/: migrations equal the models, idempotent upserts, fetch-state
transitions, mention tombstones, the due predicate, aware datetimes.

Every test taking ``engine`` or ``db_url`` runs on SQLite and PostgreSQL
(see tests/dbfixtures.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import StatementError

from pipeline.types import (
    FetchOutcome,
    FetchResult,
    MentionCandidate,
    MentionStatus,
    PublicationRecord,
    Role,
    SourceConfig,
    SourceKind,
    TargetKind,
)
from storage import queries, writes
from storage.db import alembic_config, current_revision, make_engine, session_scope, upgrade
from storage.models import Base, Document, Mention, Source, Story

NOW = datetime(2024, 6, 1, 3, 0, tzinfo=UTC)
JST = timezone(timedelta(hours=9))


def source_config(name: str = "nhk", **changes: Any) -> SourceConfig:
    values: dict[str, Any] = {
        "name": name,
        "kind": SourceKind.FEED,
        "url": f"https://example.jp/{name}.rss",
        "every": timedelta(minutes=30),
    }
    values.update(changes)
    return SourceConfig(**values)


def new_document(
    canonical_url: str = "https://example.jp/a/1",
    *,
    story_id: int | None = None,
    fingerprint: str = "fp-1",
    band_keys: tuple[str, ...] = ("b1", "b2"),
    url_keys: tuple[str, ...] = ("u:example.jp/a/1",),
    published_at: datetime | None = NOW,
    outlet: str | None = "NHK",
    media_type: str | None = "tv",
    now: datetime = NOW,
) -> writes.NewDocument:
    return writes.NewDocument(
        story_id=story_id,
        source_name="nhk",
        url=canonical_url,
        canonical_url=canonical_url,
        guid=None,
        title="見出し",
        text="本文",
        summary="",
        byline=None,
        published_at=published_at,
        language="ja",
        outlet=outlet,
        media_type=media_type,
        fingerprint=fingerprint,
        signature=b"\x00\x01sig",
        band_keys=band_keys,
        url_keys=url_keys,
        credit=None,
        now=now,
    )


def candidate(
    target_id: str = "tanaka",
    role: Role = Role.QUOTE,
    confidence: float = 0.9,
    kind: TargetKind = TargetKind.EXPERT,
) -> MentionCandidate:
    return MentionCandidate(
        target_kind=kind,
        target_id=target_id,
        alias="田中",
        start=0,
        end=2,
        snippet="[[田中]]氏は",
        role=role,
        confidence=confidence,
        rule="name+title",
        reason="title nearby",
    )


def fetch(outcome: FetchOutcome, **changes: Any) -> FetchResult:
    return FetchResult(url="https://example.jp/nhk.rss", outcome=outcome, **changes)


def record(session: Any, result: FetchResult, *, entries: int = 0, new: int = 0) -> None:
    writes.record_fetch(
        session,
        "nhk",
        result,
        now=NOW,
        next_due_at=NOW + timedelta(minutes=30),
        parsed=result.outcome is FetchOutcome.OK,
        entries=entries,
        new_documents=new,
        updated_documents=0,
        new_mentions=0,
        drops={"known_url": entries - new} if entries else {},
    )


# --- engine and migrations -------------------------------------------------------


def test_migrations_create_exactly_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        upgrade(engine)  # a second run is a no-op
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert current_revision(engine) == head
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_revision_files_are_date_prefixed() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    for revision in script.walk_revisions():
        assert revision.path is not None
        name = revision.path.rsplit("/", 1)[-1]
        assert name[:11].replace("_", "").isdigit(), name


def test_sqlite_engine_pragmas_and_folder(tmp_path: Any) -> None:
    path = tmp_path / "nested" / "folder" / "mw.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert path.parent.is_dir()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u@db:5432/mw", "postgresql+psycopg"),
        ("postgres://u@db/mw", "postgresql+psycopg"),
        ("postgresql+psycopg://u@db/mw", "postgresql+psycopg"),
    ],
    ids=["postgresql", "postgres-alias", "explicit-driver"],
)
def test_postgres_urls_use_psycopg3(url: str, driver: str) -> None:
    engine = make_engine(url)  # no connection is made
    assert engine.url.drivername == driver
    engine.dispose()


def test_session_scope_commits_and_rolls_back(engine: Engine) -> None:
    with session_scope(engine) as session:
        writes.ensure_sources(session, [source_config("kept")], NOW)
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        writes.ensure_sources(session, [source_config("kept"), source_config("lost")], NOW)
        raise RuntimeError("boom")
    with session_scope(engine) as session:
        assert [row.name for row in queries.source_health(session)] == ["kept"]


# --- time -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stored",
    [
        datetime(2024, 3, 31, 23, 30, tzinfo=JST),
        datetime(2024, 3, 31, 14, 30, 15, 123456, tzinfo=UTC),
        datetime(2024, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))),
    ],
    ids=["jst", "utc-microseconds", "negative-offset"],
)
def test_aware_datetimes_round_trip(engine: Engine, stored: datetime) -> None:
    with session_scope(engine) as session:
        writes.add_document(session, new_document(published_at=stored))
    with session_scope(engine) as session:
        value = session.scalars(select(Document.published_at)).one()
    assert value is not None
    assert value.tzinfo is not None and value.utcoffset() == timedelta(0)
    assert value == stored
    assert value < NOW + timedelta(days=365)  # comparable with aware values


def test_naive_datetimes_are_refused(engine: Engine) -> None:
    with pytest.raises(StatementError, match="naive"), session_scope(engine) as session:
        writes.add_document(session, new_document(published_at=datetime(2024, 4, 1)))


# --- sources ------------------------------------------------------------------------


def test_ensure_sources_is_idempotent_and_follows_config(engine: Engine) -> None:
    configs = [source_config("nhk"), source_config("asahi", kind=SourceKind.PAGE)]
    for _ in range(2):
        with session_scope(engine) as session:
            writes.ensure_sources(session, configs, NOW)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 2
        state = queries.source_state(session, "asahi")
        assert state is not None
        assert (state.kind, state.next_due_at, state.every_seconds) == ("page", NOW, 1800)
        record(session, fetch(FetchOutcome.OK, etag='"v1"'))
    later = NOW + timedelta(hours=1)
    with session_scope(engine) as session:
        writes.ensure_sources(
            session,
            [source_config("nhk", url="https://example.jp/new.rss", enabled=False)],
            later,
        )
    with session_scope(engine) as session:
        nhk = queries.source_state(session, "nhk")
        asahi = queries.source_state(session, "asahi")
    assert nhk is not None and asahi is not None
    assert (nhk.url, nhk.enabled, nhk.etag, nhk.next_due_at) == (
        "https://example.jp/new.rss",
        False,
        None,
        later,
    )
    assert asahi.enabled is False  # no longer configured: disabled, history kept


def test_ensure_sources_shorter_interval_pulls_next_due_in(engine: Engine) -> None:
    with session_scope(engine) as session:
        writes.ensure_sources(session, [source_config(every=timedelta(days=1))], NOW)
        record(session, fetch(FetchOutcome.OK))
        session.execute(
            Source.__table__.update().values(next_due_at=NOW + timedelta(days=1))  # type: ignore[attr-defined]
        )
    with session_scope(engine) as session:
        writes.ensure_sources(session, [source_config(every=timedelta(minutes=10))], NOW)
        state = queries.source_state(session, "nhk")
    assert state is not None and state.next_due_at == NOW + timedelta(minutes=10)


DUE_CASES = [
    ("never-scheduled", True, None, True),
    ("overdue", True, timedelta(minutes=-5), True),
    ("exactly-now", True, timedelta(0), True),
    ("in-future", True, timedelta(seconds=1), False),
    ("disabled-overdue", False, timedelta(minutes=-5), False),
    ("disabled-never-scheduled", False, None, False),
]


@pytest.mark.parametrize(
    ("name", "enabled", "offset", "due"), DUE_CASES, ids=[case[0] for case in DUE_CASES]
)
def test_due_sources_predicate(
    engine: Engine, name: str, enabled: bool, offset: timedelta | None, due: bool
) -> None:
    with session_scope(engine) as session:
        writes.ensure_sources(session, [source_config(name, enabled=enabled)], NOW)
        session.execute(
            Source.__table__.update().values(  # type: ignore[attr-defined]
                next_due_at=None if offset is None else NOW + offset
            )
        )
    with session_scope(engine) as session:
        assert queries.due_sources(session, NOW) == ([name] if due else [])


def test_due_sources_most_overdue_first(engine: Engine) -> None:
    with session_scope(engine) as session:
        writes.ensure_sources(session, [source_config(n) for n in ("a", "b", "c")], NOW)
        for name, offset in (("a", -1), ("b", -10), ("c", -5)):
            session.execute(
                Source.__table__.update()  # type: ignore[attr-defined]
                .where(Source.name == name)
                .values(next_due_at=NOW + timedelta(minutes=offset))
            )
    with session_scope(engine) as session:
        assert queries.due_sources(session, NOW) == ["b", "c", "a"]


# (outcome, extra result fields) → expected (etag, last_modified, failures, last_error)
FETCH_STEPS: list[tuple[str, FetchResult, tuple[str | None, str | None, int, str | None]]] = [
    (
        "ok-stores-validators",
        fetch(FetchOutcome.OK, status=200, etag='"v1"', last_modified="Sat, 01 Jun 2024"),
        ('"v1"', "Sat, 01 Jun 2024", 0, None),
    ),
    (
        "304-keeps-validators",
        fetch(FetchOutcome.NOT_MODIFIED, status=304),
        ('"v1"', "Sat, 01 Jun 2024", 0, None),
    ),
    (
        "soft-error-counts",
        fetch(FetchOutcome.SOFT_ERROR, status=503, error="HTTP 503"),
        ('"v1"', "Sat, 01 Jun 2024", 1, "HTTP 503"),
    ),
    (
        "second-failure-counts",
        fetch(FetchOutcome.HARD_ERROR, status=410),
        ('"v1"', "Sat, 01 Jun 2024", 2, "hard_error (HTTP 410)"),
    ),
    (
        "304-with-new-etag",
        fetch(FetchOutcome.NOT_MODIFIED, status=304, etag='"v2"'),
        ('"v2"', "Sat, 01 Jun 2024", 0, None),
    ),
    ("ok-without-validators-clears", fetch(FetchOutcome.OK, status=200), (None, None, 0, None)),
]


def test_record_fetch_state_transitions(engine: Engine) -> None:
    with session_scope(engine) as session:
        writes.ensure_sources(session, [source_config()], NOW)
    for step, (name, result, expected) in enumerate(FETCH_STEPS, start=1):
        with session_scope(engine) as session:
            record(session, result, entries=3, new=1)
        with session_scope(engine) as session:
            state = queries.source_state(session, "nhk")
            (health,) = queries.source_health(session)
        assert state is not None
        got = (state.etag, state.last_modified, state.consecutive_failures, health.last_error)
        assert got == expected, name
        assert state.last_outcome == str(result.outcome), name
        assert state.next_due_at == NOW + timedelta(minutes=30), name
        assert (health.items_seen_total, health.documents_total) == (3 * step, step), name
    with session_scope(engine) as session:
        logs = queries.last_fetch_logs(session, "nhk", limit=100)
        assert len(logs) == len(FETCH_STEPS)
        assert logs[0].drops == {"known_url": 2}
        assert {log.parsed for log in logs} == {True, False}
        assert queries.last_fetch_logs(session, "elsewhere") == []


def test_record_fetch_unknown_source(engine: Engine) -> None:
    with pytest.raises(writes.NotFound), session_scope(engine) as session:
        record(session, fetch(FetchOutcome.OK))


def test_unchanged_fetches_recorded_in_bulk_as_one_by_one(engine: Engine) -> None:
    steps = [
        fetch(FetchOutcome.HARD_ERROR, status=500, error="HTTP 500"),
        fetch(FetchOutcome.OK, status=200, etag='"v1"', last_modified="Mon", content_hash="h1"),
        fetch(FetchOutcome.NOT_MODIFIED, status=304),
        fetch(FetchOutcome.NOT_MODIFIED, status=304, etag='"v2"'),
        fetch(FetchOutcome.OK, status=200, content_hash="h2"),
    ]
    names = ["one", "bulk-a", "bulk-b"]
    with session_scope(engine) as session:
        writes.ensure_sources(
            session, [source_config(name, url="https://example.jp/a.rss") for name in names], NOW
        )
    for step, result in enumerate(steps):
        now = NOW + timedelta(minutes=step)
        due = now + timedelta(minutes=30)
        drops = {"not_modified": 1} if result.outcome is FetchOutcome.NOT_MODIFIED else {}
        with session_scope(engine) as session:
            writes.record_fetch(
                session, "one", result, now=now, next_due_at=due, parsed=False, entries=0,
                new_documents=0, updated_documents=0, new_mentions=0, drops=drops,
            )  # fmt: skip
            if result.outcome is FetchOutcome.HARD_ERROR:
                for name in names[1:]:
                    writes.record_fetch(
                        session, name, result, now=now, next_due_at=due, parsed=False,
                        entries=0, new_documents=0, updated_documents=0, new_mentions=0,
                        drops=drops,
                    )  # fmt: skip
            else:
                writes.record_unchanged_fetches(
                    session,
                    [writes.UnchangedFetch(name, result, now, due, drops) for name in names[1:]],
                )
        with session_scope(engine) as session:
            states = {name: queries.source_state(session, name) for name in names}
            health = {row.name: row for row in queries.source_health(session)}
            logs = {name: queries.last_fetch_logs(session, name, limit=10) for name in names}
        for name in names[1:]:
            assert states[name] is not None
            assert replace(states[name], name="one") == states["one"], (step, name)
            assert replace(health[name], name="one") == health["one"], (step, name)
            assert [replace(log, id=0, source_name="") for log in logs[name]] == [
                replace(log, id=0, source_name="") for log in logs["one"]
            ], (step, name)
    assert states["one"] is not None and states["one"].etag is None  # a 200 sends its own
    assert states["one"].content_hash == "h2" and states["one"].consecutive_failures == 0
    with pytest.raises(writes.NotFound), session_scope(engine) as session:
        writes.record_unchanged_fetches(
            session, [writes.UnchangedFetch("missing", steps[2], NOW, NOW, {})]
        )
    with pytest.raises(ValueError), session_scope(engine) as session:
        writes.record_unchanged_fetches(
            session, [writes.UnchangedFetch("one", steps[0], NOW, NOW, {})]
        )


# --- documents and stories ------------------------------------------------------------


def test_add_document_is_a_no_op_for_a_known_canonical_url(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = writes.add_document(session, new_document())
        again = writes.add_document(session, new_document(url_keys=("u:other",)))
    assert first is not None and again is None
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1
        assert session.scalar(select(func.count()).select_from(Story)) == 1  # no orphan story
        assert queries.known_url_keys(session, ["u:example.jp/a/1", "u:other"]) == {
            "u:example.jp/a/1": first
        }


def test_documents_stories_bands_and_placements(engine: Engine) -> None:
    with session_scope(engine) as session:
        wire = writes.add_document(
            session, new_document("https://kyodo.jp/1", outlet="共同通信", media_type="wire")
        )
        assert wire is not None
        ref = queries.document_ref(session, wire)
        assert ref is not None
        reprint = writes.add_document(
            session,
            new_document(
                "https://paper.jp/9",
                story_id=ref.story_id,
                fingerprint="fp-2",
                band_keys=("b2", "b3"),
                url_keys=("u:paper.jp/9",),
                published_at=NOW + timedelta(hours=2),
                outlet="地方紙",
                media_type="newspaper",
            ),
        )
        assert reprint is not None
        writes.add_url_keys(session, reprint, ["u:paper.jp/9", "u:m.paper.jp/9"])
        writes.set_story_original(session, ref.story_id, wire, "共同")
    with session_scope(engine) as session:
        assert queries.known_url_keys(session, ["u:m.paper.jp/9", "nope"]) == {
            "u:m.paper.jp/9": reprint
        }
        assert queries.story_candidates(session, ["b2"]) == [
            (ref.story_id, b"\x00\x01sig"),
            (ref.story_id, b"\x00\x01sig"),
        ]
        assert queries.story_candidates(session, ["b3", "zz"]) == [(ref.story_id, b"\x00\x01sig")]
        assert queries.story_candidates(session, []) == []
        found = queries.document_by_fingerprint(session, "fp-2")
        assert found is not None and (found.id, found.outlet) == (reprint, "地方紙")
        assert queries.document_by_fingerprint(session, "missing") is None
        placements = queries.story_placements(session, ref.story_id)
        assert [p.document_id for p in placements] == [wire, reprint]
        assert placements[1].media_type == "newspaper"
        story = session.get(Story, ref.story_id)
        assert story is not None and (story.original_document_id, story.credit) == (wire, "共同")


def test_a_crowded_band_reads_its_newest_documents_from_a_floor(engine: Engine) -> None:
    crowded = queries.BAND_DOCUMENTS + 5
    with session_scope(engine) as session:
        ids = [
            writes.add_document(
                session,
                new_document(
                    f"https://example.jp/c/{n}",
                    fingerprint=f"fp-c{n}",
                    band_keys=("busy", f"own-{n}"),
                    url_keys=(f"u:c{n}",),
                ),
            )
            for n in range(crowded)
        ]
    assert None not in ids
    newest = sorted((i for i in ids if i is not None), reverse=True)[: queries.BAND_DOCUMENTS]
    with session_scope(engine) as session:
        first = queries.band_documents(session, ["busy", "own-0", "none"])
        assert [document_id for document_id, _, _ in first.found["busy"]] == newest
        assert [document_id for document_id, _, _ in first.found["own-0"]] == [ids[0]]
        assert "none" not in first.found
        assert first.floors == {"busy": newest[-1]}  # only the crowded key gets a floor
        writes.raise_band_floors(session, first.floors)
    with session_scope(engine) as session:
        assert queries.band_floors(session, ["busy", "own-0"]) == {"busy": newest[-1]}
        later = writes.add_document(
            session,
            new_document("https://example.jp/c/late", fingerprint="fp-late", band_keys=("busy",)),
        )
        assert later is not None
        # Read from the floor on: the newest documents, the floor moving up by one.
        again = queries.band_documents(session, ["busy"])
        assert [d for d, _, _ in again.found["busy"]] == [later, *newest[:-1]]
        assert again.floors == {"busy": newest[-2]}
        writes.raise_band_floors(session, again.floors)
        writes.raise_band_floors(session, {"busy": newest[-1]})  # never lowered
        assert queries.band_floors(session, ["busy"]) == {"busy": newest[-2]}
        assert len(queries.story_candidates(session, ["busy"])) == queries.BAND_DOCUMENTS


def test_move_detach_and_hand_over_documents(engine: Engine) -> None:
    with session_scope(engine) as session:
        a = writes.add_document(session, new_document("https://a.jp/1", url_keys=("u:a",)))
        assert a is not None
        ref_a = queries.document_ref(session, a)
        assert ref_a is not None
        b = writes.add_document(
            session,
            new_document(
                "https://b.jp/1", story_id=ref_a.story_id, fingerprint="fp-b", url_keys=("u:b",)
            ),
        )
        c = writes.add_document(
            session, new_document("https://c.jp/1", fingerprint="fp-c", url_keys=("u:c",))
        )
        assert b is not None and c is not None
        ref_c = queries.document_ref(session, c)
        assert ref_c is not None
        writes.set_story_original(session, ref_a.story_id, b, None)
        assert [m.document_id for m in queries.story_members(session, ref_a.story_id)] == [a, b]
        assert queries.story_candidates(session, ["b1"], exclude_document=a) == [
            (ref_a.story_id, b"\x00\x01sig"),
            (ref_c.story_id, b"\x00\x01sig"),
        ]
        # b leaves a's story for c's: a's story stays (a is in it) and forgets its original.
        assert writes.move_document(session, b, ref_c.story_id) == ref_a.story_id
        assert writes.move_document(session, b, ref_c.story_id) is None
        story_a = session.get(Story, ref_a.story_id)
        assert story_a is not None and story_a.original_document_id is None
        # a, alone now, moves too: its empty story is deleted.
        assert writes.move_document(session, a, ref_c.story_id) == ref_a.story_id
        assert session.get(Story, ref_a.story_id) is None
        # c gets a story of its own; then it is alone and nothing happens.
        assert writes.detach_document(session, c, NOW) == ref_c.story_id
        assert writes.detach_document(session, c, NOW) is None
        writes.set_document_source(session, c, "nikkei")
        ref = queries.document_ref(session, c)
        assert ref is not None and ref.source_name == "nikkei" and ref.story_id != ref_c.story_id
        with pytest.raises(writes.NotFound):
            writes.move_document(session, a, 9999)
        with pytest.raises(writes.NotFound):
            writes.move_document(session, 9999, ref_c.story_id)
        with pytest.raises(writes.NotFound):
            writes.detach_document(session, 9999, NOW)
        with pytest.raises(writes.NotFound):
            writes.set_document_source(session, 9999, "x")


def test_update_document_replaces_text_and_bands(engine: Engine) -> None:
    with session_scope(engine) as session:
        doc_id = writes.add_document(session, new_document())
        assert doc_id is not None
        writes.update_document(
            session,
            doc_id,
            title="訂正",
            text="新しい本文",
            summary="要約",
            fingerprint="fp-new",
            signature=b"new",
            band_keys=["b9"],
            now=NOW + timedelta(hours=1),
        )
    with session_scope(engine) as session:
        ref = queries.document_ref(session, doc_id)
        assert ref is not None and ref.fingerprint == "fp-new"
        assert queries.story_candidates(session, ["b1", "b2"]) == []
        assert queries.story_candidates(session, ["b9"]) == [(ref.story_id, b"new")]
        doc = session.get(Document, doc_id)
        assert doc is not None and doc.updated_at == NOW + timedelta(hours=1)
        assert doc.first_seen_at == NOW
    with pytest.raises(writes.NotFound), session_scope(engine) as session:
        writes.update_document(
            session,
            9999,
            title="",
            text="",
            summary="",
            fingerprint="",
            signature=None,
            band_keys=[],
            now=NOW,
        )


def test_documents_for_rematch(engine: Engine) -> None:
    with session_scope(engine) as session:
        old = writes.add_document(
            session, new_document("https://a.jp/old", published_at=NOW - timedelta(days=30))
        )
        undated = writes.add_document(
            session, new_document("https://a.jp/undated", published_at=None)
        )
        writes.add_manual_mention(
            session,
            expert_id="tanaka",
            role=Role.INTERVIEW,
            outlet="NHK",
            media_type="tv",
            title="番組",
            published_at=NOW,
            url=None,
            note=None,
            now=NOW,
        )
    with session_scope(engine) as session:
        every = [d.id for d in queries.documents_for_rematch(session, None)]
        recent = [d.id for d in queries.documents_for_rematch(session, NOW - timedelta(days=1))]
    assert every == [old, undated]  # the manual document has no text to match
    assert recent == [undated]  # undated: first_seen_at counts


def test_document_links_are_kept_for_rematch_and_replaced_on_update(engine: Engine) -> None:
    cited = ("https://www.jiia.or.jp/strategic_comment/2025-03.html", "https://a.jp/other")
    with session_scope(engine) as session:
        doc_id = writes.add_document(
            session, replace(new_document("https://a.jp/links"), links=cited)
        )
        plain = writes.add_document(session, new_document("https://a.jp/plain"))
    assert doc_id is not None
    with session_scope(engine) as session:
        links = {d.id: d.links for d in queries.documents_for_rematch(session, None)}
    assert links == {doc_id: cited, plain: ()}
    with session_scope(engine) as session:
        writes.update_document(
            session, doc_id, title="t", text="x", summary="", fingerprint="fp-2",
            signature=None, band_keys=(), now=NOW, links=cited[1:],
        )
    with session_scope(engine) as session:
        links = {d.id: d.links for d in queries.documents_for_rematch(session, None)}
    assert links[doc_id] == cited[1:]


def test_upgrade_from_the_first_revision_keeps_documents(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0001")
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO stories (id, created_at) VALUES (1, :t)"),
                {"t": NOW},
            )
            connection.execute(
                text(
                    "INSERT INTO documents (id, story_id, source_name, url, canonical_url, "
                    "title, text, summary, first_seen_at, updated_at, fingerprint, manual) "
                    "VALUES (1, 1, 's', 'https://a.jp/1', 'https://a.jp/1', 't', 'x', '', "
                    ":t, :t, 'fp', false)"
                ),
                {"t": NOW},
            )
        upgrade(engine)
        with session_scope(engine) as session:
            kept = list(queries.documents_for_rematch(session, None))
        assert [(d.id, d.url, d.links) for d in kept] == [(1, "https://a.jp/1", ())]
    finally:
        engine.dispose()


# --- mentions --------------------------------------------------------------------------


def test_add_mentions_never_touches_existing_rows(engine: Engine) -> None:
    with session_scope(engine) as session:
        doc = writes.add_document(session, new_document())
        assert doc is not None
        inserted = writes.add_mentions(
            session,
            doc,
            [
                candidate("tanaka", confidence=0.6),
                candidate("tanaka", Role.INTERVIEW, confidence=0.95),  # same target: best wins
                candidate("suzuki"),
                candidate("sato"),
            ],
            NOW,
        )
        assert inserted == 3
    with session_scope(engine) as session:
        by_target = {row.target_id: row for row in queries.mention_rows(session)}
        assert by_target["tanaka"].role is Role.INTERVIEW
        writes.set_mention_status(
            session, by_target["tanaka"].id, MentionStatus.CONFIRMED, NOW, note="ok"
        )
        writes.set_mention_status(session, by_target["suzuki"].id, MentionStatus.REJECTED, NOW)
    later = NOW + timedelta(days=1)
    with session_scope(engine) as session:
        again = writes.add_mentions(
            session,
            doc,
            [
                candidate("tanaka", Role.MENTION, 0.1),
                candidate("suzuki", Role.QUOTE, 1.0),
                candidate("sato", Role.AUTHORED, 1.0),
                candidate("yamada"),
                candidate("tanaka", kind=TargetKind.PUBLICATION),  # another target kind
            ],
            later,
        )
        assert again == 2
    with session_scope(engine) as session:
        rows = {(r.target_kind, r.target_id): r for r in queries.mention_rows(session)}
    tanaka = rows[(TargetKind.EXPERT, "tanaka")]
    assert (tanaka.status, tanaka.role, tanaka.confidence, tanaka.note) == (
        MentionStatus.CONFIRMED,
        Role.INTERVIEW,
        0.95,
        "ok",
    )
    suzuki = rows[(TargetKind.EXPERT, "suzuki")]  # the tombstone stays a tombstone
    assert (suzuki.status, suzuki.role, suzuki.reviewed_at) == (
        MentionStatus.REJECTED,
        Role.QUOTE,
        NOW,
    )
    sato = rows[(TargetKind.EXPERT, "sato")]
    assert (sato.status, sato.role, sato.created_at) == (MentionStatus.PENDING, Role.QUOTE, NOW)
    assert rows[(TargetKind.EXPERT, "yamada")].created_at == later


def test_set_mention_status(engine: Engine) -> None:
    with session_scope(engine) as session:
        doc = writes.add_document(session, new_document())
        assert doc is not None
        writes.add_mentions(session, doc, [candidate()], NOW)
        (row,) = queries.mention_rows(session)
        writes.set_mention_status(
            session, row.id, MentionStatus.CONFIRMED, NOW, note="確認", role=Role.INTERVIEW
        )
        writes.set_mention_status(session, row.id, MentionStatus.CONFIRMED, NOW)  # keeps note
    with session_scope(engine) as session:
        got = queries.mention_row(session, row.id)
        assert got is not None
        assert (got.status, got.role, got.note, got.reviewed_at) == (
            MentionStatus.CONFIRMED,
            Role.INTERVIEW,
            "確認",
            NOW,
        )
        assert queries.mention_counts(session) == {
            MentionStatus.PENDING: 0,
            MentionStatus.CONFIRMED: 1,
            MentionStatus.REJECTED: 0,
        }
    with pytest.raises(writes.NotFound), session_scope(engine) as session:
        writes.set_mention_status(session, 424242, MentionStatus.REJECTED, NOW)


@pytest.mark.parametrize("url", [None, "https://tv.example.jp/show/5"], ids=["no-url", "url"])
def test_add_manual_mention(engine: Engine, url: str | None) -> None:
    with session_scope(engine) as session:
        mention_id = writes.add_manual_mention(
            session,
            expert_id="tanaka",
            role=Role.INTERVIEW,
            outlet="NHK",
            media_type="tv",
            title="日曜討論",
            published_at=datetime(2024, 5, 5, 9, 0, tzinfo=JST),
            url=url,
            note="staff saw it",
            now=NOW,
        )
        second = writes.add_manual_mention(
            session,
            expert_id="tanaka",
            role=Role.INTERVIEW,
            outlet="NHK",
            media_type="tv",
            title="日曜討論",
            published_at=datetime(2024, 5, 5, 9, 0, tzinfo=JST),
            url=url,
            note=None,
            now=NOW,
        )
    with session_scope(engine) as session:
        row = queries.mention_row(session, mention_id)
        documents = session.scalar(select(func.count()).select_from(Document))
    assert row is not None
    assert (row.status, row.manual, row.role, row.outlet, row.media_type) == (
        MentionStatus.CONFIRMED,
        True,
        Role.INTERVIEW,
        "NHK",
        "tv",
    )
    if url is None:
        assert row.document_url.startswith("manual:") and second != mention_id
        assert documents == 2  # two separate shows without URLs
    else:
        assert row.document_url == url and second == mention_id and documents == 1


def test_manual_mention_on_a_crawled_document_confirms_the_candidate(engine: Engine) -> None:
    url = "https://example.jp/a/1"
    with session_scope(engine) as session:
        doc = writes.add_document(session, new_document(url))
        assert doc is not None
        writes.add_mentions(session, doc, [candidate(confidence=0.3)], NOW)
        mention_id = writes.add_manual_mention(
            session,
            expert_id="tanaka",
            role=Role.QUOTE,
            outlet="NHK",
            media_type="tv",
            title="見出し",
            published_at=NOW,
            url=url,
            note="seen",
            now=NOW,
        )
    with session_scope(engine) as session:
        (row,) = queries.mention_rows(session)
    assert (row.id, row.status, row.document_id) == (mention_id, MentionStatus.CONFIRMED, doc)


APPEARANCE_WINDOW = (
    datetime(2024, 4, 1, tzinfo=JST),
    datetime(2025, 4, 1, tzinfo=JST),
)


def test_appearance_rows_window_statuses_and_kinds(engine: Engine) -> None:
    start, end = APPEARANCE_WINDOW
    docs = {
        "before": start - timedelta(microseconds=1),
        "first-instant": start,
        "last-instant": end - timedelta(seconds=1),
        "at-end": end,
    }
    with session_scope(engine) as session:
        ids = {}
        for name, when in docs.items():
            doc = writes.add_document(
                session, new_document(f"https://a.jp/{name}", fingerprint=name, published_at=when)
            )
            assert doc is not None
            ids[name] = doc
            writes.add_mentions(
                session,
                doc,
                [candidate("tanaka"), candidate("inst", kind=TargetKind.INSTITUTE)],
                NOW,
            )
        undated = writes.add_document(
            session,
            new_document("https://a.jp/undated", published_at=None, now=start + timedelta(days=3)),
        )
        assert undated is not None
        writes.add_mentions(session, undated, [candidate("suzuki")], NOW)
        (rejected,) = [
            r
            for r in queries.mention_rows(session, expert_id="tanaka")
            if r.document_id == ids["first-instant"]
        ]
        writes.set_mention_status(session, rejected.id, MentionStatus.REJECTED, NOW)
    with session_scope(engine) as session:
        pending = queries.appearance_rows(session, start, end, [MentionStatus.PENDING])
        everything = queries.appearance_rows(session, start, end, list(MentionStatus))
        none = queries.appearance_rows(session, start, end, [])
    assert [(r.document_id, r.target_id) for r in pending] == [
        (undated, "suzuki"),
        (ids["last-instant"], "tanaka"),
    ]
    assert [r.document_id for r in everything] == [
        ids["first-instant"],
        undated,
        ids["last-instant"],
    ]
    assert {r.target_kind for r in everything} == {TargetKind.EXPERT}
    assert none == []


MENTION_FILTERS: list[tuple[str, dict[str, Any], Sequence[str]]] = [
    ("all", {}, ["c", "b", "a"]),
    ("status", {"status": MentionStatus.CONFIRMED}, ["b"]),
    ("expert", {"expert_id": "a"}, ["a"]),
    ("since", {"since": NOW + timedelta(days=1)}, ["c", "b"]),
    ("until", {"until": NOW + timedelta(days=2)}, ["b", "a"]),
    ("confidence", {"min_confidence": 0.5}, ["c", "a"]),
    ("role", {"role": Role.AUTHORED}, ["c"]),
    ("limit", {"limit": 1}, ["c"]),
]


@pytest.mark.parametrize(
    ("name", "filters", "expected"), MENTION_FILTERS, ids=[case[0] for case in MENTION_FILTERS]
)
def test_mention_rows_filters(
    engine: Engine, name: str, filters: dict[str, Any], expected: Sequence[str]
) -> None:
    with session_scope(engine) as session:
        for day, (expert, confidence, role) in enumerate(
            (("a", 0.9, Role.QUOTE), ("b", 0.2, Role.QUOTE), ("c", 0.7, Role.AUTHORED))
        ):
            doc = writes.add_document(
                session,
                new_document(
                    f"https://a.jp/{expert}",
                    fingerprint=expert,
                    published_at=NOW + timedelta(days=day),
                ),
            )
            assert doc is not None
            writes.add_mentions(
                session, doc, [candidate(expert, role=role, confidence=confidence)], NOW
            )
        (b,) = queries.mention_rows(session, expert_id="b")
        writes.set_mention_status(session, b.id, MentionStatus.CONFIRMED, NOW)
    with session_scope(engine) as session:
        rows = queries.mention_rows(session, **filters)
    assert [row.target_id for row in rows] == list(expected), name


# --- publications ----------------------------------------------------------------------


def test_upsert_publication(engine: Engine) -> None:
    record_ = PublicationRecord(
        url="https://inst.jp/pub/1",
        title="研究レポート",
        pub_type="report",
        language="ja",
        published=datetime(2024, 4, 1, 0, 0, tzinfo=JST),
        authors=("tanaka",),
    )
    with session_scope(engine) as session:
        assert writes.upsert_publication(session, record_, "inst-pubs", NOW) is True
        assert writes.upsert_publication(session, record_, "inst-pubs", NOW) is False
        renamed = PublicationRecord(
            url=record_.url, title="改題", pub_type="report", language="ja", published=None
        )
        assert writes.upsert_publication(session, renamed, "inst-pubs", NOW) is False
    start, end = APPEARANCE_WINDOW
    with session_scope(engine) as session:
        (row,) = queries.publication_rows(session, start, end)
        assert queries.publication_rows(session, start - timedelta(days=1), start) == []
        (as_record,) = queries.publication_records(session)
    assert (row.title, row.authors, row.published_at) == (
        "改題",
        ("tanaka",),
        datetime(2024, 4, 1, 0, 0, tzinfo=JST),
    )
    assert as_record.authors == ("tanaka",) and as_record.url == record_.url


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"), session_scope(engine) as session:
        writes.add_mentions(session, 98765, [candidate()], NOW)


def test_schema_has_the_unique_keys(engine: Engine) -> None:
    inspector = inspect(engine)
    uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("mentions")}
    assert ("document_id", "target_kind", "target_id") in uniques
    assert ("canonical_url",) in {
        tuple(u["column_names"]) for u in inspector.get_unique_constraints("documents")
    }
    assert Mention.__tablename__ == "mentions"


def test_merged_story_ids_are_never_reused(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = writes.add_document(session, new_document("https://a.example/1", url_keys=("u:a",)))
        second = writes.add_document(session, new_document("https://b.example/2", url_keys=("u:b",)))
        assert first is not None and second is not None
        keep = queries.document_ref(session, first)
        gone = queries.document_ref(session, second)
        assert keep is not None and gone is not None and keep.story_id < gone.story_id
        writes.merge_stories(session, keep.story_id, [gone.story_id])
    with session_scope(engine) as session:
        third = writes.add_document(session, new_document("https://c.example/3", url_keys=("u:c",)))
        assert third is not None
        ref = queries.document_ref(session, third)
        assert ref is not None and ref.story_id > gone.story_id


def test_document_refs_reads_many_at_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = writes.add_document(session, new_document("https://a.example/1", url_keys=("u:a",)))
        second = writes.add_document(session, new_document("https://b.example/2", url_keys=("u:b",)))
        assert first is not None and second is not None
        refs = queries.document_refs(session, [second, first, second, 10_000])
        assert set(refs) == {first, second}
        assert refs[first] == queries.document_ref(session, first)
        assert refs[second].canonical_url == "https://b.example/2"
