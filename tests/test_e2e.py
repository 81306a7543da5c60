"""End to end: the CLI against local news worlds over real HTTP and a real database.

The demo world (demo/world.py) has a known truth; the real-world world serves
the shared fixture feeds (Shift_JIS, EUC-JP, Latin-1, RDF) byte for byte.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from demo.localserver import LocalServer, Route
from demo.world import DEMO_TRUTH, build_world, demo_config_yaml
from storage import models
from storage.db import make_engine, session_scope
from tests.cli_helpers import fiscal_report, run_cli, table_counts

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_world(local_server: LocalServer, tmp_path: Path) -> Path:
    """The demo world served on 127.0.0.1 and a sources.yaml pointing at it."""
    base = local_server.base_url.rstrip("/")
    for path, route in build_world(base).items():
        local_server.set_route(path, route)
    config = tmp_path / "sources.yaml"
    config.write_text(demo_config_yaml(base), encoding="utf-8")
    return config


@pytest.fixture
def fast_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Polite delays off: every host here is 127.0.0.1."""
    monkeypatch.setenv("MEDIAWATCH_PER_HOST_DELAY_SECONDS", "0")
    monkeypatch.setenv("MEDIAWATCH_RETRIES", "1")
    monkeypatch.setenv("MEDIAWATCH_BACKOFF_SECONDS", "0.05")
    monkeypatch.setenv("MEDIAWATCH_TIMEOUT_SECONDS", "5")


def fetch_logs(db_url: str) -> int:
    """How many fetches the database has recorded (0 before the schema exists)."""
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            return session.scalar(select(func.count()).select_from(models.FetchLog)) or 0
    except OperationalError:
        return 0
    finally:
        engine.dispose()


@pytest.mark.usefixtures("fast_settings")
def test_collect_twice_reports_the_truth_and_adds_nothing(demo_world: Path, db_url: str) -> None:
    code, out = run_cli("collect", "--once", "--config", str(demo_world), "--database-url", db_url)
    assert code == 0, out
    first_counts = table_counts(db_url)
    first = fiscal_report(demo_world, db_url)

    assert first["totals"]["appearances"] == DEMO_TRUTH.appearances
    assert first["totals"]["placements"] == DEMO_TRUTH.placements
    assert first["totals"]["publications"] == DEMO_TRUTH.publications
    by_expert = {
        key: value["appearances"]
        for key, value in first["by_expert"].items()
        if value["appearances"]
    }
    assert by_expert == dict(DEMO_TRUTH.by_expert)
    by_media = {
        key: value["appearances"]
        for key, value in first["by_media_type"].items()
        if value["appearances"]
    }
    assert by_media == dict(DEMO_TRUTH.by_media_type)
    # Every counted number opens to its items and their URLs.
    assert len(first["items"]) == DEMO_TRUTH.appearances
    assert all(item["placements"] for item in first["items"])

    code, out = run_cli("collect", "--once", "--config", str(demo_world), "--database-url", db_url)
    assert code == 0, out
    assert table_counts(db_url) == first_counts
    assert fiscal_report(demo_world, db_url)["totals"] == first["totals"]

    # The second cycle parsed nothing: 304 where the server has an ETag, same hash elsewhere.
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        logs = session.scalars(select(models.FetchLog).order_by(models.FetchLog.id)).all()
        second = logs[len(logs) // 2 :]
        assert len(logs) == 2 * len(second)
        healthy = [log for log in second if log.outcome in ("ok", "not_modified")]
        assert healthy, "no healthy source in the second cycle"
        assert not any(log.parsed for log in healthy)
        assert {log.outcome for log in second} >= {"not_modified", "ok"}
    engine.dispose()


@pytest.mark.usefixtures("fast_settings")
def test_broken_source_is_visible_and_does_not_stop_others(
    demo_world: Path, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    assert run_cli("collect", "--config", str(demo_world), "--database-url", db_url)[0] == 0
    code, out = run_cli(
        "sources", "--config", str(demo_world), "--database-url", db_url, "--format", "json"
    )
    assert code == 0
    health = {row["name"]: row for row in json.loads(out)}
    broken = health["壊れたフィード"]
    assert broken["consecutive_failures"] == 1
    assert broken["last_error"] and "500" in broken["last_error"]
    assert broken["last_success_at"] is None
    others = [row for name, row in health.items() if name != "壊れたフィード"]
    assert all(row["consecutive_failures"] == 0 and row["last_success_at"] for row in others)


@pytest.mark.usefixtures("fast_settings")
def test_edited_entry_updates_its_document_without_a_new_mention(
    demo_world: Path, local_server: LocalServer, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    assert run_cli("collect", "--config", str(demo_world), "--database-url", db_url)[0] == 0
    before = table_counts(db_url)
    feed_path = "/times/atom.xml"
    original = build_world(local_server.base_url.rstrip("/"))[feed_path]
    assert isinstance(original, Route)
    edited = original.body.replace(
        b"more coast guard patrols", b"more coast guard and navy patrols"
    )
    assert edited != original.body
    local_server.set_route(feed_path, Route(body=edited, content_type=original.content_type))
    assert run_cli("collect", "--config", str(demo_world), "--database-url", db_url)[0] == 0
    assert table_counts(db_url) == before
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        texts = session.scalars(
            select(models.Document.text).where(models.Document.outlet == "Demo Times")
        ).all()
        assert any("navy patrols" in text for text in texts)
    engine.dispose()


def test_demo_command_matches_its_truth() -> None:
    code, out = run_cli("demo")
    assert code == 0, out
    assert "the report matches the demo world's truth" in out


@pytest.mark.parametrize(
    "command",
    ["check", "collect", "run", "report", "sources", "mentions", "rematch", "demo", "db", "health"],
)
def test_every_command_has_help(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", command, "--help"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--config" in result.stdout


def test_check_shipped_config_passes() -> None:
    code, out = run_cli("check", "--config", str(PROJECT_ROOT / "sources.yaml"))
    assert code == 0
    assert "experts:" in out and "sources:" in out


def test_check_broken_config_exits_2_naming_entry_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "sources.yaml"
    broken.write_text(
        "institute: {name: X}\nsources:\n  - {name: nhk, kind: feed, url: 'https://a.example/', every: soon}\n",
        encoding="utf-8",
    )
    code, _ = run_cli("check", "--config", str(broken))
    assert code == 2
    error = capsys.readouterr().err
    assert "sources[0] (nhk): every" in error and str(broken) in error


def test_report_rejects_half_a_range(demo_world: Path, tmp_path: Path) -> None:
    code, _ = run_cli(
        "report",
        "--config",
        str(demo_world),
        "--database-url",
        f"sqlite:///{tmp_path / 'x.db'}",
        "--from",
        "2024-04-01",
    )
    assert code == 2


REAL_FEEDS = [
    ("feeds/chardet__SHIFT_JIS__brag.zaka.to.xml", "application/xml"),
    ("feeds/chardet__EUC-JP__blog.kabu-navi.com.atom.xml", "application/atom+xml"),
    ("feeds/plagger__tdiary.rdf", "application/rdf+xml"),
    ("feeds/plagger__top10news.xml", "application/xml"),
    ("feeds/chardet__SHIFT_JIS__moon-light.ne.jp.xml", "application/rss+xml"),
    ("feeds/rss-parser__uolNoticias.rss", "application/rss+xml"),
    ("feeds/rss-parser__guardian.rss", "application/rss+xml"),
]


@pytest.mark.usefixtures("fast_settings")
def test_real_world_feeds_collect_cleanly_and_twice_adds_nothing(
    real_world: Path, local_server: LocalServer, tmp_path: Path
) -> None:
    sources = []
    for index, (name, content_type) in enumerate(REAL_FEEDS):
        path = f"/feed/{index}"
        local_server.set_route(
            path, Route(body=(real_world / name).read_bytes(), content_type=content_type)
        )
        sources.append(
            f"  - {{name: feed{index}, kind: feed, url: '{local_server.url(path)}', every: 1h}}"
        )
    truncated = (real_world / REAL_FEEDS[0][0]).read_bytes()[:-400]
    local_server.set_route("/feed/truncated", Route(body=truncated, content_type="application/xml"))
    sources.append(
        f"  - {{name: truncated, kind: feed, url: '{local_server.url('/feed/truncated')}', every: 1h}}"
    )
    config = tmp_path / "sources.yaml"
    config.write_text(
        "institute: {name: 日本国際問題研究所}\nexperts:\n  - {id: kotani-tetsuo, name: 小谷哲男}\n"
        "sources:\n" + "\n".join(sources) + "\n",
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    code, out = run_cli("collect", "--config", str(config), "--database-url", db_url)
    assert code == 0, out
    first = table_counts(db_url)
    assert first["Document"] >= 100
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        titles = session.scalars(select(models.Document.title)).all()
        assert not any("\ufffd" in title for title in titles), "mojibake in a title"
        logs = session.scalars(select(models.FetchLog)).all()
        assert all(log.outcome == "ok" and log.entries > 0 for log in logs), [
            (log.url, log.outcome, log.error) for log in logs
        ]
    engine.dispose()
    assert run_cli("collect", "--config", str(config), "--database-url", db_url)[0] == 0
    assert table_counts(db_url) == first


@pytest.mark.usefixtures("fast_settings")
def test_service_runs_stops_on_sigterm_and_restarts_without_double_counting(
    demo_world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_url = f"sqlite:///{tmp_path / 'service.db'}"
    heartbeat = tmp_path / "heartbeat"
    monkeypatch.setenv("MEDIAWATCH_HEARTBEAT_FILE", str(heartbeat))
    assert run_cli("health", "--config", str(demo_world))[0] == 1  # never ticked
    env = {**os.environ, "MEDIAWATCH_DATABASE_URL": db_url, "NO_PROXY": "127.0.0.1"}
    command = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "run",
        "--config",
        str(demo_world),
        "--tick",
        "1",
    ]

    def run_until(expected_logs: int, log_line: str) -> str:
        """Start the service, wait for ``log_line`` and ``expected_logs`` fetches, SIGTERM it."""
        process = subprocess.Popen(
            command,
            env=env,
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: list[str] = []
        reader = threading.Thread(
            target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True
        )  # type: ignore[union-attr]
        reader.start()
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                time.sleep(0.3)
                if any(log_line in line for line in lines) and fetch_logs(db_url) >= expected_logs:
                    break
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
            reader.join(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
        output = "".join(lines)
        assert process.returncode == 0, output
        assert "mediawatch stopped" in output
        return output

    run_until(expected_logs=6, log_line="cycle: 6 of 6 sources")
    code, out = run_cli("health", "--config", str(demo_world))
    assert code == 0 and out.startswith("healthy"), out
    assert run_cli("health", "--config", str(demo_world), "--max-age", "-1")[0] == 1
    first = table_counts(db_url)
    assert first["Document"] > 0
    # Restarted at once: nothing is due yet, so nothing is fetched or counted again.
    output = run_until(expected_logs=6, log_line="cycle: 0 of 6 sources")
    assert "cycle: 6 of 6" not in output
    assert table_counts(db_url) == first
    assert fiscal_report(demo_world, db_url)["totals"]["appearances"] == DEMO_TRUTH.appearances


@pytest.mark.usefixtures("fast_settings")
def test_updated_full_text_article_updates_its_document(
    demo_world: Path, local_server: LocalServer, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    assert run_cli("collect", "--config", str(demo_world), "--database-url", db_url)[0] == 0
    before = table_counts(db_url)
    world = build_world(local_server.base_url.rstrip("/"))
    feed, page = world["/daily/feed.xml"], world["/daily/articles/2024/0510-alliance.html"]
    assert isinstance(feed, Route) and isinstance(page, Route)
    old_summary = "政府は日米2プラス2を来月開く方向で調整に入った。".encode("cp932")
    new_summary = "（更新）政府は日米2プラス2を来月開く方向で最終調整に入った。".encode("cp932")
    assert old_summary in feed.body
    local_server.set_route(
        "/daily/feed.xml",
        Route(body=feed.body.replace(old_summary, new_summary), content_type=feed.content_type),
    )
    local_server.set_route(
        "/daily/articles/2024/0510-alliance.html",
        Route(
            body=page.body.replace(
                "調整に入った".encode("cp932"), "最終調整に入った".encode("cp932")
            ),
            content_type=page.content_type,
        ),
    )
    assert run_cli("collect", "--config", str(demo_world), "--database-url", db_url)[0] == 0
    assert table_counts(db_url) == before
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        document = session.scalars(
            select(models.Document).where(models.Document.url.like("%0510-alliance.html"))
        ).one()
        assert "最終調整" in document.text
        assert document.updated_at is not None
    engine.dispose()
    assert fiscal_report(demo_world, db_url)["totals"]["appearances"] == DEMO_TRUTH.appearances


@pytest.mark.usefixtures("fast_settings")
def test_ten_cycles_leave_every_count_unchanged(demo_world: Path, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    assert run_cli("collect", "--config", str(demo_world), "--database-url", db_url)[0] == 0
    counts, report = table_counts(db_url), fiscal_report(demo_world, db_url)
    for _ in range(9):
        assert run_cli("collect", "--config", str(demo_world), "--database-url", db_url)[0] == 0
    assert table_counts(db_url) == counts
    again = fiscal_report(demo_world, db_url)
    assert again["totals"] == report["totals"]
    assert again["by_expert"] == report["by_expert"]


@pytest.mark.usefixtures("fast_settings")
def test_rematch_adds_new_experts_and_keeps_staff_decisions(
    demo_world: Path, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    full = demo_world.read_text(encoding="utf-8")
    start = full.index("  - id: kuwahara-kyoko")
    without_kuwahara = full[:start] + full[full.index("outlets:") :]
    config = tmp_path / "without.yaml"
    config.write_text(without_kuwahara, encoding="utf-8")
    assert run_cli("collect", "--config", str(config), "--database-url", db_url)[0] == 0

    engine = make_engine(db_url)
    with session_scope(engine) as session:
        assert not session.scalars(
            select(models.Mention).where(models.Mention.target_id == "kuwahara-kyoko")
        ).all()
        decided = session.scalars(
            select(models.Mention).where(models.Mention.target_id == "kotani-tetsuo")
        ).all()
        assert len(decided) >= 2
        decided[0].status, decided[1].status = "rejected", "confirmed"
        decided_ids = {decided[0].id: "rejected", decided[1].id: "confirmed"}
        before = session.scalar(select(func.count()).select_from(models.Mention))

    code, out = run_cli("rematch", "--config", str(demo_world), "--database-url", db_url)
    assert code == 0, out
    assert "documents re-matched" in out
    with session_scope(engine) as session:
        added = session.scalars(
            select(models.Mention).where(models.Mention.target_id == "kuwahara-kyoko")
        ).all()
        assert added and all(mention.status == "pending" for mention in added)
        after = session.scalar(select(func.count()).select_from(models.Mention))
        assert after == before + len(added)
        for mention_id, status in decided_ids.items():
            assert session.get(models.Mention, mention_id).status == status  # type: ignore[union-attr]
    engine.dispose()
    # A second rematch finds nothing new.
    code, out = run_cli("rematch", "--config", str(demo_world), "--database-url", db_url)
    assert "0 new pending mentions" in out


@pytest.mark.usefixtures("fast_settings")
def test_full_text_budget_defers_entries_to_the_next_cycle(
    demo_world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIAWATCH_FULL_TEXT_PER_CYCLE", "2")
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    code, out = run_cli("collect", "--config", str(demo_world), "--database-url", db_url)
    assert code == 0 and "deferred_full_text=2" in out, out
    first = table_counts(db_url)
    code, out = run_cli("collect", "--config", str(demo_world), "--database-url", db_url)
    assert code == 0 and "deferred_full_text" not in out, out
    second = table_counts(db_url)
    assert second["Document"] == first["Document"] + 2
    assert run_cli("collect", "--config", str(demo_world), "--database-url", db_url)[0] == 0
    assert table_counts(db_url) == second
    report = fiscal_report(demo_world, db_url)
    assert report["totals"]["appearances"] == DEMO_TRUTH.appearances
    assert report["totals"]["placements"] == DEMO_TRUTH.placements


def test_terminal_output_drops_control_characters() -> None:
    from pipeline.cli import format_table, printable

    hostile = "見出し\x1b]0;owned\x07\x1b[2Jend"
    assert "\x1b" not in printable(hostile) and "\x07" not in printable(hostile)
    assert printable("改行\nと\tタブ") == "改行\nと\tタブ"
    assert "\x1b" not in format_table(["title"], [[hostile]])


@pytest.mark.usefixtures("fast_settings")
def test_collecting_one_source_leaves_the_others_enabled(demo_world: Path, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    code, out = run_cli(
        "collect", "--config", str(demo_world), "--database-url", db_url, "--source", "Demo Times"
    )
    assert code == 0, out
    code, out = run_cli(
        "sources", "--config", str(demo_world), "--database-url", db_url, "--format", "json"
    )
    health = {row["name"]: row for row in json.loads(out)}
    assert all(row["enabled"] for row in health.values())
    assert health["Demo Times"]["last_success_at"] and not health["デモ日報"]["last_fetch_at"]
    code, _ = run_cli(
        "collect", "--config", str(demo_world), "--database-url", db_url, "--source", "nope"
    )
    assert code == 2


PUBLICATIONS_SOURCE = """
  - name: 戦略コメント
    kind: publications
    pub_type: 戦略コメント
    url: "{base}/pubs/"
    every: 12h
    selectors: {{item: div.item, link: a, date: .date}}
"""


@pytest.fixture
def citing_world(local_server: LocalServer, tmp_path: Path) -> tuple[Path, Path]:
    """A publications page with a new report and a news feed whose two items cite it,
    by its title without the series label and by a link; returns the sources.yaml
    with and without the publications source."""
    base = local_server.base_url.rstrip("/")
    local_server.set_route(
        "/pubs/",
        Route(
            body=(
                '<html><head><meta charset="utf-8"></head><body>'
                '<div class="item"><a href="/pubs/2025-03.html">'
                "戦略コメント（2025-03）北極海航路をめぐる大国間競争</a>"
                '<span class="date">2025年3月3日</span></div></body></html>'
            ).encode(),
            content_type="text/html",
        ),
    )
    items = "".join(
        f"<item><title>{title}</title><link>{base}/news/{slug}</link>"
        f"<pubDate>Tue, 04 Mar 2025 09:00:00 +0900</pubDate>"
        f"<description><![CDATA[{summary}]]></description></item>"
        for title, slug, summary in [
            (
                "北極海、競争の舞台に",
                "arctic.html",
                "国際問題研究所の戦略コメント「北極海航路をめぐる大国間競争」は、各国の動きを整理した。",
            ),
            (
                "Arctic shipping lanes draw rivals",
                "arctic-en.html",
                f'A <a href="{base}/pubs/2025-03.html?utm_source=x">new commentary</a> '
                "maps the rivalry.",
            ),
        ]
    )
    local_server.set_route(
        "/news/feed.xml",
        Route(
            body=(
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>news</title><link>{base}/news/</link>{items}</channel></rss>"
            ).encode(),
            content_type="application/rss+xml",
            etag='"news-1"',
        ),
    )
    news_only = f"""
institute:
  name: 日本国際問題研究所
  aliases: [国際問題研究所, JIIA]
  domains: [jiia.or.jp]
experts:
  - {{id: kotani-tetsuo, name: 小谷哲男, titles: [主任研究員]}}
outlets:
  - {{name: ニュース, media_type: newspaper, language: ja, domains: [127.0.0.1]}}
sources:
  - {{name: ニュース, kind: feed, url: "{base}/news/feed.xml", outlet: ニュース, every: 30m}}
"""
    without, with_pubs = tmp_path / "news-only.yaml", tmp_path / "sources.yaml"
    without.write_text(news_only, encoding="utf-8")
    with_pubs.write_text(news_only + PUBLICATIONS_SOURCE.format(base=base), encoding="utf-8")
    return with_pubs, without


def publication_citations(db_url: str) -> list[tuple[str, str]]:
    """(document file name, role) of every mention of a publication."""
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            rows = session.execute(
                select(models.Document.url, models.Mention.role)
                .join(models.Mention, models.Mention.document_id == models.Document.id)
                .where(models.Mention.target_kind == "publication")
            ).all()
    finally:
        engine.dispose()
    return sorted((url.rsplit("/", 1)[-1], role) for url, role in rows)


CITED_BY_BOTH = [("arctic-en.html", "publication_citation"), ("arctic.html", "publication_citation")]


@pytest.mark.usefixtures("fast_settings")
def test_news_citing_a_publication_of_the_same_cycle_is_recognised(
    citing_world: tuple[Path, Path], tmp_path: Path
) -> None:
    """The publication pages run first in a cycle, so the news of that cycle already
    knows the new report: by its title without the series label, and by a link."""
    config, _ = citing_world
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    code, out = run_cli("collect", "--config", str(config), "--database-url", db_url)
    assert code == 0, out
    assert publication_citations(db_url) == CITED_BY_BOTH


@pytest.mark.usefixtures("fast_settings")
def test_rematch_finds_citations_of_a_publication_known_later(
    citing_world: tuple[Path, Path], tmp_path: Path
) -> None:
    """News stored before its report was known: the unchanged feed is not parsed again,
    and ``rematch`` finds both citations, the link one from the stored links."""
    config, news_only = citing_world
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    assert run_cli("collect", "--config", str(news_only), "--database-url", db_url)[0] == 0
    assert run_cli("collect", "--config", str(config), "--database-url", db_url)[0] == 0
    assert publication_citations(db_url) == []
    code, out = run_cli("rematch", "--config", str(config), "--database-url", db_url)
    assert code == 0, out
    assert publication_citations(db_url) == CITED_BY_BOTH


@pytest.mark.usefixtures("fast_settings")
def test_mentions_command_shows_role_confidence_snippet_and_why(
    demo_world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    assert run_cli("collect", "--config", str(demo_world), "--database-url", db_url)[0] == 0
    capsys.readouterr()
    args = ("mentions", "--config", str(demo_world), "--database-url", db_url)
    code, out = run_cli(*args, "--expert", "kuwahara-kyoko")
    assert code == 0, out
    assert "alembic" not in capsys.readouterr().err  # migration chatter only with -v
    head, snippet, why, *rest = out.splitlines()
    assert head.startswith("#") and "expert:kuwahara-kyoko" in head
    assert "role=authored" in head and "confidence=0.95" in head and "[pending]" in head
    assert "[[桒原響子]]" in snippet  # the match, highlighted in its snippet
    assert why.strip().startswith("why: matched '桒原響子' (byline")
    assert rest == ["1 mention"]

    code, out = run_cli(*args, "--format", "json")
    rows = json.loads(out)
    assert {row["target_id"] for row in rows} >= {"kotani-tetsuo", "kuwahara-kyoko"}
    quotes = [row for row in rows if row["target_id"] == "kotani-tetsuo" and row["role"] == "quote"]
    assert quotes and all(f"[[{row['alias']}]]" in row["snippet"] and row["rule"] for row in quotes)
    assert all(0.5 <= row["confidence"] <= 1 for row in rows)

    code, out = run_cli(*args, "--role", "authored", "--format", "json")
    authored = json.loads(out)
    assert code == 0 and authored and {row["role"] for row in authored} == {"authored"}
    assert len(authored) < len(rows)

    code, out = run_cli(*args, "--status", "confirmed")
    assert (code, out.strip()) == (0, "0 mentions")
