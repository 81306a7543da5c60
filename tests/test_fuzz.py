"""Fuzzing the parsers and URL canonicalisation with hypothesis: no crash, no hang.

Whatever bytes a feed or a page sends, parsing gives entries or a ``ParseError``;
whatever string a link holds, canonicalisation gives a string. Each example has a
deadline, so a pathological input that takes too long fails the test.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dedup import canonical_url, url_key
from pipeline.parse import ParseError, parse_feed, parse_page
from pipeline.types import FetchOutcome, FetchResult, Selectors

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces of feeds and pages, so the fuzzer reaches past the first byte.
FRAGMENTS = st.sampled_from(
    [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0" encoding="shift_jis"?>',
        '<rss version="2.0"><channel>',
        "</channel></rss>",
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<item><title>",
        "</title>",
        "<link>http://news.example/a</link>",
        "<description><![CDATA[",
        "]]></description>",
        "</item>",
        '<entry><title>見出し</title><link href="/b"/></entry>',
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
        "&b;",
        '<div class="item"><a href="javascript:alert(1)">x</a></div>',
        '<div class="item"><a href="/c">小谷哲男</a><time>2024年3月5日</time></div>',
        "<script>alert(1)</script>",
        "\x00",
        "\ufeff",
    ]
)
DOCUMENTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=30).map("".join)


def _result(body: bytes) -> FetchResult:
    return FetchResult(
        url="http://news.example/feed",
        outcome=FetchOutcome.OK,
        content=body,
        text=body.decode("utf-8", errors="replace"),
        fetched_at=datetime(2024, 6, 1, tzinfo=UTC),
    )


@FUZZ
@given(
    st.one_of(DOCUMENTS.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=2000))
)
def test_feed_parsing_never_crashes(body: bytes) -> None:
    try:
        entries = parse_feed(_result(body))
    except ParseError:
        return
    for entry in entries:
        assert isinstance(entry.title, str) and isinstance(entry.url, str)


@FUZZ
@given(DOCUMENTS)
def test_page_parsing_never_crashes(html: str) -> None:
    body = html.encode("utf-8", "surrogatepass")
    try:
        entries = parse_page(_result(body), Selectors(item="div.item, li", date="time"))
    except ParseError:
        return
    for entry in entries:
        assert entry.url.startswith(("http://", "https://"))


@FUZZ
@given(
    st.one_of(
        st.text(max_size=200),
        st.builds(
            lambda scheme, host, path: f"{scheme}://{host}/{path}",
            st.sampled_from(["http", "https", "HTTP", "javascript", "file", ""]),
            st.text(max_size=40),
            st.text(max_size=80),
        ),
    )
)
def test_url_canonicalisation_never_crashes(url: str) -> None:
    assert isinstance(canonical_url(url), str)
    assert isinstance(url_key(url), str)
