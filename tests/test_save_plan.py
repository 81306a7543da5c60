"""A feed saved as one plan stores what saving its items one by one stores.

The collector plans a source's new items against one look-up per kind and against
each other (``pipeline.dedup.batch``), then writes the plan in bulk. Items of one
feed that duplicate each other must be caught as if each had been saved before the
next: the same headline by the same outlet, the same text under another URL, a near
copy joining the first one's story, a fuller text replacing a shorter one, and a
desk line that becomes boilerplate once the feed has counted it three times.

The feed is served whole to one database, and item by item (each cycle's feed
holds the next item only) to another, against the local server on 127.0.0.1; both must end with the
same documents, stories, mentions and line counts.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from demo.localserver import LocalServer, Route
from pipeline.collect import Collector, SourceReport
from pipeline.config import expand_sources, load_config, source_hosts
from pipeline.fetch import Fetcher
from pipeline.schedule import run_cycle
from pipeline.settings import load_settings
from storage.db import make_engine, session_scope, upgrade
from storage.models import Document, LineFrequency, Mention

SUMMIT = (
    "日米両政府は3日、外務・防衛担当閣僚協議を来月ワシントンで開く方向で調整に入った。"
    "小谷哲男主任研究員は「抑止力の強化が最大の焦点になる」と述べた。"
    "両政府は南西諸島の防衛体制や共同訓練の拡充についても意見を交わす見通しだ。"
    "会合では経済安全保障の協力も議題に上る。"
)
BUDGET = (
    "政府は3日、来年度予算の概算要求基準を閣議了解した。"
    "歳出の上限は設けず、重点分野に特別枠を設ける。"
    "財務省は各省庁に対し、8月末までに要求をまとめるよう求めた。"
)
DESK = "（北部新報 政治部）"

# (path, title, description, hour): in feed order.
ITEMS = [
    ("/n/1", "日米2プラス2、来月開催へ調整", SUMMIT, 1),
    # the same headline, a shorter text: the same article by another URL
    ("/n/2", "日米２プラス２ 来月開催へ 調整", SUMMIT[:60], 2),
    # a near copy with another headline: the first one's story
    ("/n/3", "閣僚協議 来月にも", SUMMIT.replace("3日", "4日").replace("見通しだ", "見込みだ"), 3),
    # the same text as the near copy under another URL
    ("/n/4", "閣僚協議 来月にも", SUMMIT.replace("3日", "4日").replace("見通しだ", "見込みだ"), 3),
    # the same headline with a fuller text: it replaces the first one's
    ("/n/5", "日米2プラス2、来月開催へ調整", SUMMIT + "会合は2日間の日程で開かれる予定だ。" * 3, 4),
    # the desk line in four unrelated items: boilerplate from the fourth on
    ("/n/6", "概算要求基準を了解", f"{BUDGET}{DESK}", 5),
    (
        "/n/7",
        "新幹線が一時運転見合わせ",
        f"大雨の影響で東北新幹線が一時運転を見合わせた。{DESK}",
        6,
    ),
    ("/n/8", "県知事選が告示", f"任期満了に伴う県知事選が告示され、三人が立候補した。{DESK}", 7),
    ("/n/9", "港湾整備に補助金", f"国は港湾の整備に補助金を出すと発表した。{DESK}", 8),
    ("/n/10", "概算要求 特別枠を設定", f"{BUDGET.replace('3日', '5日')}{DESK}", 9),
]


def _feed(base: str, start: int, end: int) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>Mon, 03 Jun 2024 {hour:02d}:00:00 +0000</pubDate>"
        f"<description>{text}</description></item>"
        for path, title, text, hour in ITEMS[start:end]
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>北部新報</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


def _collect(config_path: Path, db_url: str) -> list[SourceReport]:
    config = load_config(config_path)
    settings = replace(load_settings(), database_url=db_url, per_host_delay_seconds=0.0)
    engine = make_engine(db_url)

    async def once() -> list[SourceReport]:
        async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
            collector = Collector(config, settings, engine, fetcher)
            return await run_cycle(collector, expand_sources(config), due_only=False)

    try:
        return asyncio.run(once())
    finally:
        engine.dispose()


def _stored(db_url: str) -> tuple[object, ...]:
    """Documents (URL, text, story as its first document's URL), mentions, line counts."""
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            rows = session.execute(
                select(Document.id, Document.url, Document.text, Document.story_id).order_by(
                    Document.id
                )
            ).all()
            first: dict[int, str] = {}
            for _, url, _, story in rows:
                first.setdefault(story, url)
            documents = [(url, text, first[story]) for _, url, text, story in rows]
            mentions = sorted(
                (url, kind, target)
                for url, kind, target in session.execute(
                    select(Document.url, Mention.target_kind, Mention.target_id).join(
                        Document, Document.id == Mention.document_id
                    )
                )
            )
            lines = sorted(
                session.execute(
                    select(
                        LineFrequency.line_hash, LineFrequency.publisher, LineFrequency.documents
                    )
                ).all()
            )
        return documents, mentions, lines
    finally:
        engine.dispose()


def test_one_plan_stores_what_one_item_at_a_time_stores(
    local_server: LocalServer, tmp_path: Path
) -> None:
    base = local_server.base_url.rstrip("/")
    config = tmp_path / "sources.yaml"
    config.write_text(
        "institute:\n  name: 日本国際問題研究所\n"
        "experts:\n  - {id: kotani-tetsuo, name: 小谷哲男, titles: [主任研究員]}\n"
        "outlets:\n  - {name: 北部新報, media_type: newspaper, domains: [hokubu.example]}\n"
        "sources:\n"
        f"  - {{name: 北部新報, kind: feed, url: '{base}/feed.xml', outlet: 北部新報, every: 1h}}\n",
        encoding="utf-8",
    )
    whole, one_by_one = f"sqlite:///{tmp_path / 'whole.db'}", f"sqlite:///{tmp_path / 'one.db'}"
    for url in (whole, one_by_one):
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()

    route = "/feed.xml"
    local_server.set_route(
        route, Route(body=_feed(base, 0, len(ITEMS)), content_type="application/rss+xml")
    )
    (report,) = _collect(config, whole)
    drops = dict(report.drops)
    for index in range(len(ITEMS)):
        # Only the new item: an item seen again in a later cycle is another question
        # (an edit of its document), not the one asked here.
        local_server.set_route(
            route, Route(body=_feed(base, index, index + 1), content_type="application/rss+xml")
        )
        _collect(config, one_by_one)

    documents, mentions, lines = _stored(whole)
    assert (documents, mentions, lines) == _stored(one_by_one)
    # What the feed holds: the duplicates were caught inside the one plan.
    urls = [url.removeprefix(base) for url, _, _ in documents]
    assert urls == ["/n/1", "/n/3", "/n/6", "/n/7", "/n/8", "/n/9", "/n/10"]
    stories = {url.removeprefix(base): story.removeprefix(base) for url, _, story in documents}
    assert stories["/n/3"] == "/n/1"  # the near copy joined the first one's story
    assert documents[0][1].endswith("予定だ。")  # the fuller text replaced the first one's
    assert drops["same_article"] == 3  # /n/2, /n/4, /n/5
    assert report.new_documents == 7
    assert any(publisher == "北部新報" and count >= 4 for _, publisher, count in lines)


def test_a_fuller_text_brings_its_links(local_server: LocalServer, tmp_path: Path) -> None:
    # The stored text is the fuller entry's, so the links kept for a later rematch are too.
    base = local_server.base_url.rstrip("/")
    config = tmp_path / "sources.yaml"
    config.write_text(
        "institute:\n  name: 日本国際問題研究所\n"
        "experts:\n  - {id: kotani-tetsuo, name: 小谷哲男, titles: [主任研究員]}\n"
        "outlets:\n  - {name: 北部新報, media_type: newspaper, domains: [hokubu.example]}\n"
        "sources:\n"
        f"  - {{name: 北部新報, kind: feed, url: '{base}/links.xml', outlet: 北部新報, every: 1h}}\n",
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'links.db'}"
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    cited = "https://www.jiia.or.jp/strategic_comment/2024-05.html"
    fuller = (
        SUMMIT
        + "会合は2日間の日程で開かれる予定だ。" * 3
        + f'&lt;a href="{cited}"&gt;研究所の論考&lt;/a&gt;'
    )
    entries = [
        ("/l/1", "日米2プラス2、来月開催へ調整", SUMMIT, 1),
        ("/l/2", "日米2プラス2、来月開催へ調整", fuller, 2),
    ]
    for path, title, text, hour in entries:
        item = (
            f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
            f"<pubDate>Mon, 03 Jun 2024 {hour:02d}:00:00 +0000</pubDate>"
            f"<description>{text}</description></item>"
        )
        body = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>北部新報</title><link>{base}/</link>{item}</channel></rss>"
        ).encode()
        local_server.set_route("/links.xml", Route(body=body, content_type="application/rss+xml"))
        _collect(config, db_url)

    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            stored = session.execute(select(Document.url, Document.text, Document.links)).all()
    finally:
        engine.dispose()
    assert len(stored) == 1
    url, text, links = stored[0]
    assert url == f"{base}/l/1" and text.endswith("研究所の論考")
    assert cited in (links or "").split("\n")
