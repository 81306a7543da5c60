"""Closed periods: labels and amendments (pipeline/periods.py), snapshots (storage/periods.py)
and the ``period`` command (pipeline/periods_cli.py).

Tests taking ``engine``/``db_url`` run on SQLite and PostgreSQL (tests/dbfixtures.py).
The CLI runs in-process: through ``pipeline.cli.main`` once it registers
``periods_cli``, else through a parser of the same shape built here.
"""

from __future__ import annotations

import argparse
import inspect
import io
import json
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import pipeline.cli
from pipeline import periods, periods_cli
from pipeline import report as rp
from pipeline.config import load_config
from pipeline.periods import (
    Amendment,
    AmendmentKind,
    PeriodLabelError,
    TotalChange,
    amendments,
    report_state,
)
from pipeline.types import MentionCandidate, PublicationRecord, Role, TargetKind, UserRole
from storage import periods as store
from storage import review, writes
from storage.db import session_scope
from storage.models import Document, Mention, PeriodSnapshot
from tests.cli_helpers import run_cli

TOKYO = ZoneInfo("Asia/Tokyo")
T0 = datetime(2025, 4, 2, tzinfo=UTC)

SOURCES_YAML = """
institute: {name: 日本戦略研究所, fiscal_year_start: 4}
experts:
  - {id: tanaka, name: 田中太郎, groups: [security]}
  - {id: suzuki, name: 鈴木花子, groups: [economy]}
outlets:
  - {name: 読売新聞, media_type: newspaper}
  - {name: 朝日新聞, media_type: newspaper}
  - {name: NHK, media_type: tv}
"""


def jst(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=TOKYO)


# --- running the command ------------------------------------------------------------


def _wired() -> bool:
    """True once ``pipeline.cli`` registers the ``period`` command itself."""
    return "periods_cli" in inspect.getsource(pipeline.cli)


def _parser() -> argparse.ArgumentParser:
    """The ``mediawatch`` parser shape, with only the commands of periods_cli."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default="sources.yaml")
    common.add_argument("--database-url", default=None)
    common.add_argument("-v", "--verbose", action="store_true")
    parser = argparse.ArgumentParser(prog="mediawatch")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    periods_cli.register(commands, common)
    return parser


def run(*argv: str) -> tuple[int, str]:
    """Run ``mediawatch ARGV`` as ``pipeline.cli.main`` does; (exit code, stdout)."""
    if _wired():
        return run_cli(*argv)
    args = _parser().parse_args(list(argv))
    args.out = io.StringIO()
    try:
        code = args.handler(args)
    except pipeline.cli.UsageError as error:
        print(f"mediawatch {args.command}: {error}", file=sys.stderr)
        return pipeline.cli.EXIT_USAGE, args.out.getvalue()
    assert isinstance(code, int)
    return code, args.out.getvalue()


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES_YAML, encoding="utf-8")
    return path


def period_cli(action: str, sources: Path, db_url: str, *rest: str) -> tuple[int, str]:
    return run("period", action, *rest, "--config", str(sources), "--database-url", db_url)


# --- a small world ------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    """Mention and story ids of the stored world."""

    early: int  # tanaka quote in 読売新聞, confirmed before closing
    early_story: int
    interview: int  # suzuki interview in 朝日新聞, confirmed before closing
    interview_story: int
    late: int  # tanaka authored on NHK, still pending at closing
    late_story: int
    next_year: int  # FY2025, never in FY2024


def _mention(
    session: Session,
    name: str,
    when: datetime,
    expert: str,
    role: Role,
    outlet: str,
    media_type: str,
) -> tuple[int, int]:
    """One document with one pending expert mention; (mention id, story id)."""
    url = f"https://news.example.jp/{name}"
    document = writes.add_document(
        session,
        writes.NewDocument(
            story_id=None,
            source_name="feed",
            url=url,
            canonical_url=url,
            guid=None,
            title=f"記事 {name}",
            text="本文",
            summary="",
            byline=None,
            published_at=when,
            language="ja",
            outlet=outlet,
            media_type=media_type,
            fingerprint=name,
            signature=None,
            band_keys=(),
            url_keys=(),
            credit=None,
            now=T0,
        ),
    )
    assert document is not None
    candidate = MentionCandidate(TargetKind.EXPERT, expert, "田中", 0, 2, "[[田中]]", role, 0.9)
    writes.add_mentions(session, document, [candidate], T0)
    mention_id = session.scalar(select(Mention.id).where(Mention.document_id == document))
    story_id = session.scalar(select(Document.story_id).where(Document.id == document))
    assert mention_id is not None and story_id is not None
    return mention_id, story_id


def build_world(engine: Engine) -> World:
    """Two confirmed appearances, a pending one, a talk and a publication in FY2024."""
    with session_scope(engine) as session:
        early, early_story = _mention(
            session, "early", jst(2024, 5, 10, 9), "tanaka", Role.QUOTE, "読売新聞", "newspaper"
        )
        interview, interview_story = _mention(
            session,
            "interview",
            jst(2024, 8, 1, 18),
            "suzuki",
            Role.INTERVIEW,
            "朝日新聞",
            "newspaper",
        )
        late, late_story = _mention(
            session, "late", jst(2024, 11, 20, 7), "tanaka", Role.AUTHORED, "NHK", "tv"
        )
        next_year, _ = _mention(
            session, "next-year", jst(2025, 4, 5), "tanaka", Role.QUOTE, "読売新聞", "newspaper"
        )
        review.confirm(session, [early, interview, next_year], actor="reviewer", now=T0)
        writes.add_manual_mention(
            session,
            expert_id="suzuki",
            role=Role.TALK,
            outlet="日本戦略研究所",
            media_type=None,
            title="年次シンポジウム",
            published_at=jst(2024, 10, 1, 14),
            url=None,
            note=None,
            now=T0,
        )
        writes.upsert_publication(
            session,
            PublicationRecord(
                url="https://inst.example.jp/p/1",
                title="戦略コメント No.1",
                pub_type="commentary",
                language="ja",
                published=jst(2024, 6, 1),
                authors=("tanaka",),
            ),
            "inst",
            T0,
        )
        review.add_user(
            session,
            name="admin",
            role=UserRole.ADMIN,
            password_hash="-",
            actor="test",
            now=T0,
        )
        review.add_user(
            session,
            name="rev",
            role=UserRole.REVIEWER,
            password_hash="-",
            actor="test",
            now=T0,
        )
    return World(
        early=early,
        early_story=early_story,
        interview=interview,
        interview_story=interview_story,
        late=late,
        late_story=late_story,
        next_year=next_year,
    )


def _closed_report(engine: Engine, sources: Path, period: rp.Period) -> str | None:
    with session_scope(engine) as session:
        return periods.closed_period_report(session, load_config(sources), period)


def _snapshot_part(markdown: str) -> str:
    """The Markdown of a closed period before its amendments."""
    return markdown.split("## Amendments since closing", 1)[0]


# --- the whole story: close, change, reopen, close again -----------------------------


def test_close_amend_reopen_and_close_again(
    engine: Engine, db_url: str, sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world = build_world(engine)
    config = load_config(sources)
    fy2024 = rp.fiscal_year(2024)

    code, out = period_cli("close", sources, db_url, "FY2024", "--by", "admin")
    assert code == 0, capsys.readouterr().err
    assert "closed FY2024 (2024-04-01..2025-03-31)" in out
    assert "2 appearances, 2 placements, 1 publications, 1 talks (3 items)" in out

    with session_scope(engine) as session:
        first = store.current_snapshot(session, "FY2024")
        at_closing = rp.report_for_period(
            session, config, fy2024, include_pending=False, count_placements=False
        )
        trail = review.audit_trail(session, [("period", "FY2024")])
    assert first is not None and first.current and first.closed_by == "admin"
    assert (first.start, first.end) == (date(2024, 4, 1), date(2025, 4, 1))
    snapshot = json.loads(first.snapshot)
    assert snapshot == json.loads(json.dumps(at_closing.to_dict()))
    assert snapshot["totals"] == {
        "appearances": 2,
        "placements": 2,
        "count": 2,
        "publications": 1,
        "passing_mentions": 0,
        "talks": 1,
    }
    assert [(i["story_id"], i["role"]) for i in snapshot["items"]] == [
        (world.early_story, "quote"),
        (world.interview_story, "interview"),
    ]
    assert [(e.action, e.actor, e.after["snapshot_id"]) for e in trail] == [
        ("period_close", "admin", first.id)
    ]
    assert trail[0].after["appearances"] == 2 and trail[0].after["items"] == 3

    untouched = _closed_report(engine, sources, fy2024)
    assert untouched is not None
    closed_day = first.closed_at.astimezone(TOKYO).strftime("%Y-%m-%d")
    assert f"## Amendments since closing on {closed_day} (JST)" in untouched
    assert "None: the period's items are as they were at closing." in untouched

    # later: a late confirmation and a corrected outlet
    later = datetime.now(UTC) + timedelta(minutes=1)
    with session_scope(engine) as session:
        review.confirm(session, [world.late], actor="rev", now=later)
        review.correct(
            session, [world.interview], review.Correction(outlet="NHK"), actor="rev", now=later
        )
        live = rp.report_for_period(
            session, config, fy2024, include_pending=False, count_placements=False
        )
        state = periods.closed_state(session, config, fy2024)
    assert live.totals.appearances == 3  # the live numbers moved ...

    closed = _closed_report(engine, sources, fy2024)
    assert closed is not None
    assert _snapshot_part(closed) == _snapshot_part(untouched)  # ... the closed ones did not
    for line in (
        "| Appearances | 2 |",
        "| Placements | 2 |",
        "| Publications | 1 |",
        "| Talks at events (not media appearances) | 1 |",
        "| suzuki | 鈴木花子 | 1 | 1 | 0 |",
        "| 朝日新聞 | 1 | 1 |",
    ):
        assert line in _snapshot_part(closed), line

    assert state is not None
    _, _, changes = state
    assert [(a.kind, a.story_id, a.role, a.changed) for a in changes.items] == [
        (AmendmentKind.CHANGED, world.interview_story, "interview", ("outlet",)),
        (AmendmentKind.ADDED, world.late_story, "authored", ()),
    ]
    changed = changes.items[0]
    assert changed.before is not None and changed.after is not None
    assert (changed.before.outlet, changed.after.outlet) == ("朝日新聞", "NHK")
    assert changes.publications == ()
    assert changes.totals == (
        TotalChange("appearances", 2, 3),
        TotalChange("placements", 2, 3),
    )
    amendments_part = closed.split("## Amendments since closing", 1)[1]
    rows = [
        line
        for line in amendments_part.splitlines()
        if line.startswith("| ") and not line.startswith("| ---")
    ]
    assert rows == [
        "| Total | At closing | Now |",
        "| Appearances | 2 | 3 |",
        "| Placements | 2 | 3 |",
        "| # | Change | Story | Role | Date (JST) | Experts | Outlet | Media | Placements "
        "| Mentions | What changed |",
        f"| 1 | changed (変更) | {world.interview_story} | interview | 2024-08-01 | suzuki | NHK "
        f"| newspaper | 1 | {world.interview} | outlet: 朝日新聞 → NHK |",
        f"| 2 | added (追加) | {world.late_story} | authored | 2024-11-20 | tanaka | NHK | tv | 1 "
        f"| {world.late} | 記事 late |",
    ]

    # the same days under another label are the same closed period
    same_days = rp.date_range(date(2024, 4, 1), date(2025, 3, 31))
    assert _closed_report(engine, sources, same_days) == closed
    assert _closed_report(engine, sources, rp.calendar_year(2024)) is None
    code, _ = period_cli("close", sources, db_url, "2024-04-01..2025-03-31")
    assert code == 1
    assert "is already closed (as FY2024 on" in capsys.readouterr().err

    # reopening: a reviewer may not, and nothing changes
    code, _ = period_cli("reopen", sources, db_url, "FY2024", "--by", "rev")
    assert code == 2
    assert "only an admin may reopen a period" in capsys.readouterr().err
    with session_scope(engine) as session:
        still = store.current_snapshot(session, "FY2024")
        assert [e.action for e in review.audit_trail(session, [("period", "FY2024")])] == [
            "period_close"
        ]
    assert still == first

    # an admin may: audited, the old snapshot kept and marked
    code, out = period_cli("reopen", sources, db_url, "FY2024", "--by", "admin")
    assert code == 0, capsys.readouterr().err
    assert out.startswith("reopened FY2024 (2024-04-01..2025-03-31)")
    with session_scope(engine) as session:
        assert store.current_snapshot(session, "FY2024") is None
        (kept,) = store.snapshots(session)
        reopen_event = review.audit_trail(session, [("period", "FY2024")])[-1]
    assert kept.id == first.id and kept.snapshot == first.snapshot
    assert kept.reopened_by == "admin" and kept.reopened_at is not None
    assert (reopen_event.action, reopen_event.actor) == ("period_reopen", "admin")
    assert reopen_event.before["snapshot_id"] == first.id
    assert reopen_event.before["reopened_at"] is None
    assert reopen_event.after["reopened_by"] == "admin"
    assert _closed_report(engine, sources, fy2024) is None  # open: the report is live again
    code, _ = period_cli("reopen", sources, db_url, "FY2024", "--by", "admin")
    assert code == 1
    assert "is not closed" in capsys.readouterr().err

    # closing again makes a new snapshot the current one
    code, out = period_cli("close", sources, db_url, "FY2024", "--by", "admin")
    assert code == 0
    assert "3 appearances, 3 placements, 1 publications, 1 talks (4 items)" in out
    with session_scope(engine) as session:
        second = store.current_snapshot(session, "FY2024")
        history = store.snapshots(session)
    assert second is not None and second.id != first.id
    assert [(s.id, s.current) for s in history] == [(first.id, False), (second.id, True)]
    assert json.loads(second.snapshot)["totals"]["appearances"] == 3
    again = _closed_report(engine, sources, fy2024)
    assert again is not None and "| Appearances | 3 |" in again
    assert "None: the period's items are as they were at closing." in again

    code, out = period_cli("list", sources, db_url)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "period",
        "days",
        "closed",
        "(JST)",
        "by",
        "appearances",
        "placements",
        "publications",
        "talks",
        "items",
        "state",
    ]
    assert len(lines) == 4
    assert lines[2].startswith("FY2024  2024-04-01..2025-03-31")
    assert "reopened" in lines[2] and "by admin" in lines[2]
    assert lines[3].split()[-6:] == ["3", "3", "1", "1", "4", "closed"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("viewer", "only an admin may reopen a period"),
        ("old-admin", "is disabled"),
        ("nobody", "no user 'nobody'"),
    ],
    ids=["viewer", "disabled-admin", "unknown-user"],
)
def test_reopen_is_refused_unless_an_enabled_admin(
    engine: Engine,
    db_url: str,
    sources: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    message: str,
) -> None:
    with session_scope(engine) as session:
        review.add_user(
            session, name="viewer", role=UserRole.VIEWER, password_hash="-", actor="t", now=T0
        )
        review.add_user(
            session, name="old-admin", role=UserRole.ADMIN, password_hash="-", actor="t", now=T0
        )
        review.set_user(session, "old-admin", disabled=True, actor="t", now=T0)
    assert period_cli("close", sources, db_url, "2024")[0] == 0
    code, out = period_cli("reopen", sources, db_url, "2024", "--by", name)
    assert (code, out) == (2, "")
    assert message in capsys.readouterr().err
    with session_scope(engine) as session:
        row = store.current_snapshot(session, "2024")
        actions = [e.action for e in review.audit_trail(session, [("period", "2024")])]
    assert row is not None and row.reopened_at is None
    assert actions == ["period_close"]


def test_period_list_without_closings(engine: Engine, db_url: str, sources: Path) -> None:
    # ``engine`` migrates the database first: a read command does not create one.
    assert period_cli("list", sources, db_url) == (0, "no closed periods\n")


@pytest.mark.parametrize(
    "label",
    ["FY24", "FY2024-25", "2024-02-30..2024-03-31", "2024-09-30..2024-04-01", "last year", ""],
    ids=["short-year", "two-years", "no-such-day", "backwards", "words", "empty"],
)
def test_bad_labels_exit_2_with_a_message(
    tmp_path: Path, sources: Path, capsys: pytest.CaptureFixture[str], label: str
) -> None:
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    assert period_cli("close", sources, db_url, label) == (2, "")
    err = capsys.readouterr().err
    assert "is not a period" in err and f"{label!r}" in err


def test_reopen_needs_by(sources: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("period", "reopen", "FY2024", "--config", str(sources))
    assert exit_info.value.code == 2


def test_help_shows_the_label_forms(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("period", "close", "--help")
    out = " ".join(capsys.readouterr().out.split())  # help text is wrapped to the terminal
    assert "FY2024" in out and "2024-04-01..2024-09-30" in out and "(default: cli:" in out


def test_the_database_allows_one_current_snapshot_per_days(engine: Engine) -> None:
    def snapshot(reopened: datetime | None) -> PeriodSnapshot:
        return PeriodSnapshot(
            label="FY2024",
            start_date=date(2024, 4, 1),
            end_date=date(2025, 4, 1),
            closed_at=T0,
            closed_by="admin",
            snapshot="{}",
            reopened_at=reopened,
            reopened_by="admin" if reopened else None,
        )

    with session_scope(engine) as session:
        session.add_all([snapshot(T0), snapshot(T0), snapshot(None)])  # reopened ones pile up
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(snapshot(None))
        session.flush()
    with session_scope(engine) as session:
        assert [s.current for s in store.snapshots(session)] == [False, False, True]
        with pytest.raises(store.PeriodError, match="already closed"):
            store.close_period(
                session,
                label="2024-04-01..2025-03-31",
                start=date(2024, 4, 1),
                end=date(2025, 4, 1),
                snapshot="{}",
                actor="admin",
                now=T0,
            )


# --- labels -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "start_month", "expected"),
    [
        ("FY2024", 4, (date(2024, 4, 1), date(2025, 4, 1), "FY2024")),
        ("fy2024", 1, (date(2024, 1, 1), date(2025, 1, 1), "FY2024")),
        ("ＦＹ２０２４", 4, (date(2024, 4, 1), date(2025, 4, 1), "FY2024")),
        ("2024", 4, (date(2024, 1, 1), date(2025, 1, 1), "2024")),
        (
            "2024-04-01..2024-09-30",
            4,
            (date(2024, 4, 1), date(2024, 10, 1), "2024-04-01..2024-09-30"),
        ),
        (
            " 2024-04-01 .. 2024-04-01 ",
            4,
            (date(2024, 4, 1), date(2024, 4, 2), "2024-04-01..2024-04-01"),
        ),
    ],
    ids=["fiscal", "fiscal-january", "full-width", "calendar", "days", "one-day"],
)
def test_period_labels(label: str, start_month: int, expected: tuple[date, date, str]) -> None:
    period = periods.parse_period(label, start_month)
    assert (period.start, period.end, period.label) == expected


@pytest.mark.parametrize(
    "label",
    ["FY24", "2024-4-1..2024-9-30", "2024-13-01..2024-12-31", "2024/04/01..2024/09/30", "FY 2024"],
    ids=["short-year", "unpadded", "no-such-month", "slashes", "space"],
)
def test_bad_period_labels(label: str) -> None:
    with pytest.raises(PeriodLabelError, match="is not a period"):
        periods.parse_period(label)


# --- amendments, pure -----------------------------------------------------------------


def item(
    story: int,
    role: str = "quote",
    *,
    experts: tuple[str, ...] = ("tanaka",),
    outlet: str = "読売新聞",
    media_type: str = "newspaper",
    day: int = 1,
    mentions: tuple[int, ...] | None = None,
    placements: int = 1,
) -> dict[str, Any]:
    return {
        "story_id": story,
        "role": role,
        "experts": list(experts),
        "date": jst(2024, 6, day, 9).isoformat(),
        "outlet": outlet,
        "media_type": media_type,
        "placements": placements,
        "mention_ids": list(mentions or (story * 10,)),
        "urls": [f"https://news.example.jp/{story}"],
        "documents": [],
    }


def publication(pub_id: int, pub_type: str = "commentary") -> dict[str, Any]:
    return {
        "id": pub_id,
        "url": f"https://inst.example.jp/p/{pub_id}",
        "title": f"コメント {pub_id}",
        "pub_type": pub_type,
        "language": "ja",
        "date": jst(2024, 6, 1).isoformat(),
        "authors": ["tanaka"],
    }


def report_dict(
    items: list[dict[str, Any]],
    *,
    talks: list[dict[str, Any]] | None = None,
    passing: list[dict[str, Any]] | None = None,
    publications: list[dict[str, Any]] | None = None,
    appearances: int | None = None,
) -> dict[str, Any]:
    return {
        "period": {"label": "FY2024"},
        "totals": {
            "appearances": len(items) if appearances is None else appearances,
            "placements": sum(i["placements"] for i in items),
            "publications": len(publications or []),
            "passing_mentions": len(passing or []),
            "talks": len(talks or []),
        },
        "items": items,
        "talk_items": talks or [],
        "passing_items": passing or [],
        "publication_items": publications or [],
    }


CASES: dict[
    str, tuple[dict[str, Any], dict[str, Any], list[tuple[str, int, str, tuple[str, ...]]]]
] = {
    "nothing": (report_dict([item(1)]), report_dict([item(1)]), []),
    "late-confirmation": (
        report_dict([item(1)]),
        report_dict([item(1), item(2, "interview", day=3)]),
        [("added", 2, "interview", ())],
    ),
    "rejected-after-closing": (
        report_dict([item(1), item(2)]),
        report_dict([item(2)]),
        [("removed", 1, "quote", ())],
    ),
    "outlet-and-media-type": (
        report_dict([item(1)]),
        report_dict([item(1, outlet="NHK", media_type="tv")]),
        [("changed", 1, "quote", ("outlet", "media_type"))],
    ),
    "second-expert-confirmed": (
        report_dict([item(1)]),
        report_dict([item(1, experts=("suzuki", "tanaka"), mentions=(10, 11))]),
        [("changed", 1, "quote", ("experts", "mention_ids"))],
    ),
    "date-corrected": (
        report_dict([item(1, day=1)]),
        report_dict([item(1, day=2)]),
        [("changed", 1, "quote", ("date",))],
    ),
    "role-corrected": (
        report_dict([item(1, "quote")]),
        report_dict([item(1, "interview")]),
        [("changed", 1, "interview", ("role",))],
    ),
    "now-a-passing-mention": (
        report_dict([item(1, "quote")]),
        report_dict([], passing=[item(1, "mention")]),
        [("changed", 1, "mention", ("role",))],
    ),
    "stories-merged": (
        report_dict([item(1, day=1), item(2, day=2, mentions=(20,))]),
        report_dict([item(1, day=1, mentions=(10, 20), placements=2)]),
        [("changed", 1, "quote", ("placements", "mention_ids")), ("removed", 2, "quote", ())],
    ),
    "a-talk-confirmed": (
        report_dict([item(1)]),
        report_dict([item(1)], talks=[item(5, "talk", day=9)]),
        [("added", 5, "talk", ())],
    ),
}


@pytest.mark.parametrize(("before", "after", "expected"), CASES.values(), ids=CASES.keys())
def test_item_amendments(
    before: dict[str, Any],
    after: dict[str, Any],
    expected: list[tuple[str, int, str, tuple[str, ...]]],
) -> None:
    changes = amendments(report_state(before), report_state(after))
    assert [(str(a.kind), a.story_id, a.role, a.changed) for a in changes.items] == expected
    assert bool(changes) == bool(expected)


def test_a_role_change_keeps_both_sides() -> None:
    changes = amendments(
        report_state(report_dict([item(1, "quote")])),
        report_state(report_dict([item(1, "interview")])),
    )
    (change,) = changes.items
    assert isinstance(change, Amendment)
    assert change.before is not None and change.after is not None
    assert (change.before.role, change.after.role) == ("quote", "interview")


def test_publication_amendments_and_totals() -> None:
    before = report_dict([item(1)], publications=[publication(1), publication(2)])
    after = report_dict([item(1)], publications=[publication(2, "research_report"), publication(3)])
    changes = amendments(report_state(before), report_state(after))
    assert [(str(p.kind), p.publication_id, p.changed) for p in changes.publications] == [
        ("removed", 1, ()),
        ("changed", 2, ("pub_type",)),
        ("added", 3, ()),
    ]
    assert changes.items == () and changes.totals == ()
    lines = periods.amendments_markdown(changes, datetime(2025, 5, 10, 1, tzinfo=UTC))
    assert lines[0] == "## Amendments since closing on 2025-05-10 (JST)"
    assert any("pub_type: commentary → research_report" in line for line in lines)
    as_json = json.loads(json.dumps(periods.amendments_to_dict(changes), ensure_ascii=False))
    assert as_json["publications"][2]["after"]["title"] == "コメント 3"


def test_closing_day_is_the_day_in_tokyo() -> None:
    late_evening_utc = datetime(2025, 5, 9, 20, tzinfo=UTC)  # 05:00 on 10 May in Tokyo
    changes = amendments(report_state(report_dict([])), report_state(report_dict([])))
    assert periods.amendments_markdown(changes, late_evening_utc)[0] == (
        "## Amendments since closing on 2025-05-10 (JST)"
    )


def test_mediawatch_report_reproduces_a_closed_period(
    engine: Engine, db_url: str, sources: Path
) -> None:
    build_world(engine)
    code, _ = period_cli("close", sources, db_url, "FY2024", "--by", "admin")
    assert code == 0
    common = ("--config", str(sources), "--database-url", db_url, "--fiscal-year", "2024")
    code, markdown = run("report", *common, "--format", "md")
    assert code == 0 and "## Amendments since closing on" in markdown
    code, text = run("report", *common, "--format", "json")
    data = json.loads(text)
    assert code == 0 and data["closed"]["label"] == "FY2024"
    assert data["totals"]["appearances"] == 2
    # A draft is always live: the snapshot holds confirmed items only.
    code, draft = run("report", *common, "--format", "md", "--include-pending")
    assert code == 0 and "Amendments since closing" not in draft
