"""Reduce a fetched news article page to what matching needs.

Takes a ``FetchResult`` holding an HTML page and returns an ``Article``: the
main text (paragraphs separated by ``"\\n"``), title, published time (aware),
byline, canonical URL, language and the absolute http(s) links found in the
main text. Raises ``ExtractError`` when the page holds no text at all.
Also offers ``html_to_text`` (an HTML fragment to plain text, used by
``pipeline.parse`` for feed summaries) and ``detect_language``.

Pure: no network, no database, no clock (a year-less date such as
``3/9(木) 18:45配信`` takes its year from a date in the URL or from
``FetchResult.fetched_at``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from urllib.parse import urljoin, urlsplit

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

from pipeline.dates import JST, parse_date
from pipeline.types import Article, FetchResult

__all__ = ["ExtractError", "detect_language", "extract_article", "html_to_text"]



class ExtractError(Exception):
    """The page holds no article text that could be extracted."""


# --- HTML → text -------------------------------------------------------------

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


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text.replace(_BREAK, " ")).strip()


# --- language ------------------------------------------------------------------

_KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_HEADLINE_CHARS = 60  # below this many kana/kanji, kanji alone can be Japanese


def detect_language(text: str) -> str:
    """"ja" when the text reads as Japanese, else "en".

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


# --- metadata --------------------------------------------------------------------

def _meta(soup: BeautifulSoup, *keys: str) -> str | None:
    """The first non-empty <meta> value whose property/name/itemprop is one of keys.

    Accepts ``content`` and (as some re-serialised pages have) ``value``.
    """
    wanted = {key.lower() for key in keys}
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if isinstance(key, str) and key.strip().lower() in wanted:
                value = tag.get("content")
                if value is None:
                    value = tag.get("value")
                if isinstance(value, str) and value.strip():
                    found.setdefault(key.strip().lower(), value.strip())
    for key in keys:
        if key.lower() in found:
            return found[key.lower()]
    return None


def _json_ld(soup: BeautifulSoup) -> list[dict[str, object]]:
    """Every JSON object in the page's ld+json blocks, nested ones included."""
    objects: list[dict[str, object]] = []
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        raw = script.string or script.get_text()
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
_DATELINE_REPORTER = re.compile(r"^\s*【[^】＝=]{1,12}[＝=]([^】＝=\s]{2,12})】")
_NOT_A_BYLINE = re.compile(r"^(no author|unknown|admin|staff|none|null)$", re.I)


def _clean_byline(value: str | None) -> str | None:
    if value is None:
        return None
    value = _one_line(value)
    value = re.sub(r"^(by|文|記者)\s*[:：]?\s+", "", value, flags=re.I).strip()
    if not value or _NOT_A_BYLINE.match(value) or value.startswith(("http://", "https://")):
        return None
    return value[:200]


def _byline_candidates(soup: BeautifulSoup, ld: list[dict[str, object]]) -> list[str | None]:
    """Author names the page declares, best first (read before any cleaning)."""
    candidates: list[str | None] = [_meta(soup, "author", "byl", "dc.creator", "sailthru.author")]
    candidates.append(", ".join(_person_names(_ld_value(ld, "author"))) or None)
    for selector in ("[rel=author]", "[itemprop=author]", ".byline", ".author", ".writer",
                     ".author-name", ".article-author"):
        for tag in soup.select(selector):
            if tag.name == "link":
                continue
            name = tag.get("content") if tag.name == "meta" else element_text(tag)
            candidates.append(name if isinstance(name, str) else None)
    return candidates


def _byline(candidates: list[str | None], text: str) -> str | None:
    """The first usable declared author, else the reporter of a 【地名＝名前】 dateline."""
    dateline = _DATELINE_REPORTER.match(text)
    for candidate in [*candidates, dateline[1] if dateline else None]:
        cleaned = _clean_byline(candidate)
        if cleaned:
            return cleaned
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _title(soup: BeautifulSoup) -> str:
    og = _meta(soup, "og:title", "twitter:title")
    head = _one_line(soup.title.get_text()) if soup.title else ""
    headings = [element_text(h1).replace("\n", " ") for h1 in soup.find_all("h1")]
    headings = [_one_line(h) for h in headings if _one_line(h)]
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
    absolute = urljoin(base, href)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute


def _canonical(soup: BeautifulSoup, base: str) -> str | None:
    for link in soup.find_all("link", href=True):
        rel = link.get("rel")
        rels = rel if isinstance(rel, list) else str(rel or "").split()
        if "canonical" in [r.lower() for r in rels]:
            resolved = _resolve(base, str(link["href"]))
            if resolved:
                return resolved
    return _resolve(base, _meta(soup, "og:url"))


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


def _parsed(value: object, reference: datetime | None) -> datetime | None:
    return parse_date(value, reference=reference) if isinstance(value, str) else None


def _published(
    soup: BeautifulSoup,
    ld: list[dict[str, object]],
    url_day: datetime | None,
    reference: datetime | None,
) -> datetime | None:
    """The page's declared or visible publication time, before any cleaning.

    Declared metadata first (``article:published_time``, JSON-LD
    ``datePublished``, ``meta[name=date|pubdate|...]``), then ``<time>``
    elements, then visible text in date-named elements and around the
    headline, then a day written in the URL.
    """

    def parsed(value: object) -> datetime | None:
        return _parsed(value, reference)

    declared: list[object] = [
        _meta(soup, "article:published_time", "og:article:published_time"),
        _ld_value(ld, "datePublished"),
        _meta(soup, "date", "pubdate", "publishdate", "publish-date", "dc.date.issued",
              "dc.date", "dcterms.issued", "citation_publication_date", "sailthru.date"),
    ]
    for value in declared:
        found = parsed(value)
        if found is not None:
            return found
    times = soup.select("time[itemprop=datePublished], time[pubdate]")
    times += soup.select("time[datetime]")
    for time_tag in times:
        found = parsed(time_tag.get("datetime")) or parsed(element_text(time_tag))
        if found is not None:
            return found
    # Visible dates: elements named like dates, then the text around the headline.
    hinted = [*soup.find_all(class_=_DATE_HINT), *soup.find_all(id=_DATE_HINT)]
    for tag in hinted:
        text = element_text(tag)
        if text and len(text) < 200:
            found = parsed(text)
            if found is not None:
                return found
    for h1 in soup.find_all("h1"):
        parent = h1.parent
        if isinstance(parent, Tag):
            found = parsed(element_text(parent)[:600])
            if found is not None:
                return found
    return url_day


# --- main text -------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript",
              "template", "iframe", "svg", "button", "select", "textarea")
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:share|sns|social|related|relation|ranking|recommend|breadcrumbs?|"
    r"advert|ads|adsense|banner|promo|comments?|sidebar|widget|pager|pagination|"
    r"outbrain|taboola|popular|pickup|newsletter|subscribe|footer|header|navi|menu|"
    r"snsbutton|sharebutton|yjnsnsbtn)(?:$|[\s_-])",
    re.I,
)
_BODY_SELECTORS = (
    "[itemprop=articleBody]",
    ".article-body, .article_body, .articleBody, #article-body, #articleBody, .article-text, "
    ".entry-content, .post-content, .story-body, .main-text, #main-text, #cmsBody, "
    ".ynDetailText, .article-main__body, .p-main-contents, .news_text, .text-body",
    "article",
)
_MIN_MAIN = 80  # characters a preferred container must hold to be taken as the body
_LINE_BLOCKS = frozenset(
    ("p", "li", "blockquote", "pre", "dd", "dt", "td", "th", "h2", "h3", "h4", "h5", "h6",
     "figcaption")
)


def _strip_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(["rt", "rp"]):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    protected = {id(tag) for sel in _BODY_SELECTORS[:2] for tag in soup.select(sel)}
    doomed: list[Tag] = []
    for tag in soup.find_all(True):
        if tag.name in ("html", "body", "article", "main") or id(tag) in protected:
            continue
        names = " ".join(
            [" ".join(tag.get("class") or []), str(tag.get("id") or ""), str(tag.get("role") or "")]
        )
        if names.strip() and _BOILERPLATE.search(names):
            if any(id(inner) in protected for inner in tag.find_all(True)):
                continue
            doomed.append(tag)
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()


def _densest_block(body: Tag) -> Tag | None:
    """The element holding the most non-link text in paragraph-like children."""
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    for string in body.find_all(string=True):
        if isinstance(string, _NON_TEXT_STRINGS):
            continue
        length = len(string.strip())
        if not length:
            continue
        block: Tag | None = None
        in_link = False
        for parent in string.parents:
            if parent.name == "a":
                in_link = True
            if parent.name in _BLOCK_TAGS:
                block = parent
                break
        if block is None or in_link:
            continue
        if block.name in _LINE_BLOCKS:
            holders = [block.parent, block.parent.parent if block.parent else None]
        else:
            holders = [block, block.parent]
        for weight, holder in zip((1.0, 0.5), holders, strict=True):
            if isinstance(holder, Tag):
                scores[id(holder)] = scores.get(id(holder), 0.0) + weight * length
                tags[id(holder)] = holder
    if not scores:
        return None
    return tags[max(scores, key=lambda key: scores[key])]


def _outermost(tags: list[Tag]) -> list[Tag]:
    chosen = {id(tag) for tag in tags}
    return [tag for tag in tags if not any(id(parent) in chosen for parent in tag.parents)]


def _main_blocks(soup: BeautifulSoup) -> list[Tag]:
    """The element(s) holding the article body, in document order.

    ``[itemprop=articleBody]`` may mark each paragraph (読売新聞 does): all
    of them are taken. For the other selectors the one with most text wins.
    """
    marked = _outermost(soup.select(_BODY_SELECTORS[0]))
    if sum(len(element_text(tag)) for tag in marked) >= _MIN_MAIN:
        return marked
    for selector in _BODY_SELECTORS[1:]:
        found = [(len(element_text(tag)), tag) for tag in soup.select(selector)]
        found = [(size, tag) for size, tag in found if size >= _MIN_MAIN]
        if found:
            return [max(found, key=lambda pair: pair[0])[1]]
    densest = _densest_block(soup.body or soup)
    return [densest] if densest is not None else []


_LINK_LIST_TAGS = ("ul", "ol", "dl", "li", "p", "div", "section", "table", "span")


def _drop_link_lists(block: Tag) -> None:
    """Remove parts of the body that are (almost) only links: related-article lists."""
    for tag in block.find_all(_LINK_LIST_TAGS):
        if tag.decomposed:
            continue
        text = _squash(tag.get_text())
        if not text:
            continue
        linked = sum(len(_squash(a.get_text())) for a in tag.find_all("a"))
        if linked >= 0.8 * len(text):
            tag.decompose()


def _links(blocks: list[Tag], base: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for block in blocks:
        for anchor in block.find_all("a", href=True):
            resolved = _resolve(base, str(anchor["href"]))
            if resolved:
                seen.setdefault(resolved, None)
    return tuple(seen)


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


def extract_article(result: FetchResult) -> Article:
    """Extract an article's main text and metadata from a fetched HTML page.

    The body is the longest ``[itemprop=articleBody]``, common body container
    or ``<article>`` holding real text, else the block with the densest
    paragraph text; navigation, headers, footers, forms, share/related boxes
    and ruby readings are dropped first. Raises ``ExtractError`` when neither
    the body nor the page as a whole holds any text.
    """
    html = _page_text(result)
    if not html.strip():
        raise ExtractError(f"empty page: {result.url}")
    soup = BeautifulSoup(html, "lxml")
    page_url = result.final_url or result.url
    base_tag = soup.find("base", href=True)
    base = urljoin(page_url, str(base_tag["href"])) if isinstance(base_tag, Tag) else page_url

    ld = _json_ld(soup)
    html_tag = soup.find("html")
    lang_attr = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    canonical = _canonical(soup, base)
    bylines = _byline_candidates(soup, ld)
    for tag in soup.find_all(["rt", "rp"]):
        tag.decompose()
    title = _title(soup)
    url_day = next(
        (day for day in map(date_from_url, (canonical, page_url, result.url)) if day), None
    )
    reference = url_day or result.fetched_at
    published = _published(soup, ld, url_day, reference)
    modified = _meta(soup, "article:modified_time", "og:updated_time", "dateModified")

    _strip_boilerplate(soup)
    blocks = _main_blocks(soup)
    links = _links(blocks, base)
    for block in blocks:
        _drop_link_lists(block)
        for heading in block.find_all("h1"):  # the headline is the title, not body text
            heading.decompose()
    text = "\n".join(filter(None, (element_text(block) for block in blocks)))
    if not text:
        body = soup.body or soup
        links = _links([body], base)
        text = element_text(body)
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
        byline=_byline(bylines, text),
        language=language,
        canonical_url=canonical,
        links=links,
    )
