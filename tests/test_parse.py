"""pipeline.parse: feeds (real bytes from shared/fixtures/real-world/feeds) and listing pages.

The feed files are real feeds copied from other projects' test suites; their
origin and encoding traps are listed in feeds/MANIFEST.tsv. Expected titles
below were read from the files decoded by hand (iconv) and checked by eye.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline.encoding import decode_body
from pipeline.parse import ParseError, parse_feed, parse_page
from pipeline.types import Entry, FetchOutcome, FetchResult, Selectors

JST = ZoneInfo("Asia/Tokyo")
FEED_URL = "https://feeds.example.jp/source.xml"


def fetched(
    content: bytes,
    *,
    content_type: str | None = None,
    url: str = FEED_URL,
    final_url: str | None = None,
    text: str | None = None,
    fetched_at: datetime | None = None,
) -> FetchResult:
    return FetchResult(
        url=url,
        outcome=FetchOutcome.OK,
        final_url=final_url,
        status=200,
        content=content,
        text=text,
        content_type=content_type,
        fetched_at=fetched_at,
    )


def feed_bytes(real_world: Path, name: str) -> bytes:
    return (real_world / "feeds" / name).read_bytes()


def titles_before_last(entries: list[Entry]) -> list[str]:
    return [entry.title for entry in entries[:-1]]


# --- every real feed ---------------------------------------------------------------


@dataclass(frozen=True)
class FeedCase:
    file: str
    count: int
    first_title: str
    first_url: str
    first_published: datetime | None
    also_title: str  # a later title that must come out intact


FEEDS = [
    FeedCase(
        "chardet__SHIFT_JIS__brag.zaka.to.xml",  # Atom 0.3, real Shift_JIS bytes
        10,
        "ＢＳデジタル、０７年度から２局増…総務省方針："
        "経済ニュース：@Money : Yomiuri On-Line (読売新聞)",
        "http://brag.zaka.to/2005/05/money-yomiuri-on-line.html",
        datetime(2005, 5, 5, 20, 35, tzinfo=JST),
        "衛星放送でわいせつ映像　警視庁、全国初の摘発",
    ),
    FeedCase(
        "chardet__EUC-JP__blog.kabu-navi.com.atom.xml",  # Atom 0.3, EUC-JP, CDATA titles
        15,
        # the feed itself lacks the opening 【
        "株式銘柄】エフェクター細胞研究所、初値は公開価格を37％下回る・ＩＰＯ銘柄としては異例の展開",
        "http://www.kabu-navi.com/mt/archives/2005/03/37.html",
        datetime(2005, 3, 30, 16, 8, 9, tzinfo=UTC),
        "鉄鋼３社、株式の持ち合い強化検討　敵対的買収に対応",
    ),
    FeedCase(
        "chardet__SHIFT_JIS__moon-light.ne.jp.xml",  # RSS 2.0, Shift_JIS
        15,
        "2005年大晦日視聴率",
        "http://www.moon-light.ne.jp/weblog/archives/2006/01/2005_2.html",
        datetime(2006, 1, 2, 19, 5, 13, tzinfo=JST),
        "第47回毎日芸術賞など",
    ),
    FeedCase(
        "plagger__tdiary.rdf",  # RSS 1.0 (RDF), EUC-JP
        15,
        "2005-09-06のツッコミ[6] (麻生)",
        "http://tdiary.ishinao.net/20050906.html#c06",
        datetime(2006, 8, 19, 22, 25, 24, tzinfo=JST),
        "PHP 6のUnicodeサポート",
    ),
    FeedCase(
        "plagger__top10news.xml",  # RDF declaring Shift_JIS, bytes all ASCII + NCRs
        3,
        "1：▼つω・。▼ ◆Q2Ql4Ejios ＠涙のバレンタインφ ★",
        "http://rss.s2ch.net/test/-/stats.2ch.net/top10news/1155970287/1",
        None,  # the items carry no date element
        "2：FOX ★",
    ),
    FeedCase(
        "rss-parser__encoding.rss",  # RSS 2.0, ISO-8859-1 declared
        40,
        "Mãe de utente é a nova presidente da Raríssimas",
        "http://feeds.jn.pt/~r/JN-ULTIMAS/~3/UBnb8Ra3Q1U/"
        "sonia-laig-e-a-nova-presidente-da-rarissimas-9021600.html",
        datetime(2018, 1, 3, 13, 47, tzinfo=UTC),
        "Reações dos partidos ao veto de Marcelo",
    ),
    FeedCase(
        "rss-parser__guardian.rss",  # RSS 2.0, UTF-8, 55 items
        55,
        "Trump State of the Union address promised unity but emphasized discord",
        "https://www.theguardian.com/us-news/2018/jan/31/"
        "donald-trump-state-of-the-union-address-unity-discord",
        datetime(2018, 1, 31, 7, 26, 5, tzinfo=UTC),
        "So, how did conservatives like the State of the Union?",
    ),
    FeedCase(
        "rss-parser__uolNoticias.rss",  # no XML declaration, Latin-1 bytes
        15,
        "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno",
        "https://noticias.uol.com.br/politica/eleicoes/2018/noticias/2018/09/24/"
        "ibope-bolsonaro-perde-de-haddad-ciro-e-alckmin-em-simulacoes-de-2-turno.htm",
        # pubDate in Portuguese: "Seg, 24 Set 2018 19:42:40 -0300"
        datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC),
        "Promotoria abre inquérito para apurar suspeita de improbidade de Skaf no Sebrae-SP",
    ),
]

# What servers send: nothing known, a generic XML type, and text/xml without a
# charset (RFC 3023 says us-ascii: feedparser must fall back to the declaration).
CONTENT_TYPES = [None, "application/rss+xml", "text/xml"]


@pytest.mark.parametrize("content_type", CONTENT_TYPES, ids=["no-type", "app-xml", "text-xml"])
@pytest.mark.parametrize("case", FEEDS, ids=[case.file for case in FEEDS])
def test_real_feeds(real_world: Path, case: FeedCase, content_type: str | None) -> None:
    entries = parse_feed(fetched(feed_bytes(real_world, case.file), content_type=content_type))

    assert len(entries) == case.count
    first = entries[0]
    assert first.title == case.first_title
    assert first.url == case.first_url
    assert first.published == case.first_published
    assert case.also_title in [entry.title for entry in entries]
    for entry in entries:
        assert entry.url.startswith(("http://", "https://"))
        assert "\ufffd" not in entry.title + entry.summary  # no decoding damage
        assert entry.published is None or entry.published.utcoffset() is not None


def test_guardian_authors_summaries_and_guids(real_world: Path) -> None:
    entries = parse_feed(fetched(feed_bytes(real_world, "rss-parser__guardian.rss")))
    first = entries[0]
    assert first.author == "David Smith in Washington"
    assert first.guid == first.url
    assert first.summary.startswith("The president’s ‘new American moment’ speech")
    assert "<" not in first.summary
    assert all(entry.published is not None for entry in entries)
    assert len({entry.url for entry in entries}) == 55


def test_rdf_dc_creator_is_the_author(real_world: Path) -> None:
    entries = parse_feed(fetched(feed_bytes(real_world, "plagger__tdiary.rdf")))
    assert entries[0].author == "麻生"
    assert entries[1].author == "ishinao"


@pytest.mark.parametrize(
    ("file", "encoding"),
    [
        ("chardet__SHIFT_JIS__moon-light.ne.jp.xml", "shift_jis"),
        ("chardet__SHIFT_JIS__brag.zaka.to.xml", "cp932"),
        ("plagger__tdiary.rdf", "euc-jp"),
        ("rss-parser__uolNoticias.rss", "iso-8859-1"),
    ],
    ids=["sjis", "cp932", "euc-jp", "latin-1"],
)
def test_source_encoding_override_gives_the_same_entries(
    real_world: Path, file: str, encoding: str
) -> None:
    content = feed_bytes(real_world, file)
    plain = parse_feed(fetched(content))
    overridden = parse_feed(fetched(content), encoding=encoding)
    assert overridden == plain


def test_unknown_override_encoding_is_a_parse_error(real_world: Path) -> None:
    with pytest.raises(ParseError, match="unknown encoding"):
        parse_feed(fetched(feed_bytes(real_world, "plagger__tdiary.rdf")), encoding="klingon-8")


@pytest.mark.parametrize(
    "file",
    ["superdesk-belga__kyodo_newsml_1_2_belga.xml", "superdesk-belga__kyodo.txt"],
    ids=["newsml", "anpa-text"],
)
def test_wire_formats_are_not_feeds(real_world: Path, file: str) -> None:
    # Kyodo NewsML 1.2 and ANPA text are wire formats, not RSS/Atom: a clear error.
    with pytest.raises(ParseError, match="not a feed"):
        parse_feed(fetched(feed_bytes(real_world, file)))


# --- the Shift_JIS / CP932 trap ---------------------------------------------------------

CP932_FEED = """<?xml version="1.0" encoding="Shift_JIS"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>研究所ニュース</title><link>https://www.example.jp/</link>
<item><title>髙山嘉顕・戸﨑洋史・桒原響子が登壇　①</title><link>/news/1.html</link>
<description>&lt;p&gt;国際&lt;b&gt;問題&lt;/b&gt;研究所の戸﨑氏&lt;br&gt;解説〜&lt;/p&gt;</description>
<pubDate>Tue, 05 Mar 2024 15:07:00 +0900</pubDate></item>
<item><title>定例記者会見</title><link>https://www.example.jp/news/2.html</link>
<dc:date>2024-03-04T10:00:00+09:00</dc:date></item>
</channel></rss>
"""


@pytest.mark.parametrize(
    "content_type",
    [None, "application/rss+xml", "text/xml", "text/xml; charset=Shift_JIS",
     "application/xml; charset=utf-8", "text/html; charset=utf-8"],
    ids=["no-type", "app-rss", "text-xml", "text-xml-sjis", "wrong-utf8", "wrong-html"],
)
def test_shift_jis_feed_with_cp932_only_characters(content_type: str | None) -> None:
    content = CP932_FEED.encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        content.decode("shift_jis")  # the trap: a strict Shift_JIS codec fails here

    entries = parse_feed(fetched(content, content_type=content_type))

    titles = [entry.title for entry in entries]
    assert titles == ["髙山嘉顕・戸﨑洋史・桒原響子が登壇　①", "定例記者会見"]
    assert entries[0].url == "https://feeds.example.jp/news/1.html"  # relative to the feed URL
    assert entries[0].summary == "国際問題研究所の戸﨑氏\n解説～"
    assert entries[0].published == datetime(2024, 3, 5, 15, 7, tzinfo=JST)
    assert entries[1].published == datetime(2024, 3, 4, 10, 0, tzinfo=JST)


@pytest.mark.parametrize("codec", ["cp932", "euc_jp"], ids=["cp932", "euc-jp"])
def test_undeclared_japanese_feed_is_not_read_as_latin(codec: str) -> None:
    # No XML declaration, no charset: feedparser alone ends in windows-1252/iso-8859-2.
    body = (
        '<rss version="2.0"><channel><title>ニュース</title>'
        "<item><title>研究所の高山・戸崎・桑原が登壇します</title>"
        "<link>https://www.example.jp/1</link></item></channel></rss>"
    )
    entries = parse_feed(fetched(body.encode(codec)))
    assert entries[0].title == "研究所の高山・戸崎・桑原が登壇します"


def test_cp932_real_bytes_decode_with_the_generous_codec(real_world: Path) -> None:
    # A real x-sjis page (encoding_samples/MANIFEST.tsv): strict shift_jis fails at byte 854.
    sample = real_world / "encoding_samples" / "chardet__CP932__www2.chuo-u.ac.jp-suishin.xml"
    content = sample.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        content.decode("shift_jis")
    text, codec = decode_body(content, None, "x-sjis")
    assert codec == "cp932"
    assert all(char in text for char in "髙﨑桒")
    assert "\ufffd" not in text


def test_truncated_multibyte_feed_is_not_read_as_latin(real_world: Path) -> None:
    # Cut inside a Shift_JIS character: the strict codec fails, and feedparser alone
    # would fall back to windows-1252 and turn every title into mojibake.
    content = feed_bytes(real_world, "chardet__SHIFT_JIS__brag.zaka.to.xml")
    full = parse_feed(fetched(content))
    cut = int(len(content) * 0.9)
    while content[cut - 1] < 0x80:  # step back until the cut splits a 2-byte character
        cut -= 1
    entries = parse_feed(fetched(content[:cut]))
    assert entries
    assert titles_before_last(entries) == [entry.title for entry in full[: len(entries) - 1]]


# --- broken and non-feed bodies --------------------------------------------------------

TRUNCATED_FEEDS = [
    "rss-parser__guardian.rss",
    "chardet__SHIFT_JIS__moon-light.ne.jp.xml",
    "chardet__EUC-JP__blog.kabu-navi.com.atom.xml",
    "plagger__tdiary.rdf",
]


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.95], ids=["30pct", "60pct", "95pct"])
@pytest.mark.parametrize("file", TRUNCATED_FEEDS, ids=TRUNCATED_FEEDS)
def test_truncated_feed_keeps_the_entries_before_the_break(
    real_world: Path, file: str, fraction: float
) -> None:
    content = feed_bytes(real_world, file)
    full = parse_feed(fetched(content))
    entries = parse_feed(fetched(content[: int(len(content) * fraction)]))

    assert 0 < len(entries) <= len(full)
    assert [entry.url for entry in entries] == [entry.url for entry in full[: len(entries)]]
    # every entry but the one cut off is complete and correctly decoded
    assert titles_before_last(entries) == [entry.title for entry in full[: len(entries) - 1]]


@pytest.mark.parametrize("file", TRUNCATED_FEEDS, ids=TRUNCATED_FEEDS)
def test_feed_cut_before_its_first_entry_is_a_parse_error(real_world: Path, file: str) -> None:
    content = feed_bytes(real_world, file)
    with pytest.raises(ParseError, match=r"broken|not a feed"):
        parse_feed(fetched(content[:300]))


@pytest.mark.parametrize(
    "file",
    [
        "htmldate__yomiuri.co.jp-gaza.html",
        "postlight-parser__www.reuters.com.html",
        "readability__yahoo-4__source.html",
    ],
    ids=["yomiuri", "reuters", "yahoo"],
)
def test_html_page_is_not_a_feed(real_world: Path, file: str) -> None:
    content = (real_world / "articles" / file).read_bytes()
    with pytest.raises(ParseError, match="not a feed"):
        parse_feed(fetched(content, content_type="text/html; charset=utf-8"))


@pytest.mark.parametrize(
    "body",
    [b"", b"   \n", b"<html><body><p>Moved</p></body></html>", b"Service Unavailable"],
    ids=["empty", "blank", "html", "plain-text"],
)
def test_non_feed_bodies_raise(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_feed(fetched(body, content_type="text/html"))


def test_well_formed_empty_feed_is_no_entries() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    assert parse_feed(fetched(body)) == []


# --- links, summaries and dates in feeds ------------------------------------------------

LINK_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>t</title><link>https://www.example.jp/</link>
<item><title>relative</title><link>/a/1.html</link></item>
<item><title>guid only</title><guid isPermaLink="true">https://www.example.jp/a/2.html</guid></item>
<item><title>mailto</title><link>mailto:press@example.jp</link></item>
<item><title>no link at all</title><description>x</description></item>
<item><title>&lt;b&gt;html&lt;/b&gt; &amp;amp; more</title><link>https://www.example.jp/a/3.html</link>
  <description>&lt;p&gt;first&lt;/p&gt;&lt;p&gt;second
    &lt;a href="/x"&gt;link&lt;/a&gt;&lt;/p&gt;</description>
  <pubDate>2024年3月5日 15時07分</pubDate></item>
</channel></rss>
"""


def test_feed_links_resolve_against_the_final_url_and_non_http_are_skipped() -> None:
    result = fetched(
        LINK_FEED.encode(),
        url="http://old.example.jp/rss",
        final_url="https://news.example.jp/feeds/rss.xml",
        content_type="application/rss+xml",
    )
    entries = parse_feed(result)
    assert [entry.url for entry in entries] == [
        "https://news.example.jp/a/1.html",
        "https://www.example.jp/a/2.html",
        "https://www.example.jp/a/3.html",
    ]
    third = entries[2]
    assert third.title == "html & more"
    assert third.summary == "first\nsecond link"
    assert third.published == datetime(2024, 3, 5, 15, 7, tzinfo=JST)  # non-RFC Japanese pubDate


ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id>
<updated>2024-03-05T00:00:00Z</updated>
<entry><title type="html">&lt;em&gt;戸﨑&lt;/em&gt;洋史氏が寄稿</title>
<id>tag:example.jp,2024:1</id>
<link rel="edit" href="https://cms.example.jp/edit/1"/>
<link rel="alternate" type="text/html" href="https://www.example.jp/p/1"/>
<updated>2024-03-05T06:07:00Z</updated><author><name>編集部</name><email>ed@example.jp</email></author>
<content type="html">&lt;p&gt;本文&lt;/p&gt;</content></entry>
</feed>
"""


def test_atom_1_entry_fields() -> None:
    (entry,) = parse_feed(fetched(ATOM_FEED.encode(), content_type="application/atom+xml"))
    assert entry == Entry(
        url="https://www.example.jp/p/1",
        title="戸﨑洋史氏が寄稿",  # no space where the <em> ended
        summary="本文",
        published=datetime(2024, 3, 5, 6, 7, tzinfo=UTC),
        guid="tag:example.jp,2024:1",
        author="編集部",
    )


# --- listing pages -----------------------------------------------------------------------

LISTING = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>ニュース一覧</title></head><body>
<nav><a href="/">トップ</a></nav>
<ul class="news">
  <li class="item">
    <a href="2024/0305.html"><img src="thumb.jpg" alt=""></a>
    <a href="2024/0305.html">国際問題研究所の&lt;研究員&gt;が解説</a>
    <span class="date">2024年3月5日</span><p class="lead">要旨です。</p>
  </li>
  <li class="item"><a href="/news/2024/0305.html#comments">（重複）</a>
    <span class="date">2024年3月5日</span></li>
  <li class="item"><a href="javascript:void(0)">JavaScript のリンク</a></li>
  <li class="item"><a href="https://other.example.com/x?a=1&amp;b=2">外部の記事</a>
    <time datetime="2024-03-04T09:00:00+09:00">3月4日</time></li>
  <li class="item"><span>リンクのない項目</span></li>
  <li class="item"><a href="0301.html">年のない日付</a><span class="date">3/1(金) 10:00</span></li>
  <li class="item"><a href="0229.html">全角の日付</a>
    <span class="date">２０２４年２月２９日</span></li>
  <li class="item"><a href="../old.html" title="古い記事"><img src="o.jpg" alt="画像"></a></li>
</ul></body></html>
"""
LISTING_URL = "https://www.example.jp/news/index.html"


def listing(selectors: Selectors, html: str = LISTING) -> list[Entry]:
    result = fetched(
        html.encode("utf-8"),
        url="https://www.example.jp/news/",
        final_url=LISTING_URL,
        text=html,
        content_type="text/html; charset=utf-8",
        fetched_at=datetime(2024, 3, 6, 9, 0, tzinfo=JST),
    )
    return parse_page(result, selectors)


def test_listing_page_default_selectors() -> None:
    entries = listing(Selectors(item="li.item", date=".date, time", summary=".lead"))
    assert entries == [
        Entry(
            url="https://www.example.jp/news/2024/0305.html",
            title="国際問題研究所の<研究員>が解説",  # thumbnail link first, its text link after
            summary="要旨です。",
            published=datetime(2024, 3, 5, tzinfo=JST),
        ),
        Entry(
            url="https://other.example.com/x?a=1&b=2",
            title="外部の記事",
            published=datetime(2024, 3, 4, 9, 0, tzinfo=JST),
        ),
        Entry(  # an item without a link is kept, told apart by its own GUID
            url=LISTING_URL,
            title="リンクのない項目",
            guid="urn:mediawatch:item:07a4da4b91f3d84d20db",
        ),
        Entry(
            url="https://www.example.jp/news/0301.html",
            title="年のない日付",
            published=datetime(2024, 3, 1, 10, 0, tzinfo=JST),  # year from fetched_at
        ),
        Entry(
            url="https://www.example.jp/news/0229.html",
            title="全角の日付",
            published=datetime(2024, 2, 29, tzinfo=JST),
        ),
        Entry(url="https://www.example.jp/old.html", title="古い記事"),  # title attribute
    ]


def test_listing_page_relative_ages_count_back_from_the_fetch() -> None:
    html = """<html><body><ul>
    <li><a href="/a.html">見出しA</a><span class="age">3時間前</span></li>
    <li><a href="/b.html">見出しB</a><span class="age">昨日 18:45</span></li>
    <li><a href="/c.html">Headline C</a><span class="age">2 days ago</span></li>
    </ul></body></html>"""
    entries = listing(Selectors(item="li", date=".age"), html)
    assert [entry.published for entry in entries] == [
        datetime(2024, 3, 6, 6, 0, tzinfo=JST),  # fetched at 9:00 on 6 March
        datetime(2024, 3, 5, 18, 45, tzinfo=JST),
        datetime(2024, 3, 4, 9, 0, tzinfo=JST),
    ]


def test_listing_page_explicit_selectors_and_base_href() -> None:
    html = """<html><head><base href="https://cdn.example.jp/archive/"></head><body>
    <div class="card"><h3 class="t">見出しA</h3><a class="more" href="a.html">続きを読む</a>
      <p class="d">2024.03.05 15:07</p><div class="s">概要 <b>A</b></div></div>
    <div class="card"><h3 class="t">見出しB</h3><a class="more" href="/b.html">続きを読む</a>
      <p class="d">令和6年3月6日</p></div>
    <div class="card"><h3 class="t">見出しA（再掲）</h3>
      <a class="more" href="a.html">続きを読む</a></div>
    </body></html>"""
    entries = listing(
        Selectors(item="div.card", link="a.more", title=".t", date=".d", summary=".s"), html
    )
    assert entries == [
        Entry(
            url="https://cdn.example.jp/archive/a.html",
            title="見出しA",
            summary="概要 A",
            published=datetime(2024, 3, 5, 15, 7, tzinfo=JST),
        ),
        Entry(
            url="https://cdn.example.jp/b.html",
            title="見出しB",
            published=datetime(2024, 3, 6, tzinfo=JST),
        ),
    ]


def test_item_selector_may_select_the_links_themselves() -> None:
    entries = listing(Selectors(item="ul.news a[href]"))
    urls = [entry.url for entry in entries]
    assert urls[0] == "https://www.example.jp/news/2024/0305.html"
    assert len(urls) == len(set(urls))
    assert "https://www.example.jp/" not in urls  # the nav is outside the selector


def test_listing_page_without_text_decodes_the_bytes_as_utf8() -> None:
    html = '<ul><li><a href="/x">日本語の見出し</a></li></ul>'
    result = fetched(html.encode("utf-8") + b"\xff", url="https://www.example.jp/")
    assert parse_page(result, Selectors(item="li")) == [
        Entry(url="https://www.example.jp/x", title="日本語の見出し")
    ]


def test_no_matching_items_is_no_entries() -> None:
    assert listing(Selectors(item="div.nothing-here")) == []


BAD_SELECTORS = [
    Selectors(item="li["),
    Selectors(item=""),
    Selectors(item="li >> a"),
    Selectors(item="li", link="a:has("),
    Selectors(item="li", title="..t"),
    Selectors(item="li", date="[datetime"),
    Selectors(item="li", summary="p:nth-child(x)"),
]


@pytest.mark.parametrize(
    "selectors",
    BAD_SELECTORS,
    ids=["item", "empty", "combinator", "link", "title", "date", "summary"],
)
def test_invalid_css_selector_is_a_clear_parse_error(selectors: Selectors) -> None:
    with pytest.raises(ParseError, match="CSS selector"):
        listing(selectors)


def test_aggregator_entries_keep_their_publisher() -> None:
    """A news-search feed names each item's publisher in <source url=...>."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>search</title>'
        "<item><title>日米同盟の行方 - 読売新聞オンライン</title>"
        "<link>https://news.example.org/rss/articles/CBMiAbc?oc=5</link>"
        '<guid isPermaLink="false">CBMiAbc</guid><pubDate>Fri, 10 May 2024 01:00:00 GMT</pubDate>'
        '<source url="https://www.yomiuri.co.jp">読売新聞オンライン</source></item>'
        "</channel></rss>"
    ).encode()
    result = FetchResult(
        url="https://news.example.org/rss/search?q=x",
        outcome=FetchOutcome.OK,
        content=body,
        content_type="application/rss+xml",
    )
    (entry,) = parse_feed(result)
    assert entry.publisher == "読売新聞オンライン"
    assert entry.title == "日米同盟の行方"
    assert entry.publisher_url == "https://www.yomiuri.co.jp"


def test_activity_log_items_sharing_a_programme_link_stay_apart() -> None:
    html = """<html><body><ul class="log">
    <li><span class="d">2024年5月3日</span> <a href="/tv/primenews/">BSフジ「プライムニュース」</a>
      <span class="s">小谷哲男主任研究員が生出演</span></li>
    <li><span class="d">2024年6月7日</span> <a href="/tv/primenews/">BSフジ「プライムニュース」</a>
      <span class="s">小谷哲男主任研究員が生出演</span></li>
    <li><span class="d">2024年6月20日</span> <span class="s">文化放送「ニュースワイド」に桒原響子研究員が出演</span></li>
    <li><span class="d">2024年6月20日</span> <span class="s">文化放送「ニュースワイド」に桒原響子研究員が出演</span></li>
    </ul></body></html>"""
    entries = listing(Selectors(item="ul.log li", date=".d", summary=".s"), html)
    assert [(e.url, e.published) for e in entries] == [
        ("https://www.example.jp/tv/primenews/", datetime(2024, 5, 3, tzinfo=JST)),
        ("https://www.example.jp/tv/primenews/", datetime(2024, 6, 7, tzinfo=JST)),
        (LISTING_URL, datetime(2024, 6, 20, tzinfo=JST)),
    ]
    guids = [entry.guid for entry in entries]
    assert all(guid and guid.startswith("urn:mediawatch:item:") for guid in guids)
    assert len(set(guids)) == 3
    # The same page read again gives the same GUIDs: nothing is found twice.
    assert [e.guid for e in listing(Selectors(item="ul.log li", date=".d", summary=".s"), html)] == guids


def test_links_in_a_summary_are_kept_resolved_and_only_http() -> None:
    feed = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>t</title><link>https://blog.example.jp/</link>
<item><title>a</title><link>https://blog.example.jp/a.html</link>
<description><![CDATA[<p>See <a href="https://www.jiia.or.jp/strategic_comment/2025-03.html">the
comment</a>, <a href="/b.html">b</a>, <a href="mailto:x@example.jp">mail</a> and
<a href="javascript:void(0)">js</a>.</p>]]></description></item>
<item><title>plain</title><link>https://blog.example.jp/p.html</link>
<description>no markup here</description></item>
</channel></rss>"""
    entries = parse_feed(fetched(feed.encode()))
    assert entries[0].links == (
        "https://www.jiia.or.jp/strategic_comment/2025-03.html",
        "https://blog.example.jp/b.html",
    )
    assert entries[1].links == ()


def test_links_in_content_count_and_content_stands_in_for_a_missing_summary() -> None:
    feed = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id>
<updated>2025-03-04T00:00:00Z</updated>
<entry><title>a</title><id>urn:a</id><link href="https://blog.example.jp/a.html"/>
<updated>2025-03-04T00:00:00Z</updated>
<content type="html">&lt;p&gt;See &lt;a href="/r/2025-03.html"&gt;the report&lt;/a&gt;.&lt;/p&gt;</content>
</entry></feed>"""
    entries = parse_feed(fetched(feed.encode()))
    assert entries[0].summary == "See the report."
    assert entries[0].links == ("https://blog.example.jp/r/2025-03.html",)


# --- the plain look-up of entry fields -----------------------------------------------


def test_plain_lookup_reads_the_same_entries_as_feedparsers_own(
    real_world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``parse`` reads entry fields with ``dict.get``; feedparser's own ``get`` (aliases,
    fallbacks) gives the same entries on every real feed."""
    import pipeline.parse as parse

    feeds = sorted((real_world / "feeds").glob("*.*"))
    plain = {}
    for path in feeds:
        try:
            plain[path.name] = parse_feed(fetched(path.read_bytes()))
        except ParseError:
            plain[path.name] = None
    monkeypatch.setattr(parse, "_get", lambda mapping, key, default=None: mapping.get(key, default))
    compared = 0
    for path in feeds:
        try:
            own = parse_feed(fetched(path.read_bytes()))
        except ParseError:
            own = None
        assert own == plain[path.name], path.name
        compared += bool(own)
    assert compared >= 5
