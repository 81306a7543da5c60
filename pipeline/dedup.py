"""Tell when two URLs, two texts or two documents are the same story.

Pure functions over strings, dataclasses and numpy arrays:

- **URLs** -- ``canonical_url`` turns a link as found (tracking parameters, AMP and
  mobile hosts, aggregator redirect links, ``rel=canonical``) into one identity key;
  ``url_key`` and ``guid_key`` hash it (and feed GUIDs) into short stable keys.
- **Exact duplicates** -- ``content_fingerprint`` of the normalised title and body.
- **Boilerplate** -- ``line_hashes`` of a document's title and sentences (what storage
  counts per ``publisher_key`` to learn which lines recur across unrelated documents);
  ``distinctive_text`` leaves those lines, and the built-in ``BOILERPLATE_PATTERNS``
  (copyright lines, 関連記事, paywall notices ...), out before a signature is taken.
- **Near duplicates (syndication)** -- ``signature`` is a MinHash over character
  5-grams (works for Japanese and English alike) that stores as a blob, ``band_keys``
  its LSH buckets; ``similarity``, ``best_story``, ``stories_to_merge`` and
  ``assign_story`` decide which story a new document joins given the stored documents
  that share a band key with it. ``StoryIndex`` clusters in memory exactly as the
  database does with band-key lookups.
- **Originals** -- ``wire_credit`` reads which agency a text credits (共同, 時事,
  Reuters, AP ...); ``choose_original`` picks a story's original among its placements.

Everything here is deterministic across processes and machines (fixed seeds, no
salted ``hash()``), so keys and signatures may be stored. This module never touches
the network or the database, never resolves a redirect by fetching it, and never
raises for odd input: a string that is not an http(s) URL comes back trimmed.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import re
import struct
import threading
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

import numpy as np
import numpy.typing as npt

__all__ = [
    "BANDS",
    "BOILERPLATE_PATTERNS",
    "JACCARD_FLOOR",
    "KNOWN_PUBLISHER_SITES",
    "MERGE_JACCARD",
    "MIN_SHINGLES",
    "NUM_PERM",
    "ROWS",
    "SHINGLE_SIZE",
    "SIMILARITY_THRESHOLD",
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "Placement",
    "Signature",
    "StoryIndex",
    "assign_story",
    "band_keys",
    "best_story",
    "canonical_url",
    "choose_original",
    "content_fingerprint",
    "credited_source",
    "distinctive_text",
    "guid_key",
    "is_boilerplate",
    "is_tracking_param",
    "line_hashes",
    "publisher_key",
    "registrable_domain",
    "signature",
    "similarity",
    "stories_to_merge",
    "url_key",
    "wire_credit",
]

# --- canonical URLs -------------------------------------------------------------

#: Query parameters that only say how a reader arrived (compared case-insensitively).
# fmt: off
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        # ad-click identifiers
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "yclid", "msclkid",
        "twclid", "ttclid", "li_fat_id", "igshid", "igsh", "srsltid", "epik", "rb_clickid",
        "wickedid", "s_kwcid", "ef_id", "_ga", "_gl", "_ke", "mkt_tok", "vero_id",
        "vero_conv", "oly_anon_id", "oly_enc_id", "__twitter_impression", "spm", "scm",
        # referral families
        "ref", "ref_src", "ref_url", "referrer", "refsrc", "ncid", "cmpid", "cmp",
        "icid", "ocid", "s_cid", "wt.mc_id", "wt.srch", "trk", "trkcampaign", "sr_share",
        "smid", "smtyp", "rss_fdn", "cx_testid", "cx_testvariant", "guccounter",
        "guce_referrer", "guce_referrer_sig", "iref", "n_cid", "inb", "ito", "int_source",
        "feature", "share", "rm", "via", "mbid", "mod", "fromrss", "source_rss",
        # session identifiers
        "jsessionid", "phpsessid", "sessionid", "sid_token",
        # AMP switches (the AMP page is the same article)
        "outputtype", "amp", "amp_js_v", "usqp", "amp_gsa",
    }
)

#: Parameter-name prefixes of tracking families (utm_source, mc_cid, pk_kwd ...).
TRACKING_PREFIXES: tuple[str, ...] = (
    "utm_", "mc_", "ns_", "pk_", "mtm_", "hsa_", "oly_", "wt.", "wt_", "fb_", "_hs",
    "__hs", "cx_", "ga_", "itm_", "at_", "stm_", "_bta", "hmb_", "ceid_",
)

_AMP_VALUES = frozenset({"", "1", "true", "yes", "amp"})
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PATH_SAFE = frozenset("!$&'()*+,;=:@/")
_QUERY_SAFE = frozenset("!$'()*+,;:@/?")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_SESSION_PATH_PARAM = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/]*", re.IGNORECASE)

#: Second-level labels under which registrations happen (``example.co.jp`` -> ``co.jp``).
_SECOND_LEVEL_SUFFIXES = frozenset(
    {
        "co.jp", "or.jp", "ne.jp", "ac.jp", "ad.jp", "ed.jp", "go.jp", "gr.jp", "lg.jp",
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "co.nz", "org.nz", "govt.nz",
        "co.kr", "or.kr", "go.kr", "ac.kr", "com.cn", "net.cn", "org.cn", "gov.cn",
        "com.tw", "org.tw", "gov.tw", "com.hk", "org.hk", "gov.hk", "com.sg", "gov.sg",
        "co.in", "gov.in", "com.br", "co.za", "com.mx", "co.id", "or.id", "go.id",
        "com.my", "gov.my", "co.th", "go.th", "ac.th", "com.ph", "gov.ph", "com.vn",
        "gov.vn", "com.tr", "gov.tr", "com.ar", "com.ua", "co.il", "gov.il", "gc.ca",
        "blogspot.com", "github.io", "hatenablog.com", "hatenablog.jp", "livedoor.jp",
    }
)

#: Sites whose ``rel=canonical``/``og:url`` is trusted even from another host: news
#: publishers whose pages legitimately point at their main site.
KNOWN_PUBLISHER_SITES: frozenset[str] = frozenset(
    {
        "nhk.or.jp", "yomiuri.co.jp", "asahi.com", "mainichi.jp", "nikkei.com",
        "sankei.com", "tokyo-np.co.jp", "chunichi.co.jp", "jiji.com", "kyodonews.jp",
        "kyodonews.net", "47news.jp", "japantimes.co.jp", "nippon.com", "jiji.co.jp",
        "reuters.com", "apnews.com", "afp.com", "afpbb.com", "bloomberg.com",
        "bloomberg.co.jp", "nytimes.com", "washingtonpost.com", "wsj.com", "ft.com",
        "economist.com", "bbc.co.uk", "bbc.com", "theguardian.com", "cnn.com",
        "xinhuanet.com", "yna.co.kr", "scmp.com", "nikkei.co.jp", "asia.nikkei.com",
    }
)
# fmt: on


def registrable_domain(host: str) -> str:
    """The registrable part of ``host`` (``www3.nhk.or.jp`` -> ``nhk.or.jp``).

    Uses a short built-in list of second-level suffixes rather than the full public
    suffix list; good enough to decide "same site" for news hosts.
    """
    labels = host.lower().rstrip(".").split(".")
    if len(labels) <= 2:
        return ".".join(labels)
    if ".".join(labels[-2:]) in _SECOND_LEVEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def is_tracking_param(name: str) -> bool:
    """True when a query parameter called ``name`` only tracks the reader."""
    key = unquote(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _normalise_escapes(part: str, safe: frozenset[str]) -> str:
    """Percent-encode ``part`` in one canonical way.

    Escapes of unreserved characters are decoded, other escapes get upper-case hex,
    and every byte that is neither unreserved nor in ``safe`` is escaped (non-ASCII as
    UTF-8). A lone ``%`` becomes ``%25``. Applying it twice changes nothing.
    """
    raw = part.encode("utf-8", "surrogatepass")
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        byte = raw[i]
        if byte == 0x25 and i + 2 < n and raw[i + 1] in _HEX and raw[i + 2] in _HEX:
            value = int(raw[i + 1 : i + 3], 16)
            char = chr(value)
            out.append(char if char in _UNRESERVED else f"%{value:02X}")
            i += 3
            continue
        char = chr(byte)
        if byte < 0x80 and (char in _UNRESERVED or char in safe):
            out.append(char)
        else:
            out.append(f"%{byte:02X}")
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, on an absolute path."""
    output: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if path.endswith(("/.", "/..")):
        output.append("")
    return "/" + "/".join(output)


def _canonical_path(path: str) -> str:
    path = _SESSION_PATH_PARAM.sub("", path)
    path = _normalise_escapes(path or "/", _PATH_SAFE)
    if not path.startswith("/"):
        path = "/" + path
    path = _remove_dot_segments(path)
    path = re.sub(r"/{2,}", "/", path)
    while True:
        before = path
        path = path.rstrip("/") or "/"
        for suffix in ("/amp", ".amp"):
            if path.lower().endswith(suffix):
                path = path[: -len(suffix)] or "/"
        if path.lower().startswith("/amp/") and len(path) > 5:
            path = path[4:]
        if path == before:
            return path


def _canonical_query(query: str) -> str:
    pairs: list[tuple[str, str, bool]] = []
    for piece in query.split("&"):
        if not piece:
            continue
        name, has_value, value = piece.partition("=")
        key = unquote(name).strip().lower()
        if key in {"amp", "outputtype"} and unquote(value).strip().lower() in _AMP_VALUES:
            continue
        if is_tracking_param(name):
            continue
        pairs.append(
            (
                _normalise_escapes(name, _QUERY_SAFE),
                _normalise_escapes(value, _QUERY_SAFE | {"="}),
                bool(has_value),
            )
        )
    pairs.sort()
    return "&".join(f"{name}={value}" if has else name for name, value, has in pairs)


def _canonical_host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii").lower()
    changed = True
    while changed:
        changed = False
        for prefix in _HOST_PREFIXES:
            rest = host[len(prefix) :]
            if host.startswith(prefix) and "." in rest and rest not in _SECOND_LEVEL_SUFFIXES:
                host = rest
                changed = True
    return host


def _query_value(parts: SplitResult, *names: str) -> str | None:
    for piece in parts.query.split("&"):
        name, _, value = piece.partition("=")
        if name in names and value:
            return unquote(value)
    return None


def _absolute_http(candidate: str | None) -> str | None:
    if not candidate:
        return None
    candidate = candidate.strip()
    if re.match(r"(?i)https?://[^/?#\s]", candidate):
        return candidate
    return None


def _unwrap_redirect(parts: SplitResult, host: str) -> str | None:
    """The publisher URL an aggregator link carries in itself, or None.

    Only links that hold their target (a query parameter, a path segment, base64 in
    Bing's ``/ck/a``) are unwrapped; opaque ids (``news.google.com/articles/CBMi...``,
    ``t.co``) stay as they are because resolving them needs the network.
    """
    site = registrable_domain(host)
    path = parts.path
    if site.startswith("google."):
        if path in ("/url", "/news/url", "/local_url"):
            return _absolute_http(_query_value(parts, "q", "url", "u"))
        match = re.match(r"/amp/(s/)?(.+)", path)
        if match and host == site:
            query = f"?{parts.query}" if parts.query else ""
            scheme = "https://" if match.group(1) else "http://"
            return _absolute_http(scheme + match.group(2) + query)
    if site == "ampproject.org" and host.endswith(".cdn.ampproject.org"):
        match = re.match(r"/[a-z]/(s/)?(.+)", path)
        if match:
            query = f"?{parts.query}" if parts.query else ""
            scheme = "https://" if match.group(1) else "http://"
            return _absolute_http(scheme + match.group(2) + query)
    if site == "bing.com":
        if path.lower() in ("/news/apiclick.aspx", "/aclick", "/aclk"):
            return _absolute_http(_query_value(parts, "url", "u"))
        if path == "/ck/a":
            encoded = _query_value(parts, "u")
            if encoded and encoded.startswith("a1"):
                payload = encoded[2:]
                try:
                    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
                    return _absolute_http(decoded.decode("utf-8"))
                except (binascii.Error, UnicodeDecodeError, ValueError):
                    return None
    if site == "facebook.com" and host.split(".")[0] in ("l", "lm") and path == "/l.php":
        return _absolute_http(_query_value(parts, "u"))
    if site == "duckduckgo.com" and path.startswith("/l"):
        return _absolute_http(_query_value(parts, "uddg"))
    if site == "linkedin.com" and path.startswith("/redir"):
        return _absolute_http(_query_value(parts, "url"))
    if site == "slack-redir.net" or (site == "reddit.com" and host.startswith("out.")):
        return _absolute_http(_query_value(parts, "url"))
    if host == "t.umblr.com" and path == "/redirect":
        return _absolute_http(_query_value(parts, "z"))
    if site in ("yahoo.com", "yahoo.co.jp") and "/RU=" in path:
        match = re.search(r"/RU=([^/]+)", path)
        if match:
            value = unquote(match.group(1))
            if _absolute_http(value):
                return value
            try:
                decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
                return _absolute_http(decoded.decode("utf-8"))
            except (binascii.Error, UnicodeDecodeError, ValueError):
                return None
    return None


def _split_http(url: str) -> tuple[SplitResult, str, int | None] | None:
    """Split an absolute http(s) URL into (parts, hostname, port), or None."""
    if not re.match(r"(?i)https?://", url):
        return None
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not hostname:
        return None
    return parts, hostname, port


def _canonical_http(url: str) -> str | None:
    """Canonicalise an http(s) URL, following self-describing redirects."""
    for _ in range(8):
        split = _split_http(url)
        if split is None:
            return None
        parts, hostname, port = split
        host = _canonical_host(hostname)
        target = _unwrap_redirect(parts, host)
        if target is None or target.strip() == url:
            break
        url = target.strip()
    scheme = parts.scheme.lower()
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" if port in (None, _DEFAULT_PORTS[scheme]) else f"[{host}]:{port}"
    return urlunsplit(
        (scheme, netloc, _canonical_path(parts.path), _canonical_query(parts.query), "")
    )


def canonical_url(
    url: str, *, html_canonical: str | None = None, known_sites: Collection[str] = ()
) -> str:
    """The one spelling of ``url`` used as its identity.

    Lower-cases scheme and host, drops default ports, user info, fragments, trailing
    slashes (not the root), session ids and tracking parameters, normalises
    percent-encoding, sorts the query, strips ``www.``/``m.``/``amp.``/``mobile.``
    host prefixes and AMP switches (``/amp``, ``.amp``, ``amp=1``, ``outputType=amp``),
    and unwraps aggregator links that carry their target (``google.com/url?q=``, Bing
    ``apiclick.aspx?url=``, AMP caches, Facebook ``l.php?u=`` ...).

    ``html_canonical`` (the page's ``rel=canonical`` or ``og:url``, may be relative)
    wins when it is an http(s) URL on the same registrable site as ``url``, on a
    :data:`KNOWN_PUBLISHER_SITES` site or on one of ``known_sites`` (registrable
    domains, e.g. the configured outlets' domains), and does not point at a bare
    home page while ``url`` is an article.

    The result is an identity key, not necessarily a fetchable URL. Strings that are
    not absolute http(s) URLs come back stripped of surrounding whitespace.
    ``canonical_url(canonical_url(u)) == canonical_url(u)`` for every string ``u``.
    """
    stripped = url.strip()
    result = _canonical_http(stripped)
    if result is None:
        return stripped
    if html_canonical:
        preferred = _preferred_canonical(stripped, result, html_canonical, known_sites)
        if preferred is not None:
            return preferred
    return result


def _preferred_canonical(
    base: str, canonical: str, html_canonical: str, known_sites: Collection[str]
) -> str | None:
    try:
        joined = urljoin(base, html_canonical.strip())
    except ValueError:
        return None
    declared = _canonical_http(joined)
    if declared is None:
        return None
    own, other = urlsplit(canonical), urlsplit(declared)
    own_site = registrable_domain(own.hostname or "")
    other_site = registrable_domain(other.hostname or "")
    trusted = {registrable_domain(site) for site in known_sites} | KNOWN_PUBLISHER_SITES
    if other_site != own_site and other_site not in trusted:
        return None
    if other.path == "/" and not other.query and (own.path != "/" or own.query):
        return None
    return declared


def _short_hash(text: str, size: int = 12) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=size).hexdigest()


def url_key(url: str) -> str:
    """A short stable key (24 hex digits) of ``canonical_url(url)``.

    The scheme is left out, so ``http://`` and ``https://`` spellings of an article
    share a key. Use this as the unique key of a document's URL.
    """
    canonical = canonical_url(url)
    if re.match(r"https?://", canonical):
        canonical = canonical.split(":", 1)[1]
    return _short_hash("u" + canonical)


_UUID = re.compile(
    r"(?i)(?:urn:uuid:)?\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?"
)


def guid_key(guid: str) -> str:
    """A short stable key of a feed entry's GUID.

    A GUID that is an http(s) URL is keyed like :func:`url_key` (so a GUID equal to the
    entry's link shares its key, and http->https or ``www.`` migrations keep the key);
    UUIDs ignore case and braces; other GUIDs are NFKC-normalised and trimmed.
    """
    text = unicodedata.normalize("NFKC", guid).strip()
    if re.match(r"(?i)https?://", text):
        return url_key(text)
    uuid = _UUID.fullmatch(text)
    if uuid:
        text = "urn:uuid:" + uuid.group(1).lower()
    return _short_hash("g" + " ".join(text.split()))


# --- exact duplicates -------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


def _squash(text: str) -> str:
    """NFKC, case-folded, with every space, punctuation mark and symbol removed.

    Full-width digits and letters become ASCII, half-width katakana full-width; line
    breaks and spacing stop mattering (Japanese has no word spaces to keep).
    """
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def content_fingerprint(title: str, text: str) -> str:
    """Exact-duplicate fingerprint (32 hex digits) of a title and body.

    Insensitive to Unicode width (NFKC), case, whitespace and line breaks, and
    punctuation; sensitive to any change of words or digits.
    """
    return _short_hash("t" + _squash(title) + "\x00" + _squash(text), 16)


def headline_key(title: str) -> str:
    """The key (32 hex digits) that finds a stored document with the same headline.

    ``content_fingerprint(title, "")``: insensitive to width, case, spacing and
    punctuation, like the fingerprint. Stored beside each crawled document and
    looked up through an index, so an article reached through two routes with
    different texts (an outlet's feed and a news search's snippet) is one document.
    """
    return content_fingerprint(title, "")


# --- boilerplate: lines that carry no identity ----------------------------------------

#: Sentences every news site prints around what it carries, known before a database
#: has learned its own (``distinctive_text``): rights lines, links to other articles
#: and navigation, notes about the article itself, paywall and newsletter notices.
#: Matched against the NFKC-normalised, case-folded, trimmed sentence of a body (never
#: a title); anchored at its start where the words could open a real sentence.
BOILERPLATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        # rights: "Copyright 2024 ...", "© NHK", "(c) Kyodo News", 無断転載を禁じます
        r"^(?:copyright\b|©|\(c\)\s)",
        r"\ball rights reserved\b",
        r"無断(?:転載|転用|複製|使用)を?(?:禁|お断)",
        # links to other articles, and navigation: トップ>ニュース>国内, Home | News | Asia
        r"^[【\[(<〈《■▼▶・]?\s*(?:関連記事|関連ニュース|関連リンク|あわせて読みたい"
        r"|合わせて読みたい|おすすめ記事)",
        r"^(?:related(?: articles| stories| coverage| news| links)?|read more|see also"
        r"|more from)\s*:",
        r"^(?:[^>›»|]{1,30}[>›»|]){2,}[^>›»|]{0,30}$",
        # notes about the article itself: ※この記事は…, ※記事の内容は配信当時のものです
        r"^※?(?:この|本)記事は",
        r"^※(?:記事|掲載|写真|情報|内容)",
        r"^this (?:article|story|content) (?:was|is|has been|first appeared|may)\b",
        r"^(?:the )?(?:views|opinions) expressed (?:in this|here|are)\b",
        # paywalls and newsletters
        r"^続きは.{0,30}(?:会員|ログイン|登録|アプリ)",
        r"\bsubscribers? only\b",
        r"^sign up (?:for|to)\b",
    )
)

# Where a body breaks into sentences: after 。！？ (with any closing bracket), after
# . ! ? followed by a space (not inside "U.S." or "2.2"), and at every line break.
_SENTENCE_BREAK = re.compile(
    r"(?<=[。！？])(?![」』）)】\"”’])|(?<=[。！？][」』）)】\"”’])"
    r"|(?<=[.!?])\s+|(?<=[.!?][\"”’)])\s+"
)
_DIGITS = re.compile(r"\d+")


def _segments(text: str) -> list[str]:
    """The body's sentences, line by line, as written (trimmed; empty ones left out)."""
    pieces = (piece.strip() for line in text.splitlines() for piece in _SENTENCE_BREAK.split(line))
    return [piece for piece in pieces if piece]


def _line_hash(segment: str) -> str | None:
    """The normalised hash of one line or sentence (None when it has no word in it).

    Normalised as for fingerprints (NFKC, case, spacing and punctuation do not matter)
    and with every run of digits read as one digit, so a byline's date or a counter
    ("最終更新 2024年3月5日", "Page 2 of 7") is the same line every day.
    """
    squashed = _DIGITS.sub("0", _squash(segment))
    if not squashed:
        return None
    return _short_hash("l" + squashed, 8)


def is_boilerplate(sentence: str) -> bool:
    """True when a body sentence is one of :data:`BOILERPLATE_PATTERNS`."""
    normal = unicodedata.normalize("NFKC", sentence).casefold().strip()
    return any(pattern.search(normal) for pattern in BOILERPLATE_PATTERNS)


def line_hashes(title: str, text: str) -> tuple[str, ...]:
    """The distinct line hashes of a document, in order: its title, then each sentence.

    What storage counts per outlet when a document is saved (document frequency) and
    what it is asked about before the document is compared (``distinctive_text``).
    """
    hashes = (_line_hash(segment) for segment in (title.strip(), *_segments(text)))
    return tuple(dict.fromkeys(key for key in hashes if key is not None))


def publisher_key(outlet: str | None, publisher: str | None, url: str) -> str:
    """Whose page furniture a document's lines are, for counting them (<= 200 chars).

    The configured outlet's name; else the publisher an aggregator's entry names;
    else ``site:`` and the registrable domain of the document's URL.
    """
    if outlet and outlet.strip():
        key = outlet.strip()
    elif publisher and publisher.strip():
        key = publisher.strip()
    else:
        host = urlsplit(canonical_url(url)).hostname
        key = "site:" + (registrable_domain(host) if host else url.strip())
    return key[:200]


def distinctive_text(title: str, text: str, common_lines: Collection[str] = ()) -> str:
    """The title and body without the lines that carry no identity, one per line.

    Leaves out every sentence (and the title) whose :func:`line_hashes` hash is in
    ``common_lines`` -- lines the stored documents show to recur across many
    unrelated documents: a desk's byline, a paywall notice, navigation residue -- and
    every body sentence matching :data:`BOILERPLATE_PATTERNS`, so a fresh database is
    protected before it has learned anything. Near-duplicate signatures and their
    similarity are computed on this text, so two documents whose distinctive text
    differs are different stories however much boilerplate they share; exact
    fingerprints still use the whole text. With nothing to leave out, the signature of
    the result equals that of ``f"{title}\\n{text}"``. Empty when nothing is left.
    """
    common = common_lines if isinstance(common_lines, (set, frozenset)) else set(common_lines)

    def is_common(segment: str) -> bool:
        key = _line_hash(segment)
        return key is not None and key in common

    head = title.strip()
    kept = [head] if head and not is_common(head) else []
    kept.extend(
        segment
        for segment in _segments(text)
        if not is_common(segment) and not is_boilerplate(segment)
    )
    return "\n".join(kept)


# --- near duplicates: MinHash + LSH ----------------------------------------------

#: MinHash permutations per signature.
NUM_PERM = 128
#: Characters per shingle (of the normalised text).
SHINGLE_SIZE = 5
#: LSH bands and rows per band; the first BANDS*ROWS values are banded.
BANDS = 42
ROWS = 3
#: Texts with fewer distinct shingles than this never join a story by similarity.
MIN_SHINGLES = 25
#: ``similarity`` at or above which a document joins a story.
SIMILARITY_THRESHOLD = 0.65
#: Estimated Jaccard below which two texts are never called similar.
JACCARD_FLOOR = 0.25
#: Estimated Jaccard with which one document proves two stories are one (merge them).
MERGE_JACCARD = 0.6

_SIG_MAGIC = b"MH1"
_MASK64 = (1 << 64) - 1


def _splitmix64(state: int) -> Iterator[int]:
    while True:
        state = (state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        yield z ^ (z >> 31)


def _constants(seed: int, count: int) -> npt.NDArray[np.uint64]:
    stream = _splitmix64(seed)
    return np.array([next(stream) for _ in range(count)], dtype=np.uint64)


_PERM_A = _constants(0x6D656469617761, NUM_PERM) | np.uint64(1)  # odd multipliers
_PERM_B = _constants(0x746368, NUM_PERM)
_ROLL = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_CHUNK = 2048
_EMPTY_VALUES = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
_EMPTY_VALUES.flags.writeable = False


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """A MinHash signature: ``NUM_PERM`` uint32 minima and the text's shingle count.

    Immutable (the array is read-only); ``to_bytes``/``from_bytes`` round-trip it
    through a database blob of ``7 + 4 * NUM_PERM`` bytes.
    """

    values: npt.NDArray[np.uint32]
    size: int

    def __post_init__(self) -> None:
        values = np.ascontiguousarray(self.values, dtype=np.uint32)
        if values.shape != (NUM_PERM,):
            raise ValueError(f"a signature holds {NUM_PERM} values, not {values.shape}")
        if values.flags.writeable:
            values = values.copy()
            values.flags.writeable = False
        object.__setattr__(self, "values", values)

    @property
    def usable(self) -> bool:
        """True when the text was long enough to be compared at all."""
        return self.size >= MIN_SHINGLES

    def to_bytes(self) -> bytes:
        """Serialise: ``b"MH1"``, the shingle count (uint32 LE), the values (uint32 LE)."""
        return _SIG_MAGIC + struct.pack("<I", self.size) + self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Signature:
        """The signature ``to_bytes`` wrote; ValueError for anything else."""
        expected = len(_SIG_MAGIC) + 4 + 4 * NUM_PERM
        if len(blob) != expected or not blob.startswith(_SIG_MAGIC):
            raise ValueError("not a serialised Signature of this version")
        (size,) = struct.unpack_from("<I", blob, len(_SIG_MAGIC))
        values = np.frombuffer(blob, dtype="<u4", offset=len(_SIG_MAGIC) + 4)
        return cls(values.astype(np.uint32), int(size))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Signature):
            return NotImplemented
        return self.size == other.size and bool(np.array_equal(self.values, other.values))

    def __hash__(self) -> int:
        return hash((self.size, self.values.tobytes()))


_LOCAL = threading.local()


def _scratch() -> npt.NDArray[np.uint64]:
    """A per-thread work array, so signatures do not allocate megabytes each time."""
    buffer: npt.NDArray[np.uint64] | None = getattr(_LOCAL, "buffer", None)
    if buffer is None:
        buffer = np.empty((_CHUNK, NUM_PERM), dtype=np.uint64)
        _LOCAL.buffer = buffer
    return buffer


def _shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    """Distinct 64-bit hashes of the normalised text's character 5-grams."""
    squashed = _squash(text)
    codes = np.frombuffer(squashed.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    count = codes.size - SHINGLE_SIZE + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    wide = codes.astype(np.uint64)
    rolled = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_SIZE):
        rolled = rolled * _ROLL + wide[offset : offset + count]
    rolled ^= rolled >> np.uint64(30)
    rolled *= _MIX1
    rolled ^= rolled >> np.uint64(27)
    rolled *= _MIX2
    rolled ^= rolled >> np.uint64(31)
    return np.unique(rolled)


def signature(text: str) -> Signature:
    """The MinHash signature of ``text`` (title and/or body, any language).

    Shingles are overlapping 5-character windows of the text after NFKC, case
    folding and removal of spaces and punctuation, so line breaks, full/half-width
    forms and punctuation do not matter. Texts under ``MIN_SHINGLES`` distinct
    shingles get a signature that matches nothing.
    """
    hashes = _shingle_hashes(text)
    if hashes.size == 0:
        return Signature(_EMPTY_VALUES, 0)
    buffer = _scratch()
    minima = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, hashes.size, _CHUNK):
        block = hashes[start : start + _CHUNK]
        permuted = buffer[: block.size]
        np.multiply(block[:, None], _PERM_A[None, :], out=permuted)
        np.add(permuted, _PERM_B[None, :], out=permuted)
        np.minimum(minima, permuted.min(axis=0), out=minima)
    return Signature((minima >> np.uint64(32)).astype(np.uint32), int(hashes.size))


def band_keys(sig: Signature) -> list[str]:
    """The LSH bucket keys of ``sig``: ``BANDS`` strings like ``"07:1a2b...``.

    Two texts with Jaccard similarity 0.5 share at least one key with probability
    about 0.996 (0.4: 0.94, 0.3: 0.68, 0.2: 0.29, 0.1: 0.04). A signature of a
    too-short text has no keys.
    """
    if not sig.usable:
        return []
    rows = sig.values[: BANDS * ROWS].astype(">u4").reshape(BANDS, ROWS)
    return [f"{band:02d}:{rows[band].tobytes().hex()}" for band in range(BANDS)]


def _jaccard(sig: Signature, values: npt.NDArray[np.uint32]) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity of ``sig`` with each row of ``values``."""
    equal: npt.NDArray[np.float64] = np.count_nonzero(values == sig.values, axis=1) / NUM_PERM
    return equal


def _scores(
    sig: Signature, jaccard: npt.NDArray[np.float64], sizes: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """``similarity`` of ``sig`` with candidates of known Jaccard estimate and size."""
    if not sig.usable:
        return np.zeros_like(jaccard)
    smaller = np.maximum(np.minimum(sizes, sig.size), 1).astype(np.float64)
    intersection = jaccard * (sizes + sig.size) / (1.0 + jaccard)
    score = np.maximum(jaccard, np.minimum(intersection / smaller, 1.0))
    usable = (sizes >= MIN_SHINGLES) & (jaccard >= JACCARD_FLOOR)
    return np.where(usable, score, 0.0)


def similarity(a: Signature, b: Signature) -> float:
    """How much of the shorter text the longer one contains, estimated (0..1).

    The larger of the estimated Jaccard similarity and the estimated containment of
    the smaller shingle set in the larger, so a copy trimmed at the end still scores
    high. 0.0 when either text is too short or the estimated Jaccard is below
    ``JACCARD_FLOOR`` (containment estimates are noise there).
    """
    values = b.values[None, :]
    return float(_scores(a, _jaccard(a, values), np.array([b.size], dtype=np.int64))[0])


def _pick(story_ids: npt.NDArray[np.int64], scores: npt.NDArray[np.float64]) -> int | None:
    """The story most of whose documents match (score at or above the threshold).

    Ties go to the story with the best single score, then to the lowest id; None
    when nothing reaches the threshold.
    """
    if scores.size == 0:
        return None
    passing = scores >= SIMILARITY_THRESHOLD
    if not passing.any():
        return None
    matched = story_ids[passing]
    if (matched == matched[0]).all():
        return int(matched[0])  # the usual case: every match is in one story
    stories, inverse, counts = np.unique(matched, return_inverse=True, return_counts=True)
    best = np.zeros(stories.size, dtype=np.float64)
    np.maximum.at(best, inverse, scores[passing])
    order = np.lexsort((stories, -best, -counts))
    return int(stories[order[0]])


def best_story(sig: Signature, candidates: Iterable[tuple[int, Signature]]) -> int | None:
    """The story ``sig`` joins: the one with the most candidates that match it.

    ``candidates`` are ``(story_id, signature)`` pairs, typically every stored document
    that shares a band key with ``sig``; a candidate matches when it scores
    ``SIMILARITY_THRESHOLD`` or more. Counting matches rather than taking the single
    most similar candidate keeps a story whole when a few short copies (a feed's
    snippet, a heavily trimmed reprint) formed a story of their own before the fuller
    copies arrived: such copies are contained in almost anything of the story and
    score near 1.0, while the main story matches on many documents. Ties go to the
    story with the best single score, then to the lowest id; None when nothing
    matches (the document starts a story).
    """
    listed = list(candidates)
    if not listed or not sig.usable:
        return None
    values = np.stack([candidate.values for _, candidate in listed])
    sizes = np.array([candidate.size for _, candidate in listed], dtype=np.int64)
    story_ids = np.array([story_id for story_id, _ in listed], dtype=np.int64)
    return _pick(story_ids, _scores(sig, _jaccard(sig, values), sizes))


def stories_to_merge(sig: Signature, candidates: Iterable[tuple[int, Signature]]) -> list[int]:
    """Story ids that a new document shows to be one story, lowest first; else ``[]``.

    A story counts when some candidate of it has an estimated Jaccard similarity of at
    least ``MERGE_JACCARD`` with ``sig`` -- stricter than joining: a round-up carrying
    two separate stories side by side shares at most half of itself with each. When
    two or more stories count, they are one story: the caller merges them into the
    lowest id and files the new document there. This heals a story that split because
    its first copies happened to be edited too differently to match each other.
    """
    story, merged = assign_story(sig, candidates)
    return sorted([story, *merged]) if merged and story is not None else []


def assign_story(
    sig: Signature, candidates: Iterable[tuple[int, Signature]]
) -> tuple[int | None, list[int]]:
    """The whole decision for a new document: ``(story_id, merged_story_ids)``.

    ``story_id`` is the story to file the document in (None: start a new one);
    ``merged_story_ids`` are other stories to fold into ``story_id`` first (see
    :func:`stories_to_merge`), usually empty. Without merges this is exactly
    :func:`best_story`. :class:`StoryIndex` and the database both decide through it.
    """
    listed = list(candidates)
    if not listed:
        return None, []
    return _assign(
        sig,
        np.array([story_id for story_id, _ in listed], dtype=np.int64),
        np.stack([candidate.values for _, candidate in listed]),
        np.array([candidate.size for _, candidate in listed], dtype=np.int64),
    )


def _assign(
    sig: Signature,
    story_ids: npt.NDArray[np.int64],
    values: npt.NDArray[np.uint32],
    sizes: npt.NDArray[np.int64],
) -> tuple[int | None, list[int]]:
    if story_ids.size == 0 or not sig.usable:
        return None, []
    jaccard = _jaccard(sig, values)
    proven = (jaccard >= MERGE_JACCARD) & (sizes >= MIN_SHINGLES)
    if np.count_nonzero(proven) > 1:
        close = sorted({int(story) for story in story_ids[proven]})
        if len(close) > 1:
            return close[0], close[1:]
    return _pick(story_ids, _scores(sig, jaccard, sizes)), []


_BAND_MIX = (_constants(0x62616E64, BANDS * ROWS) | np.uint64(1)).reshape(BANDS, ROWS)


def _band_ints(sig: Signature) -> list[int]:
    """The band keys as 64-bit integers (in-memory twin of ``band_keys``)."""
    if not sig.usable:
        return []
    rows = sig.values[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    mixed = np.bitwise_xor.reduce((rows + np.uint64(1)) * _BAND_MIX, axis=1)
    mixed ^= mixed >> np.uint64(29)
    keys: list[int] = mixed.tolist()
    return keys


class StoryIndex:
    """Near-duplicate clustering in memory, as the database does it with band keys.

    ``add`` computes a document's signature and gathers the earlier documents that
    share a band key with it (their story ids and signatures are the candidates).
    :func:`assign_story` decides: usually :func:`best_story` picks the story the
    document joins, and a document that matches nothing starts a story whose id is its
    own id; when the document proves several stories to be one
    (:func:`stories_to_merge`), they are merged into the lowest id first. The database
    does the same with a band-key table and an UPDATE of the merged stories'
    documents. Memory is about 0.6 kB per document plus the buckets.
    """

    def __init__(self) -> None:
        self._buckets: dict[int, int | list[int]] = {}
        self._slot_of: dict[int, int] = {}
        self._doc_ids: list[int] = []
        self._merges = 0
        self._story_ids = np.empty(1024, dtype=np.int64)
        self._values = np.empty((1024, NUM_PERM), dtype=np.uint32)
        self._sizes = np.empty(1024, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._doc_ids)

    def add(self, doc_id: int, text: str) -> int:
        """File document ``doc_id`` with ``text``; return the id of its story."""
        return self.add_signature(doc_id, signature(text))

    def add_signature(self, doc_id: int, sig: Signature) -> int:
        """File a document whose signature is already known; return its story id."""
        if doc_id in self._slot_of:
            raise ValueError(f"document {doc_id} is already in the index")
        keys = _band_ints(sig)
        buckets = self._buckets
        found = [buckets.get(key) for key in keys]
        seen: set[int] = set()
        for bucket in found:
            if isinstance(bucket, int):
                seen.add(bucket)
            elif bucket is not None:
                seen.update(bucket)
        story: int | None = None
        if seen:
            slots = np.fromiter(seen, dtype=np.int64, count=len(seen))
            story, merged = _assign(
                sig, self._story_ids[slots], self._values[slots], self._sizes[slots]
            )
            if story is not None and merged:
                filed = self._story_ids[: len(self._doc_ids)]
                filed[np.isin(filed, merged)] = story
                self._merges += len(merged)
        if story is None:
            story = doc_id
        slot = self._append(doc_id, story, sig)
        for key, bucket in zip(keys, found, strict=True):
            if bucket is None:
                buckets[key] = slot
            elif isinstance(bucket, int):
                buckets[key] = [bucket, slot]
            else:
                bucket.append(slot)
        return story

    def _append(self, doc_id: int, story: int, sig: Signature) -> int:
        slot = len(self._doc_ids)
        if slot == self._sizes.size:
            grow = slot * 2
            self._story_ids = np.resize(self._story_ids, grow)
            self._sizes = np.resize(self._sizes, grow)
            values = np.empty((grow, NUM_PERM), dtype=np.uint32)
            values[:slot] = self._values
            self._values = values
        self._story_ids[slot] = story
        self._values[slot] = sig.values
        self._sizes[slot] = sig.size
        self._doc_ids.append(doc_id)
        self._slot_of[doc_id] = slot
        return slot

    @property
    def merges(self) -> int:
        """How many stories were merged into others so far."""
        return self._merges

    def story_of(self, doc_id: int) -> int:
        """The current story id of a filed document (KeyError when unknown)."""
        return int(self._story_ids[self._slot_of[doc_id]])

    def stories(self) -> dict[int, list[int]]:
        """Every current story id with its document ids, in filing order."""
        grouped: dict[int, list[int]] = {}
        filed = self._story_ids[: len(self._doc_ids)].tolist()
        for doc_id, story in zip(self._doc_ids, filed, strict=True):
            grouped.setdefault(story, []).append(doc_id)
        return grouped


# --- wire credits and originals -----------------------------------------------------

#: Canonical agency name -> the spellings that credit it (matched after NFKC).
_AGENCIES: dict[str, tuple[str, ...]] = {
    "共同通信": ("共同通信社", "共同通信", "共同"),
    "時事通信": ("時事通信社", "時事通信", "時事ドットコム", "時事"),
    "Kyodo News": ("Kyodo News", "Kyodo", "KYODO"),
    "Jiji Press": ("Jiji Press", "JIJI Press", "Jiji", "JIJI"),
    "Reuters": ("Thomson Reuters", "Reuters", "REUTERS", "ロイター通信", "ロイター"),
    "AP": ("Associated Press", "AP通信", "AP"),
    "AFP": ("Agence France-Presse", "AFPBB News", "AFP通信", "AFP"),
    "Bloomberg": ("Bloomberg News", "Bloomberg", "ブルームバーグ"),
    "Xinhua": ("Xinhua News Agency", "Xinhua", "新華社通信", "新華社"),
    "Yonhap": ("Yonhap News Agency", "Yonhap", "聯合ニュース", "聯合", "連合ニュース"),
    "dpa": ("dpa",),
    "EFE": ("EFE",),
    "TASS": ("TASS", "タス通信"),
    "UPI": ("United Press International", "UPI"),
}
_ALIAS_TO_AGENCY: dict[str, str] = {
    alias.casefold(): name for name, aliases in _AGENCIES.items() for alias in aliases
}
_ALIASES = "|".join(re.escape(alias) for alias in sorted(_ALIAS_TO_AGENCY, key=len, reverse=True))
_LATIN_ALIASES = "|".join(
    re.escape(alias)
    for alias in sorted(_ALIAS_TO_AGENCY, key=len, reverse=True)
    if alias.isascii() and alias not in ("dpa", "efe")
)
# "(共同)", "(AFP=時事)", "(ロイター)", "(Reuters)" -- the first name is the originator
_PAREN_CREDIT = re.compile(rf"(?i)\(\s*({_ALIASES})\s*(?:[=/]\s*(?:{_ALIASES})\s*)?\)")
# "【ワシントン共同】", "[東京 3日 ロイター]", "【ソウル聯合ニュース】"
_BRACKET_CREDIT = re.compile(rf"(?i)[\[【][^\]】\n]{{0,30}}?(?<![a-z])({_ALIASES})\s*[\]】]")
# "WASHINGTON (Reuters) -", "SAITAMA, Japan, Dec. 9 Kyodo -"
_DATELINE_CREDIT = re.compile(
    rf"(?m)^\s*[A-Z][A-Za-z0-9 .,'’-]{{1,60}}?\s+\(?((?i:{_LATIN_ALIASES}))\)?\s*(?:-|–|—|--)\s"
)
# "... ==Kyodo", "... — AP", "(Kyodo)" at the very end
_TRAILING_CREDIT = re.compile(rf"(?:==|—|–|--|\s-)\s*((?i:{_LATIN_ALIASES}))\s*\W*\s*$")
_REUTERS_FOOTER = re.compile(r"\bReporting by\b[^\n]{0,400}\bEditing by\b")
_PROVIDER_LABEL = re.compile(
    r"(?:情報提供元|提供元|配信元|記事提供|提供|配信|出典|Source|Credit)\s*[:：]\s*"
    r"([^\n、。,;()|]{2,40}?)\s*(?:\n|$|[、。,;()|])"
)
_PORTALS = (
    r"Yahoo!\s*ニュース|Yahoo!\s*News|livedoor\s*ニュース|goo\s*ニュース|エキサイトニュース"
    r"|au\s*Webポータル|dメニューニュース|SmartNews|LINE\s*NEWS|MSN|Infoseek\s*ニュース"
)
_PORTAL_TITLE = re.compile(rf"\(([^()\n]{{2,40}})\)\s*[-|–]\s*(?:{_PORTALS})")


def _agency(name: str) -> str | None:
    return _ALIAS_TO_AGENCY.get(name.strip().casefold())


def _byline_credit(byline: str) -> str | None:
    text = unicodedata.normalize("NFKC", byline).strip()
    exact = _agency(text)
    if exact:
        return exact
    for match in re.finditer(_ALIASES, text, flags=re.IGNORECASE):
        alias = match.group(0)
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if alias.isascii() and (before.isalnum() or after.isalnum()):
            continue  # "AP" inside "APAC", "Jiji" inside a longer word
        if alias in ("共同", "時事") and not re.fullmatch(r"\W*", text.replace(alias, "")):
            continue  # a bare 共同/時事 in a longer byline is not a credit
        return _agency(alias)
    return None


def _placed_like_credit(text: str, match: re.Match[str]) -> bool:
    """A parenthesised agency name is a credit where a dateline or sign-off goes.

    ``ワシントン(AFP=時事)`` and ``…した。(共同)`` are (Japanese context), as are
    ``TOKYO (AP) —`` and a ``(Kyodo)`` ending a line; ``an access point (AP) is`` is not.
    """
    before = text[match.start() - 1] if match.start() else "\n"
    rest = text[match.end() :]
    if not before.isascii() or before == "\n":
        return True
    return re.match(r"[ \t]*(?:$|\n|[-–—:])", rest) is not None


def wire_credit(text: str, byline: str | None = None) -> str | None:
    """The agency or provider a text credits as its origin, by canonical name.

    Looks at the byline, then at structural credits in the text: datelines
    (``WASHINGTON (Reuters) -``, ``【ワシントン共同】``, ``[東京 3日 ロイター]``),
    parenthesised credits (``（共同）``, ``（AFP＝時事）`` gives AFP, the originator),
    trailing credits (``==Kyodo``), the Reuters ``Reporting by ...; Editing by``
    footer, provider labels (``提供：CNET Japan``) and portal titles (``…（CNET Japan）
    - Yahoo!ニュース``). Returns e.g. ``"共同通信"``, ``"時事通信"``, ``"Reuters"``,
    ``"AP"``, ``"AFP"``, ``"Kyodo News"``, ``"Jiji Press"``, or a portal's provider name
    as written; None when nothing is credited. Mere mentions ("ロイター通信によると",
    "according to Xinhua") are not credits.
    """
    if byline:
        credited = _byline_credit(byline)
        if credited:
            return credited
    normal = unicodedata.normalize("NFKC", text)
    head = normal[:300]
    for pattern in (_BRACKET_CREDIT, _DATELINE_CREDIT):
        match = pattern.search(head)
        if match:
            return _agency(match.group(1))
    parenthesised = [m for m in _PAREN_CREDIT.finditer(normal) if _placed_like_credit(normal, m)]
    if parenthesised:
        first, last = parenthesised[0], parenthesised[-1]
        return _agency((first if first.start() < 300 else last).group(1))
    bracketed = _BRACKET_CREDIT.search(normal)
    if bracketed:
        return _agency(bracketed.group(1))
    trailing = _TRAILING_CREDIT.search(normal[-120:])
    if trailing:
        return _agency(trailing.group(1))
    if _REUTERS_FOOTER.search(normal):
        return "Reuters"
    for pattern in (_PROVIDER_LABEL, _PORTAL_TITLE):
        match = pattern.search(normal)
        if match:
            name = match.group(1).strip()
            return _agency(name) or name
    return None


@dataclass(frozen=True, slots=True)
class Placement:
    """One document of a story, as far as choosing the original needs it.

    ``credit`` is what the document's text credits (``wire_credit``); ``published``
    may be naive (taken as UTC) or aware.
    """

    document_id: int
    outlet: str | None = None
    media_type: str | None = None
    published: datetime | None = None
    credit: str | None = None


def _outlet_key(name: str) -> str:
    agency = _byline_credit(name)
    if agency:
        return agency.casefold()
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def _published_key(placement: Placement) -> tuple[int, float, int]:
    when = placement.published
    if when is None:
        return (1, 0.0, placement.document_id)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (0, when.timestamp(), placement.document_id)


def credited_source(placements: Sequence[Placement]) -> str | None:
    """The name most placements of a story credit (ties: alphabetically first), or None.

    Useful to record the originating agency even when it has no placement of its own
    (a 共同 story seen only in regional papers).
    """
    counts = Counter(p.credit for p in placements if p.credit)
    if not counts:
        return None
    return min(counts, key=lambda name: (-counts[name], name))


def choose_original(placements: Sequence[Placement]) -> Placement:
    """The placement that is the story's original.

    In order of preference: a placement by the outlet the others credit (earliest of
    them); else a placement by a wire (``media_type == "wire"``), earliest; else the
    earliest published; else the lowest document id. ValueError when empty.
    """
    if not placements:
        raise ValueError("a story has at least one placement")
    credited = credited_source(placements)
    if credited is not None:
        wanted = _outlet_key(credited)
        by_credited = [p for p in placements if p.outlet and _outlet_key(p.outlet) == wanted]
        if by_credited:
            return min(by_credited, key=_published_key)
    wires = [p for p in placements if (p.media_type or "").lower() == "wire"]
    if wires:
        return min(wires, key=_published_key)
    return min(placements, key=_published_key)
