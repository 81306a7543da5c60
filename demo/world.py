"""``mediawatch demo``: the whole pipeline on a small offline news world.

Starts a local HTTP server on 127.0.0.1 with a few outlets' feeds and article
pages (one feed in Shift_JIS, a wire story reprinted by two papers, the same
article under two URLs, a broken feed, the institute's publication page),
writes a temporary sources.yaml pointing at it, collects twice (the second
cycle must add nothing) and prints the report. Never touches the internet.
The world's true counts are kept beside it (``DEMO_TRUTH``) so the tests and
the reader can check the report against them.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from demo.localserver import LocalServer, Route
from pipeline import exports
from pipeline import report as reporting
from pipeline.collect import Collector, SourceReport
from pipeline.config import expand_sources, parse_config, source_hosts
from pipeline.fetch import Fetcher
from pipeline.schedule import run_cycle
from pipeline.settings import load_settings
from pipeline.types import Config
from storage.db import make_engine, session_scope, upgrade

DEMO_FISCAL_YEAR = 2024


@dataclass(frozen=True, slots=True)
class DemoTruth:
    """What a correct pipeline must report for FY2024 of the demo world."""

    appearances: int
    placements: int
    publications: int
    by_expert: tuple[tuple[str, int], ...]
    by_media_type: tuple[tuple[str, int], ...]


DEMO_TRUTH = DemoTruth(
    appearances=4,
    placements=5,
    publications=2,
    by_expert=(("kotani-tetsuo", 3), ("kuwahara-kyoko", 1)),
    by_media_type=(("newspaper", 3), ("tv", 1)),
)

_WIRE_TEXT = (
    "政府は10日、日米の外務・防衛担当閣僚による安全保障協議委員会（2プラス2）を来月ワシントンで"
    "開く方向で調整に入った。在日米軍の指揮統制の見直しや、防衛装備品の共同生産が主な議題となる見通しだ。"
    "日本国際問題研究所の小谷哲男主任研究員は「同盟の抑止力を実際の運用で示せるかが問われる」と指摘した。"
    "協議では台湾海峡や南シナ海の情勢についても意見を交わす。"
)


def _html(title: str, body: str, published: str, charset: str = "utf-8", byline: str = "") -> str:
    author = f'<meta name="author" content="{byline}">' if byline else ""
    return (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="{charset}"><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}">{author}</head>'
        f"<body><nav>トップ ニュース 国際</nav><article><h1>{title}</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n"))
        + "</article><footer>Copyright</footer></body></html>"
    )


def _rss(title: str, items: list[tuple[str, str, str, str]], encoding: str = "utf-8") -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{date}</pubDate><description>{summary}</description></item>"
        for t, link, date, summary in items
    )
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link>{entries}</channel></rss>"
    )


def build_world(base: str) -> dict[str, Route | list[Route]]:
    """The demo world's routes; ``base`` is the server's root URL (no trailing slash)."""
    daily = f"{base}/daily"
    local = f"{base}/local"
    routes: dict[str, Route | list[Route]] = {}

    # デモ日報: a national paper whose feed and pages are Shift_JIS, as many Japanese sites are.
    daily_items = [
        (
            "日米2プラス2、来月開催へ調整",
            f"{daily}/articles/2024/0510-alliance.html",
            "Fri, 10 May 2024 09:00:00 +0900",
            "政府は日米2プラス2を来月開く方向で調整に入った。",
        ),
        (
            "【寄稿】偽情報にどう立ち向かうか",
            f"{daily}/articles/2024/0701-opinion.html",
            "Mon, 01 Jul 2024 06:00:00 +0900",
            "桒原響子・日本国際問題研究所研究員の寄稿。",
        ),
        (
            "日米2プラス2、来月開催へ調整",
            f"{daily}/articles/2024/0510-alliance.html?utm_source=rss&utm_medium=feed",
            "Fri, 10 May 2024 09:00:00 +0900",
            "同じ記事が追跡パラメータ付きで再掲された。",
        ),
        (
            "プロ野球、首位攻防3連戦始まる",
            f"{daily}/articles/2024/0802-baseball.html",
            "Fri, 02 Aug 2024 21:00:00 +0900",
            "セ・リーグ首位攻防の3連戦が始まった。",
        ),
        (
            "来年度予算案、概算要求出そろう",
            f"{daily}/articles/2025/0601-budget.html",
            "Sun, 01 Jun 2025 08:00:00 +0900",
            "各省庁の概算要求が出そろった。小谷哲男主任研究員は「防衛費の中身が問われる」と話した。",
        ),
    ]
    routes["/daily/feed.xml"] = Route(
        body=_rss("デモ日報", daily_items, "Shift_JIS").encode("cp932"),
        content_type="application/rss+xml",
        etag='"daily-1"',
    )
    pages = {
        "/daily/articles/2024/0510-alliance.html": (
            "日米2プラス2、来月開催へ調整",
            _WIRE_TEXT + "\n（共同）",
            "2024-05-10T09:00:00+09:00",
            "",
        ),
        "/daily/articles/2024/0701-opinion.html": (
            "【寄稿】偽情報にどう立ち向かうか",
            "選挙を狙った偽情報の拡散が各国で問題になっている。\n"
            "日本も発信力の強化と、社会全体での情報リテラシーの向上が欠かせない。\n"
            "（くわはら・きょうこ　日本国際問題研究所研究員）",
            "2024-07-01T06:00:00+09:00",
            "桒原響子",
        ),
        "/daily/articles/2024/0802-baseball.html": (
            "プロ野球、首位攻防3連戦始まる",
            "セ・リーグ首位攻防の3連戦が始まり、先発投手が好投した。",
            "2024-08-02T21:00:00+09:00",
            "",
        ),
        "/daily/articles/2025/0601-budget.html": (
            "来年度予算案、概算要求出そろう",
            "各省庁の概算要求が出そろった。日本国際問題研究所の小谷哲男主任研究員は「防衛費の中身が問われる」と話した。",
            "2025-06-01T08:00:00+09:00",
            "",
        ),
    }
    for path, (title, body, published, byline) in pages.items():
        routes[path] = Route(
            body=_html(title, body, published, "Shift_JIS", byline).encode("cp932"),
            content_type="text/html",
        )

    # デモ地方新聞: a regional paper reprinting the same 共同 wire story with its own headline.
    local_items = [
        (
            "2プラス2 来月ワシントンで",
            f"{local}/news/20240510-01.html",
            "Fri, 10 May 2024 11:30:00 +0900",
            "日米2プラス2を来月開催へ。",
        ),
    ]
    routes["/local/rss"] = Route(
        body=_rss("デモ地方新聞", local_items).encode(), content_type="application/rss+xml"
    )
    routes["/local/news/20240510-01.html"] = Route(
        body=_html(
            "2プラス2 来月ワシントンで", _WIRE_TEXT + "\n（共同）", "2024-05-10T11:30:00+09:00"
        ).encode(),
        content_type="text/html; charset=utf-8",
    )

    # Demo Times: an English paper's Atom feed, summary only.
    routes["/times/atom.xml"] = Route(
        body=(
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Demo Times</title><id>urn:demo-times</id><updated>2024-09-02T10:00:00Z</updated>"
            "<entry><title>Tokyo weighs new maritime patrols</title>"
            f'<link href="{base}/times/2024/09/02/maritime-patrols/"/><id>urn:demo-times:1</id>'
            "<updated>2024-09-02T10:00:00Z</updated><summary>Japan is weighing more coast guard patrols "
            'near disputed waters. "The signal matters as much as the ships," said Tetsuo Kotani, '
            "a senior fellow at the Japan Institute of International Affairs.</summary></entry>"
            "<entry><title>Markets close higher</title>"
            f'<link href="{base}/times/2024/09/03/markets/"/><id>urn:demo-times:2</id>'
            "<updated>2024-09-03T10:00:00Z</updated><summary>Stocks rose for a third day.</summary></entry>"
            "</feed>"
        ).encode(),
        content_type="application/atom+xml",
    )

    # デモテレビ: a programme listing page picked with CSS selectors.
    routes["/tv/programs"] = Route(
        body=(
            '<html><head><meta charset="utf-8"></head><body><ul class="programs">'
            '<li class="program"><a href="/tv/programs/1120">国際報道 きょうの特集</a>'
            '<span class="date">2024年11月20日</span>'
            '<p class="desc">米大統領選後の日米関係を、日本国際問題研究所の小谷哲男主任研究員が生出演で解説。</p></li>'
            '<li class="program"><a href="/tv/programs/1121">天気と暮らし</a>'
            '<span class="date">2024年11月21日</span><p class="desc">週末の天気を詳しく。</p></li>'
            "</ul></body></html>"
        ).encode(),
        content_type="text/html",
    )

    # A broken feed: the server fails every time; the other sources must not notice.
    routes["/broken/feed.xml"] = Route(
        body=b"<rss><channel><item><title>oops", content_type="text/xml", status=500
    )

    # The institute's own publications page.
    routes["/institute/comments/"] = Route(
        body=(
            '<html><head><meta charset="utf-8"></head><body><div class="list">'
            '<div class="item"><a href="/institute/comments/2024-12.html">戦略コメント（2024-12）インド太平洋の海洋秩序</a>'
            '<span class="date">2024年12月5日</span></div>'
            '<div class="item"><a href="/institute/comments/2025-02.html">戦略コメント（2025-02）偽情報対策の国際協調</a>'
            '<span class="date">2025年2月14日</span></div>'
            '<div class="item"><a href="/institute/comments/2023-10.html">戦略コメント（2023-10）中東情勢と日本</a>'
            '<span class="date">2023年10月20日</span></div>'
            "</div></body></html>"
        ).encode(),
        content_type="text/html",
    )
    return routes


def demo_config_yaml(base: str) -> str:
    """A sources.yaml for the demo world served at ``base``."""
    return f"""
institute:
  name: 日本国際問題研究所
  aliases: [国際問題研究所, JIIA, Japan Institute of International Affairs]
  domains: [jiia.or.jp]
experts:
  - id: kotani-tetsuo
    name: 小谷哲男
    aliases: [小谷 哲男, Tetsuo Kotani, Kotani Tetsuo]
    titles: [主任研究員, Senior Fellow]
    groups: [米国研究会]
  - id: kuwahara-kyoko
    name: 桒原響子
    aliases: [桑原響子, くわはら・きょうこ, Kyoko Kuwahara]
    titles: [研究員, Research Fellow]
    groups: [戦略的コミュニケーション]
outlets:
  - {{name: デモ日報, media_type: newspaper, language: ja, domains: [daily.demo.invalid]}}
  - {{name: デモ地方新聞, media_type: newspaper, language: ja, domains: [local.demo.invalid]}}
  - {{name: Demo Times, media_type: newspaper, language: en, domains: [times.demo.invalid]}}
  - {{name: デモテレビ, media_type: tv, language: ja, domains: [tv.demo.invalid]}}
sources:
  - {{name: デモ日報, kind: feed, url: "{base}/daily/feed.xml", outlet: デモ日報, every: 30m, full_text: true}}
  - {{name: デモ地方新聞, kind: feed, url: "{base}/local/rss", outlet: デモ地方新聞, every: 30m, full_text: true}}
  - {{name: Demo Times, kind: feed, url: "{base}/times/atom.xml", outlet: Demo Times, every: 1h, language: en}}
  - name: デモテレビ 番組表
    kind: page
    url: "{base}/tv/programs"
    outlet: デモテレビ
    every: 1h
    selectors: {{item: li.program, link: a, title: a, date: .date, summary: .desc}}
  - {{name: 壊れたフィード, kind: feed, url: "{base}/broken/feed.xml", every: 30m}}
  - name: 戦略コメント
    kind: publications
    pub_type: 戦略コメント
    url: "{base}/institute/comments/"
    every: 12h
    selectors: {{item: div.item, link: a, date: .date}}
"""


def _start_world(server: LocalServer, folder: Path) -> tuple[str, Path, Config]:
    """Serve the demo world on ``server``; write its sources.yaml into ``folder`` and load it."""
    base = server.base_url.rstrip("/")
    for path, route in build_world(base).items():
        server.set_route(path, route)
    config_path = folder / "sources.yaml"
    config_path.write_text(demo_config_yaml(base), encoding="utf-8")
    return base, config_path, parse_config(config_path.read_text(encoding="utf-8"), str(config_path))


def run_demo(out: TextIO, *, keep: bool = False, database_url: str | None = None) -> int:
    """Serve the demo world, collect it twice, print the FY2024 report; returns an exit code.

    The database is a new file in a temporary folder unless ``database_url`` is
    given (then the truth check expects it to start empty).
    """
    workdir = Path(tempfile.mkdtemp(prefix="mediawatch-demo-"))
    problems: list[str] = ["the demo did not finish"]
    try:
        with LocalServer({}) as server:
            base, config_path, config = _start_world(server, workdir)
            settings = replace(
                load_settings(),
                database_url=database_url or f"sqlite:///{workdir / 'demo.db'}",
                per_host_delay_seconds=0.0,
                retries=1,
                backoff_seconds=0.05,
                timeout_seconds=5.0,
            )
            engine = make_engine(settings.database_url)
            upgrade(engine)
            sources = expand_sources(config)

            async def cycle() -> list[SourceReport]:
                async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
                    collector = Collector(config, settings, engine, fetcher)
                    return await run_cycle(collector, sources, due_only=False)

            print(f"demo world serving at {base}; config {config_path}", file=out)
            first = asyncio.run(cycle())
            second = asyncio.run(cycle())
        _summarise("first cycle", first, out)
        _summarise("second cycle", second, out)
        with session_scope(engine) as session:
            result = reporting.report_for_period(
                session,
                config,
                reporting.fiscal_year(DEMO_FISCAL_YEAR, config.institute.fiscal_year_start),
                include_pending=True,
                count_placements=False,
            )
        print(
            "\n(unreviewed mentions are counted: the demo has no staff to confirm them)\n", file=out
        )
        print(exports.to_markdown(result, lang="en"), file=out)
        problems = truth_problems(result, second)
        if problems:
            print("the report does NOT match the demo world's truth:", file=out)
            for problem in problems:
                print(f"  - {problem}", file=out)
        else:
            print(
                f"the report matches the demo world's truth: {DEMO_TRUTH.appearances} appearances, "
                f"{DEMO_TRUTH.placements} placements, {DEMO_TRUTH.publications} publications; "
                "the second cycle added nothing",
                file=out,
            )
        engine.dispose()
    finally:
        if keep:
            print(f"kept {workdir}", file=out)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if problems else 0


def truth_problems(result: reporting.Report, second_cycle: list[SourceReport]) -> list[str]:
    """Where a FY2024 report of the demo world, and its second cycle, differ from the truth."""
    problems = []
    expected = {
        "appearances": DEMO_TRUTH.appearances,
        "placements": DEMO_TRUTH.placements,
        "publications": DEMO_TRUTH.publications,
    }
    for name, want in expected.items():
        got = getattr(result.totals, name)
        if got != want:
            problems.append(f"{name}: {got}, expected {want}")
    by_expert = {
        key: count.appearances for key, count in result.by_expert.items() if count.appearances
    }
    if by_expert != dict(DEMO_TRUTH.by_expert):
        problems.append(f"by expert: {by_expert}, expected {dict(DEMO_TRUTH.by_expert)}")
    by_media = {
        key: count.appearances for key, count in result.by_media_type.items() if count.appearances
    }
    if by_media != dict(DEMO_TRUTH.by_media_type):
        problems.append(f"by media type: {by_media}, expected {dict(DEMO_TRUTH.by_media_type)}")
    added = sum(r.new_documents + r.new_mentions + r.new_publications for r in second_cycle)
    if added:
        problems.append(f"the second cycle added {added} documents/mentions/publications")
    return problems


def _summarise(label: str, reports: list[SourceReport], out: TextIO) -> None:
    parsed = sum(1 for report in reports if report.parsed)
    print(
        f"{label}: {len(reports)} sources, {parsed} parsed, "
        f"{sum(r.new_documents for r in reports)} new documents, "
        f"{sum(r.new_mentions for r in reports)} new mentions, "
        f"{sum(r.new_publications for r in reports)} new publications, "
        f"{sum(1 for r in reports if r.error)} failed",
        file=out,
    )


DEMO_FOLDER = Path("data") / "demo"
DEMO_DATABASE_URL = f"sqlite:///{DEMO_FOLDER / 'demo.db'}"


def serve_demo(
    out: TextIO, *, database_url: str | None, host: str, port: int, tick_seconds: int = 60
) -> int:
    """Serve the demo world and run the collector with the review app on it until stopped.

    The world's sources.yaml is written to ``data/demo/sources.yaml`` (the
    world's port changes on every start) and the database defaults to
    ``data/demo/demo.db``, so the demo never mixes with real data. Nothing is
    confirmed until someone reviews it in the app.
    """
    from review.server import run_with_web

    DEMO_FOLDER.mkdir(parents=True, exist_ok=True)
    with LocalServer({}) as server:
        base, config_path, config = _start_world(server, DEMO_FOLDER)
        settings = replace(
            load_settings(),
            database_url=database_url or DEMO_DATABASE_URL,
            per_host_delay_seconds=0.0,
            heartbeat_file=str(DEMO_FOLDER / "heartbeat"),
        )
        engine = make_engine(settings.database_url)
        upgrade(engine)
        print(
            f"demo world at {base}; config {config_path}; database {settings.database_url}\n"
            f"review app: http://{host}:{port}/ (stop with Ctrl-C)",
            file=out,
            flush=True,
        )
        asyncio.run(run_with_web(config, settings, engine, host, port, tick_seconds=tick_seconds))
        engine.dispose()
    return 0
