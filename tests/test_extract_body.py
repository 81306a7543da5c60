"""pipeline.extract: which text of a page is the article body.

Pages built here, each after a layout that the hand-written stripper got wrong:
wrappers whose class holds a boilerplate word (it deleted the whole article with
them), an article with a list (its densest-block fallback kept one list out of
the article), line breaks inside a paragraph, and pages with no article at all.
"""

from __future__ import annotations

import pytest

from pipeline.extract import ExtractError, extract_article
from pipeline.types import Article, FetchOutcome, FetchResult

PROSE = [
    "国際問題研究所の研究員は記者会見で、地域の安全保障環境が厳しさを増していると説明した。",
    "研究員によると、各国の防衛政策の見直しは来年度以降も続く見通しだという。",
    "The institute's researcher said the talks on arms control would resume next spring.",
    "同研究所は今月中に報告書をまとめ、政府に提言する予定だ。",
]
CHROME = [
    "トップページ",
    "ランキング",
    "この記事をシェアする",
    "おすすめ記事：人気のレシピ十選",
    "Copyright Example News",
]


def _fetch(body: str, title: str = "研究員が安全保障環境を解説") -> FetchResult:
    html = (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>{title} | Example'
        f"</title></head><body>{body}</body></html>"
    )
    return FetchResult(
        url="https://news.example.jp/articles/1",
        outcome=FetchOutcome.OK,
        status=200,
        content=html.encode(),
        text=html,
        content_type="text/html",
    )


def _paragraphs() -> str:
    return "".join(f"<p>{line}</p>" for line in PROSE)


def _page_chrome() -> tuple[str, str]:
    """A header with a menu and a footer with a ranking, around any article."""
    header = (
        "<header><nav><ul><li><a href='/'>トップページ</a></li><li><a href='/rank'>ランキング"
        "</a></li></ul></nav></header>"
    )
    footer = (
        "<div class='share'><a href='/share'>この記事をシェアする</a></div>"
        "<div class='related'><ul><li><a href='/r/1'>おすすめ記事：人気のレシピ十選</a></li>"
        "</ul></div><footer>Copyright Example News</footer>"
    )
    return header, footer


def _assert_article(found: Article) -> None:
    lines = found.text.split("\n")
    for line in PROSE:
        assert line in lines
    for chrome in CHROME:
        assert chrome not in found.text


# Wrappers the stripper took for boilerplate because a class word matched its list
# (header, widget, ads): the article inside went with them.
WRAPPERS = [
    (
        "article-wrapper-no-header-overlap",
        "<main><div class='article-wrapper no-header-overlap'><article><h1>研究員が安全保障環境を解説"
        "</h1>{body}</article></div></main>",
    ),
    (
        "elementor-widget-container",
        "<div class='elementor-section'><div class='elementor-widget elementor-widget-text-editor'>"
        "<div class='elementor-widget-container'>{body}</div></div></div>",
    ),
    (
        "Ads_BA_TakeOver",
        "<div id='Ads_BA_TakeOver' class='Ads_BA_TakeOver'><div class='content'>{body}</div></div>",
    ),
]


@pytest.mark.parametrize("wrapper", [w[1] for w in WRAPPERS], ids=[w[0] for w in WRAPPERS])
def test_article_inside_a_wrapper_with_a_boilerplate_word_is_kept(wrapper: str) -> None:
    header, footer = _page_chrome()
    found = extract_article(_fetch(header + wrapper.format(body=_paragraphs()) + footer))
    _assert_article(found)


LIST_ITEMS = [
    "第一に、同盟国や同志国との共同訓練を拡充し、有事の際の相互運用性を高めることを求めた。",
    "第二に、サイバー防衛を担う専門人材を官民で育成し、重要インフラへの攻撃に備えることを挙げた。",
    "第三に、半導体や重要鉱物の供給網を守るため、経済安全保障の法整備を急ぐべきだと指摘した。",
    "第四に、宇宙空間の監視能力を強化し、衛星への妨害に対処する体制づくりを提言した。",
    "第五に、国民への丁寧な説明を通じて、防衛費の増額に対する理解を得る必要があると強調した。",
    "第六に、海上保安能力を高め、離島周辺の警戒監視を切れ目なく続けるべきだと述べた。",
    "第七に、防衛装備の共同開発を進め、国内の防衛産業の基盤を維持することを訴えた。",
    "第八に、原子力発電所など重要施設の警備を見直し、テロへの備えを固めるよう求めた。",
    "第九に、大規模災害と有事が重なる事態を想定した訓練を自治体と行うよう提案した。",
    "第十に、研究機関と大学の連携を深め、先端技術の流出を防ぐ仕組みを整えるよう促した。",
]
# Inside <article>, and in a plain <div> where the list holds most of the text (the
# stripper's densest-block fallback then kept the list alone).
LIST_LAYOUTS = [
    ("article", "<article>{body}</article>"),
    ("plain-div", "<div id='wrap'><div class='col'>{body}</div></div>"),
]


@pytest.mark.parametrize(
    "layout", [case[1] for case in LIST_LAYOUTS], ids=[case[0] for case in LIST_LAYOUTS]
)
def test_article_with_a_list_keeps_the_prose_and_every_item(layout: str) -> None:
    header, footer = _page_chrome()
    body = (
        "".join(f"<p>{line}</p>" for line in PROSE[:2])
        + "<ul>"
        + "".join(f"<li>{item}</li>" for item in LIST_ITEMS)
        + "</ul>"
        + "".join(f"<p>{line}</p>" for line in PROSE[2:])
    )
    found = extract_article(_fetch(header + layout.format(body=body) + footer))
    _assert_article(found)
    lines = found.text.split("\n")
    # each item on its own line, in place between the paragraphs around it
    assert lines.index(PROSE[1]) < lines.index(LIST_ITEMS[0]) < lines.index(LIST_ITEMS[-1])
    assert lines.index(LIST_ITEMS[-1]) < lines.index(PROSE[2])
    assert [line for line in lines if line in LIST_ITEMS] == LIST_ITEMS


def test_a_line_break_inside_a_paragraph_stays_a_boundary() -> None:
    # A <br> separates a report's title from its author: the two must not run
    # together into one word (道筋戸崎洋史) for the name matcher.
    body = (
        "<article><p>新しい報告書が公開された。<br>核軍縮への道筋<br>戸崎洋史（所長）</p>"
        + _paragraphs()
        + "</article>"
    )
    found = extract_article(_fetch(body))
    assert "核軍縮への道筋\n戸崎洋史（所長）" in found.text
    assert "道筋戸崎" not in found.text


def test_a_source_line_break_inside_japanese_is_not_a_boundary() -> None:
    # Only the HTML source wraps here: 国際問題⏎研究所 is one word, as in html_to_text.
    body = (
        "<article><p>国際問題\n研究所の研究員が、\n  記者会見で説明した。</p>"
        + _paragraphs()
        + "</article>"
    )
    found = extract_article(_fetch(body))
    assert "国際問題研究所の研究員が、記者会見で説明した。" in found.text.split("\n")


def test_the_headline_is_the_title_not_a_line_of_the_text() -> None:
    body = "<article><h1>研究員が安全保障環境を解説</h1>" + _paragraphs() + "</article>"
    found = extract_article(_fetch(body))
    assert found.title == "研究員が安全保障環境を解説"
    assert "研究員が安全保障環境を解説" not in found.text
    assert found.text.split("\n")[0] == PROSE[0]


def test_table_cells_are_separate_lines() -> None:
    body = (
        "<article>" + _paragraphs() + "<table><tr><th>登壇者</th><th>所属</th></tr>"
        "<tr><td>戸崎洋史</td><td>軍縮・科学技術センター</td></tr></table></article>"
    )
    lines = extract_article(_fetch(body)).text.split("\n")
    assert "戸崎洋史" in lines
    assert "軍縮・科学技術センター" in lines


def test_a_page_the_extractor_cannot_read_falls_back_to_its_text() -> None:
    # Unclosed markup nests the article in the sidebar: whatever the extractor
    # makes of it, the prose must come back, without the menus.
    header, _footer = _page_chrome()
    body = (
        header + "<div class='layout'><aside class='sidebar'><div class='sticky'><p>Newsletter"
        "</p><div>" + "".join(f"<div>{line}" for line in PROSE) + "</aside></div>"
    )
    found = extract_article(_fetch(body))
    for line in PROSE:
        assert line in found.text
    assert "トップページ" not in found.text


@pytest.mark.parametrize(
    "body",
    [
        "<nav><a href='/'>home</a><a href='/about'>about us</a></nav>",
        "<header><a href='/'>Example News</a></header><footer>Copyright Example News</footer>",
        "<script>document.write('本文ではない')</script><style>p {}</style>",
    ],
    ids=["menu", "header-footer", "script"],
)
def test_a_page_with_only_chrome_holds_no_article(body: str) -> None:
    with pytest.raises(ExtractError):
        extract_article(_fetch(body, title=""))


@pytest.mark.parametrize(
    "page",
    [
        "<div><p>" + PROSE[0] + "</p><p>" + PROSE[1] + "</p></div>",
        PROSE[0] + "\n" + PROSE[1],
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html><body><p>'
        + PROSE[0]
        + "</p><p>"
        + PROSE[1]
        + "</p></body></html>",
    ],
    ids=["fragment", "plain-text", "xml-prolog"],
)
def test_a_page_that_is_not_a_whole_html_document_is_still_read(page: str) -> None:
    found = extract_article(
        FetchResult(
            url="https://x.example/a", outcome=FetchOutcome.OK, content=page.encode(), text=page
        )
    )
    assert PROSE[0] in found.text and PROSE[1] in found.text
