"""Turn a fetched feed or listing page into Entry values.

``parse_feed`` takes a ``FetchResult`` holding RSS 0.9x/1.0/2.0 or Atom
0.3/1.0 bytes and returns ``list[Entry]``; ``parse_page`` takes a fetched
HTML listing page and the source's CSS ``Selectors`` and returns
``list[Entry]``. Every entry has an absolute http(s) URL; titles and
summaries are plain text; ``published`` is aware or None. A body that is no
feed at all, or an invalid selector, raises ``ParseError``.

Work per entry is bounded (``pipeline.limits``): a summary longer than
``max_text_chars`` is cut there with a note, a title, author or publisher at
``max_title_chars``, and markup beyond ``MARKUP_FACTOR`` times the text cap is
never parsed at all; entries past ``max_entries`` (in document order) are left
out. A date more than ``FUTURE_TOLERANCE`` after the fetch is no date.

No network, no database, no clock. feedparser is only ever given bytes
(never a string, which it might treat as a path or URL to open).
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import re
import xml.sax
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import soupsieve
from bs4 import BeautifulSoup, Tag

from pipeline import limits
from pipeline.dates import parse_date
from pipeline.encoding import decode_body
from pipeline.extract import element_text, html_text_and_links
from pipeline.types import Entry, FetchResult, Selectors

# GUIDs of listing items that have no URL of their own (see _distinct_items).
ITEM_GUID_PREFIX = "urn:mediawatch:item:"

__all__ = ["MARKUP_FACTOR", "ParseError", "parse_feed", "parse_page"]

MARKUP_FACTOR = 4
"""Characters of an entry's HTML read per character of text kept (markup is cut before
it is parsed, so a 10 MB description costs what a long article does)."""


FUTURE_TOLERANCE = timedelta(days=366)
"""A date further than this after the fetch is a broken clock or a trap (the year 2999), not
a date; events announced ahead (a symposium next month) stay well within it."""


@dataclass(frozen=True, slots=True)
class _Caps:
    text: int = limits.TEXT_CHARS
    title: int = limits.TITLE_CHARS
    fetched_at: datetime | None = None

    def date(self, published: datetime | None) -> datetime | None:
        """``published``, unless it lies beyond ``FUTURE_TOLERANCE`` after the fetch."""
        if published is None or self.fetched_at is None:
            return published
        return None if published > self.fetched_at + FUTURE_TOLERANCE else published

    def summary(self, text: str, markup_cut: bool) -> str:
        """The text kept: cut with a note, and noted too when its markup was cut."""
        if markup_cut and len(text) <= self.text:
            return f"{text}\n{limits.truncation_note(self.text)}"
        return limits.bounded_text(text, self.text)

    def line(self, text: str) -> str:
        """A title, author or publisher: one line, cut at the title cap with an ellipsis."""
        return text if len(text) <= self.title else text[: self.title - 1] + "…"

    def markup(self, value: str) -> tuple[str, bool]:
        """``value`` cut to what is worth parsing, and whether it was cut."""
        keep = self.text * MARKUP_FACTOR
        if self.text <= 0 or len(value) <= keep:
            return value, False
        return value[:keep], True


class ParseError(Exception):
    """The body is not a feed or page we can read, or a selector is invalid."""


# --- encodings ------------------------------------------------------------------

_XML_DECLARATION_TEXT = re.compile(r"^(\ufeff?\s*<\?xml[^>]*?)encoding\s*=\s*[\"'][^\"']*[\"']")


def _as_utf8_document(text: str) -> bytes:
    """UTF-8 bytes of an already-decoded feed, its XML declaration made to agree."""
    text = text.lstrip("\ufeff")
    if _XML_DECLARATION_TEXT.match(text):
        text = _XML_DECLARATION_TEXT.sub(r'\1encoding="utf-8"', text, count=1)
    return text.encode("utf-8")


# --- feeds ------------------------------------------------------------------------

_UTF8_XML = {"content-type": "application/xml; charset=utf-8"}


def _feedparser(data: bytes, headers: Mapping[str, str]) -> Any:
    return feedparser.parse(data, response_headers=dict(headers))


def parse_feed(
    result: FetchResult,
    *,
    encoding: str | None = None,
    max_text_chars: int = limits.TEXT_CHARS,
    max_title_chars: int = limits.TITLE_CHARS,
    max_entries: int = limits.ENTRIES,
) -> list[Entry]:
    """Entries of an RSS or Atom feed, in feed order.

    feedparser reads the raw bytes with the response's Content-Type, so an
    encoding named in the XML declaration is honoured. ``encoding`` (the
    source's override) decodes the bytes before feedparser sees them. When a
    feed declared Shift_JIS or EUC-JP cannot be decoded strictly (CP932-only
    characters such as 髙 﨑 桒), it is decoded with the superset codec and
    parsed again instead of falling back to a Latin codec. A feed with
    recoverable errors still gives the entries read before the error.
    Entries without an http(s) link are skipped. Texts are capped (see the
    module docstring).

    Raises ``ParseError`` when the body is empty, not a feed (an HTML page),
    an entity bomb, or so broken that no entry can be recovered.
    """
    if not result.content.strip():
        raise ParseError(f"empty body, not a feed: {result.url}")
    base = result.final_url or result.url
    # Decoded before feedparser sees it, by the one decoder fetch uses too: feedparser's
    # own strict shift_jis fails on CP932 characters (髙 﨑 桒) and then falls back to a
    # Latin codec (CharacterEncodingOverride), which is mojibake.
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise ParseError(f"unknown encoding {encoding!r} for {result.url}") from exc
        text = decode_body(result.content, result.content_type, encoding)[0]
    elif result.text is not None:
        text = result.text
    else:
        text = decode_body(result.content, result.content_type)[0]
    parsed = _feedparser(_as_utf8_document(_first_entries(text, max_entries)), _UTF8_XML)

    version = parsed.get("version") or ""
    problem = parsed.get("bozo_exception")
    broken = isinstance(problem, xml.sax.SAXException)  # not well-formed XML
    if broken and "amplification" in str(problem):
        # expat stopped an entity bomb (billion laughs); the loose parser that feedparser
        # falls back to would keep the unexpanded entities as the entries' text.
        raise ParseError(f"XML entity expansion refused at {result.url} ({problem})")
    raw_entries = list(parsed.get("entries") or [])
    if not raw_entries and (broken or not version):
        reason = f"{type(problem).__name__}: {problem}" if problem else "no feed elements"
        kind = f"broken {version} feed" if version else "not a feed"
        raise ParseError(f"{kind} at {result.url} ({reason})")

    caps = _Caps(max_text_chars, max_title_chars, result.fetched_at)
    if max_entries > 0:
        raw_entries = raw_entries[:max_entries]
    entries = [e for e in (_feed_entry(raw, base, caps) for raw in raw_entries) if e]
    if not entries and broken:
        raise ParseError(
            f"broken {version} feed at {result.url}: no entry with a link before "
            f"the error ({type(problem).__name__}: {problem})"
        )
    return entries  # may be empty: a well-formed feed with nothing in it right now


_ENTRY_END = re.compile(r"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.IGNORECASE)
_TAIL_CHARS = 10_000


def _first_entries(text: str, limit: int) -> str:
    """The feed with only its first ``limit`` entries, when it has more.

    feedparser's cost is per element, so a feed of 50,000 entries is cut before it
    is parsed: after the ``limit``-th closing ``</item>``/``</entry>`` the document
    goes on with what follows its last one (the closing tags of channel and root).
    A document whose tail is not short is left whole.
    """
    if limit <= 0:
        return text
    ends = _ENTRY_END.finditer(text)
    cut = None
    for count, found in enumerate(ends, 1):
        if count == limit:
            cut = found.end()
            break
    if cut is None:
        return text
    last = cut
    for found in ends:
        last = found.end()
    tail = text[last:]
    if last == cut or len(tail) > _TAIL_CHARS:
        return text
    return text[:cut] + tail


# An entry is a feedparser dict, whose own look-up goes through its aliases in Python
# and raises and catches a KeyError for every missing key. The keys read with this one
# (link, links, id, summary, content, author, source, title … and the fields of their
# parts) are no alias and have no fallback there, so the plain look-up finds the same.
_get = dict.get


def _http_url(base: str, href: object) -> str | None:
    if not isinstance(href, str) or not href.strip():
        return None
    absolute = urljoin(base, href.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute


def _entry_link(raw: Any, base: str) -> str | None:
    candidates: list[object] = [_get(raw, "link")]
    for link in _get(raw, "links") or []:
        if _get(link, "rel", "alternate") == "alternate":
            candidates.append(_get(link, "href"))
    if _get(raw, "guidislink") or str(_get(raw, "id") or "").startswith(("http://", "https://")):
        candidates.append(_get(raw, "id"))
    for candidate in candidates:
        url = _http_url(base, candidate)
        if url:
            return url
    return None


def _detail_text(raw: Any, key: str, base: str, caps: _Caps) -> tuple[str, tuple[str, ...]]:
    """An entry field's text and, when it is HTML, its links resolved against ``base``;
    cut by ``caps`` (markup before parsing, text after, with a note)."""
    value = _get(raw, key)
    if not isinstance(value, str) or not value:
        return "", ()
    value, cut = caps.markup(value)
    text, links = _field_text(raw, key, value, base)
    return caps.summary(text, cut), links


def _field_text(raw: Any, key: str, value: str, base: str) -> tuple[str, tuple[str, ...]]:
    detail = _get(raw, f"{key}_detail") or {}
    content_type = str(_get(detail, "type") or "text/html")
    if "html" in content_type:
        text, links = html_text_and_links(value, base)
        if _MARKUP.search(text):
            # Escaped twice (&amp;lt;b&amp;gt;): the tags survive one decoding as text;
            # a person is shown the words, not the tags.
            text = html_text_and_links(text, "")[0]
        return text, links
    if _MARKUP.search(value):
        # "Plain" text carrying markup (a CDATA title with <script> or <img onerror>):
        # what a person should see is its text, never the tags.
        return html_text_and_links(value, base)
    return "\n".join(filter(None, (_single_line(line) for line in value.splitlines()))), ()


_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def _single_line(text: str) -> str:
    """Text on one line: ASCII whitespace runs become one space (U+3000 is kept)."""
    return _SPACES.sub(" ", text).strip()


def _entry_published(raw: Any) -> datetime | None:
    for key in ("published", "updated", "created", "issued", "dc_date", "date"):
        found = parse_date(raw.get(key))
        if found is not None:
            return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed_time = raw.get(key)
        if parsed_time:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed_time), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _feed_entry(raw: Any, base: str, caps: _Caps) -> Entry | None:
    url = _entry_link(raw, base)
    if url is None:
        return None
    summary, links = _detail_text(raw, "summary", url, caps)
    # The content stands in for a missing summary; its links count too (a link to a
    # report cites it). Each fragment is parsed once, and only when it is needed.
    for content in _get(raw, "content") or []:
        value = _get(content, "value")
        if not isinstance(value, str) or not value.strip():
            continue
        if summary and "<a" not in value.lower():
            continue
        value, cut = caps.markup(value)
        text, found = html_text_and_links(value, url)
        summary = summary or caps.summary(text, cut)
        links += found
    links = tuple(dict.fromkeys(links))
    author_detail = _get(raw, "author_detail") or {}
    author = caps.line(_single_line(str(_get(author_detail, "name") or _get(raw, "author") or "")))
    guid = _get(raw, "id") or None
    # Aggregators (news search feeds) name the real publisher in <source url="...">.
    source = _get(raw, "source") or {}
    publisher = caps.line(_single_line(str(_get(source, "title") or ""))) or None
    publisher_url = str(_get(source, "href") or "") or None
    title = _single_line(_detail_text(raw, "title", "", caps)[0])
    if publisher and title.endswith(f" - {publisher}"):
        # News-search feeds append " - Publisher" to the publisher's own headline.
        title = title[: -len(publisher) - 3].rstrip()
    return Entry(
        url=url,
        title=caps.line(title),
        summary=summary,
        published=caps.date(_entry_published(raw)),
        guid=str(guid) if guid else None,
        author=author or None,
        publisher=publisher,
        publisher_url=publisher_url,
        links=links,
    )


# --- listing pages ----------------------------------------------------------------


def _compile(selector: str | None, role: str) -> soupsieve.SoupSieve | None:
    if selector is None:
        return None
    if not selector.strip():
        raise ParseError(f"empty CSS selector for {role}")
    try:
        return soupsieve.compile(selector)
    except soupsieve.SelectorSyntaxError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ParseError(f"invalid CSS selector for {role}: {selector!r} ({detail})") from exc


def _first(item: Tag, pattern: soupsieve.SoupSieve | None) -> Tag | None:
    if pattern is None:
        return None
    if pattern.match(item):
        return item
    found = pattern.select_one(item)
    return found if isinstance(found, Tag) else None


def _link_element(item: Tag, pattern: soupsieve.SoupSieve | None) -> Tag | None:
    element = _first(item, pattern) if pattern is not None else None
    if pattern is None:
        element = item if item.name == "a" and item.get("href") else item.find("a", href=True)
    if element is not None and not element.get("href"):
        inner = element.find("a", href=True)
        element = inner if isinstance(inner, Tag) else element
    return element if isinstance(element, Tag) else None


def _plain(element: Tag | None) -> str:
    return _single_line(element_text(element)) if element is not None else ""


def _page_url(base: str, href: object) -> str | None:
    url = _http_url(base, href)
    return urldefrag(url)[0] if url else None


def _item_title(item: Tag, link: Tag, url: str, base: str) -> str:
    title = _plain(link)
    if title:
        return title
    for anchor in item.find_all("a", href=True):  # thumbnail link first, text link after
        if _page_url(base, anchor.get("href")) == url and _plain(anchor):
            return _plain(anchor)
    for attr in ("title", "aria-label"):
        value = link.get(attr)
        if isinstance(value, str) and value.strip():
            return _single_line(value)
    image = link.find("img", alt=True)
    if isinstance(image, Tag) and str(image.get("alt") or "").strip():
        return _single_line(str(image["alt"]))
    heading = item.find(["h1", "h2", "h3", "h4", "h5", "h6"])
    return _plain(heading) if isinstance(heading, Tag) else ""


def _item_date(element: Tag | None, reference: datetime | None) -> datetime | None:
    if element is None:
        return None
    for attr in ("datetime", "content", "title"):
        value = element.get(attr)
        if isinstance(value, str):
            found = parse_date(value, reference=reference)
            if found is not None:
                return found
    return parse_date(_plain(element), reference=reference)


def parse_page(
    result: FetchResult,
    selectors: Selectors,
    *,
    max_text_chars: int = limits.TEXT_CHARS,
    max_title_chars: int = limits.TITLE_CHARS,
    max_entries: int = limits.ENTRIES,
) -> list[Entry]:
    """Entries of a listing page picked out with the source's CSS selectors.

    Reads ``result.text`` (decoded by fetch; the bytes as UTF-8 with
    replacement when it is None). For each ``selectors.item`` element: the
    link is the first ``selectors.link`` match (default: the first
    ``a[href]``), resolved against the page's final URL (or its ``<base>``),
    kept when http(s), its #fragment dropped; the title is the
    ``selectors.title`` text (default: the link text, then a same-URL link's
    text, its title/alt, the item's heading); the date is the
    ``selectors.date`` element's ``datetime`` attribute or text (default: the
    item's ``<time>``), else, for an item without a link of its own (an
    activity-log line), the first date in its text; a year-less date takes its
    year from ``result.fetched_at``; the summary is the ``selectors.summary`` text. A URL
    seen twice on the page gives one entry (with the first non-empty title).
    Titles and summaries are capped (see the module docstring).

    Raises ``ParseError`` for an invalid CSS selector.
    """
    item_pattern = _compile(selectors.item, "item")
    if item_pattern is None:
        raise ParseError("no item selector")
    link_pattern = _compile(selectors.link, "link")
    title_pattern = _compile(selectors.title, "title")
    date_pattern = _compile(selectors.date or "time", "date")
    summary_pattern = _compile(selectors.summary, "summary")

    html = result.text
    if html is None:
        html = result.content.decode("utf-8", errors="replace")
    soup = BeautifulSoup(html, "lxml")
    base = result.final_url or result.url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag):
        base = urljoin(base, str(base_tag["href"]))

    page_url = result.final_url or result.url
    caps = _Caps(max_text_chars, max_title_chars, result.fetched_at)
    picked: list[_Item] = []
    for item in item_pattern.select(soup):
        link = _link_element(item, link_pattern)
        url = _page_url(base, link.get("href")) if link is not None else None
        if link is not None and url is None:
            continue  # javascript:, mailto: and the like: controls, not items
        title = _plain(_first(item, title_pattern)) if title_pattern else ""
        if not title and link is not None and url is not None:
            title = _item_title(item, link, url, base)
        text = _plain(item) if link is None else ""
        if not title and not text:
            continue
        published = _item_date(_first(item, date_pattern), result.fetched_at)
        if published is None and link is None:
            # An activity-log line gives the day of what it records (「5月22日、TBSの…」).
            published = parse_date(text, reference=result.fetched_at)
        entry = Entry(
            url=url or page_url,
            title=caps.line(title or text[:120]),
            summary=caps.summary(_plain(_first(item, summary_pattern)), False),
            published=caps.date(published),
        )
        fragment = link is not None and bool(urldefrag(str(link.get("href") or ""))[1])
        picked.append(_Item(entry, text, fragment))
    distinct = _distinct_items(picked)
    return distinct[:max_entries] if max_entries > 0 else distinct


@dataclass(frozen=True, slots=True)
class _Item:
    """A listing item as picked: its entry, its text when it has no link, and
    whether its link pointed into a page (``#comments``) rather than at it."""

    entry: Entry
    linkless_text: str
    fragment: bool


def _distinct_items(picked: Sequence[_Item]) -> list[Entry]:
    """One entry per item; items without a URL of their own get a stable GUID.

    Items sharing a URL are one item (a thumbnail and its text link, a
    "comments" link, an article listed again) unless both are dated on
    different days: an activity log whose TV appearances all link to the
    programme's page. Those, and items with no link, are told apart by
    ``ITEM_GUID_PREFIX`` GUIDs made from their own text, so that each becomes
    a document and none hides another.
    """
    by_url: dict[str, list[_Item]] = {}
    for item in picked:
        group = by_url.setdefault(item.entry.url, [])
        same = next((i for i, seen in enumerate(group) if _same_item(seen, item)), None)
        if same is None:
            group.append(item)
            continue
        seen = group[same]
        if not seen.entry.title and item.entry.title:
            merged = replace(
                item.entry,
                summary=seen.entry.summary or item.entry.summary,
                published=seen.entry.published or item.entry.published,
            )
            group[same] = replace(seen, entry=merged, fragment=item.fragment)
    out: list[Entry] = []
    for url, group in by_url.items():
        for item in group:
            if len(group) == 1 and not item.linkless_text:
                out.append(item.entry)
                continue
            entry = item.entry
            when = entry.published.isoformat() if entry.published else ""
            identity = "\n".join((url, entry.title, entry.summary, when, item.linkless_text))
            digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:20]
            out.append(replace(entry, guid=f"{ITEM_GUID_PREFIX}{digest}"))
    return out


def _same_item(a: _Item, b: _Item) -> bool:
    if a.linkless_text or b.linkless_text:
        return a.linkless_text == b.linkless_text and a.entry.title == b.entry.title
    if a.fragment or b.fragment:
        return True
    # Dated items on different days are different events even on one page (episodes of
    # a programme); otherwise a repeated link is the same article listed again.
    dates = (a.entry.published, b.entry.published)
    return None in dates or dates[0] == dates[1]
