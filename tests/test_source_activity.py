"""storage.queries.source_activity: the staff "Sources" page's numbers, and the silent rule.

Sources are registered with ``writes.ensure_sources``, fetches logged with
``writes.record_fetch``, documents stored with ``writes.add_document`` and
mentions with ``writes.add_mentions``, each at a chosen time, so the 7/30-day
windows, the last arrival, the usual gap and "silent" are checked exactly.
Every test taking ``engine`` runs on SQLite and PostgreSQL (tests/dbfixtures.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

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
from storage.db import make_engine, session_scope, upgrade

NOW = datetime(2024, 6, 1, 3, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
SECOND = timedelta(seconds=1)


# --- building a history ------------------------------------------------------------------


def source(
    name: str,
    every: timedelta = HOUR,
    kind: SourceKind = SourceKind.FEED,
    enabled: bool = True,
) -> SourceConfig:
    return SourceConfig(
        name=name, kind=kind, url=f"https://example.jp/{name}.rss", every=every, enabled=enabled
    )


def log(
    session: Session,
    name: str,
    at: datetime,
    *,
    new: int = 0,
    outcome: FetchOutcome = FetchOutcome.OK,
    error: str | None = None,
) -> None:
    """One fetch of ``name`` at ``at`` that brought ``new`` documents."""
    failed = outcome in (FetchOutcome.SOFT_ERROR, FetchOutcome.HARD_ERROR)
    writes.record_fetch(
        session,
        name,
        FetchResult(
            url=f"https://example.jp/{name}.rss",
            outcome=outcome,
            status=None if failed else 200,
            error=error,
            fetched_at=at,
        ),
        now=at,
        next_due_at=at + HOUR,
        parsed=not failed,
        entries=new,
        new_documents=new,
        updated_documents=0,
        new_mentions=0,
        drops={},
    )


def logs(
    session: Session, name: str, start: datetime, step: timedelta, count: int, *, new: int = 0
) -> None:
    """``count`` OK fetches of ``name`` from ``start``, ``step`` apart."""
    for index in range(count):
        log(session, name, start + index * step, new=new)


def document(session: Session, name: str, key: str, first_seen: datetime) -> int:
    """A document first seen from source ``name`` at ``first_seen``; its id."""
    url = f"https://example.jp/{name}/{key}"
    doc_id = writes.add_document(
        session,
        writes.NewDocument(
            story_id=None,
            source_name=name,
            url=url,
            canonical_url=url,
            guid=None,
            title=key,
            text="本文",
            summary="",
            byline=None,
            published_at=None,
            language="ja",
            outlet=None,
            media_type=None,
            fingerprint=f"fp-{name}-{key}",
            signature=None,
            band_keys=(),
            url_keys=(f"u:{name}/{key}",),
            credit=None,
            now=first_seen,
        ),
    )
    assert doc_id is not None
    return doc_id


def mention(
    session: Session,
    doc_id: int,
    created: datetime,
    target: str = "tanaka",
    kind: TargetKind = TargetKind.EXPERT,
) -> None:
    """A mention of ``target`` on ``doc_id``, created at ``created``."""
    candidate = MentionCandidate(
        target_kind=kind,
        target_id=target,
        alias=target,
        start=0,
        end=2,
        snippet=f"[[{target}]]",
        role=Role.QUOTE,
        confidence=0.9,
        rule="test",
        reason="test",
    )
    assert writes.add_mentions(session, doc_id, [candidate], created) == 1


def activity(engine: Engine, now: datetime = NOW) -> dict[str, queries.SourceActivity]:
    with session_scope(engine) as session:
        return {row.name: row for row in queries.source_activity(session, now)}


# --- 7 and 30 days: [now - days, now) ------------------------------------------------------


def test_item_and_mention_windows_and_their_boundaries(engine: Engine) -> None:
    with session_scope(engine) as session:
        writes.ensure_sources(session, [source("counted"), source("other"), source("empty")], NOW)
        week_start = document(session, "counted", "week-start", NOW - 7 * DAY)  # 7d and 30d
        before_week = document(session, "counted", "before-week", NOW - 7 * DAY - SECOND)  # 30d
        month_start = document(session, "counted", "month-start", NOW - 30 * DAY)  # 30d
        before_month = document(session, "counted", "before-month", NOW - 30 * DAY - SECOND)
        at_now = document(session, "counted", "at-now", NOW)  # not before now: neither
        recent = document(session, "counted", "recent", NOW - HOUR)  # 7d and 30d
        old = document(session, "counted", "old", NOW - 40 * DAY)  # neither
        other = document(session, "other", "one", NOW - DAY)

        mention(session, week_start, NOW - 7 * DAY, "tanaka")
        mention(session, week_start, NOW - 7 * DAY, "suzuki")
        mention(
            session, week_start, NOW - 7 * DAY, "https://jiia.example/r/1", TargetKind.PUBLICATION
        )
        mention(session, week_start, NOW - 7 * DAY, "jiia", TargetKind.INSTITUTE)
        mention(session, before_week, NOW - 7 * DAY - SECOND)
        mention(session, month_start, NOW - 30 * DAY)
        mention(session, before_month, NOW - 30 * DAY - SECOND)
        mention(session, at_now, NOW)
        mention(session, recent, NOW - HOUR)
        mention(session, old, NOW - 2 * DAY)  # a new mention on an old document (rematch)
        mention(session, other, NOW - DAY)

    rows = activity(engine)
    assert list(rows) == ["counted", "empty", "other"]  # by name
    counted = rows["counted"]
    assert (counted.items_7d, counted.items_30d) == (2, 4)
    # Expert mentions only, by when the mention was created, not when its document was.
    assert (counted.mentions_7d, counted.mentions_30d) == (4, 6)
    assert (rows["other"].items_7d, rows["other"].items_30d) == (1, 1)
    assert (rows["other"].mentions_7d, rows["other"].mentions_30d) == (1, 1)
    empty = rows["empty"]
    assert (empty.items_7d, empty.items_30d, empty.mentions_7d, empty.mentions_30d) == (0, 0, 0, 0)

    # Seen a day later, the week boundary documents have left the 7-day window.
    later = activity(engine, NOW + DAY)["counted"]
    assert (later.items_7d, later.items_30d) == (2, 4)  # recent, at-now | + week's two


def test_mentions_count_whatever_their_review_status(engine: Engine) -> None:
    with session_scope(engine) as session:
        writes.ensure_sources(session, [source("feed")], NOW)
        doc_id = document(session, "feed", "a", NOW - DAY)
        mention(session, doc_id, NOW - DAY, "tanaka")
        mention(session, doc_id, NOW - DAY, "suzuki")
    with session_scope(engine) as session:
        (pending,) = [row for row in queries.mention_rows(session) if row.target_id == "suzuki"]
        writes.set_mention_status(session, pending.id, MentionStatus.REJECTED, NOW)
    row = activity(engine)["feed"]
    assert (row.mentions_7d, row.mentions_30d) == (2, 2)


# --- arrivals, usual gap and silence -------------------------------------------------------


def test_last_new_at_usual_gap_and_silent(engine: Engine) -> None:
    configs = [
        source("busy"),
        source("disabled quiet", enabled=False),
        source("failing"),
        source("irregular"),
        source("never new"),
        source("quiet"),
        source("too young"),
        source("untouched"),
        source("window of twenty"),
    ]
    with session_scope(engine) as session:
        writes.ensure_sources(session, configs, NOW - 60 * DAY)
        # Daily arrivals until 20 days ago, then answering with nothing new: silent.
        for name in ("quiet", "disabled quiet", "failing"):
            logs(session, name, NOW - 40 * DAY, DAY, 21, new=2)
            logs(session, name, NOW - 19 * DAY, DAY, 19)
            log(session, name, NOW - HOUR)
        # ... the same, but its last fetch failed: failing, not silent.
        log(
            session,
            "failing",
            NOW - HOUR / 2,
            outcome=FetchOutcome.SOFT_ERROR,
            error="connection_refused: robots.txt: [Errno 111] Connect call failed",
        )
        # Arrivals every 6 hours up to 2 hours ago: productive (a log after NOW is ignored).
        logs(session, "busy", NOW - 5 * DAY - 2 * HOUR, 6 * HOUR, 21, new=1)
        log(session, "busy", NOW + HOUR, new=5)
        # Gaps of 1, 2 and 1 days: the median is a day.
        for offset in (10, 9, 7, 6):
            log(session, "irregular", NOW - offset * DAY, new=1)
        # 21 daily arrivals, then 20 hourly ones: only the last 20 set the usual gap.
        logs(session, "window of twenty", NOW - 30 * DAY, DAY, 21, new=1)
        logs(session, "window of twenty", NOW - 20 * HOUR, HOUR, 20, new=1)
        # Answering for 10 days, never anything new: silent. For 3 days: not yet.
        logs(session, "never new", NOW - 10 * DAY, DAY, 10)
        logs(session, "too young", NOW - 3 * DAY, DAY, 3)

    rows = activity(engine)
    expected: dict[str, tuple[datetime | None, timedelta | None, bool]] = {
        "busy": (NOW - 2 * HOUR, 6 * HOUR, False),
        "disabled quiet": (NOW - 20 * DAY, DAY, False),
        "failing": (NOW - 20 * DAY, DAY, False),
        "irregular": (NOW - 6 * DAY, DAY, True),  # quiet 6 days > 3 × 1 day
        "never new": (None, None, True),
        "quiet": (NOW - 20 * DAY, DAY, True),
        "too young": (None, None, False),
        "untouched": (None, None, False),
        "window of twenty": (NOW - HOUR, HOUR, False),
    }
    got = {name: (row.last_new_at, row.usual_gap, row.silent) for name, row in rows.items()}
    assert got == expected

    failing = rows["failing"]
    assert failing.last_outcome == str(FetchOutcome.SOFT_ERROR)
    assert failing.consecutive_failures == 1
    assert failing.last_error is not None and failing.last_error.startswith("connection_refused")
    quiet = rows["quiet"]
    assert (quiet.last_outcome, quiet.last_status, quiet.last_error) == ("ok", 200, None)
    assert quiet.last_fetch_at == quiet.last_success_at == NOW - HOUR
    assert quiet.kind == "feed" and quiet.url == "https://example.jp/quiet.rss"
    assert rows["untouched"].last_outcome is None and rows["untouched"].next_due_at is not None
    assert rows["disabled quiet"].enabled is False
    for row in rows.values():  # every time is aware UTC, on SQLite too
        for value in (row.last_new_at, row.last_fetch_at, row.last_success_at, row.next_due_at):
            assert value is None or value.utcoffset() == timedelta(0)

    # Three days later the busy source has gone quiet for longer than a day (> 3 × 6 h).
    assert activity(engine, NOW + 3 * DAY)["busy"].silent is True


def test_a_publications_source_arrives_with_its_publications(engine: Engine) -> None:
    """Its fetch logs count no documents; its new publications are what arrives."""
    with session_scope(engine) as session:
        writes.ensure_sources(
            session,
            [
                source("reports", DAY, SourceKind.PUBLICATIONS),
                source("old reports", DAY, SourceKind.PUBLICATIONS),
            ],
            NOW - 60 * DAY,
        )
        for name, start in (("reports", NOW - 9 * DAY), ("old reports", NOW - 50 * DAY)):
            for index in range(4):
                at = start + 2 * index * DAY
                log(session, name, at)
                for number in range(2):  # two publications found by one fetch: one arrival
                    record = PublicationRecord(
                        url=f"https://jiia.example/{name}/{index}-{number}",
                        title=f"Report {index}-{number}",
                        pub_type="report",
                        language="ja",
                    )
                    assert writes.upsert_publication(session, record, name, at)
            log(session, name, NOW - HOUR)
    rows = activity(engine)
    assert (rows["reports"].last_new_at, rows["reports"].usual_gap) == (NOW - 3 * DAY, 2 * DAY)
    assert rows["reports"].silent is False  # 3 days quiet, usual gap 2 days
    assert (rows["old reports"].last_new_at, rows["old reports"].silent) == (NOW - 44 * DAY, True)


def test_a_bounded_number_of_queries(engine: Engine) -> None:
    """The same few statements for 2 sources as for 12: grouped, not one per source."""

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    def run() -> int:
        with session_scope(engine) as session, counting() as statements:
            assert queries.source_activity(session, NOW)
        return len([s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))])

    with session_scope(engine) as session:
        writes.ensure_sources(session, [source("a"), source("b")], NOW - 10 * DAY)
        for name in ("a", "b"):
            logs(session, name, NOW - 5 * DAY, DAY, 5, new=1)
            mention(session, document(session, name, "x", NOW - DAY), NOW - DAY)
    few = run()
    with session_scope(engine) as session:
        names = [f"s{index:02}" for index in range(10)]
        writes.ensure_sources(
            session, [source(name) for name in ["a", "b", *names]], NOW - 10 * DAY
        )
        for name in names:
            logs(session, name, NOW - 5 * DAY, DAY, 5, new=1)
            mention(session, document(session, name, "x", NOW - DAY), NOW - DAY)
    assert few == run() == 5


# --- the rule itself ------------------------------------------------------------------------


@dataclass(frozen=True)
class SilentCase:
    last_new_ago: timedelta | None
    usual_gap: timedelta | None
    silent: bool
    every: timedelta = HOUR
    outcome: str | None = "ok"
    enabled: bool = True
    first_success_ago: timedelta | None = 30 * DAY


SILENT_CASES: dict[str, SilentCase] = {
    "three_usual_gaps_exactly_is_not_yet": SilentCase(6 * DAY, 2 * DAY, False),
    "past_three_usual_gaps": SilentCase(6 * DAY + SECOND, 2 * DAY, True),
    "not_modified_answers_too": SilentCase(7 * DAY, 2 * DAY, True, outcome="not_modified"),
    "one_day_floor_for_busy_sources": SilentCase(DAY, HOUR, False),
    "past_the_one_day_floor": SilentCase(DAY + SECOND, HOUR, True),
    "two_intervals_for_slow_schedules": SilentCase(4 * DAY, HOUR, False, every=2 * DAY),
    "past_two_intervals": SilentCase(4 * DAY + SECOND, HOUR, True, every=2 * DAY),
    "no_usual_gap_yet_uses_the_rest": SilentCase(DAY + SECOND, None, True),
    "soft_error_is_failing_not_silent": SilentCase(30 * DAY, DAY, False, outcome="soft_error"),
    "hard_error_is_failing_not_silent": SilentCase(30 * DAY, DAY, False, outcome="hard_error"),
    "never_fetched": SilentCase(None, None, False, outcome=None, first_success_ago=None),
    "disabled_is_not_silent": SilentCase(30 * DAY, DAY, False, enabled=False),
    "never_new_answering_8_days": SilentCase(None, None, True, first_success_ago=8 * DAY),
    "never_new_answering_7_days_exactly": SilentCase(None, None, False, first_success_ago=7 * DAY),
    "never_new_failing": SilentCase(
        None, None, False, outcome="soft_error", first_success_ago=8 * DAY
    ),
}


@pytest.mark.parametrize("case", SILENT_CASES.values(), ids=SILENT_CASES.keys())
def test_silent_rule(case: SilentCase) -> None:
    assert (
        queries.silent_rule(
            NOW,
            enabled=case.enabled,
            last_outcome=case.outcome,
            every=case.every,
            last_new_at=None if case.last_new_ago is None else NOW - case.last_new_ago,
            usual_gap=case.usual_gap,
            first_success_at=None
            if case.first_success_ago is None
            else NOW - case.first_success_ago,
        )
        is case.silent
    )


GAP_CASES: dict[str, tuple[tuple[timedelta, ...], timedelta | None]] = {
    "none": ((), None),
    "two_arrivals_are_too_few": ((0 * DAY, DAY), None),
    "three_arrivals": ((0 * DAY, DAY, 3 * DAY), 1.5 * DAY),
    "odd_number_of_gaps": ((0 * DAY, HOUR, 2 * HOUR, 10 * DAY), HOUR),
    "any_order": ((10 * DAY, 0 * DAY, 2 * HOUR, HOUR), HOUR),
}


@pytest.mark.parametrize(("offsets", "gap"), GAP_CASES.values(), ids=GAP_CASES.keys())
def test_median_gap(offsets: tuple[timedelta, ...], gap: timedelta | None) -> None:
    assert queries.median_gap([NOW - offset for offset in offsets]) == gap


def test_sources_command_marks_old_rows_and_lists_problems(tmp_path: Path) -> None:
    from tests.cli_helpers import run_cli

    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    engine = make_engine(db_url)
    upgrade(engine)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        writes.ensure_sources(session, [source("kept"), source("failing"), source("old")], now)
        for _ in range(3):
            writes.record_fetch(
                session,
                "failing",
                FetchResult(
                    url="https://example.jp/failing.rss",
                    outcome=FetchOutcome.SOFT_ERROR,
                    error="dns_error: example.jp",
                ),
                now=now,
                next_due_at=now + timedelta(hours=1),
                parsed=False,
                entries=0,
                new_documents=0,
                updated_documents=0,
                new_mentions=0,
                drops={},
            )
    engine.dispose()
    config = tmp_path / "sources.yaml"
    config.write_text(
        "institute: {name: 研究所}\nsources:\n"
        + "".join(
            f"  - {{name: {name}, kind: feed, url: 'https://example.jp/{name}.rss', every: 30m}}\n"
            for name in ("kept", "failing")
        ),
        encoding="utf-8",
    )
    code, out = run_cli(
        "sources", "--config", str(config), "--database-url", db_url, "--format", "json"
    )
    rows = {row["name"]: row for row in json.loads(out)}
    assert code == 0 and rows["old"]["in_config"] is False and rows["kept"]["in_config"] is True
    code, out = run_cli(
        "sources",
        "--config",
        str(config),
        "--database-url",
        db_url,
        "--problems",
        "--format",
        "json",
    )
    (problem,) = json.loads(out)
    assert problem["name"] == "failing" and "dns_error" in problem["problem"]
