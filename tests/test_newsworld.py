"""A second news world, built to break counting: search feeds that duplicate outlet
feeds, short wire leads under different headlines, a page that fails once, a body
date that is not the publication date, an activity log whose lines share a link,
and a wire story reprinted across the fiscal-year boundary.

Everything is served over real HTTP on 127.0.0.1 and collected with the CLI; the
truth of each case is stated beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.localserver import LocalServer, Route
from tests.cli_helpers import fiscal_report, run_cli

CONFIG = """
institute:
  name: 日本国際問題研究所
  aliases: [JIIA, Japan Institute of International Affairs]
experts:
  - id: kotani-tetsuo
    name: 小谷哲男
    aliases: [Tetsuo Kotani]
    titles: [主任研究員, Senior Fellow]
  - id: kuwahara-kyoko
    name: 桒原響子
    aliases: [桑原響子, Kyoko Kuwahara]
    titles: [研究員, Research Fellow]
outlets:
  - {{name: 読売新聞, media_type: newspaper, domains: [yomiuri.example]}}
  - {{name: 北部新報, media_type: newspaper, domains: [hokubu.example]}}
  - {{name: 南部日日, media_type: newspaper, domains: [nanbu.example]}}
  - {{name: 西部タイムス, media_type: newspaper, domains: [seibu.example]}}
  - {{name: BSフジ, media_type: tv, domains: [bsfuji.example]}}
sources:
  - {{name: 読売, kind: feed, url: "{base}/yomiuri/rss", outlet: 読売新聞, every: 1h, full_text: true}}
  - {{name: ニュース検索, kind: search, url: "{base}/search?q={{query}}", every: 6h}}
  - {{name: 北部新報, kind: feed, url: "{base}/hokubu/rss", outlet: 北部新報, every: 1h}}
  - {{name: 南部日日, kind: feed, url: "{base}/nanbu/rss", outlet: 南部日日, every: 1h}}
  - {{name: 西部タイムス, kind: feed, url: "{base}/seibu/rss", outlet: 西部タイムス, every: 1h}}
  - name: 活動記録
    kind: page
    url: "{base}/jiia/media/"
    outlet: BSフジ
    every: 1d
    selectors: {{item: "ul.log li", date: .d, summary: .s}}
"""

WIRE_LEAD = "日本国際問題研究所の小谷哲男主任研究員は、日米同盟の抑止力について「運用で示す段階に来た」と指摘した。"


def rss(items: list[tuple[str, str, str, str]], source: tuple[str, str] | None = None) -> bytes:
    """RSS 2.0 with (title, link, pubDate, description) items."""
    extra = f'<source url="{source[1]}">{source[0]}</source>' if source else ""
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{date}</pubDate><description>{text}</description>{extra}</item>"
        for title, link, date, text in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()


def page(title: str, paragraphs: list[str]) -> bytes:
    """An article page without date metadata (its text may mention other dates)."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f'<html lang="ja"><head><meta charset="utf-8"><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>'.encode()


@pytest.fixture
def world(local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDIAWATCH_PER_HOST_DELAY_SECONDS", "0")
    monkeypatch.setenv("MEDIAWATCH_RETRIES", "0")
    monkeypatch.setenv("MEDIAWATCH_TIMEOUT_SECONDS", "5")
    base = local_server.base_url.rstrip("/")
    yomiuri = f"{base}/yomiuri/articles"

    # (1) 読売's own feed, full text. Article A is also found by the news search (2).
    # (4) Article B has no date metadata and its body mentions an earlier date: the
    #     feed's 2025-04-02 is the publication date (FY2025), not 2025-03-28.
    # (3) Article C fails with 503 on the first cycle and works on the second.
    local_server.set_route(
        "/yomiuri/rss",
        Route(
            body=rss(
                [
                    (
                        "日米同盟、抑止力の実効性が焦点に",
                        f"{yomiuri}/a.html",
                        "Mon, 10 Jun 2024 08:00:00 +0900",
                        "日米同盟の抑止力をめぐり議論が続く。",
                    ),
                    (
                        "偽情報対策、官民連携を強化へ",
                        f"{yomiuri}/b.html",
                        "Wed, 02 Apr 2025 07:00:00 +0900",
                        "政府は偽情報対策を強化する。",
                    ),
                    (
                        "インド太平洋の海洋秩序を考える",
                        f"{yomiuri}/c.html",
                        "Tue, 09 Jul 2024 07:00:00 +0900",
                        "海洋秩序をめぐる論点。",
                    ),
                ]
            ),
            content_type="application/rss+xml",
        ),
    )
    local_server.set_route(
        "/yomiuri/articles/a.html",
        Route(
            body=page(
                "日米同盟、抑止力の実効性が焦点に",
                [
                    "日米同盟の抑止力をめぐり議論が続く。",
                    "日本国際問題研究所の小谷哲男主任研究員は「抑止は運用で示すものだ」と話した。",
                ],
            ),
            content_type="text/html",
        ),
    )
    local_server.set_route(
        "/yomiuri/articles/b.html",
        Route(
            body=page(
                "偽情報対策、官民連携を強化へ",
                [
                    "2025年3月28日に行われた有識者会議を受け、政府は偽情報対策を強化する。",
                    "日本国際問題研究所の桒原響子研究員は「社会全体での備えが必要だ」と指摘した。",
                ],
            ),
            content_type="text/html",
        ),
    )
    local_server.set_route(
        "/yomiuri/articles/c.html",
        [
            Route(body=b"busy", content_type="text/plain", status=503),
            Route(
                body=page(
                    "インド太平洋の海洋秩序を考える",
                    [
                        "海洋秩序をめぐる論点を整理する。",
                        "日本国際問題研究所の小谷哲男主任研究員は「法の支配の維持が肝要だ」と語った。",
                    ],
                ),
                content_type="text/html",
            ),
        ],
    )

    # (2) A news search feed: it links through its own redirect URL, names the
    #     publisher in <source>, appends " - 読売新聞オンライン" to the headline and
    #     carries only a snippet. It is article A again: no new appearance.
    local_server.set_route(
        "/search",
        Route(
            body=rss(
                [
                    (
                        "日米同盟、抑止力の実効性が焦点に - 読売新聞オンライン",
                        f"{base}/search/articles/CBMiQWh0dHBz?oc=5",
                        "Mon, 10 Jun 2024 08:05:00 +0900",
                        "小谷哲男主任研究員は…",
                    )
                ],
                source=("読売新聞オンライン", "https://www.yomiuri.example"),
            ),
            content_type="application/rss+xml",
        ),
    )

    # (5) One short 共同 lead in three regional feeds under three headlines:
    #     1 appearance, 3 placements.
    regional = [
        (
            "/hokubu/rss",
            "hokubu",
            "抑止力「運用で示す段階」　専門家",
            "Thu, 13 Jun 2024 06:00:00 +0900",
        ),
        (
            "/nanbu/rss",
            "nanbu",
            "日米同盟の抑止力、専門家が指摘",
            "Thu, 13 Jun 2024 06:30:00 +0900",
        ),
        ("/seibu/rss", "seibu", "同盟の抑止力は「運用で」", "Thu, 13 Jun 2024 07:10:00 +0900"),
    ]
    for path, slug, headline, date in regional:
        local_server.set_route(
            path,
            Route(
                body=rss(
                    [(headline, f"{base}/{slug}/news/0613-01.html", date, f"{WIRE_LEAD}（共同）")]
                ),
                content_type="application/rss+xml",
            ),
        )

    # (6) The institute's activity log: two BSフジ appearances link to the same
    #     programme page on different days, a third line has no link: 3 appearances.
    # (7) A wire lead on 2025-03-31 reprinted on 2025-04-01 counts once, in FY2024:
    #     see test_report.py (it needs the report's story dating, not a world).
    local_server.set_route(
        "/jiia/media/",
        Route(
            body=(
                '<html><head><meta charset="utf-8"></head><body><ul class="log">'
                '<li><span class="d">2024年5月3日</span><a href="/bsfuji/primenews/">BSフジ「プライムニュース」</a>'
                '<span class="s">小谷哲男主任研究員が生出演し、日米関係について解説</span></li>'
                '<li><span class="d">2024年6月7日</span><a href="/bsfuji/primenews/">BSフジ「プライムニュース」</a>'
                '<span class="s">小谷哲男主任研究員が生出演し、日米関係について解説</span></li>'
                '<li><span class="d">2024年8月20日</span><span class="s">BSフジ「プライムニュース」に桒原響子研究員が出演</span></li>'
                "</ul></body></html>"
            ).encode(),
            content_type="text/html",
        ),
    )
    config = tmp_path / "sources.yaml"
    config.write_text(CONFIG.format(base=base), encoding="utf-8")
    return config


def test_news_world_counts_each_appearance_once(world: Path, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'world.db'}"
    for _ in range(3):  # the 503 page comes back on the second cycle; the third adds nothing
        code, out = run_cli("collect", "--config", str(world), "--database-url", db_url)
        assert code == 0, out
    fy2024 = fiscal_report(world, db_url, 2024)
    fy2025 = fiscal_report(world, db_url, 2025)

    items = {(item["date"][:10], item["role"]): item for item in fy2024["items"]}
    # A (quote, found twice), C (quote, after a 503), the wire lead (quote, 3 placements),
    # and three activity-log appearances.
    assert sorted(items) == [
        ("2024-05-03", "appearance"),
        ("2024-06-07", "appearance"),
        ("2024-06-10", "quote"),
        ("2024-06-13", "quote"),
        ("2024-07-09", "quote"),
        ("2024-08-20", "appearance"),
    ], fy2024["items"]
    assert items[("2024-06-10", "quote")]["placements"] == 1
    assert items[("2024-06-13", "quote")]["placements"] == 3
    assert fy2024["totals"]["appearances"] == 6
    assert fy2024["totals"]["placements"] == 8
    assert fy2024["by_expert"]["kotani-tetsuo"]["appearances"] == 5
    assert fy2024["by_expert"]["kuwahara-kyoko"]["appearances"] == 1
    # B is dated by its feed (2025-04-02), not by the earlier date in its text.
    assert fy2025["totals"]["appearances"] == 1
    assert fy2025["items"][0]["experts"] == ["kuwahara-kyoko"]
