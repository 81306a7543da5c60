"""URL identity: one key for every spelling of an article's address.

``canonical_url`` turns a link as found (tracking parameters, AMP and mobile hosts,
aggregator redirect links, ``rel=canonical``) into one identity key; ``url_key`` and
``guid_key`` hash it (and feed GUIDs) into short stable keys. Pure: never fetches a
redirect, never raises for odd input (a string that is not an http(s) URL comes back
trimmed).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import re
import unicodedata
from collections.abc import Collection
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

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
