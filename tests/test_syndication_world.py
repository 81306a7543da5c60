"""Issue 4's clustering floors, measured through the real collector and database.

A generated news world with known truth (tests/dedup_corpus.py): 40 wire stories
(共同/時事 in Japanese, Reuters/AP/Kyodo in English), each reprinted by 1-10 regional
outlets with the edits papers make, some also carried by the wire's own feed; the
outlets' own stories on the same topics (same cast, other words) that must not merge;
and the same article listed under URL variants (tracking parameters, an AMP path, ``m.``
and ``amp.`` hosts, https, an aggregator's redirect link, changed GUIDs) by other feeds.
Some stories quote the institute's experts.

Served over real HTTP on 127.0.0.1 as many outlets' RSS feeds -- some full text with
article pages, some carrying the whole text in the feed, variant feeds with snippets
only -- and collected with ``mediawatch collect``: all feeds at once (the wires' feeds
answer last, so reprints and snippets arrive before their originals), on SQLite and
PostgreSQL; and, on SQLite, the snippet feeds a cycle before everything else. Then the
documents and stories are read from the database and scored pairwise against the
truth (documents of one article must be ONE document, reprints ONE story), a story
the wire carried must have the wire's document as its original, the report must give
the true appearances and placements, and one more collection (with changed GUIDs, an
http->https move and new tracking parameters) must add, move and fetch nothing.
"""

from __future__ import annotations

import html
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import select

from demo.localserver import LocalServer, Route
from pipeline import dedup
from storage import models
from storage.db import make_engine, session_scope
from tests.cli_helpers import fiscal_report, run_cli, table_counts
from tests.dedup_corpus import (
    HANDWRITTEN,
    BaseStory,
    copies_count,
    pairwise_scores,
    random_cast,
    reprint,
    synthetic_story,
    with_sentence,
)

PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.97
SEED = 20240507
START = datetime(2024, 5, 7, 0, 0, tzinfo=UTC)
WIRE_DELAY_SECONDS = 0.8  # the wires' feeds answer last: reprints arrive first
BRIDGE = "bridge"


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet of the world and how its feed is built.

    ``style`` "page": the feed gives a lead and links article pages (``full_text``);
    "content": the feed carries each article's whole text, no pages. ``links`` says how
    the feed spells article links: "plain", "utm" (tracking parameters) or "amp" (the
    AMP page, which names the plain URL as rel=canonical). ``second`` is how the feed
    changes before the second collection: "guid" (new GUIDs), "https" (links move to
    https) or "utm" (links gain tracking parameters).
    """

    name: str
    slug: str
    lang: str
    media_type: str
    style: str = "page"
    links: str = "plain"
    second: str | None = None

    @property
    def wire(self) -> bool:
        return self.media_type == "wire"


JA_WIRES = {
    "共同": Outlet("共同通信", "kyodo-ja", "ja", "wire", "page"),
    "時事": Outlet("時事通信", "jiji", "ja", "wire", "content"),
}
EN_WIRES = {
    "Reuters": Outlet("Reuters", "reuters", "en", "wire", "page", "utm"),
    "AP": Outlet("The Associated Press", "ap", "en", "wire", "content"),
    "Kyodo": Outlet("Kyodo News", "kyodo-en", "en", "wire", "page"),
}
JA_OUTLETS = (
    Outlet("北部新報", "hokubu", "ja", "newspaper", "page"),
    Outlet("南部日日", "nanbu", "ja", "newspaper", "content"),
    Outlet("西部タイムス", "seibu", "ja", "newspaper", "page", "amp", second="guid"),
    Outlet("東方新聞", "toho", "ja", "newspaper", "content", second="utm"),
    Outlet("山陰日報", "sanin", "ja", "newspaper", "page", "utm"),
    Outlet("湖北新聞", "kohoku", "ja", "newspaper", "content"),
    Outlet("海峡新聞", "kaikyo", "ja", "newspaper", "page"),
    Outlet("高原タイムス", "kogen", "ja", "newspaper", "content", second="https"),
    Outlet("北国新報", "hokkoku", "ja", "newspaper", "page", "amp"),
    Outlet("ニュースポータル", "portal", "ja", "web", "content"),
)
EN_OUTLETS = (
    Outlet("Harbor Times", "harbor", "en", "newspaper", "page"),
    Outlet("Metro Herald", "metro", "en", "newspaper", "content", second="https"),
    Outlet("Pacific Daily", "pacific", "en", "newspaper", "page", "amp"),
    Outlet("Island Gazette", "island", "en", "newspaper", "content"),
    Outlet("Valley Courier", "valley", "en", "newspaper", "page", "utm", second="guid"),
    Outlet("Coastal Post", "coastal", "en", "newspaper", "content", second="utm"),
    Outlet("Lakeside Tribune", "lakeside", "en", "newspaper", "page"),
    Outlet("Northern Star", "northern", "en", "newspaper", "content"),
    Outlet("Summit Observer", "summit", "en", "newspaper", "page", "amp"),
    Outlet("NewsHub", "newshub", "en", "web", "content"),
)
ALL_OUTLETS = (*JA_WIRES.values(), *EN_WIRES.values(), *JA_OUTLETS, *EN_OUTLETS)

EXPERTS = {
    "kotani-tetsuo": ("小谷哲男", "主任研究員", "Tetsuo Kotani", "a senior fellow"),
    "kuwahara-kyoko": ("桒原響子", "研究員", "Kyoko Kuwahara", "a research fellow"),
}
JA_QUOTES = (
    "抑止力は実際の運用で示す段階に来た",
    "同盟国との情報共有の質が問われる",
    "偽情報への備えは社会全体で進める必要がある",
    "地域の安定には対話の窓口を閉ざさないことが大切だ",
    "経済と安全保障を切り分けて考えることはもはや難しい",
    "政策の中身を国民に丁寧に説明すべきだ",
)
EN_QUOTES = (
    "Deterrence now has to be shown in how forces actually operate",
    "The quality of intelligence sharing among allies is what matters",
    "Societies need to prepare for disinformation as a whole",
    "Keeping channels of dialogue open is essential for regional stability",
)


def quote_sentence(expert_id: str, lang: str, words: str) -> str:
    """A quote of an expert as wire copy writes it."""
    name, title, en_name, en_title = EXPERTS[expert_id]
    if lang == "ja":
        return f"日本国際問題研究所の{name}{title}は「{words}」と指摘した。"
    return f'"{words}," said {en_name}, {en_title} at the Japan Institute of International Affairs.'


@dataclass(slots=True)
class TrueArticle:
    """One article of one outlet: what must become ONE document, with its truth."""

    key: str
    story: str
    outlet: Outlet
    title: str
    text: str
    published: datetime
    path: str
    experts: frozenset[str]
    variants: set[str] = field(default_factory=set)
    in_snippet_feed: bool = False

    @property
    def lead(self) -> str:
        """What a feed shows as its summary: the first line, at most 120 characters."""
        first = self.text.strip().split("\n", 1)[0]
        return first[:120]


@dataclass(slots=True)
class World:
    """The generated world: articles with their truth, routes and a sources.yaml."""

    articles: list[TrueArticle]
    routes: dict[str, Route | list[Route]]
    config: str

    def stories_quoting(self) -> dict[str, set[str]]:
        """story key -> the experts named by any of its articles."""
        out: dict[str, set[str]] = defaultdict(set)
        for article in self.articles:
            out[article.story].update(article.experts)
        return {story: experts for story, experts in out.items() if experts}


def _experts_in(text: str) -> frozenset[str]:
    return frozenset(
        expert_id
        for expert_id, (name, _, en_name, _) in EXPERTS.items()
        if name in text or en_name in text
    )


def _wire_stories(rng: random.Random) -> tuple[list[BaseStory], dict[str, dict[str, str]]]:
    """40 wire stories (the hand-written same-summit ones and generated ones) and the
    casts of the generated ones.

    One generated story in four shares its cast with the one before it (same topic,
    people and place, other words): a hard negative between two wire stories.
    """
    stories = list(HANDWRITTEN)
    casts: dict[str, dict[str, str]] = {}
    previous: dict[str, dict[str, str]] = {}
    ja_agencies, en_agencies = ("共同", "時事"), ("Reuters", "AP", "Kyodo")
    for index in range(40 - len(stories)):
        lang = "ja" if index % 5 < 3 else "en"
        agency = ja_agencies[index % 2] if lang == "ja" else en_agencies[index % 3]
        cast = previous.get(lang) if index % 4 == 3 else None
        cast = cast or random_cast(rng, lang)
        previous[lang] = cast
        story = synthetic_story(rng, f"wire-{index}", lang, cast, agency=agency)
        casts[story.key] = cast
        stories.append(story)
    return stories, casts


def _with_quotes(rng: random.Random, stories: list[BaseStory]) -> list[BaseStory]:
    """Twelve stories quote an expert (one of them both experts)."""
    chosen = set(rng.sample(range(len(stories)), 12))
    both = min(chosen)
    out = []
    for index, story in enumerate(stories):
        if index in chosen:
            pool = JA_QUOTES if story.lang == "ja" else EN_QUOTES
            experts = list(EXPERTS) if index == both else [rng.choice(list(EXPERTS))]
            for expert_id in reversed(experts):
                story = with_sentence(
                    story, quote_sentence(expert_id, story.lang, rng.choice(pool))
                )
        out.append(story)
    return out


def _articles(rng: random.Random) -> list[TrueArticle]:
    """Every article of the world, with its story, outlet, text and date."""
    wire_stories, casts = _wire_stories(rng)
    stories = _with_quotes(rng, wire_stories)
    articles: list[TrueArticle] = []
    numbers: Counter[str] = Counter()
    headlines: dict[str, set[str]] = defaultdict(set)

    def add(story: str, outlet: Outlet, title: str, text: str, when: datetime) -> bool:
        headline = dedup.content_fingerprint(title, "")
        if headline in headlines[outlet.slug]:
            return False  # one outlet never runs two articles under one headline
        headlines[outlet.slug].add(headline)
        numbers[outlet.slug] += 1
        number = numbers[outlet.slug]
        articles.append(
            TrueArticle(
                key=f"{outlet.slug}:{number}",
                story=story,
                outlet=outlet,
                title=title,
                text=text,
                published=when,
                path=f"/{outlet.slug}/news/{when:%Y%m%d}-{number:03d}.html",
                experts=_experts_in(f"{title}\n{text}"),
            )
        )
        return True

    for index, story in enumerate(stories):
        when = START + timedelta(days=index // 2, minutes=rng.randint(0, 600))
        wires = JA_WIRES if story.lang == "ja" else EN_WIRES
        if story.agency in wires and rng.random() < 0.75:
            title, text, _ = reprint(story, rng, original=True)
            add(story.key, wires[story.agency], title, text, when)
        pool = list(JA_OUTLETS if story.lang == "ja" else EN_OUTLETS)
        rng.shuffle(pool)
        wanted = copies_count(rng, maximum=10)
        for outlet in pool:
            if wanted == 0:
                break
            title, text, _ = reprint(story, rng)
            if add(story.key, outlet, title, text, when + timedelta(minutes=rng.randint(10, 600))):
                wanted -= 1
        if story.key in casts and index % 2 == 0:
            # An outlet's own story on the same subject (same names, other words).
            own = synthetic_story(
                rng, f"own-{story.key}", story.lang, casts[story.key], agency=None
            )
            title, text, _ = reprint(own, rng, original=True)
            for outlet in pool:
                if add(own.key, outlet, title, text, when + timedelta(hours=2)):
                    break
    # A story split by its first two copies (its first and its last 70%, too different
    # to match each other) until the wire's full original arrives and merges them.
    when = START + timedelta(days=25)
    titles, front, back, full = _bridged_copies(rng)
    add(BRIDGE, JA_OUTLETS[1], titles[1], front, when)
    add(BRIDGE, JA_OUTLETS[5], titles[2], back, when + timedelta(minutes=30))
    add(BRIDGE, JA_WIRES["共同"], titles[0], full, when - timedelta(minutes=30))
    return articles


def _bridged_copies(rng: random.Random) -> tuple[tuple[str, str, str], str, str, str]:
    """(titles, front, back, full) of a long 共同 story whose first 70% and last 70% do
    not match each other while the full text proves them one story (the first such
    story drawn)."""
    while True:
        cast = random_cast(rng, "ja")
        story = synthetic_story(rng, BRIDGE, "ja", cast, agency="共同")
        more = synthetic_story(rng, BRIDGE, "ja", cast, agency=None)
        sentences = re.findall(r"[^。]+。", "".join((*story.paragraphs, *more.paragraphs)))
        cut = int(len(sentences) * 0.7)
        titles = (story.title, story.alt_titles[0], story.alt_titles[1])
        front, back = "".join(sentences[:cut]), "".join(sentences[-cut:])
        full = "".join(sentences)
        sigs = [
            dedup.signature(f"{title}\n{text}")
            for title, text in zip(titles, (full, front, back), strict=True)
        ]
        apart = dedup.similarity(sigs[1], sigs[2]) < dedup.SIMILARITY_THRESHOLD
        if apart and dedup.stories_to_merge(sigs[0], [(1, sigs[1]), (2, sigs[2])]):
            return titles, front, back, full


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())


def _page(article: TrueArticle, canonical: str) -> bytes:
    outlet = article.outlet
    title = html.escape(article.title)
    return (
        f'<!DOCTYPE html><html lang="{outlet.lang}"><head><meta charset="utf-8">'
        f"<title>{title} | {html.escape(outlet.name)}</title>"
        f'<link rel="canonical" href="{canonical}">'
        f'<meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{article.published.isoformat()}">'
        "</head><body><header><nav>Top | News | Region | Sports</nav></header>"
        f"<main><article><h1>{title}</h1>{_paragraphs_html(article.text)}</article></main>"
        f"<footer>(c) {html.escape(outlet.name)}</footer></body></html>"
    ).encode()


@dataclass(frozen=True, slots=True)
class Item:
    """One RSS item."""

    title: str
    link: str
    guid: str
    published: datetime
    description: str
    publisher: tuple[str, str] | None = None


def _rss(name: str, items: list[Item]) -> bytes:
    parts = []
    for item in items:
        permalink = "true" if item.guid == item.link else "false"
        source = (
            f'<source url="{html.escape(item.publisher[1])}">{html.escape(item.publisher[0])}</source>'
            if item.publisher
            else ""
        )
        parts.append(
            f"<item><title>{html.escape(item.title)}</title><link>{html.escape(item.link)}</link>"
            f'<guid isPermaLink="{permalink}">{html.escape(item.guid)}</guid>'
            f"<pubDate>{format_datetime(item.published)}</pubDate>"
            f"<description>{html.escape(item.description)}</description>{source}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(name)}</title><link>http://example.invalid/</link>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


def _outlet_feed(base: str, outlet: Outlet, articles: list[TrueArticle], second: bool) -> bytes:
    """An outlet's own feed; ``second``: as it reads at the second collection."""
    host = base.split("://", 1)[1]
    items = []
    for number, article in enumerate(articles, start=1):
        plain = base + article.path
        link = {
            "plain": plain,
            "utm": plain + "?utm_source=rss&utm_medium=rss&utm_campaign=news",
            "amp": base + "/amp" + article.path,
        }[outlet.links]
        guid = link if outlet.second != "guid" else f"tag:{outlet.slug}.example,2024:{number}"
        if second and outlet.second == "guid":
            guid = f"{outlet.slug}-{article.published:%Y%m%d}-{number:04d}-v2"
        elif second and outlet.second == "https":
            link = guid = link.replace(f"http://{host}", f"https://{host}")
        elif second and outlet.second == "utm":
            joiner = "&" if "?" in link else "?"
            link = guid = link + f"{joiner}utm_source=feedly&utm_medium=referral"
        article.variants.add(link)
        description = article.lead if outlet.style == "page" else _paragraphs_html(article.text)
        items.append(Item(article.title, link, guid, article.published, description))
    return _rss(outlet.name, items)


def _variant_feeds(base: str, by_outlet: dict[str, list[TrueArticle]]) -> dict[str, bytes]:
    """Feeds that list articles of other feeds again, under other URLs, with snippets.

    A mobile feed (``m.`` host, tracking parameters, GUIDs of its own), an AMP feed
    (``amp.`` host) and a news search (an aggregator: redirect links and https links,
    the publisher named in ``<source>``, " - Publisher" after the headline).
    """
    host = base.split("://", 1)[1]
    feeds: dict[str, bytes] = {}
    mobile: list[Item] = []
    for number, article in enumerate(by_outlet["hokubu"][::2], start=1):
        link = f"http://m.{host}{article.path}?utm_source=mobile&utm_medium=app"
        article.variants.add(link)
        article.in_snippet_feed = True
        mobile.append(
            Item(article.title, link, f"hokubu-m-{number}", article.published, article.lead)
        )
    feeds["/hokubu-mobile/rss"] = _rss("北部新報 モバイル", mobile)
    amp: list[Item] = []
    for article in by_outlet["harbor"][::2]:
        link = f"http://amp.{host}{article.path}"
        article.variants.add(link)
        article.in_snippet_feed = True
        amp.append(Item(article.title, link, link, article.published, article.lead))
    feeds["/harbor-amp/rss"] = _rss("Harbor Times AMP", amp)
    search: list[Item] = []
    regional = [o for o in (*JA_OUTLETS, *EN_OUTLETS) if o.media_type != "web"]
    for index, outlet in enumerate(regional):
        for article in by_outlet.get(outlet.slug, [])[index % 3 :: 4]:
            if len(search) % 2:
                link = f"https://www.google.com/url?q={quote(base + article.path, safe='')}&sa=U"
            else:
                link = f"https://{host}{article.path}"
            article.variants.add(link)
            article.in_snippet_feed = True
            search.append(
                Item(
                    f"{article.title} - {outlet.name}",
                    link,
                    link,
                    article.published + timedelta(minutes=5),
                    article.lead[:60] + "…",
                    publisher=(outlet.name, f"{base}/{outlet.slug}/"),
                )
            )
    feeds["/search/rss"] = _rss("ニュース検索", search)
    return feeds


def build_world(base: str, seed: int = SEED) -> World:
    """The world served at ``base`` (no trailing slash): articles, routes, sources.yaml."""
    articles = _articles(random.Random(seed))
    by_outlet: dict[str, list[TrueArticle]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: (a.published, a.key)):
        by_outlet[article.outlet.slug].append(article)
        article.variants.add(base + article.path)
    routes: dict[str, Route | list[Route]] = {}
    sources = []
    for outlet in ALL_OUTLETS:
        own = by_outlet.get(outlet.slug, [])
        delay = WIRE_DELAY_SECONDS if outlet.wire else 0.0
        first = Route(
            body=_outlet_feed(base, outlet, own, second=False),
            content_type="application/rss+xml",
            delay_seconds=delay,
        )
        if outlet.second:
            later = Route(
                body=_outlet_feed(base, outlet, own, second=True),
                content_type="application/rss+xml",
                delay_seconds=delay,
            )
            routes[f"/{outlet.slug}/rss"] = [first, later]
        else:
            routes[f"/{outlet.slug}/rss"] = first
        if outlet.style == "page":
            for article in own:
                page = Route(body=_page(article, base + article.path), content_type="text/html")
                routes[article.path] = page
                routes["/amp" + article.path] = page
        full_text = "true" if outlet.style == "page" else "false"
        sources.append(
            f'  - {{name: "{outlet.name}", kind: feed, url: "{base}/{outlet.slug}/rss", '
            f'outlet: "{outlet.name}", every: 1h, full_text: {full_text}, language: {outlet.lang}}}'
        )
    for path, body in _variant_feeds(base, by_outlet).items():
        routes[path] = Route(body=body, content_type="application/rss+xml")
    sources += [
        f'  - {{name: "北部新報 モバイル", kind: feed, url: "{base}/hokubu-mobile/rss", '
        'outlet: "北部新報", every: 1h, language: ja}',
        f'  - {{name: "Harbor Times AMP", kind: feed, url: "{base}/harbor-amp/rss", '
        'outlet: "Harbor Times", every: 1h, language: en}',
        f'  - {{name: "ニュース検索", kind: feed, url: "{base}/search/rss", every: 1h}}',
    ]
    outlets = [
        f'  - {{name: "{o.name}", media_type: {o.media_type}, language: {o.lang}, '
        f"domains: [{o.slug}.example]}}"
        for o in ALL_OUTLETS
    ]
    config = (
        "institute:\n"
        "  name: 日本国際問題研究所\n"
        "  aliases: [JIIA, Japan Institute of International Affairs]\n"
        "experts:\n"
        "  - id: kotani-tetsuo\n"
        "    name: 小谷哲男\n"
        "    aliases: [Tetsuo Kotani]\n"
        "    titles: [主任研究員, Senior Fellow]\n"
        "  - id: kuwahara-kyoko\n"
        "    name: 桒原響子\n"
        "    aliases: [桑原響子, Kyoko Kuwahara]\n"
        "    titles: [研究員, Research Fellow]\n"
        "outlets:\n" + "\n".join(outlets) + "\nsources:\n" + "\n".join(sources) + "\n"
    )
    return World(articles, routes, config)


#: What a repeated cycle must leave unchanged.
WORLD_TABLES = (models.Document, models.Story, models.Mention, models.UrlKey)


@dataclass(frozen=True, slots=True)
class Stored:
    """What the database holds, as the scoring needs it."""

    story_of: dict[int, int]  # document id -> story id
    document_of_key: dict[str, int]  # URL/GUID key -> document id
    original_of: dict[int, int | None]  # story id -> original document id


def stored(db_url: str) -> Stored:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            documents = session.execute(select(models.Document.id, models.Document.story_id))
            keys = session.execute(select(models.UrlKey.key, models.UrlKey.document_id))
            stories = session.execute(select(models.Story.id, models.Story.original_document_id))
            return Stored(
                story_of={document: story for document, story in documents},
                document_of_key={key: document for key, document in keys},
                original_of={story: original for story, original in stories},
            )
    finally:
        engine.dispose()


def documents_of(article: TrueArticle, db: Stored) -> set[int]:
    """Every stored document reached by any URL the article was listed under."""
    keys = {dedup.url_key(url) for url in article.variants}
    return {db.document_of_key[key] for key in keys if key in db.document_of_key}


@pytest.fixture
def world(
    local_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[World, Path]:
    monkeypatch.setenv("MEDIAWATCH_PER_HOST_DELAY_SECONDS", "0")
    monkeypatch.setenv("MEDIAWATCH_RETRIES", "1")
    monkeypatch.setenv("MEDIAWATCH_BACKOFF_SECONDS", "0.05")
    monkeypatch.setenv("MEDIAWATCH_TIMEOUT_SECONDS", "10")
    built = build_world(local_server.base_url.rstrip("/"))
    for path, route in built.routes.items():
        local_server.set_route(path, route)
    config = tmp_path / "sources.yaml"
    config.write_text(built.config, encoding="utf-8")
    return built, config


SNIPPET_SOURCES = ("北部新報 モバイル", "Harbor Times AMP", "ニュース検索")


def collect(config: Path, db_url: str, *sources: str) -> None:
    chosen = [arg for source in sources for arg in ("--source", source)]
    code, out = run_cli("collect", "--config", str(config), "--database-url", db_url, *chosen)
    assert code == 0, out


def check_world(truth: World, config: Path, db_url: str, label: str, server: LocalServer) -> None:
    """Score the collected world against its truth; then collect again: nothing new."""
    first_counts = table_counts(db_url, WORLD_TABLES)
    db = stored(db_url)

    # One article, however many URLs it was listed under, is ONE document; one
    # document is one article.
    found = {article.key: documents_of(article, db) for article in truth.articles}
    split = {key: ids for key, ids in found.items() if len(ids) != 1}
    claimed = Counter(i for ids in found.values() for i in ids)
    shared = {i for i, n in claimed.items() if n > 1}
    stray = set(db.story_of) - set(claimed)
    assert not split and not shared and not stray, (split, shared, stray)

    articles = truth.articles
    document = {article.key: next(iter(found[article.key])) for article in articles}
    precision, recall = pairwise_scores(
        [a.story for a in articles], [db.story_of[document[a.key]] for a in articles]
    )
    print(
        f"\n{label}: {len(articles)} documents in {len({a.story for a in articles})} true "
        f"stories; pairwise precision {precision:.4f} recall {recall:.4f}"
    )
    assert precision >= PRECISION_FLOOR, precision
    assert recall >= RECALL_FLOOR, recall

    # The split story was merged when its full original arrived.
    assert len({db.story_of[document[a.key]] for a in articles if a.story == BRIDGE}) == 1

    # A story that the wire carried itself has the wire's document as its original.
    wire_of: dict[str, TrueArticle] = {}
    for article in articles:
        if article.outlet.wire and not article.story.startswith("own-"):
            wire_of[article.story] = article
            story_id = db.story_of[document[article.key]]
            assert db.original_of[story_id] == document[article.key], article.key

    # The report: one appearance per quoting story, its placements every article of
    # it, its outlet the wire's when the wire carried it.
    report = fiscal_report(config, db_url, 2024)
    story_of_document = {document[a.key]: a.story for a in articles}
    placements = Counter(a.story for a in articles)
    quoting = truth.stories_quoting()
    got: dict[tuple[str, str], tuple[set[str], int]] = {}
    for item in report["items"]:
        stories = {story_of_document[d["document_id"]] for d in item["documents"]}
        assert len(stories) == 1, item
        story = stories.pop()
        got[(story, item["role"])] = (set(item["experts"]), item["placements"])
        if story in wire_of:
            assert (item["outlet"], item["media_type"]) == (wire_of[story].outlet.name, "wire")
    want = {(story, "quote"): (experts, placements[story]) for story, experts in quoting.items()}
    assert got == want
    assert report["totals"]["appearances"] == len(quoting)
    assert report["totals"]["placements"] == sum(placements[story] for story in quoting)
    for expert_id in EXPERTS:
        mine = [story for story, experts in quoting.items() if expert_id in experts]
        assert report["by_expert"][expert_id]["appearances"] == len(mine)

    # Collecting again -- new GUIDs, links moved to https, new tracking parameters --
    # adds nothing, moves nothing and fetches no article page.
    pages = len([r for r in server.requests() if "/news/" in r.path])
    collect(config, db_url)
    assert len([r for r in server.requests() if "/news/" in r.path]) == pages
    assert table_counts(db_url, WORLD_TABLES) == first_counts
    again = stored(db_url)
    assert again.story_of == db.story_of
    assert all(documents_of(a, again) == found[a.key] for a in articles)


def test_syndication_world_meets_the_clustering_floors(
    world: tuple[World, Path], db_url: str, local_server: LocalServer
) -> None:
    # All feeds at once: snippets and content feeds land first, pages next, wires last.
    truth, config = world
    collect(config, db_url)
    check_world(truth, config, db_url, db_url.split(":", 1)[0], local_server)


def test_syndication_world_snippets_first(
    world: tuple[World, Path], tmp_path: Path, local_server: LocalServer
) -> None:
    # Every snippet feed collected a cycle before the outlets' own feeds: each of
    # those articles is first a snippet, then taken over by its outlet's fuller text.
    truth, config = world
    db_url = f"sqlite:///{tmp_path / 'snippets-first.db'}"
    collect(config, db_url, *SNIPPET_SOURCES)
    snippets = table_counts(db_url, WORLD_TABLES)["Document"]
    assert snippets == sum(1 for a in truth.articles if a.in_snippet_feed)
    collect(config, db_url)
    check_world(truth, config, db_url, "sqlite, snippets first", local_server)
