"""Exact-duplicate fingerprints, wire credits and the choice of a story's original.

Table-driven cases (pipeline.dedup), plus the credits of real saved pages and wire
items from the shared fixtures.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.dedup import (
    Placement,
    choose_original,
    content_fingerprint,
    credited_source,
    wire_credit,
)

# --- exact-duplicate fingerprints ----------------------------------------------------

TITLE = "減税は24年6月 首相会見で表明"
BODY = "岸田総理は先ほどから会見を行っています。\n所得税の減税について「来年夏に」と説明しました。"

SAME_FINGERPRINT = [
    ("identical", TITLE, BODY),
    ("full-width-digits", "減税は２４年６月 首相会見で表明", BODY),
    ("line-breaks", TITLE, BODY.replace("\n", "\n\n")),
    ("no-line-breaks", TITLE, BODY.replace("\n", "")),
    ("ideographic-space", "減税は24年6月　首相会見で表明", BODY),
    ("punctuation", TITLE, BODY.replace("、", ",").replace("。", ".").replace("「", '"')),
    ("half-width-katakana", TITLE, BODY.replace("ボーナス", "ﾎﾞｰﾅｽ")),
    ("surrounding-space", f"  {TITLE} ", f"\n{BODY}\n"),
]


@pytest.mark.parametrize(
    ("title", "body"), [c[1:] for c in SAME_FINGERPRINT], ids=[c[0] for c in SAME_FINGERPRINT]
)
def test_fingerprint_ignores_form(title: str, body: str) -> None:
    assert content_fingerprint(title, body) == content_fingerprint(TITLE, BODY)


DIFFERENT_FINGERPRINT = [
    ("changed-digit", TITLE, BODY.replace("来年夏", "再来年夏")),
    ("changed-word", TITLE, BODY.replace("説明しました", "述べました")),
    ("added-sentence", TITLE, BODY + "野党は批判した。"),
    ("changed-title", "減税は24年6月", BODY),
    ("title-moved-into-body", "", TITLE + BODY),
]


@pytest.mark.parametrize(
    ("title", "body"),
    [c[1:] for c in DIFFERENT_FINGERPRINT],
    ids=[c[0] for c in DIFFERENT_FINGERPRINT],
)
def test_fingerprint_sees_edits(title: str, body: str) -> None:
    assert content_fingerprint(title, body) != content_fingerprint(TITLE, BODY)


def test_fingerprint_english_case_and_stability() -> None:
    a = content_fingerprint("Fed lifts rates", "The U.S. Federal Reserve raised rates.")
    b = content_fingerprint("FED LIFTS RATES", "the u.s. federal reserve raised rates")
    assert a == b and len(a) == 32
    # stored in the database: must not change between processes or versions
    assert content_fingerprint("a", "b") == "383db3f46b0e1876f8cf176c489af42b"


# --- wire credits ------------------------------------------------------------------

CREDITS: list[tuple[str, str, str | None, str | None]] = [
    # (id, text, byline, expected)
    ("ja-dateline-kyodo", "【ワシントン共同】岸田文雄首相は１０日…", None, "共同通信"),
    ("ja-trailing-kyodo", "首相は１１日に演説する。（共同）", None, "共同通信"),
    ("ja-trailing-kyodo-ascii", "首相は11日に演説する。(共同)", None, "共同通信"),
    ("ja-dateline-jiji", "【ワシントン時事】岸田文雄首相は１０日…", None, "時事通信"),
    ("ja-trailing-jiji-own-line", "両首脳は会談した。\n（時事）", None, "時事通信"),
    (
        "ja-reuters-bracket",
        "［東京　１４日　ロイター］ - 日銀は金融政策を据え置いた。",
        None,
        "Reuters",
    ),
    ("ja-afp-via-jiji", "ワシントン（ＡＦＰ＝時事）米国防総省は２日…", None, "AFP"),
    ("ja-bloomberg", "（ブルームバーグ）：米国株は続伸した。", None, "Bloomberg"),
    ("ja-yonhap", "【ソウル聯合ニュース】韓国政府は…", None, "Yonhap"),
    ("ja-mention-not-credit", "ロイター通信によると、米政府は制裁を検討している。", None, None),
    ("ja-joint-statement", "日米共同声明を発表した。共同開発も進める。", None, None),
    ("ja-photo-credit", "両首脳が握手した（写真＝共同）。", None, None),
    ("ja-own-correspondent", "【エルサレム＝酒井圭吾】ガザで…", None, None),
    ("en-reuters-dateline", "WASHINGTON (Reuters) - The Fed raised rates.", None, "Reuters"),
    ("en-ap-dateline", "HIROSHIMA, Japan (AP) — Leaders met on Friday.", None, "AP"),
    ("en-kyodo-anpa", "     SAITAMA, Japan, Dec. 9 Kyodo - Urawa Reds claimed", None, "Kyodo News"),
    ("en-kyodo-signoff", "He was 90.\n==Kyodo", None, "Kyodo News"),
    ("en-kyodo-paren-end", "Officials said so.\n(Kyodo)", None, "Kyodo News"),
    (
        "en-reuters-footer",
        "The Fed said so.\nReporting by Howard Schneider; Editing by David Chance",
        None,
        "Reuters",
    ),
    ("en-cites-xinhua", "Li Peng died, the official Xinhua News Agency reported.", None, None),
    ("en-acronym-not-credit", "Connect to an access point (AP) in the lobby.", None, None),
    ("en-bracket-word-not-credit", "Weekly round-up [Recap] of the markets.", None, None),
    ("byline-jiji-caps", "Masks were stolen.", "JIJI", "Jiji Press"),
    ("byline-ap-writer", "Leaders met.", "By Mari Yamaguchi, Associated Press", "AP"),
    ("byline-kyodo-ja", "首相は…", "共同通信社", "共同通信"),
    ("byline-person", "Leaders met.", "Maggie Haberman", None),
    ("byline-apac", "Leaders met.", "APAC desk", None),
    ("byline-beats-text", "WASHINGTON (Reuters) - x", "Bloomberg News", "Bloomberg"),
    ("provider-label", "記事の本文。\n提供：CNET Japan", None, "CNET Japan"),
    (
        "portal-title",
        "トレンドマイクロ、アプリを発売 （CNET Japan） - Yahoo!ニュース\n本文",
        None,
        "CNET Japan",
    ),
    ("portal-title-wire", "首相が会見（共同通信） - Yahoo!ニュース", None, "共同通信"),
    ("nothing", "Nothing is credited here.", None, None),
    ("empty", "", None, None),
]


@pytest.mark.parametrize(
    ("text", "byline", "expected"), [c[1:] for c in CREDITS], ids=[c[0] for c in CREDITS]
)
def test_wire_credit(text: str, byline: str | None, expected: str | None) -> None:
    assert wire_credit(text, byline) == expected


def _paragraphs(path: Path) -> list[str]:
    soup = BeautifulSoup(path.read_bytes(), "lxml")
    return [" ".join(p.get_text(" ", strip=True).split()) for p in soup.find_all("p")]


def test_wire_credit_of_real_pages(real_world: Path) -> None:
    articles = real_world / "articles"
    reuters = _paragraphs(articles / "postlight-parser__www.reuters.com.html")
    assert wire_credit("\n".join(p for p in reuters if len(p) > 40)) == "Reuters"
    # the Japan Times page names its source in <p class="credit">JIJI</p>
    soup = BeautifulSoup(
        (articles / "htmldate__japantimes.co.jp.surgical.html").read_bytes(), "lxml"
    )
    credit = soup.select_one("p.credit")
    assert credit is not None
    body = "\n".join(p for p in _paragraphs(articles / "htmldate__japantimes.co.jp.surgical.html"))
    assert wire_credit(body, byline=credit.get_text(strip=True)) == "Jiji Press"
    # the Yahoo!ニュース copy credits CNET Japan in its title
    yahoo = BeautifulSoup((articles / "readability__yahoo-4__source.html").read_bytes(), "lxml")
    assert yahoo.title is not None
    assert wire_credit(yahoo.title.get_text()) == "CNET Japan"
    # own-correspondent stories credit no agency
    for name in ("htmldate__yomiuri.co.jp-gaza.html", "htmldate__nhk.or.jp.k100.html"):
        text = "\n".join(p for p in _paragraphs(articles / name) if len(p) > 25)
        assert wire_credit(text) is None, name


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
def test_wire_credit_of_real_kyodo_items(real_world: Path) -> None:
    feeds = real_world / "feeds"
    anpa = (feeds / "superdesk-belga__kyodo.txt").read_text(encoding="ascii")
    assert wire_credit(anpa) == "Kyodo News"
    # NewsML: a Kyodo story that cites Xinhua in its headline and first paragraph.
    # (Read with the HTML parser: the XML one stops at the file's external DTD.)
    newsml = feeds / "superdesk-belga__kyodo_newsml_1_2_belga.xml"
    soup = BeautifulSoup(newsml.read_bytes(), "lxml")
    headline = soup.find("headline")
    assert headline is not None and "Xinhua" in headline.get_text()
    text = headline.get_text() + "\n" + "\n".join(_paragraphs(newsml))
    assert wire_credit(text) == "Kyodo News"
    credit_line = soup.find("creditline")
    assert credit_line is not None
    assert wire_credit("", byline=credit_line.get_text()) == "Kyodo News"


# --- the original of a story ---------------------------------------------------------

T0 = datetime(2024, 4, 10, 9, 0, tzinfo=UTC)


def _p(
    doc: int,
    outlet: str | None,
    media: str | None = "newspaper",
    minutes: int | None = 0,
    credit: str | None = None,
) -> Placement:
    published = None if minutes is None else T0 + timedelta(minutes=minutes)
    return Placement(doc, outlet, media, published, credit)


ORIGINALS: list[tuple[str, list[Placement], int]] = [
    (
        "credited-wire-present",
        [
            _p(1, "北海道新聞", minutes=5, credit="共同通信"),
            _p(2, "共同通信", "wire", minutes=30),
            _p(3, "中日新聞", minutes=0, credit="共同通信"),
        ],
        2,
    ),
    (
        "credited-outlet-spelled-differently",
        [_p(1, "Yahoo!ニュース", "web", 0, "CNET Japan"), _p(2, "ＣＮＥＴ Ｊａｐａｎ", "web", 60)],
        2,
    ),
    (
        "credited-alias-matches-outlet",
        [_p(1, "静岡新聞", minutes=0, credit="時事通信"), _p(2, "時事ドットコム", "wire", 10)],
        2,
    ),
    (
        "wire-before-papers-when-nobody-credits",
        [_p(1, "河北新報", minutes=0), _p(2, "Reuters", "wire", 90), _p(3, "琉球新報", minutes=5)],
        2,
    ),
    (
        "credited-wire-absent-earliest",
        [
            _p(1, "河北新報", minutes=20, credit="共同通信"),
            _p(2, "琉球新報", minutes=5, credit="共同通信"),
        ],
        2,
    ),
    (
        "earliest-when-nobody-credits",
        [
            _p(5, "神戸新聞", minutes=40),
            _p(6, "京都新聞", minutes=10),
            _p(7, "中国新聞", minutes=20),
        ],
        6,
    ),
    (
        "unknown-dates-go-last",
        [_p(5, "神戸新聞", minutes=None), _p(9, "京都新聞", minutes=30)],
        9,
    ),
    ("lowest-id-without-dates", [_p(8, "A", minutes=None), _p(3, "B", minutes=None)], 3),
    ("same-time-lowest-id", [_p(8, "A", minutes=0), _p(3, "B", minutes=0)], 3),
    ("single", [_p(4, None, None, None)], 4),
    (
        "most-credited-wins",
        [
            _p(1, "AFP", "wire", 50),
            _p(2, "時事通信", "wire", 40),
            _p(3, "X", minutes=0, credit="AFP"),
            _p(4, "Y", minutes=0, credit="AFP"),
            _p(5, "Z", minutes=0, credit="時事通信"),
        ],
        1,
    ),
]


@pytest.mark.parametrize(
    ("placements", "expected"), [c[1:] for c in ORIGINALS], ids=[c[0] for c in ORIGINALS]
)
def test_choose_original(placements: list[Placement], expected: int) -> None:
    assert choose_original(placements).document_id == expected
    assert choose_original(placements[::-1]).document_id == expected


def test_choose_original_mixes_naive_and_aware_times() -> None:
    jst = timezone(timedelta(hours=9))
    naive_utc = Placement(1, "A", published=datetime(2024, 4, 10, 1, 0))
    aware_jst = Placement(2, "B", published=datetime(2024, 4, 10, 9, 30, tzinfo=jst))
    assert choose_original([naive_utc, aware_jst]).document_id == 2  # 00:30 UTC


def test_choose_original_needs_placements() -> None:
    with pytest.raises(ValueError):
        choose_original([])


def test_credited_source() -> None:
    assert credited_source([]) is None
    assert credited_source([_p(1, "A"), _p(2, "B")]) is None
    placements = [
        _p(1, "A", credit="共同通信"),
        _p(2, "B", credit="共同通信"),
        _p(3, "C", credit="AP"),
    ]
    assert credited_source(placements) == "共同通信"
    assert credited_source([_p(1, "A", credit="b"), _p(2, "B", credit="a")]) == "a"
