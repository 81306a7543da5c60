"""pipeline/report.py: periods, counting rules, breakdowns, exports.

Rows are built by hand (``build_report`` is pure); one test goes through the
database (``report_for_period`` on SQLite and PostgreSQL).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from pipeline import exports
from pipeline import report as rp
from pipeline.types import (
    Config,
    ExpertConfig,
    InstituteConfig,
    MentionCandidate,
    MentionStatus,
    PublicationRecord,
    Role,
    TargetKind,
)
from storage import queries, writes
from storage.db import session_scope
from storage.queries import MentionRow, PublicationRow

TOKYO = ZoneInfo("Asia/Tokyo")
FY2024 = rp.fiscal_year(2024)

CONFIG = Config(
    institute=InstituteConfig(name="日本戦略研究所"),
    experts=(
        ExpertConfig(id="tanaka", name="田中太郎", groups=("security",)),
        ExpertConfig(id="suzuki", name="鈴木花子", groups=("economy",), since=date(2024, 10, 1)),
        ExpertConfig(id="sato", name="佐藤一郎", groups=("security",), until=date(2024, 6, 30)),
    ),
)


def jst(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=TOKYO)  # type: ignore[misc]


_next_id = iter(range(1, 1_000_000))


def row(
    *,
    story: int = 1,
    document: int = 1,
    expert: str = "tanaka",
    role: Role = Role.QUOTE,
    status: MentionStatus = MentionStatus.CONFIRMED,
    when: datetime | None = None,
    confidence: float = 1.0,
    outlet: str | None = "読売新聞",
    media_type: str | None = "newspaper",
    original: tuple[int, str | None, str | None] | None = None,
    kind: TargetKind = TargetKind.EXPERT,
    published: bool = True,
) -> MentionRow:
    moment = (when or jst(2024, 6, 1, 9)).astimezone(UTC)
    return MentionRow(
        id=next(_next_id),
        status=status,
        target_kind=kind,
        target_id=expert,
        role=role,
        confidence=confidence,
        alias="田中",
        snippet="…",
        rule="r",
        reason="",
        note=None,
        manual=False,
        created_at=moment,
        reviewed_at=None,
        document_id=document,
        document_url=f"https://news.example.jp/{document}",
        document_title=f"記事{document}",
        outlet=outlet,
        media_type=media_type,
        published_at=moment if published else None,
        first_seen_at=moment,
        story_id=story,
        original_document_id=original[0] if original else None,
        original_outlet=original[1] if original else None,
        original_media_type=original[2] if original else None,
    )


def publication(
    pub_id: int, when: datetime, pub_type: str = "report", authors: tuple[str, ...] = ("tanaka",)
) -> PublicationRow:
    return PublicationRow(
        id=pub_id,
        url=f"https://inst.example.jp/pub/{pub_id}",
        title=f"レポート{pub_id}",
        pub_type=pub_type,
        language="ja",
        published_at=when.astimezone(UTC),
        authors=authors,
        source_name="inst-pubs",
        first_seen_at=when.astimezone(UTC),
    )


def build(rows: list[MentionRow], **kwargs: Any) -> rp.Report:
    publications = kwargs.pop("publications", [])
    period = kwargs.pop("period", FY2024)
    return rp.build_report(rows, publications, CONFIG, period, **kwargs)


# --- periods --------------------------------------------------------------------


PERIODS = [
    ("fy2024-april", rp.fiscal_year(2024), date(2024, 4, 1), date(2025, 3, 31), "FY2024"),
    ("fy2020-april", rp.fiscal_year(2020, 4), date(2020, 4, 1), date(2021, 3, 31), "FY2020"),
    ("fy-january", rp.fiscal_year(2024, 1), date(2024, 1, 1), date(2024, 12, 31), "FY2024"),
    ("calendar", rp.calendar_year(2023), date(2023, 1, 1), date(2023, 12, 31), "2023"),
    (
        "range",
        rp.date_range(date(2024, 2, 1), date(2024, 2, 29)),
        date(2024, 2, 1),
        date(2024, 2, 29),
        "2024-02-01 to 2024-02-29",
    ),
    (
        "one-day",
        rp.date_range(date(2024, 5, 5), date(2024, 5, 5), "GW"),
        date(2024, 5, 5),
        date(2024, 5, 5),
        "GW",
    ),
]


@pytest.mark.parametrize(
    ("name", "period", "first", "last", "label"), PERIODS, ids=[p[0] for p in PERIODS]
)
def test_periods(name: str, period: rp.Period, first: date, last: date, label: str) -> None:
    assert (period.start, period.last_day, period.label) == (first, last, label)
    assert period.end == last + timedelta(days=1)
    assert period.contains(jst(first.year, first.month, first.day))
    assert not period.contains(jst(first.year, first.month, first.day) - timedelta(microseconds=1))
    end = period.end_at
    assert not period.contains(end) and period.contains(end - timedelta(microseconds=1))


def test_period_validation_and_months() -> None:
    with pytest.raises(ValueError):
        rp.date_range(date(2024, 2, 2), date(2024, 2, 1))
    with pytest.raises(ValueError):
        rp.fiscal_year(2024, 13)
    months = FY2024.months()
    assert months[0] == "2024-04" and months[-1] == "2025-03" and len(months) == 12


BOUNDARY = [
    ("last-minute-of-fy2023", jst(2024, 3, 31, 23, 59, 59), 1, 0),
    ("first-instant-of-fy2024", jst(2024, 4, 1, 0, 0), 0, 1),
    ("utc-still-march-31", datetime(2024, 3, 31, 15, 0, tzinfo=UTC), 0, 1),
    ("utc-march-31-14h59", datetime(2024, 3, 31, 14, 59, tzinfo=UTC), 1, 0),
    ("last-instant-of-fy2024", jst(2025, 3, 31, 23, 59, 59), 0, 1),
    ("fy2025", jst(2025, 4, 1), 0, 0),
]


@pytest.mark.parametrize(
    ("name", "when", "fy2023", "fy2024"), BOUNDARY, ids=[case[0] for case in BOUNDARY]
)
def test_fiscal_year_boundaries_in_tokyo(
    name: str, when: datetime, fy2023: int, fy2024: int
) -> None:
    rows = [row(when=when)]
    assert build(rows, period=rp.fiscal_year(2023)).totals.appearances == fy2023
    assert build(rows, period=FY2024).totals.appearances == fy2024


# --- counting rules --------------------------------------------------------------------


def test_wire_story_with_20_placements_is_one_appearance() -> None:
    rows = [
        row(
            story=7,
            document=100 + n,
            when=jst(2024, 7, 1, 8) + timedelta(minutes=n),
            outlet=f"地方紙{n}",
            media_type="newspaper",
            original=(100, "共同通信", "wire"),
        )
        for n in range(20)
    ]
    report = build(rows)
    assert (report.totals.appearances, report.totals.placements) == (1, 20)
    assert report.by_expert["tanaka"].appearances == 1
    assert report.by_expert["tanaka"].placements == 20
    assert report.by_media_type["wire"] == rp.Count(1, 20)
    assert report.by_media_type["newspaper"] == rp.Count(0, 0)
    assert report.by_outlet == {"共同通信": rp.Count(1, 20)}
    (item,) = report.items
    assert len(item.urls) == 20 and len(item.mention_ids) == 20
    counted = build(rows, count_placements=True).to_dict()
    assert counted["counting"] == "placements"
    assert counted["totals"]["count"] == 20
    assert report.to_dict()["totals"]["count"] == 1


def test_two_experts_in_one_story_count_once_for_the_institute() -> None:
    rows = [
        row(story=3, document=30, expert="tanaka"),
        row(story=3, document=30, expert="sato"),
        row(story=3, document=31, expert="tanaka"),
    ]
    report = build(rows)
    assert (report.totals.appearances, report.totals.placements) == (1, 2)
    assert report.by_expert["tanaka"].appearances == 1
    assert report.by_expert["tanaka"].placements == 2
    assert report.by_expert["sato"].appearances == 1
    assert report.by_expert["sato"].placements == 1
    assert report.by_group["security"] == rp.Count(1, 2)  # both in the group: once
    assert report.by_group["economy"] == rp.Count(0, 0)
    assert report.items[0].experts == ("sato", "tanaka")


def test_one_story_two_roles_is_two_appearances() -> None:
    rows = [
        row(story=4, document=40, role=Role.QUOTE),
        row(story=4, document=40, role=Role.INTERVIEW, expert="sato"),
    ]
    report = build(rows)
    assert (report.totals.appearances, report.totals.placements) == (2, 1)
    assert report.by_role["quote"] == rp.Count(1, 1)
    assert report.by_role["interview"] == rp.Count(1, 1)


MEMBERSHIP = [
    ("suzuki-before-joining", "suzuki", jst(2024, 9, 30, 23, 59), 0),
    ("suzuki-first-day", "suzuki", jst(2024, 10, 1, 0, 1), 1),
    ("sato-last-day", "sato", jst(2024, 6, 30, 23, 0), 1),
    ("sato-after-leaving", "sato", jst(2024, 7, 1, 0, 0), 0),
    ("tanaka-always", "tanaka", jst(2025, 3, 31, 12), 1),
    ("not-in-config", "yamada", jst(2024, 8, 1), 0),
]


@pytest.mark.parametrize(
    ("name", "expert", "when", "expected"), MEMBERSHIP, ids=[case[0] for case in MEMBERSHIP]
)
def test_membership_dates(name: str, expert: str, when: datetime, expected: int) -> None:
    report = build([row(expert=expert, when=when)])
    assert report.totals.appearances == expected
    if expert in report.by_expert:
        assert report.by_expert[expert].appearances == expected
    assert "yamada" not in report.by_expert


STATUSES = [
    ("confirmed", MentionStatus.CONFIRMED, 0.2, False, 1),
    ("pending-excluded-by-default", MentionStatus.PENDING, 0.9, False, 0),
    ("pending-included", MentionStatus.PENDING, 0.9, True, 1),
    ("pending-at-threshold", MentionStatus.PENDING, 0.5, True, 1),
    ("pending-low-confidence", MentionStatus.PENDING, 0.49, True, 0),
    ("rejected-never", MentionStatus.REJECTED, 1.0, True, 0),
    ("rejected-never-default", MentionStatus.REJECTED, 1.0, False, 0),
]


@pytest.mark.parametrize(
    ("name", "status", "confidence", "include_pending", "expected"),
    STATUSES,
    ids=[case[0] for case in STATUSES],
)
def test_statuses_and_include_pending(
    name: str,
    status: MentionStatus,
    confidence: float,
    include_pending: bool,
    expected: int,
) -> None:
    rows = [row(status=status, confidence=confidence)]
    assert build(rows, include_pending=include_pending).totals.appearances == expected


def test_passing_mentions_and_other_targets_are_not_appearances() -> None:
    rows = [
        row(story=1, document=1, role=Role.MENTION),
        row(story=2, document=2, role=Role.PUBLICATION_CITATION),
        row(story=3, document=3, kind=TargetKind.INSTITUTE, expert="inst"),
        row(story=4, document=4, kind=TargetKind.PUBLICATION, expert="tanaka"),
    ]
    report = build(rows)
    assert report.totals.appearances == 0
    assert report.totals.passing_mentions == 2
    assert [item.role for item in report.passing_items] == [
        Role.MENTION,
        Role.PUBLICATION_CITATION,
    ]
    assert all(count == rp.Count(0, 0) for count in report.by_role.values())


def test_talks_are_counted_apart_and_never_as_media_appearances() -> None:
    rows = [
        row(story=1, document=1, role=Role.TALK),
        row(story=1, document=2, role=Role.TALK),  # the same talk reported twice: one talk
        row(story=2, document=3, role=Role.TALK, expert="tanaka"),
        row(story=3, document=4, role=Role.QUOTE),
    ]
    report = build(rows)
    assert report.totals.talks == 2
    assert report.totals.appearances == 1
    assert [item.story_id for item in report.talk_items] == [1, 2]
    assert "talk" not in report.by_role
    assert sum(count.appearances for count in report.by_media_type.values()) == 1


def test_story_level_breakdowns_use_original_or_earliest_document() -> None:
    rows = [
        # Story 1: no original chosen; the earliest placement (TV, April 30 UTC = May 1 JST) wins.
        row(
            story=1,
            document=11,
            when=datetime(2024, 4, 30, 20, 0, tzinfo=UTC),
            outlet="NHK",
            media_type="tv",
        ),
        row(story=1, document=12, when=jst(2024, 5, 3), outlet="毎日新聞", media_type="newspaper"),
        # Story 2: the original is a magazine even though a web copy came first.
        row(
            story=2,
            document=21,
            when=jst(2024, 6, 1),
            outlet="web",
            media_type="web",
            original=(22, "文藝春秋", "magazine"),
        ),
        row(
            story=2,
            document=22,
            when=jst(2024, 6, 2),
            outlet="文藝春秋",
            media_type="magazine",
            original=(22, "文藝春秋", "magazine"),
        ),
        # Story 3: nothing known about the outlet.
        row(story=3, document=31, when=jst(2024, 6, 3), outlet=None, media_type=None),
    ]
    report = build(rows)
    assert report.by_media_type["tv"] == rp.Count(1, 2)
    assert report.by_media_type["magazine"] == rp.Count(1, 2)
    assert report.by_media_type["unknown"] == rp.Count(1, 1)
    assert list(report.by_media_type)[-1] == "unknown"
    assert report.by_month["2024-05"] == rp.Count(1, 2)
    assert report.by_month["2024-06"] == rp.Count(2, 3)
    assert report.by_month["2024-04"] == rp.Count(0, 0)
    assert list(report.by_month) == FY2024.months()
    assert report.by_outlet == {
        "NHK": rp.Count(1, 2),
        "文藝春秋": rp.Count(1, 2),
        "unknown": rp.Count(1, 1),
    }
    assert sum(c.appearances for c in report.by_media_type.values()) == report.totals.appearances


def test_every_number_is_traceable_to_items() -> None:
    rows = [
        row(story=s, document=10 * s + d, expert=e, when=jst(2024, 5, s))
        for s in range(1, 6)
        for d in range(s)
        for e in ("tanaka", "sato")
    ]
    report = build(rows)
    input_ids = {r.id for r in rows}
    assert report.totals.appearances == len(report.items) == 5
    assert (
        report.totals.placements
        == len({p.document_id for i in report.items for p in i.placements})
        == 15
    )
    for item in report.items:
        assert set(item.mention_ids) <= input_ids
        assert {m for p in item.placements for m in p.mention_ids} == set(item.mention_ids)


def test_publications() -> None:
    pubs = [
        publication(1, jst(2024, 4, 1), "report", ("tanaka", "sato")),
        publication(2, jst(2024, 8, 1), "commentary", ("sato",)),  # sato left on 6/30
        publication(3, jst(2025, 4, 1), "report"),  # next fiscal year
        publication(4, jst(2024, 12, 1), "journal", ("suzuki", "outsider")),
    ]
    report = build([], publications=pubs)
    assert report.totals.publications == 3
    assert report.publications_by_type == {"commentary": 1, "journal": 1, "report": 1}
    assert {k: v.publications for k, v in report.by_expert.items()} == {
        "tanaka": 1,
        "suzuki": 1,
        "sato": 1,
    }
    assert [p.id for p in report.publication_items] == [1, 2, 4]


# --- exports --------------------------------------------------------------------------------


@pytest.fixture
def sample_report() -> rp.Report:
    rows = [
        row(
            story=1,
            document=1,
            when=jst(2024, 4, 2),
            original=(1, "共同通信", "wire"),
            outlet="共同通信",
            media_type="wire",
        ),
        row(story=1, document=2, when=jst(2024, 4, 3), original=(1, "共同通信", "wire")),
        row(
            story=2,
            document=3,
            expert="sato",
            role=Role.INTERVIEW,
            when=jst(2024, 5, 1),
            outlet="NHK | 総合",
            media_type="tv",
        ),
        row(story=3, document=4, role=Role.MENTION),
    ]
    return build(rows, publications=[publication(1, jst(2024, 9, 1))])


def test_json_export_round_trips(sample_report: rp.Report) -> None:
    data = json.loads(exports.to_json(sample_report))
    assert set(data) >= {
        "period",
        "totals",
        "by_media_type",
        "by_expert",
        "by_group",
        "by_outlet",
        "by_month",
        "by_role",
        "publications_by_type",
        "items",
        "talk_items",
    }
    assert data["period"] == {
        "start": "2024-04-01",
        "end": "2025-04-01",
        "last_day": "2025-03-31",
        "end_is_exclusive": True,
        "label": "FY2024",
        "timezone": "Asia/Tokyo",
    }
    assert data["totals"] == {
        "appearances": 2,
        "placements": 3,
        "count": 2,
        "publications": 1,
        "passing_mentions": 1,
        "talks": 0,
    }
    assert data["by_expert"]["tanaka"]["name"] == "田中太郎"
    assert [len(item["urls"]) for item in data["items"]] == [2, 1]
    assert data["items"][0]["documents"][0]["url"] == "https://news.example.jp/1"


def test_csv_export_parses_back(sample_report: rp.Report) -> None:
    text = exports.to_csv(sample_report)
    assert text.startswith("\ufeff")  # Excel reads UTF-8 with a byte-order mark
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(table[0]) == ["breakdown", "key", "appearances", "placements", "count"]
    lookup = {(r["breakdown"], r["key"]): r for r in table}
    assert lookup[("totals", "all")]["appearances"] == "2"
    assert lookup[("totals", "all")]["placements"] == "3"
    assert lookup[("by_media_type", "wire")]["placements"] == "2"
    assert lookup[("by_outlet", "NHK | 総合")]["appearances"] == "1"
    assert lookup[("publications_by_type", "report")]["count"] == "1"
    assert lookup[("totals", "passing_mentions")]["count"] == "1"
    for name in rp.BREAKDOWNS:
        rows = [r for r in table if r["breakdown"] == name]
        if name in ("by_media_type", "by_outlet", "by_month", "by_role"):
            assert sum(int(r["appearances"]) for r in rows) == 2, name


def test_markdown_export(sample_report: rp.Report) -> None:
    text = exports.to_markdown(sample_report, lang="en")
    assert text.startswith("# Media appearances — FY2024")
    assert "| Appearances | 2 |" in text
    assert "NHK \\| 総合" in text  # pipes in cells are escaped
    assert "https://news.example.jp/1 https://news.example.jp/2" in text


def test_xlsx_export_parses_back(sample_report: rp.Report, tmp_path: Path) -> None:
    path = tmp_path / "out" / "fy2024.xlsx"
    exports.to_xlsx(sample_report, path)
    book = load_workbook(path)
    assert book.sheetnames[0] == "Summary"
    assert {"By media type", "By expert", "By month", "Items", "Publications"} <= set(
        book.sheetnames
    )
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r[0]}
    assert summary["Appearances"] == 2 and summary["Placements"] == 3
    items = list(book["Items"].iter_rows(values_only=True))
    assert len(items) == 1 + len(sample_report.items)
    header = items[0]
    first = dict(zip(header, items[1], strict=True))
    assert first["url"] == "https://news.example.jp/1"
    assert first["evidence"] == 2
    assert first["date (JST)"].endswith("JST")
    # The itemised sheet adds up to the summary; headers are frozen and filtered.
    assert len(items) - 1 == summary["Appearances"]
    assert book["Items"].freeze_panes == "A2" and book["Items"].auto_filter.ref
    experts = {r[0]: r for r in book["By expert"].iter_rows(min_row=2, values_only=True)}
    assert experts["tanaka"][2] == 1 and experts["sato"][2] == 1


# --- through the database -----------------------------------------------------------------


def test_report_for_period_reads_the_database(engine: Engine) -> None:
    now = datetime(2025, 4, 2, tzinfo=UTC)
    dates = {
        "march-31": jst(2024, 3, 31, 23, 30),
        "april-1": jst(2024, 4, 1, 0, 30),
        "pending": jst(2024, 5, 1),
        "rejected": jst(2024, 5, 2),
    }
    with session_scope(engine) as session:
        mention_ids = {}
        for name, when in dates.items():
            doc = writes.add_document(
                session,
                writes.NewDocument(
                    story_id=None,
                    source_name="feed",
                    url=f"https://news.example.jp/{name}",
                    canonical_url=f"https://news.example.jp/{name}",
                    guid=None,
                    title=name,
                    text="本文",
                    summary="",
                    byline=None,
                    published_at=when,
                    language="ja",
                    outlet="朝日新聞",
                    media_type="newspaper",
                    fingerprint=name,
                    signature=None,
                    band_keys=(),
                    url_keys=(),
                    credit=None,
                    now=now,
                ),
            )
            assert doc is not None
            candidate = MentionCandidate(
                TargetKind.EXPERT, "tanaka", "田中", 0, 2, "[[田中]]", Role.QUOTE, 0.8
            )
            writes.add_mentions(session, doc, [candidate], now)
            (mention,) = queries.mention_rows(
                session, since=when, until=when + timedelta(seconds=1)
            )
            mention_ids[name] = mention.id
        for name in ("march-31", "april-1"):
            writes.set_mention_status(session, mention_ids[name], MentionStatus.CONFIRMED, now)
        writes.set_mention_status(session, mention_ids["rejected"], MentionStatus.REJECTED, now)
        writes.add_manual_mention(
            session,
            expert_id="suzuki",
            role=Role.INTERVIEW,
            outlet="NHK",
            media_type="tv",
            title="日曜討論",
            published_at=jst(2024, 11, 3, 9),
            url=None,
            note=None,
            now=now,
        )
        writes.upsert_publication(
            session,
            PublicationRecord(
                url="https://inst.example.jp/p/1",
                title="戦略コメント",
                pub_type="commentary",
                language="ja",
                published=jst(2024, 4, 1),
                authors=("tanaka",),
            ),
            "inst",
            now,
        )
    with session_scope(engine) as session:
        confirmed = rp.report_for_period(
            session, CONFIG, FY2024, include_pending=False, count_placements=False
        )
        pending = rp.report_for_period(
            session, CONFIG, FY2024, include_pending=True, count_placements=True
        )
        fy2023 = rp.report_for_period(
            session, CONFIG, rp.fiscal_year(2023), include_pending=True, count_placements=False
        )
    assert confirmed.totals.appearances == 2  # april-1 + the manual TV interview
    assert confirmed.by_expert["suzuki"].appearances == 1
    assert confirmed.by_media_type["tv"] == rp.Count(1, 1)
    assert confirmed.totals.publications == 1
    assert pending.totals.appearances == 3  # + the pending one; rejected never
    assert fy2023.totals.appearances == 1  # march-31 23:30 JST belongs to FY2023
    assert {u for i in confirmed.items for u in i.urls} >= {"https://news.example.jp/april-1"}


def placement(document: int, when: datetime, outlet: str = "地方新聞") -> queries.PlacementRow:
    moment = when.astimezone(UTC)
    return queries.PlacementRow(
        document_id=document,
        outlet=outlet,
        media_type="newspaper",
        url=f"https://news.example.jp/{document}",
        published_at=moment,
        first_seen_at=moment,
        credit="共同通信",
        title=f"記事{document}",
    )


def test_a_story_across_the_fiscal_year_boundary_counts_once_where_it_began() -> None:
    wire = jst(2025, 3, 31, 23, 30)
    reprint = jst(2025, 4, 1, 7, 0)
    rows = [row(story=5, document=1, when=wire), row(story=5, document=2, when=reprint)]
    stories = {5: [placement(1, wire, "共同通信"), placement(2, reprint)]}
    fy2024 = build(rows, story_placements=stories)
    fy2025 = build(rows, story_placements=stories, period=rp.fiscal_year(2025))
    assert (fy2024.totals.appearances, fy2024.totals.placements) == (1, 2)
    assert (fy2025.totals.appearances, fy2025.totals.placements) == (0, 0)
    assert fy2024.items[0].month == "2025-03"


def test_a_story_first_placed_before_the_period_is_not_counted_in_it() -> None:
    early = jst(2024, 3, 30, 12)
    late = jst(2024, 4, 2, 12)
    rows = [row(story=6, document=2, when=late)]
    stories = {6: [placement(1, early, "共同通信"), placement(2, late)]}
    assert build(rows, story_placements=stories).totals.appearances == 0
    assert build(rows, story_placements=stories, period=rp.fiscal_year(2023)).totals.appearances == 1


def test_reprints_without_the_name_are_still_placements() -> None:
    when = jst(2024, 8, 1, 9)
    rows = [row(story=7, document=1, when=when)]
    stories = {7: [placement(1, when, "共同通信"), placement(2, when + timedelta(hours=2)), placement(3, when + timedelta(hours=3))]}
    result = build(rows, story_placements=stories)
    assert (result.totals.appearances, result.totals.placements) == (1, 3)
    (item,) = result.items
    assert [p.document_id for p in item.placements] == [1, 2, 3]
    assert [p.mention_ids for p in item.placements][1:] == [(), ()]


def test_xlsx_keeps_formula_like_titles_as_text(tmp_path: Path) -> None:
    hostile = row(story=9, document=9, when=jst(2024, 9, 1, 9), outlet='=HYPERLINK("http://evil.example","x")')
    path = tmp_path / "r.xlsx"
    exports.to_xlsx(build([hostile]), path)
    workbook = load_workbook(path)
    cells = [cell for sheet in workbook.worksheets for line in sheet.iter_rows() for cell in line]
    hostile_cells = [cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK")]
    assert hostile_cells, "the title should be in the workbook"
    assert all(cell.data_type == "s" for cell in hostile_cells)


def test_a_story_crediting_a_configured_wire_is_the_wire_s() -> None:
    from dataclasses import replace as dc_replace

    from pipeline.types import MediaType, OutletConfig

    config = dc_replace(CONFIG, outlets=(OutletConfig(name="共同通信", media_type=MediaType.WIRE),))
    reprint = dc_replace(row(story=11, document=1, when=jst(2024, 10, 1, 9), outlet="地方新聞"), story_credit="共同通信")
    uncredited = row(story=12, document=2, when=jst(2024, 10, 2, 9), outlet="地方新聞")
    result = rp.build_report([reprint, uncredited], [], config, FY2024)
    assert {key: count.appearances for key, count in result.by_outlet.items()} == {"共同通信": 1, "地方新聞": 1}
    assert result.by_media_type["wire"].appearances == 1
    assert result.by_media_type["newspaper"].appearances == 1


def test_the_report_lines_in_the_institutes_style() -> None:
    from dataclasses import replace as dc_replace

    from pipeline.types import MediaType, OutletConfig

    config = dc_replace(
        CONFIG,
        outlets=(
            OutletConfig(name="NHK", media_type=MediaType.TV),
            OutletConfig(name="朝日新聞", media_type=MediaType.NEWSPAPER),
            OutletConfig(name="Reuters", media_type=MediaType.WIRE, domestic=False),
        ),
    )
    rows = [
        row(story=1, document=1, when=jst(2024, 5, 1, 9), outlet="NHK", media_type="tv"),
        row(story=2, document=2, when=jst(2024, 6, 1, 9), outlet="朝日新聞", media_type="newspaper"),
        row(story=3, document=3, when=jst(2024, 7, 1, 9), outlet="Reuters", media_type="wire"),
        row(story=4, document=4, when=jst(2024, 8, 1, 9), role=Role.TALK),
    ]
    publications = [
        publication(1, jst(2024, 9, 1)),
        dc_replace(publication(2, jst(2024, 9, 2)), language="en"),
    ]
    result = rp.build_report(rows, publications, config, FY2024)
    ja = exports.summary_lines(result)
    assert ja[0] == "メディアを通じた対外発信（計3回）"
    assert "新聞 1回" in ja[1] and "テレビ 1回" in ja[1] and "通信社 1回" in ja[1]
    assert ja[2].strip() == "国内 2回・海外 1回"
    assert ja[3] == "講演・登壇（計1回）"
    assert ja[4] == "研究レポート・戦略コメント（日・英）計2本"
    assert ja[5].strip() == "日本語 1本・英語 1本"
    en = exports.summary_lines(result, "en")
    assert en[0] == "Media appearances: 3 in total"
    assert result.talks_by_expert["tanaka"] == 1 and result.talks_by_month["2024-08"] == 1
    assert "メディアを通じた対外発信（計3回）" in exports.to_markdown(result)


def test_nothing_confirmed_says_so_and_a_draft_says_it_is_one() -> None:
    rows = [row(status=MentionStatus.PENDING, confidence=0.9)]
    confirmed_only = build(rows)
    assert confirmed_only.totals.appearances == 0 and confirmed_only.pending_items == 1
    line = exports.status_line(confirmed_only, "en")
    assert line == (
        "0 confirmed; 1 pending review — `--include-pending` shows them as a draft."
    )
    draft = build(rows, include_pending=True)
    assert draft.totals.appearances == 1
    for text in (
        exports.to_markdown(draft),
        exports.to_csv(draft),
        exports.to_json(draft),
    ):
        assert "draft" in text.lower() or "下書き" in text


def test_items_csv_has_one_row_per_counted_item(sample_report: rp.Report) -> None:
    text = exports.items_csv(sample_report)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == sample_report.totals.appearances + sample_report.totals.talks
    assert rows[0]["source"] in ("collected", "manual")
    assert rows[0]["date (JST)"].endswith("JST")


def test_a_log_entry_and_the_outlets_own_page_are_one_appearance() -> None:
    from dataclasses import replace as dc_replace

    from pipeline.parse import ITEM_GUID_PREFIX

    def log(**kwargs: object) -> MentionRow:
        return dc_replace(row(**kwargs), document_guid=f"{ITEM_GUID_PREFIX}x")  # type: ignore[arg-type]

    tv = {"outlet": "TBS", "media_type": "tv", "role": Role.APPEARANCE}
    rows = [
        log(story=1, document=1, when=jst(2024, 5, 22, 0), **tv),  # the log: 5月22日
        row(story=2, document=2, when=jst(2024, 5, 22, 11, 30), **tv),  # TBS's own page
        log(story=3, document=3, when=jst(2024, 5, 22, 0), expert="sato", **tv),  # another expert
        log(story=4, document=4, when=jst(2024, 5, 23, 0), **tv),  # the next day: another one
        log(story=5, document=5, when=jst(2024, 5, 22, 0), outlet="NHK", media_type="tv"),
    ]
    result = build(rows)
    assert result.totals.appearances == 4
    (both,) = [item for item in result.items if item.story_id == 2]
    assert [p.document_id for p in both.placements] == [1, 2]
    assert result.by_expert["tanaka"].appearances == 3


def test_two_periods_side_by_side() -> None:
    this = build([row(story=1, document=1, when=jst(2024, 5, 1, 9)), row(story=2, document=2, when=jst(2024, 6, 1, 9))])
    fy2023 = rp.fiscal_year(2023)
    other = rp.build_report([row(story=3, document=3, when=jst(2023, 5, 1, 9))], [], CONFIG, fy2023)
    rows = {(b, k): (a, o, d) for b, k, a, o, d in exports.compare_rows(this, other)}
    assert rows[("totals", "appearances")] == (2, 1, 1)
    assert rows[("by_month", "05")] == (1, 1, 0)
    assert rows[("by_month", "06")] == (1, 0, 1)
    text = exports.comparison_markdown(this, other)
    assert "| totals | appearances | 2 | 1 | +1 |" in text
    data = json.loads(exports.comparison_json(this, other))
    assert (data["this"], data["other"]) == ("FY2024", "FY2023")


def test_a_group_change_moves_the_experts_later_items() -> None:
    from dataclasses import replace as dc_replace

    from pipeline.config import parse_config

    config = parse_config(
        """
institute: {name: 日本戦略研究所}
experts:
  - id: tanaka
    name: 田中太郎
    groups:
      - {name: security, until: 2024-09-30}
      - {name: economy, since: 2024-10-01}
sources: []
""",
        "group-change",
    )
    rows = [
        row(story=1, document=1, when=jst(2024, 9, 30, 23, 59)),
        row(story=2, document=2, when=jst(2024, 10, 1, 0, 1)),
        dc_replace(row(story=3, document=3, when=jst(2024, 11, 1, 9)), role=Role.TALK),
    ]
    result = rp.build_report(rows, [], config, FY2024)
    assert result.by_group["security"].appearances == 1
    assert result.by_group["economy"].appearances == 1
    assert result.talks_by_group == {"security": 0, "economy": 1}
    assert config.experts[0].groups == ("security", "economy")
