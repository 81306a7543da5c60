"""Canonical URLs, URL keys and GUID keys (pipeline.dedup).

Table-driven cases for each rule, then hypothesis properties: canonicalisation is
idempotent on any string, and tracking parameters never survive it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedup import (
    TRACKING_PARAMS,
    canonical_url,
    guid_key,
    is_tracking_param,
    registrable_domain,
    url_key,
)

CASES: list[tuple[str, str, str]] = [
    # (id, input, expected)
    ("lowercase-scheme-host", "HTTPS://News.Example.COM/Path/A", "https://news.example.com/Path/A"),
    ("default-port-https", "https://example.com:443/a", "https://example.com/a"),
    ("default-port-http", "http://example.com:80/a", "http://example.com/a"),
    ("other-port-kept", "https://example.com:8443/a", "https://example.com:8443/a"),
    ("fragment-dropped", "https://example.com/a#comments", "https://example.com/a"),
    ("trailing-slash", "https://example.com/world/123/", "https://example.com/world/123"),
    ("root-keeps-slash", "https://example.com", "https://example.com/"),
    ("root-query", "https://example.com/?p=12", "https://example.com/?p=12"),
    ("userinfo-dropped", "https://user:secret@example.com/a", "https://example.com/a"),
    ("dot-segments", "https://example.com/a/./b/../c", "https://example.com/a/c"),
    ("double-slashes", "https://example.com//a///b", "https://example.com/a/b"),
    ("unreserved-decoded", "https://example.com/%7Euser/%41bc", "https://example.com/~user/Abc"),
    ("escape-hex-upper", "https://example.com/%e8%a8%98", "https://example.com/%E8%A8%98"),
    ("slash-escape-kept", "https://example.com/a%2fb", "https://example.com/a%2Fb"),
    ("utf8-path-encoded", "https://example.com/記事/1", "https://example.com/%E8%A8%98%E4%BA%8B/1"),
    ("space-encoded", "https://example.com/a b", "https://example.com/a%20b"),
    ("lone-percent", "https://example.com/100%", "https://example.com/100%25"),
    ("query-sorted", "https://example.com/a?b=2&a=1&c=", "https://example.com/a?a=1&b=2&c="),
    (
        "query-escapes",
        "https://example.com/a?q=%e6%97%a5&x=%41",
        "https://example.com/a?q=%E6%97%A5&x=A",
    ),
    (
        "utm-dropped",
        "https://www.asahi.com/articles/ASM2Q5HKNM2QUCVL02D.html?utm_source=twitter&utm_medium=social",
        "https://asahi.com/articles/ASM2Q5HKNM2QUCVL02D.html",
    ),
    (
        "click-ids-dropped",
        "https://example.com/a?id=7&fbclid=IwAR0&gclid=Cj0&yclid=1&dclid=2&msclkid=3",
        "https://example.com/a?id=7",
    ),
    (
        "mailchimp-ga-dropped",
        "https://example.com/a?mc_cid=abc&mc_eid=def&_ga=2.1&spm=a2c&page=2",
        "https://example.com/a?page=2",
    ),
    (
        "ref-families-dropped",
        "https://example.com/a?ref=rss&ref_src=twsrc&ncid=rss&cmpid=x&icid=y&ocid=z&id=1",
        "https://example.com/a?id=1",
    ),
    (
        "japanese-publisher-tracking",
        "https://www.asahi.com/articles/ASR4C3.html?iref=comtop_7_01",
        "https://asahi.com/articles/ASR4C3.html",
    ),
    (
        "nikkei-n-cid",
        "https://www.nikkei.com/article/DGXZQO1/?n_cid=NMAIL007",
        "https://nikkei.com/article/DGXZQO1",
    ),
    ("tracking-name-case", "https://example.com/a?UTM_Source=x&FBCLID=y", "https://example.com/a"),
    (
        "session-path-param",
        "https://example.com/a;jsessionid=0A1B?x=1",
        "https://example.com/a?x=1",
    ),
    (
        "www-stripped",
        "https://www.yomiuri.co.jp/world/20231102-OYT1T50240/",
        "https://yomiuri.co.jp/world/20231102-OYT1T50240",
    ),
    ("mobile-m-stripped", "https://m.example.com/a", "https://example.com/a"),
    ("mobile-word-stripped", "https://mobile.example.com/a", "https://example.com/a"),
    (
        "amp-host-stripped",
        "https://amp.theguardian.com/world/2024/a",
        "https://theguardian.com/world/2024/a",
    ),
    ("stacked-prefixes", "https://www.m.example.com/a", "https://example.com/a"),
    (
        "other-subdomain-kept",
        "https://www3.nhk.or.jp/news/html/k1.html",
        "https://www3.nhk.or.jp/news/html/k1.html",
    ),
    ("no-strip-to-suffix", "https://www.co.jp/a", "https://www.co.jp/a"),
    ("amp-path-suffix", "https://example.com/news/123/amp", "https://example.com/news/123"),
    ("amp-path-suffix-slash", "https://example.com/news/123/amp/", "https://example.com/news/123"),
    (
        "amp-dot-suffix",
        "https://www.bbc.com/news/world-asia-123.amp",
        "https://bbc.com/news/world-asia-123",
    ),
    (
        "amp-path-prefix",
        "https://www.asahi.com/amp/articles/ASM2Q5H.html",
        "https://asahi.com/articles/ASM2Q5H.html",
    ),
    ("amp-param", "https://example.com/a?amp=1&id=3", "https://example.com/a?id=3"),
    ("amp-bare-param", "https://example.com/a?amp", "https://example.com/a"),
    (
        "output-type-amp",
        "https://www.washingtonpost.com/world/a/?outputType=amp",
        "https://washingtonpost.com/world/a",
    ),
    (
        "google-url-q",
        "https://www.google.com/url?sa=t&rct=j&q=&url=https%3A%2F%2Fwww.nikkei.com%2Farticle%2FDGX1%2F%3Futm_source%3Dg&usg=AOv",
        "https://nikkei.com/article/DGX1",
    ),
    (
        "google-co-jp-url-q",
        "https://www.google.co.jp/url?q=https://www.yomiuri.co.jp/politics/20240410-OYT1T50001/&sa=U",
        "https://yomiuri.co.jp/politics/20240410-OYT1T50001",
    ),
    (
        "google-news-old-url",
        "https://news.google.com/news/url?sa=t&fd=R&url=http://www.reuters.com/article/idUSKBN1430G4&usg=x",
        "http://reuters.com/article/idUSKBN1430G4",
    ),
    (
        "google-news-articles-kept",
        "https://news.google.com/rss/articles/CBMiK2h0dHBzOi8vd3d3?oc=5&hl=ja",
        "https://news.google.com/rss/articles/CBMiK2h0dHBzOi8vd3d3?hl=ja&oc=5",
    ),
    (
        "bing-apiclick",
        "https://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=ABC&url=https%3a%2f%2fwww.reuters.com%2farticle%2fus-usa-fed-idUSKBN1430G4&c=123",
        "https://reuters.com/article/us-usa-fed-idUSKBN1430G4",
    ),
    (
        "bing-ck-base64",
        "https://www.bing.com/ck/a?!&&p=abc&u=a1aHR0cHM6Ly93d3cuYXNhaGkuY29tL2FydGljbGVzL0FTTTJRNUg&ntb=1",
        "https://asahi.com/articles/ASM2Q5H",
    ),
    (
        "facebook-l-php",
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fmainichi.jp%2Farticles%2F20240410%2Fk00%2F00m%2F010%2F001000c%3Ffbclid%3DIw&h=AT0",
        "https://mainichi.jp/articles/20240410/k00/00m/010/001000c",
    ),
    (
        "amp-cache",
        "https://www-asahi-com.cdn.ampproject.org/c/s/www.asahi.com/amp/articles/ASM2Q5H.html",
        "https://asahi.com/articles/ASM2Q5H.html",
    ),
    (
        "google-amp-viewer",
        "https://www.google.com/amp/s/www.sankei.com/article/20240410-ABC/?outputType=amp",
        "https://sankei.com/article/20240410-ABC",
    ),
    (
        "yahoo-search-ru",
        "https://r.search.yahoo.com/_ylt=Awr/RV=2/RE=1/RO=10/RU=https%3a%2f%2fwww.japantimes.co.jp%2fnews%2f2020%2f02%2f18%2fa%2f/RK=2/RS=x-",
        "https://japantimes.co.jp/news/2020/02/18/a",
    ),
    ("tco-kept", "https://t.co/AbC123xyz", "https://t.co/AbC123xyz"),
    (
        "google-redirect-without-target",
        "https://www.google.com/url?sa=t&usg=x",
        "https://google.com/url?sa=t&usg=x",
    ),
    (
        "redirect-to-non-http-kept",
        "https://www.google.com/url?q=javascript:alert(1)",
        "https://google.com/url?q=javascript:alert(1)",
    ),
    ("idn-host", "https://日本語.jp/a", "https://xn--wgv71a119e.jp/a"),
    ("ipv6-host", "http://[::1]:80/a", "http://[::1]/a"),
    ("not-a-url-trimmed", "  not a url ", "not a url"),
    ("mailto-kept", "mailto:press@example.com", "mailto:press@example.com"),
    ("relative-kept", "/world/123", "/world/123"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("url", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected


HTML_CANONICAL_CASES: list[tuple[str, str, str | None, str]] = [
    # (id, url, html_canonical, expected)
    (
        "same-site-canonical-wins",
        "https://www.yomiuri.co.jp/world/20231102-OYT1T50240/?from=ytop_main1",
        "https://www.yomiuri.co.jp/world/20231102-OYT1T50240/",
        "https://yomiuri.co.jp/world/20231102-OYT1T50240",
    ),
    (
        "mobile-host-canonical",
        "https://sp.example.co.jp/news/123?page=1",
        "https://www.example.co.jp/news/123",
        "https://example.co.jp/news/123",
    ),
    (
        "og-url-of-portal",
        "https://headlines.yahoo.co.jp/hl?a=20170309-35097838-cnetj-sci&p=1",
        "http://headlines.yahoo.co.jp/hl?a=20170309-35097838-cnetj-sci",
        "http://headlines.yahoo.co.jp/hl?a=20170309-35097838-cnetj-sci",
    ),
    (
        "relative-canonical-resolved",
        "https://example.com/story/1?x=2",
        "/story/1",
        "https://example.com/story/1",
    ),
    (
        "known-publisher-across-hosts",
        "https://jp.reuters.com/article/idJP2024",
        "https://www.reuters.com/article/idJP2024",
        "https://reuters.com/article/idJP2024",
    ),
    (
        "foreign-site-ignored",
        "https://spam.example.net/copied/123",
        "https://victim.example.org/original/123",
        "https://spam.example.net/copied/123",
    ),
    (
        "home-page-canonical-ignored",
        "https://example.com/news/2024/story",
        "https://example.com/",
        "https://example.com/news/2024/story",
    ),
    (
        "non-http-canonical-ignored",
        "https://example.com/a",
        "ftp://example.com/b",
        "https://example.com/a",
    ),
    ("empty-canonical-ignored", "https://example.com/a", "", "https://example.com/a"),
    ("none-canonical", "https://example.com/a", None, "https://example.com/a"),
]


@pytest.mark.parametrize(
    ("url", "html_canonical", "expected"),
    [c[1:] for c in HTML_CANONICAL_CASES],
    ids=[c[0] for c in HTML_CANONICAL_CASES],
)
def test_html_canonical(url: str, html_canonical: str | None, expected: str) -> None:
    assert canonical_url(url, html_canonical=html_canonical) == expected


def test_known_sites_trusts_configured_outlet_domains() -> None:
    url = "https://news.portal.example/item/99"
    declared = "https://www.regional-paper.example/article/5"
    assert canonical_url(url, html_canonical=declared) == "https://news.portal.example/item/99"
    trusted = canonical_url(url, html_canonical=declared, known_sites=("regional-paper.example",))
    assert trusted == "https://regional-paper.example/article/5"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www3.nhk.or.jp", "nhk.or.jp"),
        ("www.asahi.com", "asahi.com"),
        ("headlines.yahoo.co.jp", "yahoo.co.jp"),
        ("example.com", "example.com"),
        ("localhost", "localhost"),
        ("news.bbc.co.uk", "bbc.co.uk"),
    ],
    ids=["or-jp", "com", "co-jp", "bare", "single-label", "co-uk"],
)
def test_registrable_domain(host: str, expected: str) -> None:
    assert registrable_domain(host) == expected


def test_url_key_ignores_scheme_and_variants() -> None:
    variants = [
        "http://www.example.com/news/1",
        "https://example.com/news/1/",
        "https://m.example.com/news/1?utm_source=rss#top",
        "https://EXAMPLE.com:443/news/1/amp",
    ]
    keys = {url_key(v) for v in variants}
    assert len(keys) == 1
    (key,) = keys
    assert len(key) == 24 and int(key, 16) >= 0
    assert url_key("https://example.com/news/2") != key


def test_url_key_is_stable_across_processes() -> None:
    # a fixed value: keys are stored in the database, so they must never drift
    assert url_key("https://example.com/news/1") == url_key("http://www.example.com/news/1/")
    assert url_key("https://example.com/news/1") == "aebea2fbc4000587a578b8d4"


GUID_SAME: list[tuple[str, str, str]] = [
    ("http-to-https", "http://example.com/articles/1", "https://example.com/articles/1"),
    ("www-migration", "https://www.example.com/articles/1", "https://example.com/articles/1/"),
    (
        "tracking-in-guid",
        "https://example.com/articles/1?utm_source=rss",
        "https://example.com/articles/1",
    ),
    (
        "uuid-case",
        "urn:uuid:6F9619FF-8B86-D011-B42D-00C04FC964FF",
        "6f9619ff-8b86-d011-b42d-00c04fc964ff",
    ),
    (
        "uuid-braces",
        "{6f9619ff-8b86-d011-b42d-00c04fc964ff}",
        "urn:uuid:6f9619ff-8b86-d011-b42d-00c04fc964ff",
    ),
    ("surrounding-space", "  tag:example.com,2024:123 ", "tag:example.com,2024:123"),
    ("full-width", "ｔａｇ：ｅｘａｍｐｌｅ．ｃｏｍ，２０２４：１２３", "tag:example.com,2024:123"),
]


@pytest.mark.parametrize(("a", "b"), [c[1:] for c in GUID_SAME], ids=[c[0] for c in GUID_SAME])
def test_guid_key_same(a: str, b: str) -> None:
    assert guid_key(a) == guid_key(b)


def test_guid_key_differs_and_matches_url_key() -> None:
    assert guid_key("tag:example.com,2024:123") != guid_key("tag:example.com,2024:124")
    assert guid_key("ABC-1") != guid_key("abc-1")  # opaque GUIDs keep their case
    link = "https://www.example.com/articles/1?ref=rss"
    assert guid_key(link) == url_key(link)


def test_is_tracking_param() -> None:
    for name in ("utm_campaign", "fbclid", "mc_eid", "_ga", "ref_src", "%75tm_source"):
        assert is_tracking_param(name), name
    for name in ("id", "p", "page", "a", "q", "k", "article_id", "from"):
        assert not is_tracking_param(name), name


# --- properties -------------------------------------------------------------------

_label = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_host = st.builds(
    lambda prefix, labels, tld: prefix + ".".join([*labels, tld]),
    st.sampled_from(["", "www.", "m.", "amp.", "mobile.", "WWW.", "www.m."]),
    st.lists(_label, min_size=1, max_size=3),
    st.sampled_from(["com", "jp", "co.jp", "or.jp", "net", "co.uk"]),
)
_segment = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/?#", exclude_categories=("Cs",)),
    max_size=8,
) | st.sampled_from(["amp", ".", "..", "%41", "%e8%a8%98", "%2F", "%", "%zz", "a;jsessionid=1"])
_param_name = st.sampled_from(
    ["id", "p", "page", "q", "a", "k", "amp", "outputType", "utm_source", "fbclid", "ref"]
) | st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=6)
_param_value = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="&#", exclude_categories=("Cs",)),
    max_size=8,
)
_urls = st.builds(
    lambda scheme, host, port, segments, slash, params, fragment: (
        f"{scheme}://{host}{port}/"
        + "/".join(segments)
        + slash
        + ("?" + "&".join(f"{k}={v}" for k, v in params) if params else "")
        + fragment
    ),
    st.sampled_from(["http", "https", "HTTP", "Https"]),
    _host,
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(_segment, max_size=4),
    st.sampled_from(["", "/", "/amp", "/amp/"]),
    st.lists(st.tuples(_param_name, _param_value), max_size=4),
    st.sampled_from(["", "#", "#top", "#!/x"]),
)


@settings(max_examples=400, deadline=None)
@given(_urls)
def test_canonical_url_is_idempotent_on_urls(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert url_key(once) == url_key(url)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_canonical_url_is_idempotent_on_any_text(text: str) -> None:
    once = canonical_url(text)
    assert canonical_url(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), _urls)
def test_canonical_url_is_idempotent_with_prefixes(prefix: str, url: str) -> None:
    once = canonical_url(prefix + url)
    assert canonical_url(once) == once


_TRACKING_SAMPLE = [*sorted(TRACKING_PARAMS), "utm_source", "utm_x", "mc_cid", "pk_kwd"]


@settings(max_examples=300, deadline=None)
@given(
    _urls,
    st.lists(
        st.tuples(st.sampled_from(_TRACKING_SAMPLE), _param_value, st.booleans()),
        min_size=1,
        max_size=5,
    ),
)
def test_tracking_params_never_survive(url: str, tracking: list[tuple[str, str, bool]]) -> None:
    base = url.split("#", 1)[0]
    extra = "&".join(
        f"{name.upper() if upper else name}={quote(value, safe='')}"
        for name, value, upper in tracking
    )
    joined = f"{base}{'&' if '?' in base else '?'}{extra}"
    result = canonical_url(joined)
    for name, _ in parse_qsl(urlsplit(result).query, keep_blank_values=True):
        assert not is_tracking_param(name), (joined, result)
    assert canonical_url(result) == result
