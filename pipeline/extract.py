"""Reduce a fetched news article page to what matching needs.

Takes a ``FetchResult`` holding an HTML page and returns an ``Article``: the
main text (paragraphs separated by ``"\\n"``), title, published time (aware),
byline, canonical URL, language and the absolute http(s) links found in the
main text. Raises ``ExtractError`` when the page holds no text at all.

The main text is trafilatura's; this module is the layer on top of it: one
lxml parse shared with trafilatura, Japanese wrapped source lines and ruby
readings handled before extraction, and title, byline (including a
【地名＝記者名】 dateline), publication time (Japanese formats and year-less
dates) and canonical URL read from the page itself.
Also offers ``html_to_text`` (an HTML fragment to plain text, used by
``pipeline.parse`` for feed summaries) and ``detect_language``.

Pure: no network, no database, no clock (a year-less date such as
``3/9(木) 18:45配信`` takes its year from a date in the URL or from
``FetchResult.fetched_at``).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
from bs4 import BeautifulSoup, Tag
from bs4.element import (
    CData,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    PageElement,
    ProcessingInstruction,
)
from lxml import etree
from lxml.html import HtmlElement

from pipeline.dates import JST, parse_date
from pipeline.types import Article, FetchResult

__all__ = ["ExtractError", "detect_language", "extract_article", "html_to_text"]


class ExtractError(Exception):
    """The page holds no article text that could be extracted."""


# --- HTML → text -------------------------------------------------------------

# fmt: off
_BLOCK_TAGS = frozenset(
    (
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul",
    )
)
_SKIP_TAGS = frozenset(
    (
        "script", "style", "noscript", "template", "rt", "rp", "iframe", "object", "embed",
        "svg", "canvas", "head", "button", "select", "input", "textarea", "map", "audio",
        "video",
    )
)
# fmt: on
_NON_TEXT_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_CJK = (
    r"\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\uff00-\uffef"
)
# A line break in the HTML source between two Japanese characters is not a space.
_CJK_SOURCE_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n][ \t\r\n]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_BREAK = "\x00"
_NEWLINES = re.compile(r"\r\n|[\r\n\u2028\u2029]")


def _text_pieces(node: Tag) -> Iterator[str]:
    """Yield the text of ``node`` in document order, with _BREAK around blocks."""
    stack: list[PageElement | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, NavigableString):
            if not isinstance(item, _NON_TEXT_STRINGS) or isinstance(item, CData):
                yield str(item)
            continue
        if isinstance(item, str):
            yield item  # a _BREAK marker pushed below
            continue
        if not isinstance(item, Tag):
            continue
        if item.name in _SKIP_TAGS:
            continue
        if item.name == "br":
            yield _BREAK
            continue
        block = item.name in _BLOCK_TAGS
        if block:
            yield _BREAK
            stack.append(_BREAK)
        stack.extend(reversed(list(item.children)))


def _pieces_to_text(pieces: Iterable[str]) -> str:
    raw = "".join(pieces)
    raw = _CJK_SOURCE_BREAK.sub("", raw)
    lines = (_SPACES.sub(" ", line).strip() for line in raw.split(_BREAK))
    return "\n".join(line for line in lines if line)


def element_text(node: Tag) -> str:
    """Visible text of an element: one line per block, ruby readings dropped."""
    return _pieces_to_text(_text_pieces(node))


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (feed summary, listing snippet).

    Block elements and ``<br>`` become line breaks, runs of spaces collapse,
    entities are decoded and ruby readings (``<rt>``) dropped. Text without
    any markup comes back with its whitespace tidied and its line breaks kept.
    """
    return html_text_and_links(html, "")[0]


def html_text_and_links(html: str, base: str) -> tuple[str, tuple[str, ...]]:
    """``html_to_text`` of a fragment and its http(s) links resolved against ``base``
    (a feed summary that links to a report it cites), from one parse."""
    if not html:
        return "", ()
    if "<" not in html and "&" not in html:
        # Plain text: its line breaks are real (「…の道筋⏎戸崎洋史」 is two lines, not a
        # word), unlike a line break in HTML source, which only wraps the source.
        return _pieces_to_text([_NEWLINES.sub(_BREAK, html)]), ()
    soup = BeautifulSoup(html, "lxml")
    links = _links([soup], base) if base and "<a" in html.lower() else ()
    return element_text(soup), links


def _links(nodes: list[Tag], base: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for node in nodes:
        for anchor in node.find_all("a", href=True):
            resolved = _resolve(base, str(anchor["href"]))
            if resolved:
                seen.setdefault(resolved, None)
    return tuple(seen)


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text.replace(_BREAK, " ")).strip()


# --- language ------------------------------------------------------------------

_KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_HEADLINE_CHARS = 60  # below this many kana/kanji, kanji alone can be Japanese


def detect_language(text: str) -> str:
    """ "ja" when the text reads as Japanese, else "en".

    Japanese means kana plus a fair share of kana/kanji among letters, so an
    English article quoting one Japanese name stays "en" and a Japanese
    article full of product names stays "ja". A short all-kanji text (a
    headline such as 日銀総裁、追加利上げ示唆) is Japanese too; a long one
    without any kana is not (Chinese).
    """
    sample = text[:20000]
    kana = len(_KANA.findall(sample))
    kanji = len(_KANJI.findall(sample))
    latin = len(_LATIN.findall(sample))
    japanese = kana + kanji
    if japanese == 0 or japanese < 0.1 * (japanese + latin):
        return "en"
    if kana >= 2:
        return "ja"
    if japanese < _HEADLINE_CHARS and japanese >= 0.5 * (japanese + latin) and kanji >= 2:
        return "ja"
    return "en"


# --- the page tree -----------------------------------------------------------------
#
# A whole page is parsed once, with lxml: its metadata is read from that tree and
# trafilatura extracts the main text from (a copy of) the same tree.

# trafilatura's output: its own element names (TEI-like: <head> is a heading there)
_OUTPUT_BLOCKS = frozenset(("p", "head", "list", "item", "quote", "table", "row", "cell", "code"))
_OUTPUT_SKIP = frozenset(("graphic", "del"))
_LINE_BREAKS = frozenset(("br", "lb"))


def _tree_pieces(
    root: etree._Element, blocks: frozenset[str], skip: frozenset[str]
) -> Iterator[str]:
    """Yield the text under ``root`` in document order, with _BREAK around blocks."""
    stack: list[etree._Element | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
            continue
        tail = item.tail if item is not root else None
        tag = item.tag
        if not isinstance(tag, str) or tag in skip:  # comments, scripts, ruby
            if tail:
                yield tail
            continue
        if tag in _LINE_BREAKS:
            yield _BREAK
            if tail:
                yield tail
            continue
        block = tag in blocks
        if tail:
            stack.append(tail)
        if block:
            yield _BREAK
            stack.append(_BREAK)
        if item.text:
            yield item.text
        stack.extend(reversed(item))


def _tree_text(node: etree._Element) -> str:
    """``element_text`` for an lxml element: one line per block, ruby readings dropped."""
    return _pieces_to_text(_tree_pieces(node, _BLOCK_TAGS, _SKIP_TAGS))


def _output_text(body: etree._Element) -> str:
    """Text of trafilatura's output tree: one line per paragraph, heading, item, cell."""
    return _pieces_to_text(_tree_pieces(body, _OUTPUT_BLOCKS, _OUTPUT_SKIP))


def _drop(nodes: Iterable[etree._Element]) -> None:
    """Remove elements, keeping the text that follows each (its tail)."""
    for node in list(nodes):
        parent = node.getparent()
        if parent is None:
            continue
        if node.tail:
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)


# --- metadata --------------------------------------------------------------------


def _meta(tree: HtmlElement, *keys: str) -> str | None:
    """The first non-empty <meta> value whose property/name/itemprop is one of keys.

    Accepts ``content`` and (as some re-serialised pages have) ``value``.
    """
    wanted = {key.lower() for key in keys}
    found: dict[str, str] = {}
    for tag in tree.iter("meta"):
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if key is not None and key.strip().lower() in wanted:
                value = tag.get("content")
                if value is None:
                    value = tag.get("value")
                if value is not None and value.strip():
                    found.setdefault(key.strip().lower(), value.strip())
    for key in keys:
        if key.lower() in found:
            return found[key.lower()]
    return None


def _json_ld(tree: HtmlElement) -> list[dict[str, object]]:
    """Every JSON object in the page's ld+json blocks, nested ones included."""
    objects: list[dict[str, object]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = script.text
        if not raw or not raw.strip():
            continue
        try:
            data = json.loads(raw.strip(), strict=False)
        except ValueError:
            continue
        pending: list[object] = [data]
        while pending:
            value = pending.pop()
            if isinstance(value, dict):
                objects.append(value)
                pending.extend(value.values())
            elif isinstance(value, list):
                pending.extend(value)
    return objects


def _ld_value(objects: list[dict[str, object]], key: str) -> object | None:
    for obj in objects:
        value = obj.get(key)
        if value:
            return value
    return None


def _person_names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        if str(value.get("@type", "")).lower() in {"organization", "newsmediaorganization"}:
            return []
        return _person_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _person_names(item)]
    return []


# 【エルサレム＝酒井圭吾】 / 【ワシントン=山田太郎】: a Japanese paper's dateline and reporter.
_DATELINE_REPORTER = re.compile(r"^\s*【[^】＝=]{1,12}[＝=]([^】＝=\s]{2,12})】", re.M)
# A dateline opens one of the first paragraphs, after any notices the page prints
# above the article (読売新聞: 無断転載禁止, メモ入力, 完了しました).
_DATELINE_WITHIN = 300
_NOT_A_BYLINE = re.compile(r"^(no author|unknown|admin|staff|none|null)$", re.I)


def _clean_byline(value: str | None) -> str | None:
    if value is None:
        return None
    value = _one_line(value)
    value = re.sub(r"^(by|文|記者)\s*[:：]?\s+", "", value, flags=re.I).strip()
    if not value or _NOT_A_BYLINE.match(value) or value.startswith(("http://", "https://")):
        return None
    return value[:200]


# Elements that name the author, in order of trust: [rel=author], [itemprop=author],
# then the classes byline, author, writer, author-name, article-author.
_AUTHOR_CLASSES = ("byline", "author", "writer", "author-name", "article-author")
_AUTHOR_ELEMENTS = etree.XPath(
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline')"
    " or contains(@class, 'author') or contains(@class, 'writer')]"
)


def _author_rank(tag: etree._Element) -> int | None:
    """Where an element stands in the order of trust above (None: not an author element)."""
    if tag.tag == "link":
        return None
    if tag.get("rel") == "author":
        return 0
    if tag.get("itemprop") == "author":
        return 1
    classes = (tag.get("class") or "").split()
    ranks = [2 + _AUTHOR_CLASSES.index(name) for name in classes if name in _AUTHOR_CLASSES]
    return min(ranks) if ranks else None


def _byline_candidates(tree: HtmlElement, ld: list[dict[str, object]]) -> Iterator[str | None]:
    """Author names the page declares, best first (read lazily: the first usable wins)."""
    yield _meta(tree, "author", "byl", "dc.creator", "sailthru.author")
    yield ", ".join(_person_names(_ld_value(ld, "author"))) or None
    ranked = sorted(
        (rank, order, tag)
        for order, tag in enumerate(_AUTHOR_ELEMENTS(tree))
        if (rank := _author_rank(tag)) is not None
    )
    for _rank, _order, tag in ranked:
        yield tag.get("content") if tag.tag == "meta" else _tree_text(tag)


def _declared_byline(candidates: Iterable[str | None]) -> str | None:
    """The first usable author name the page declares."""
    for candidate in candidates:
        cleaned = _clean_byline(candidate)
        if cleaned:
            return cleaned
    return None


def _dateline_reporter(text: str) -> str | None:
    """The reporter of a 【地名＝名前】 dateline opening the text."""
    dateline = _DATELINE_REPORTER.search(text[:_DATELINE_WITHIN])
    return _clean_byline(dateline[1]) if dateline else None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _title(tree: HtmlElement) -> str:
    og = _meta(tree, "og:title", "twitter:title")
    title_tag = next(tree.iter("title"), None)
    head = _one_line(_tree_text(title_tag)) if title_tag is not None else ""
    headings = [_one_line(_tree_text(h1).replace("\n", " ")) for h1 in tree.iter("h1")]
    headings = [heading for heading in headings if heading]
    page_titles = [_squash(t) for t in (og or "", head) if t]
    # The <h1> that the page title repeats is the headline without the site name
    # (the longest such: a section name in an <h1> can also sit in the title).
    repeated = [
        heading
        for heading in headings
        if len(_squash(heading)) >= 4 and any(_squash(heading) in t for t in page_titles)
    ]
    if repeated:
        return max(repeated, key=lambda heading: len(_squash(heading)))
    if og:
        return _one_line(og)
    if headings:
        return headings[0]
    return head


def _resolve(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
    except ValueError:  # an unbalanced IPv6 bracket and the like
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute


def _canonical(tree: HtmlElement, base: str) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            resolved = _resolve(base, link.get("href"))
            if resolved:
                return resolved
    return _resolve(base, _meta(tree, "og:url"))


_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[-_.])"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)"),
)


def date_from_url(url: str | None) -> datetime | None:
    """A publication day written into a URL (``/2020/02/18/``, ``20231102-``), or None."""
    if not url:
        return None
    for pattern in _URL_DATE:
        for match in pattern.finditer(url):
            try:
                return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=JST)
            except ValueError:
                continue
    return None


_DATE_HINT = re.compile(r"date|time|posted|publish|timestamp|dateline|update", re.I)
_NAMED = etree.XPath("//*[@class or @id]")


def _date_named(tree: HtmlElement) -> list[HtmlElement]:
    """Elements whose class, then those whose id, holds a date-like word."""
    by_class: list[HtmlElement] = []
    by_id: list[HtmlElement] = []
    # One XPath and a regex per named element: an XPath test per word is slower.
    for tag in _NAMED(tree):
        if _DATE_HINT.search(tag.get("class") or ""):
            by_class.append(tag)
        if _DATE_HINT.search(tag.get("id") or ""):
            by_id.append(tag)
    return by_class + by_id


_DECLARED_TIMES = etree.XPath("//time[@itemprop='datePublished' or @pubdate]")
_TIMES = etree.XPath("//time[@datetime]")


def _parsed(value: object, reference: datetime | None) -> datetime | None:
    return parse_date(value, reference=reference) if isinstance(value, str) else None


def _published(
    tree: HtmlElement,
    ld: list[dict[str, object]],
    url_day: datetime | None,
    reference: datetime | None,
) -> datetime | None:
    """The page's declared or visible publication time.

    Declared metadata first (``article:published_time``, JSON-LD
    ``datePublished``, ``meta[name=date|pubdate|...]``), then ``<time>``
    elements, then visible text in date-named elements and around the
    headline, then a day written in the URL.
    """

    def parsed(value: object) -> datetime | None:
        return _parsed(value, reference)

    declared: list[object] = [
        _meta(tree, "article:published_time", "og:article:published_time"),
        _ld_value(ld, "datePublished"),
        _meta(
            tree,
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "dc.date.issued",
            "dc.date",
            "dcterms.issued",
            "citation_publication_date",
            "sailthru.date",
        ),
    ]
    for value in declared:
        found = parsed(value)
        if found is not None:
            return found
    for time_tag in [*_DECLARED_TIMES(tree), *_TIMES(tree)]:
        found = parsed(time_tag.get("datetime")) or parsed(_tree_text(time_tag))
        if found is not None:
            return found
    # Visible dates: elements named like dates, then the text around the headline.
    for tag in _date_named(tree):
        text = _tree_text(tag)
        if text and len(text) < 200:
            found = parsed(text)
            if found is not None:
                return found
    for h1 in tree.iter("h1"):
        parent = h1.getparent()
        if parent is not None:
            found = parsed(_tree_text(parent)[:600])
            if found is not None:
                return found
    return url_day


# --- main text -------------------------------------------------------------------

# Page chrome dropped before the whole page is read, when the extractor finds no body
# (not <aside> or <form>: a broken page can nest its article in the one, ASP.NET pages
# wrap everything in the other).
_CHROME_TAGS = ("nav", "header", "footer")
# Below this many characters from trafilatura's fast pass, its full pass (which also
# weighs readability's and jusText's answers) runs: on trafilatura's evaluation set
# it lifts F1 from 0.920 to 0.925 for about a fifth more CPU.
_FULL_PASS_BELOW = 1000
# Below this many characters the answer may be a lone menu link, or a tagline where the
# extractor missed the article: the page's text without its chrome is read too.
_CHECK_CHROME_BELOW = 100
_HEADLINE_WITHIN = 3  # the first blocks of the body, where a repeated headline sits


def _extracted(tree: HtmlElement, base: str, title: str, fast: bool) -> tuple[str, tuple[str, ...]]:
    """trafilatura's body text of the page and the http(s) links in it ("" if none)."""
    from trafilatura import bare_extraction  # on first use, see _parse

    document = bare_extraction(
        tree,
        fast=fast,
        include_comments=False,
        include_tables=True,
        include_links=True,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return "", ()
    # A block that repeats the title is the headline, not body text (it opens the body).
    headline = _squash(title)
    opening = itertools.islice(body.iter("head", "p"), _HEADLINE_WITHIN)
    _drop(block for block in opening if headline and _squash(_output_text(block)) == headline)
    links = (_resolve(base, ref.get("target")) for ref in body.iter("ref"))
    return _output_text(body), tuple(dict.fromkeys(link for link in links if link))


def _main_text(tree: HtmlElement, title: str, base: str) -> tuple[str, tuple[str, ...]]:
    """The article body's text and the http(s) links in it.

    trafilatura's fast pass, then its full pass when the fast one found little;
    tables are kept, comments are not. When it finds (almost) nothing, the page's
    own text without navigation, header and footer if that is longer; "" when
    the page holds no text outside its chrome.
    """
    text, links = _extracted(tree, base, title, fast=True)
    if len(text) < _FULL_PASS_BELOW:
        # The full pass weighs the fast answer against others: when it answers, it
        # is the better judge, even when shorter (a related-headlines box dropped).
        full = _extracted(tree, base, title, fast=False)
        if full[0]:
            text, links = full
    if len(text) >= _CHECK_CHROME_BELOW:
        return text, links
    # Little or nothing found: a lone menu link, or an article the extractor missed
    # in a page it could not read. The page without its chrome decides.
    page = tree.find("body")
    if page is None:
        page = tree
    _drop(page.iter(*_CHROME_TAGS))
    page_text = _tree_text(page)
    if not page_text:
        return "", ()
    if len(text) >= len(page_text):
        return text, links
    anchors = (_resolve(base, anchor.get("href")) for anchor in page.iter("a"))
    return page_text, tuple(dict.fromkeys(link for link in anchors if link))


def _page_text(result: FetchResult) -> str:
    if result.text is not None:
        return result.text
    return result.content.decode(result.encoding or "utf-8", errors="replace")


_TRUSTED_TEXT = 100  # characters of text that outweigh a ja/en <html lang> attribute


def _language(lang_attr: object, text: str) -> str:
    """``<html lang>``'s primary tag, unless it says ja/en and a long text reads otherwise.

    Templates often keep ``lang="en"`` on Japanese pages (and ``lang="ja"``
    on a Japanese site's English pages); other languages pass through.
    """
    declared = lang_attr.strip().split("-")[0].lower() if isinstance(lang_attr, str) else ""
    if declared and (declared not in ("ja", "en") or len(text) < _TRUSTED_TEXT):
        return declared
    return detect_language(text)


_UTF8_HTML = lxml.html.HTMLParser(encoding="utf-8")


def _parse(html: str) -> HtmlElement | None:
    """The page as an lxml tree, or None when it holds no markup lxml can read.

    trafilatura's loader first (it repairs some broken pages); it turns down
    what does not look like a whole document (no ``html`` near the start and a
    lone ``<body>``: a fragment, plain text, an XML prolog), which lxml then reads
    as the body of a document, as a browser would.
    """
    # Imported on first use (as in _extracted): trafilatura and its dependencies, about
    # 5 MB resident, are loaded only by a process that extracts an article page.
    from trafilatura import load_html

    try:
        tree = load_html(html)
    except (ValueError, TypeError, etree.ParserError):
        tree = None
    if tree is not None:
        return tree
    try:
        # bytes: lxml refuses a str that carries an XML encoding declaration
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=_UTF8_HTML)
    except (ValueError, etree.ParserError):
        return None


def extract_article(result: FetchResult) -> Article:
    """Extract an article's main text and metadata from a fetched HTML page.

    The body text is trafilatura's (paragraphs, list items, table cells and
    ``<br>`` each on their own line; Japanese text wrapped in the HTML source
    joined); when it finds (almost) none, the page's text without navigation,
    header and footer. Title, byline, dates, canonical URL and language are read
    from the page by this module. Raises ``ExtractError`` when there is no
    text at all.
    """
    html = _page_text(result)
    if not html.strip():
        raise ExtractError(f"empty page: {result.url}")
    # A line break of the HTML source between two Japanese characters only wraps the
    # source (国際問題⏎研究所 is one word), as in html_to_text; one pass over the page
    # string costs far less than one over the tree's text nodes.
    tree = _parse(_CJK_SOURCE_BREAK.sub("", html))
    if tree is None:
        raise ExtractError(f"not an HTML page: {result.url}")
    page_url = result.final_url or result.url
    base_tag = next((tag for tag in tree.iter("base") if tag.get("href")), None)
    base = urljoin(page_url, base_tag.get("href", "")) if base_tag is not None else page_url

    _drop(tree.iter("rt", "rp"))
    ld = _json_ld(tree)
    html_tag = tree if tree.tag == "html" else tree.find(".//html")
    lang_attr = html_tag.get("lang") if html_tag is not None else None
    canonical = _canonical(tree, base)
    title = _title(tree)
    url_day = next(
        (day for day in map(date_from_url, (canonical, page_url, result.url)) if day), None
    )
    reference = url_day or result.fetched_at
    published = _published(tree, ld, url_day, reference)
    modified = _meta(tree, "article:modified_time", "og:updated_time", "dateModified")

    # Read before the main text: without a body, the page's header is dropped to read it.
    byline = _declared_byline(_byline_candidates(tree, ld))
    text, links = _main_text(tree, title, base)
    if not text:
        raise ExtractError(f"no text found in page: {result.url}")
    if published is None:
        # Last resorts: a date in the body text, then the modification time.
        published = _parsed(text[:3000], reference) or _parsed(modified, reference)
    language = _language(lang_attr, f"{title}\n{text}")
    return Article(
        url=page_url,
        title=title,
        text=text,
        published=published,
        byline=byline or _dateline_reporter(text),
        language=language,
        canonical_url=canonical,
        links=links,
    )
