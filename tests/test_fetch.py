"""Tests for pipeline.fetch (and demo.localserver) over real HTTP on 127.0.0.1.

Every network test talks to the ``local_server`` fixture; nothing reaches
beyond the loopback interface. Waiting is replaced by ``FakeSleep`` wherever
the test is about *what* was waited for rather than about real time.

Real-world bytes come from ../shared/fixtures/real-world (see its README and
MANIFEST.tsv files for each file's origin); they are read there, never copied.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import ipaddress
import socket
import time
import tracemalloc
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest

from demo.localserver import LocalServer, Route
from pipeline.encoding import decode_body
from pipeline.fetch import Fetcher, address_problem, parse_retry_after, url_problem
from pipeline.settings import Settings
from pipeline.types import FetchOutcome, FetchResult

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
OK = FetchOutcome.OK
NOT_MODIFIED = FetchOutcome.NOT_MODIFIED
SOFT = FetchOutcome.SOFT_ERROR
HARD = FetchOutcome.HARD_ERROR
LAST_MODIFIED = "Wed, 01 May 2024 09:00:00 GMT"
RSS = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel/></rss>'
RSS_TYPE = "application/rss+xml"

# Quick, polite-enough settings for tests: no politeness delay, tiny backoff.
BASE = replace(
    Settings(),
    timeout_seconds=5.0,
    per_host_delay_seconds=0.0,
    retries=2,
    backoff_seconds=0.5,
    max_retry_after_seconds=120.0,
    max_body_bytes=100_000,
)


@dataclass
class FakeSleep:
    """Records requested waits instead of waiting."""

    calls: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.calls.append(round(seconds, 3))


LOCAL = ("127.0.0.1",)
"""The local server's host, trusted as a configured source's host would be."""


@dataclass
class FakeResolver:
    """A stand-in DNS: known names answer their addresses, others fail like NXDOMAIN."""

    answers: Mapping[str, tuple[str, ...]]
    asked: list[str] = field(default_factory=list)

    async def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(self.answers[host])


def fetch(
    url: str,
    settings: Settings = BASE,
    *,
    sleep: FakeSleep | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    trusted_hosts: tuple[str, ...] = LOCAL,
    dns: Mapping[str, tuple[str, ...]] | None = None,
    **kwargs: Any,
) -> FetchResult:
    """One fetch with a fresh Fetcher, run to completion (``dns`` replaces the resolver)."""
    extra: dict[str, Any] = {} if dns is None else {"resolve": FakeResolver(dns)}

    async def run() -> FetchResult:
        async with Fetcher(
            settings,
            trusted_hosts=trusted_hosts,
            transport=transport,
            sleep=sleep or FakeSleep(),
            **extra,
        ) as fetcher:
            return await fetcher.fetch(url, now=NOW, **kwargs)

    return asyncio.run(run())


def fetch_many(
    urls: list[str], settings: Settings, sleep: Any = asyncio.sleep
) -> list[FetchResult]:
    """Fetch ``urls`` concurrently through one Fetcher."""

    async def run() -> list[FetchResult]:
        async with Fetcher(settings, trusted_hosts=LOCAL, sleep=sleep) as fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(u, now=NOW) for u in urls)))

    return asyncio.run(run())


# --- statuses, validators, retries -------------------------------------------------


@dataclass(frozen=True)
class StatusCase:
    routes: tuple[Route, ...]
    outcome: FetchOutcome
    status: int | None
    error: str | None = None
    hits: int = 1
    sleeps: tuple[float, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    settings: Settings = BASE
    retry_after: float | None = None


def _retry_after(value: str, status: int = 429) -> Route:
    return Route(b"slow down", status=status, headers=(("Retry-After", value),))


STATUS_CASES: dict[str, StatusCase] = {
    "200_ok": StatusCase(
        (Route(RSS, RSS_TYPE, etag='"v1"', last_modified=LAST_MODIFIED),), OK, 200
    ),
    "etag_matches_304": StatusCase(
        (Route(RSS, RSS_TYPE, etag='"v1"'),), NOT_MODIFIED, 304, kwargs=(("etag", '"v1"'),)
    ),
    "etag_changed_200": StatusCase(
        (Route(RSS, RSS_TYPE, etag='"v2"'),), OK, 200, kwargs=(("etag", '"v1"'),)
    ),
    "last_modified_304": StatusCase(
        (Route(RSS, RSS_TYPE, last_modified=LAST_MODIFIED),),
        NOT_MODIFIED,
        304,
        kwargs=(("last_modified", LAST_MODIFIED),),
    ),
    "429_retry_after_seconds_then_200": StatusCase(
        (_retry_after("3"), Route(RSS, RSS_TYPE)), OK, 200, hits=2, sleeps=(3.0,), retry_after=3.0
    ),
    "503_retry_after_http_date_then_200": StatusCase(
        (
            _retry_after(format_datetime(NOW + timedelta(seconds=7), usegmt=True), status=503),
            Route(RSS, RSS_TYPE),
        ),
        OK,
        200,
        hits=2,
        sleeps=(7.0,),
        retry_after=7.0,
    ),
    "429_retry_after_over_cap_gives_up": StatusCase(
        (_retry_after("600"), Route(RSS, RSS_TYPE)),
        SOFT,
        429,
        "http_429",
        hits=1,
        retry_after=600.0,
    ),
    "500_then_200_backoff": StatusCase(
        (Route(b"oops", status=500), Route(RSS, RSS_TYPE)), OK, 200, hits=2, sleeps=(0.5,)
    ),
    "500_repeated_soft_after_retries": StatusCase(
        (Route(b"oops", status=500),), SOFT, 500, "http_500", hits=3, sleeps=(0.5, 1.0)
    ),
    "500_no_retries_setting": StatusCase(
        (Route(b"oops", status=500),),
        SOFT,
        500,
        "http_500",
        settings=replace(BASE, retries=0),
    ),
    "404_source_soft_not_retried": StatusCase((Route(b"", status=404),), SOFT, 404, "http_404"),
    "404_article_hard": StatusCase(
        (Route(b"", status=404),), HARD, 404, "http_404", kwargs=(("is_source", False),)
    ),
    "410_source_hard": StatusCase((Route(b"", status=410),), HARD, 410, "http_410"),
    "410_article_hard": StatusCase(
        (Route(b"", status=410),), HARD, 410, "http_410", kwargs=(("is_source", False),)
    ),
    "401_hard": StatusCase((Route(b"", status=401),), HARD, 401, "http_401"),
    "403_hard": StatusCase((Route(b"", status=403),), HARD, 403, "http_403"),
}


@pytest.mark.parametrize("case", STATUS_CASES.values(), ids=STATUS_CASES.keys())
def test_status_outcomes(local_server: LocalServer, case: StatusCase) -> None:
    local_server.set_route("/feed.xml", case.routes)
    sleep = FakeSleep()
    result = fetch(local_server.url("/feed.xml"), case.settings, sleep=sleep, **dict(case.kwargs))
    assert (result.outcome, result.status, result.error) == (case.outcome, case.status, case.error)
    assert local_server.hits("/feed.xml") == case.hits
    assert tuple(sleep.calls) == case.sleeps
    assert result.retry_after == case.retry_after
    assert result.url == local_server.url("/feed.xml")
    assert result.fetched_at == NOW
    if result.outcome is OK:
        assert result.content == RSS
        assert result.content_hash == hashlib.sha256(RSS).hexdigest()
        assert result.text == RSS.decode()
        assert result.encoding == "utf-8"
        assert result.content_type == RSS_TYPE
    else:
        assert result.content == b""
        assert result.text is None
        assert result.content_hash is None


def test_ok_keeps_validators_and_sends_them_back(local_server: LocalServer) -> None:
    local_server.set_route(
        "/feed.xml", Route(RSS, RSS_TYPE, etag='"v1"', last_modified=LAST_MODIFIED)
    )
    first = fetch(local_server.url("/feed.xml"))
    assert (first.etag, first.last_modified) == ('"v1"', LAST_MODIFIED)
    second = fetch(
        local_server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified
    )
    assert second.outcome is NOT_MODIFIED
    assert (second.etag, second.last_modified) == ('"v1"', LAST_MODIFIED)
    assert second.content == b"" and second.text is None
    sent = local_server.requests("/feed.xml")[-1]
    assert sent.header("If-None-Match") == '"v1"'
    assert sent.header("If-Modified-Since") == LAST_MODIFIED
    assert sent.header("User-Agent") == BASE.user_agent


def test_changed_content_between_cycles(local_server: LocalServer) -> None:
    local_server.set_route("/feed.xml", Route(b"<rss>one</rss>", RSS_TYPE, etag='"1"'))
    first = fetch(local_server.url("/feed.xml"))
    local_server.set_route("/feed.xml", Route(b"<rss>two</rss>", RSS_TYPE, etag='"2"'))
    second = fetch(local_server.url("/feed.xml"), etag=first.etag)
    assert second.outcome is OK and second.etag == '"2"'
    assert second.content_hash != first.content_hash


def test_timeout_is_soft_and_retried(local_server: LocalServer) -> None:
    local_server.set_route("/slow", Route(RSS, RSS_TYPE, delay_seconds=1.0))
    sleep = FakeSleep()
    result = fetch(
        local_server.url("/slow"), replace(BASE, timeout_seconds=0.2, retries=1), sleep=sleep
    )
    assert (result.outcome, result.error) == (SOFT, "timeout")
    assert local_server.hits("/slow") == 2
    assert sleep.calls == [0.5]


def test_connection_refused_is_soft() -> None:
    with LocalServer({}) as server:
        url = server.url("/feed.xml")
    result = fetch(url, replace(BASE, retries=0, obey_robots=False))
    assert result.outcome is SOFT
    assert result.error is not None and result.error.startswith("connection_refused: ")


# --- redirects and size ---------------------------------------------------------------


REDIRECT_CASES: dict[str, tuple[dict[str, Route], str, FetchOutcome, str | None, str | None]] = {
    "chain_relative_and_absolute": (
        {
            "/a": Route(redirect_to="/b"),
            "/b": Route(status=301, redirect_to="{base}/c"),
            "/c": Route(status=308, redirect_to="d"),
            "/d": Route(RSS, RSS_TYPE),
        },
        "/a",
        OK,
        "/d",
        None,
    ),
    "loop_gives_up": (
        {"/loop": Route(redirect_to="/loop")},
        "/loop",
        SOFT,
        "/loop",
        "too_many_redirects",
    ),
    "to_ftp_is_hard": (
        {"/a": Route(redirect_to="ftp://127.0.0.1/feed")},
        "/a",
        HARD,
        None,
        "invalid_url",
    ),
}


@pytest.mark.parametrize(
    ("routes", "start", "outcome", "final_path", "error"),
    REDIRECT_CASES.values(),
    ids=REDIRECT_CASES.keys(),
)
def test_redirects(
    local_server: LocalServer,
    routes: dict[str, Route],
    start: str,
    outcome: FetchOutcome,
    final_path: str | None,
    error: str | None,
) -> None:
    for path, route in routes.items():
        if route.redirect_to:
            route = replace(route, redirect_to=route.redirect_to.format(base=local_server.base_url))
        local_server.set_route(path, route)
    result = fetch(local_server.url(start))
    assert result.outcome is outcome
    assert result.url == local_server.url(start)
    if final_path is not None:
        assert result.final_url == local_server.url(final_path)
    if error is None:
        assert result.error is None
        assert all(local_server.hits(path) == 1 for path in routes)
    else:
        assert result.error is not None and result.error.startswith(error)
    if start == "/loop":
        assert local_server.hits("/loop") == 6  # the first request and five redirect hops


SIZE_CASES = {
    "declared_content_length_over_cap": (Route(b"x" * 2_000, RSS_TYPE), SOFT, "too_large"),
    "chunked_stream_over_cap": (Route(b"x" * 2_000, RSS_TYPE, chunked=True), SOFT, "too_large"),
    "exactly_at_cap": (Route(b"x" * 1_000, RSS_TYPE, chunked=True), OK, None),
}


@pytest.mark.parametrize(("route", "outcome", "error"), SIZE_CASES.values(), ids=SIZE_CASES.keys())
def test_size_cap(
    local_server: LocalServer, route: Route, outcome: FetchOutcome, error: str | None
) -> None:
    local_server.set_route("/big", route)
    result = fetch(local_server.url("/big"), replace(BASE, max_body_bytes=1_000))
    assert (result.outcome, result.error) == (outcome, error)
    assert local_server.hits("/big") == 1  # too_large is not retried
    if outcome is SOFT:
        assert result.content == b""


# --- compressed bodies: the cap applies to decoded bytes --------------------------------------


def _gzip_bomb(megabytes: int) -> bytes:
    """``megabytes`` MB of zeros, gzip-compressed (about 1 KB per MB) without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """50 MB of zeros in about 50 KB of gzip."""
    return _gzip_bomb(50)


def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, mtime=0)


def _deflate_raw(body: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(body) + packer.flush()


PAGE = ("<html><body>" + "日本国際問題研究所の記事。" * 40 + "</body></html>").encode()


@dataclass(frozen=True)
class EncodedCase:
    plain: bytes  # what the server compresses (and the fetch should hand back)
    encode: Any  # bytes -> bytes: how the server compresses it
    encoding: str  # the Content-Encoding header
    chunked: bool = False
    outcome: FetchOutcome = OK
    error: str | None = None
    cap: int = 10_000


ENCODED_CASES: dict[str, EncodedCase] = {
    "gzip": EncodedCase(PAGE, _gzip, "gzip"),
    "gzip_chunked": EncodedCase(PAGE, _gzip, "gzip", chunked=True),
    "x_gzip": EncodedCase(PAGE, _gzip, "x-gzip"),
    "deflate_zlib_wrapped": EncodedCase(PAGE, zlib.compress, "deflate"),
    "deflate_raw": EncodedCase(PAGE, _deflate_raw, "deflate", chunked=True),
    "stacked_deflate_then_gzip": EncodedCase(
        PAGE, lambda body: _gzip(zlib.compress(body)), "deflate, gzip"
    ),
    "identity": EncodedCase(PAGE, bytes, "identity"),
    "gzip_exactly_at_cap": EncodedCase(b"x" * 1_000, _gzip, "gzip", chunked=True, cap=1_000),
    "gzip_one_byte_over_cap": EncodedCase(
        b"x" * 1_001, _gzip, "gzip", chunked=True, outcome=SOFT, error="too_large", cap=1_000
    ),
    "corrupt_gzip": EncodedCase(
        b"", lambda _: b"plain text, not gzip", "gzip", outcome=SOFT, error="decoding_error"
    ),
    "brotli_never_asked_for": EncodedCase(
        b"", lambda _: b"\x8b\x02\x80hello\x03", "br", outcome=SOFT, error="decoding_error"
    ),
}


@pytest.mark.parametrize("case", ENCODED_CASES.values(), ids=ENCODED_CASES.keys())
def test_content_encoding_decoded_under_the_cap(
    local_server: LocalServer, case: EncodedCase
) -> None:
    local_server.set_route(
        "/page",
        Route(
            case.encode(case.plain),
            "text/html; charset=utf-8",
            headers=(("Content-Encoding", case.encoding),),
            chunked=case.chunked,
        ),
    )
    result = fetch(local_server.url("/page"), replace(BASE, max_body_bytes=case.cap))
    assert result.outcome is case.outcome
    assert (result.error or "").split(":")[0] == (case.error or "")
    assert local_server.hits("/page") == 1
    if case.outcome is OK:
        assert result.content == case.plain
        assert result.content_hash == hashlib.sha256(case.plain).hexdigest()
    else:
        assert result.content == b"" and result.text is None
    assert local_server.requests("/page")[0].header("Accept-Encoding") == "gzip, deflate"


BOMB_CASES = {"content_length": False, "chunked": True}


@pytest.mark.parametrize("chunked", BOMB_CASES.values(), ids=BOMB_CASES.keys())
def test_gzip_bomb_is_cut_off_at_the_cap(
    local_server: LocalServer, gzip_bomb: bytes, chunked: bool
) -> None:
    cap = 100_000
    assert len(gzip_bomb) < cap  # the declared (compressed) length passes the first check
    local_server.set_route(
        "/bomb",
        Route(gzip_bomb, "text/html", headers=(("Content-Encoding", "gzip"),), chunked=chunked),
    )
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = fetch(local_server.url("/bomb"), replace(BASE, max_body_bytes=cap))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.outcome, result.error) == (SOFT, "too_large")
    assert local_server.hits("/bomb") == 1  # too_large is not retried
    # Inflating the 50 MB in full (as httpx's aiter_bytes does per network chunk)
    # peaks above 100 MB; the bounded decoder stays near the cap.
    assert peak < 8_000_000, f"peak traced memory {peak:,} bytes"
    assert elapsed < 5.0


def test_robots_gzip_bomb_is_read_only_up_to_its_limit(
    local_server: LocalServer, gzip_bomb: bytes
) -> None:
    local_server.set_route("/robots.txt", Route(gzip_bomb, headers=(("Content-Encoding", "gzip"),)))
    local_server.set_route("/page", Route(b"article", "text/html"))
    tracemalloc.start()
    try:
        result = fetch(local_server.url("/page"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.outcome, result.text) == (OK, "article")  # zeros are no rules: all allowed
    assert peak < 8_000_000, f"peak traced memory {peak:,} bytes"


# --- robots.txt ----------------------------------------------------------------------


ROBOTS_CASES: dict[str, tuple[Route | None, bool, FetchOutcome, str | None, int]] = {
    "disallowed_for_all": (
        Route(b"User-agent: *\nDisallow: /private/\n"),
        True,
        HARD,
        "robots_disallowed",
        0,
    ),
    "disallowed_for_mediawatch": (
        Route(b"User-agent: mediawatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n"),
        True,
        HARD,
        "robots_disallowed",
        0,
    ),
    "disallowed_for_other_agent_only": (
        Route(b"User-agent: otherbot\nDisallow: /\n"),
        True,
        OK,
        None,
        1,
    ),
    "robots_missing_404_allows": (None, True, OK, None, 1),
    "robots_403_allows": (Route(b"", status=403), True, OK, None, 1),
    "robots_500_blocks_this_run": (Route(b"", status=500), True, SOFT, "http_500: robots.txt", 0),
    "not_obeyed_when_disabled": (Route(b"User-agent: *\nDisallow: /\n"), False, OK, None, 1),
    # RFC 9309: the longest matching rule wins, and * and $ work in paths.
    "longer_allow_beats_shorter_disallow": (
        Route(b"User-agent: *\nDisallow: /private/\nAllow: /private/page\n"),
        True,
        OK,
        None,
        1,
    ),
    "wildcard_and_end_anchor": (
        Route(b"User-agent: *\nDisallow: /*.html$\n"),
        True,
        HARD,
        "robots_disallowed",
        0,
    ),
}


@pytest.mark.parametrize(
    ("robots", "obey", "outcome", "error", "page_hits"),
    ROBOTS_CASES.values(),
    ids=ROBOTS_CASES.keys(),
)
def test_robots(
    local_server: LocalServer,
    robots: Route | None,
    obey: bool,
    outcome: FetchOutcome,
    error: str | None,
    page_hits: int,
) -> None:
    if robots is not None:
        local_server.set_route("/robots.txt", robots)
    local_server.set_route("/private/page.html", Route(b"<html></html>", "text/html"))
    result = fetch(local_server.url("/private/page.html"), replace(BASE, obey_robots=obey))
    assert (result.outcome, result.error) == (outcome, error)
    assert local_server.hits("/private/page.html") == page_hits
    assert local_server.hits("/robots.txt") == (1 if obey else 0)


def test_robots_fetched_once_per_fetcher(local_server: LocalServer) -> None:
    local_server.set_route("/robots.txt", Route(b"User-agent: *\nDisallow: /private/\n"))
    local_server.set_route("/open.html", Route(b"ok", "text/html"))
    urls = [local_server.url(p) for p in ("/open.html", "/private/a", "/open.html", "/private/b")]
    results = fetch_many(urls, BASE)
    assert [r.outcome for r in results] == [OK, HARD, OK, HARD]
    assert local_server.hits("/robots.txt") == 1
    assert local_server.hits("/private/a") == local_server.hits("/private/b") == 0


def test_robots_crawl_delay_spaces_requests(local_server: LocalServer) -> None:
    local_server.set_route("/robots.txt", Route(b"User-agent: *\nCrawl-delay: 2\n"))
    local_server.set_route("/a", Route(b"ok"))
    sleep = FakeSleep()
    fetch_many([local_server.url("/a"), local_server.url("/a")], BASE, sleep=sleep)
    assert any(1.5 <= wait <= 2.0 for wait in sleep.calls), sleep.calls


# --- URLs that are never fetched ---------------------------------------------------------


def _no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"network used for {request.url}")


INVALID_URLS = {
    "ftp": "ftp://example.org/feed.xml",
    "file": "file:///etc/passwd",
    "javascript": "javascript:alert(1)",
    "no_host": "http:///feed.xml",
    "no_scheme": "example.org/feed.xml",
    "empty": "",
    "bad_port": "http://example.org:99999/",
    "bad_ipv6": "http://[::1/feed",
}


@pytest.mark.parametrize("url", INVALID_URLS.values(), ids=INVALID_URLS.keys())
def test_invalid_urls_are_hard_without_network(url: str) -> None:
    result = fetch(url, transport=httpx.MockTransport(_no_network))
    assert result.outcome is HARD
    assert result.error is not None and result.error.startswith("invalid_url")
    assert url_problem(url) is not None


# --- the address guard: untrusted URLs never reach private addresses -------------------------


def _answer_everything(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/robots.txt":
        return httpx.Response(404)
    return httpx.Response(200, text="public page", headers={"Content-Type": "text/plain"})


DNS = {
    "metadata.internal": ("169.254.169.254",),
    "intranet.example": ("10.1.2.3",),
    "mixed.example": ("93.184.216.34", "10.0.0.1"),
    "mapped.example": ("::ffff:127.0.0.1",),
    "public.example": ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
}

BLOCKED_WITHOUT_SERVER = {
    "cloud_metadata_literal": ("http://169.254.169.254/latest/meta-data/", "link-local"),
    "ipv6_loopback_literal": ("http://[::1]:8080/feed.xml", "loopback"),
    "ipv4_mapped_loopback_literal": ("http://[::ffff:127.0.0.1]/", "loopback"),
    "unspecified": ("http://0.0.0.0:8080/", "unspecified"),
    "private_10": ("http://10.0.0.1/admin", "private"),
    "private_192_168": ("https://192.168.1.1/", "private"),
    "shared_address_space_metadata": ("http://100.100.100.200/latest/meta-data/", "not-global"),
    "multicast": ("http://224.0.0.1/", "multicast"),
    "reserved": ("http://240.0.0.1/", "reserved"),
    "ipv6_unique_local": ("http://[fd12:3456::1]/", "private"),
    "ipv6_link_local": ("http://[fe80::1]/", "link-local"),
    "name_resolving_to_metadata": ("http://metadata.internal/computeMetadata/v1/", "link-local"),
    "name_resolving_to_10": ("http://intranet.example/", "private"),
    "one_of_several_addresses_private": ("http://mixed.example/", "private"),
    "name_resolving_to_mapped_loopback": ("http://mapped.example/", "loopback"),
}


@pytest.mark.parametrize(
    ("url", "kind"), BLOCKED_WITHOUT_SERVER.values(), ids=BLOCKED_WITHOUT_SERVER.keys()
)
def test_private_addresses_blocked_without_network(url: str, kind: str) -> None:
    result = fetch(
        url,
        transport=httpx.MockTransport(_no_network),
        trusted_hosts=LOCAL,
        dns=DNS,
        is_source=False,
    )
    assert result.outcome is HARD
    assert result.error is not None and result.error.startswith("blocked_address: ")
    assert result.error.endswith(f"({kind})") or result.error.endswith(f"is {kind}")
    assert result.status is None and result.content == b""


PASSING_WITHOUT_SERVER = {
    "public_name": ("http://public.example/news/1", None),
    "public_literal": ("http://93.184.216.34/news/1", None),
    "unresolvable_name_left_to_the_connection": ("http://nxdomain.example/", None),
    "trusted_private_name": ("http://intranet.example/", ("intranet.example",)),
    "trusted_name_case_and_trailing_dot": ("http://INTRANET.example./", ("intranet.example",)),
}


@pytest.mark.parametrize(
    ("url", "trusted"), PASSING_WITHOUT_SERVER.values(), ids=PASSING_WITHOUT_SERVER.keys()
)
def test_public_and_trusted_hosts_pass_the_guard(url: str, trusted: tuple[str, ...] | None) -> None:
    result = fetch(
        url,
        transport=httpx.MockTransport(_answer_everything),
        trusted_hosts=trusted or (),
        dns=DNS,
        is_source=False,
    )
    assert (result.outcome, result.error, result.text) == (OK, None, "public page")


@dataclass(frozen=True)
class GuardCase:
    trusted: tuple[str, ...]
    outcome: FetchOutcome
    error: str | None = None
    redirect_to: str | None = None  # where /start sends the client ("{port}" is filled in)
    hits: tuple[tuple[str, int], ...] = ()
    settings: Settings = BASE
    host: str = "127.0.0.1"


GUARD_CASES: dict[str, GuardCase] = {
    "untrusted_loopback_article_never_hits_server": GuardCase(
        (), HARD, "blocked_address: 127.0.0.1 is loopback", hits=(("/start", 0), ("/robots.txt", 0))
    ),
    "untrusted_localhost_name_never_hits_server": GuardCase(
        ("example.org",),
        HARD,
        "blocked_address: localhost resolves to 127.0.0.1 (loopback)",
        hits=(("/start", 0), ("/robots.txt", 0)),
        host="localhost",
    ),
    "trusted_host_passes": GuardCase(LOCAL, OK, hits=(("/start", 1), ("/robots.txt", 1))),
    "trusted_address_does_not_vouch_for_other_names": GuardCase(
        LOCAL,
        HARD,
        "blocked_address: localhost resolves to 127.0.0.1 (loopback)",
        hits=(("/start", 0),),
        host="localhost",
    ),
    "trusted_localhost_name_passes": GuardCase(
        ("localhost",), OK, hits=(("/start", 1),), host="localhost"
    ),
    "setting_disables_guard": GuardCase(
        (), OK, hits=(("/start", 1),), settings=replace(BASE, allow_private_addresses=True)
    ),
    "trusted_redirect_to_trusted_passes": GuardCase(
        LOCAL, OK, redirect_to="/page", hits=(("/start", 1), ("/page", 1))
    ),
    "trusted_redirect_to_metadata_blocked": GuardCase(
        LOCAL,
        HARD,
        "blocked_address: 169.254.169.254 is link-local",
        redirect_to="http://169.254.169.254/latest/meta-data/",
        hits=(("/start", 1),),
    ),
    "trusted_redirect_to_ipv6_loopback_blocked": GuardCase(
        LOCAL,
        HARD,
        "blocked_address: ::1 is loopback",
        redirect_to="http://[::1]:{port}/page",
        hits=(("/start", 1), ("/page", 0)),
    ),
    "trusted_redirect_to_localhost_blocked": GuardCase(
        LOCAL,
        HARD,
        "blocked_address: localhost resolves to 127.0.0.1 (loopback)",
        redirect_to="http://localhost:{port}/page",
        hits=(("/start", 1), ("/page", 0)),
    ),
    "trusted_redirect_to_untrusted_private_name_blocked": GuardCase(
        LOCAL,
        HARD,
        "blocked_address: intranet.example resolves to 10.1.2.3 (private)",
        redirect_to="http://intranet.example/admin",
        hits=(("/start", 1),),
    ),
    "redirect_blocked_even_when_robots_ignored": GuardCase(
        LOCAL,
        HARD,
        "blocked_address: 10.0.0.1 is private",
        redirect_to="http://10.0.0.1/",
        hits=(("/start", 1), ("/robots.txt", 0)),
        settings=replace(BASE, obey_robots=False),
    ),
}


@pytest.mark.parametrize("case", GUARD_CASES.values(), ids=GUARD_CASES.keys())
def test_address_guard_over_http(local_server: LocalServer, case: GuardCase) -> None:
    if case.redirect_to is not None:
        target = case.redirect_to.format(port=local_server.port)
        local_server.set_route("/start", Route(redirect_to=target))
    else:
        local_server.set_route("/start", Route(b"article", "text/html"))
    local_server.set_route("/page", Route(b"article", "text/html"))
    url = local_server.url("/start").replace("127.0.0.1", case.host)
    dns = {"localhost": ("127.0.0.1",), **DNS}
    result = fetch(url, case.settings, trusted_hosts=case.trusted, dns=dns, is_source=False)
    assert (result.outcome, result.error) == (case.outcome, case.error)
    for path, hits in case.hits:
        assert local_server.hits(path) == hits, path
    if case.outcome is OK:
        assert result.text == "article"


def test_robots_redirect_to_private_address_is_not_followed(local_server: LocalServer) -> None:
    local_server.set_route("/robots.txt", Route(redirect_to="http://169.254.169.254/robots.txt"))
    local_server.set_route("/page", Route(b"article", "text/html"))
    result = fetch(local_server.url("/page"), is_source=False)
    assert (result.outcome, result.error) == (
        SOFT,
        "blocked_address: robots.txt: 169.254.169.254 is link-local",
    )
    assert local_server.hits("/robots.txt") == 1
    assert local_server.hits("/page") == 0


def test_guard_resolves_with_the_system_resolver(local_server: LocalServer) -> None:
    """No fake DNS: ``localhost`` really resolves, to loopback, and is refused."""
    local_server.set_route("/page", Route(b"article", "text/html"))
    url = local_server.url("/page").replace("127.0.0.1", "localhost")
    result = fetch(url, trusted_hosts=("example.org",), is_source=False)
    assert result.outcome is HARD
    assert result.error is not None
    assert result.error.startswith("blocked_address: localhost resolves to ")
    assert local_server.hits("/page") == 0


ADDRESS_CASES = {
    "public_v4": ("93.184.216.34", None),
    "public_v6": ("2606:2800:220:1:248:1893:25c8:1946", None),
    "loopback_v4_range": ("127.8.9.10", "loopback"),
    "ipv4_compatible_v6": ("::10.0.0.1", "private"),
    "benchmarking": ("198.18.0.1", "private"),
    "cgnat": ("100.64.0.1", "not-global"),
    "broadcast": ("255.255.255.255", "reserved"),
    "documentation_v6": ("2001:db8::1", "private"),
    "ipv6_multicast": ("ff02::1", "multicast"),
}


@pytest.mark.parametrize(("address", "kind"), ADDRESS_CASES.values(), ids=ADDRESS_CASES.keys())
def test_address_problem(address: str, kind: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == kind


# --- concurrency and politeness ------------------------------------------------------------


CONCURRENCY_CASES = {
    "per_host_limit": (replace(BASE, per_host_connections=2, max_connections=10), 2),
    "global_limit": (replace(BASE, per_host_connections=8, max_connections=3), 3),
}


@pytest.mark.parametrize(
    ("settings", "limit"), CONCURRENCY_CASES.values(), ids=CONCURRENCY_CASES.keys()
)
def test_concurrency_limits(local_server: LocalServer, settings: Settings, limit: int) -> None:
    local_server.set_route("/slow", Route(b"ok", delay_seconds=0.15))
    local_server.reset_stats()
    results = fetch_many([local_server.url("/slow")] * 8, replace(settings, obey_robots=False))
    assert all(r.outcome is OK for r in results)
    assert local_server.hits("/slow") == 8
    assert local_server.max_in_flight == limit


def test_per_host_delay_between_requests(local_server: LocalServer) -> None:
    local_server.set_route("/a", Route(b"ok"))
    settings = replace(BASE, per_host_delay_seconds=0.15, per_host_connections=4, obey_robots=False)
    fetch_many([local_server.url("/a")] * 3, settings)
    starts = [r.started for r in local_server.requests("/a")]
    gaps = [later - earlier for earlier, later in pairwise(starts)]
    assert len(gaps) == 2 and all(gap >= 0.13 for gap in gaps), gaps


# --- encodings over HTTP ---------------------------------------------------------------------


@dataclass(frozen=True)
class EncodingCase:
    source: str | bytes  # a real-world fixture path, or the bytes themselves
    content_type: str | None
    encoding: str
    contains: tuple[str, ...]
    override: str | None = None


ENCODING_CASES: dict[str, EncodingCase] = {
    "shift_jis_in_header": EncodingCase(
        "髙橋と山﨑と桒原の記事".encode("cp932"),
        "text/plain; charset=Shift_JIS",
        "cp932",
        ("髙橋", "山﨑", "桒原"),
    ),
    "shift_jis_in_xml_declaration": EncodingCase(
        "feeds/chardet__SHIFT_JIS__brag.zaka.to.xml", "application/atom+xml", "cp932", ("読売新聞",)
    ),
    "x_sjis_in_meta_http_equiv_cp932_chars": EncodingCase(
        "encoding_samples/chardet__CP932__www2.chuo-u.ac.jp-suishin.xml",
        "text/html",
        "cp932",
        ("髙", "﨑", "桒"),
    ),
    "euc_jp_in_xml_declaration": EncodingCase(
        "feeds/chardet__EUC-JP__blog.kabu-navi.com.atom.xml",
        "application/atom+xml",
        "euc_jp",
        ("「負けない」投資家の日記",),
    ),
    "latin1_without_declaration": EncodingCase(
        "feeds/rss-parser__uolNoticias.rss", "application/rss+xml", "cp1252", ("Últimas Notícias",)
    ),
    "declares_shift_jis_but_ascii": EncodingCase(
        "articles/postlight-parser__www.itmedia.co.jp.html", "text/html", "cp932", ("ITmedia",)
    ),
    "header_lies_utf8_xml_declaration_wins": EncodingCase(
        "feeds/chardet__SHIFT_JIS__brag.zaka.to.xml",
        "text/xml; charset=utf-8",
        "cp932",
        ("読売新聞",),
    ),
    "override_beats_wrong_header": EncodingCase(
        "feeds/chardet__EUC-JP__blog.kabu-navi.com.atom.xml",
        "text/xml; charset=iso-8859-1",
        "euc_jp",
        ("「負けない」投資家の日記",),
        override="EUC-JP",
    ),
}


@pytest.mark.parametrize("case", ENCODING_CASES.values(), ids=ENCODING_CASES.keys())
def test_encodings_over_http(
    local_server: LocalServer, real_world: Path, case: EncodingCase
) -> None:
    body = (
        case.source if isinstance(case.source, bytes) else (real_world / case.source).read_bytes()
    )
    local_server.set_route("/doc", Route(body, case.content_type or "application/octet-stream"))
    result = fetch(local_server.url("/doc"), encoding=case.override)
    assert result.outcome is OK
    assert result.encoding == case.encoding
    assert result.text is not None
    assert "\ufffd" not in result.text
    for expected in case.contains:
        assert expected in result.text
    assert result.content == body
    assert result.content_hash == hashlib.sha256(body).hexdigest()


def test_declared_shift_jis_ascii_page_is_unchanged(real_world: Path) -> None:
    body = (real_world / "articles/postlight-parser__www.itmedia.co.jp.html").read_bytes()
    text, encoding = decode_body(body, "text/html")
    assert encoding == "cp932"
    assert text == body.decode("ascii")


DECODE_CASES: dict[str, tuple[bytes, str | None, str | None, str, str]] = {
    "utf8_bom_beats_header": (
        b"\xef\xbb\xbfcaf\xc3\xa9",
        "text/plain; charset=latin-1",
        None,
        "café",
        "utf-8",
    ),
    "utf16le_bom": (
        "日本".encode("utf-16-le").join([b"\xff\xfe", b""]),
        None,
        None,
        "日本",
        "utf-16-le",
    ),
    "override_first": ("髙".encode("cp932"), "text/plain; charset=utf-8", "sjis", "髙", "cp932"),
    "windows_31j_label": (
        "﨑".encode("cp932"),
        "text/html; charset=Windows-31J",
        None,
        "﨑",
        "cp932",
    ),
    "x_sjis_label": ("桒".encode("cp932"), "text/html; charset=x-sjis", None, "桒", "cp932"),
    "meta_charset": (
        b'<html><head><meta charset="shift_jis"></head>' + "髙".encode("cp932"),
        "text/html",
        None,
        '<html><head><meta charset="shift_jis"></head>髙',
        "cp932",
    ),
    "euc_jp_falls_back_to_jis_2004": (
        "①の剝がれ".encode("euc_jis_2004"),
        "text/plain; charset=EUC-JP",
        None,
        "①の剝がれ",
        "euc_jis_2004",
    ),
    "unknown_label_ignored": (b"caf\xc3\xa9", "text/plain; charset=klingon", None, "café", "utf-8"),
    "short_latin1_not_utf16": (b"caf\xe9", None, None, "café", "cp1252"),
    "latin1_label_is_windows_1252": (
        b"\x93quoted\x94",
        "text/plain; charset=ISO-8859-1",
        None,
        "\u201cquoted\u201d",
        "cp1252",
    ),
    "empty": (b"", "text/plain", None, "", "utf-8"),
}


@pytest.mark.parametrize(
    ("content", "content_type", "override", "text", "encoding"),
    DECODE_CASES.values(),
    ids=DECODE_CASES.keys(),
)
def test_decode_body(
    content: bytes, content_type: str | None, override: str | None, text: str, encoding: str
) -> None:
    assert decode_body(content, content_type, override) == (text, encoding)


def test_decode_body_never_raises_on_garbage() -> None:
    text, encoding = decode_body(bytes(range(256)) * 3, "text/html; charset=shift_jis")
    assert isinstance(text, str) and encoding


RETRY_AFTER_CASES = {
    "seconds": ("120", 120.0),
    "padded_seconds": ("  5 ", 5.0),
    "negative_seconds": ("-3", 0.0),
    "http_date": (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
    "http_date_in_past": (format_datetime(NOW - timedelta(hours=1), usegmt=True), 0.0),
    "garbage": ("soon", None),
    "missing": (None, None),
}


@pytest.mark.parametrize(
    ("value", "seconds"), RETRY_AFTER_CASES.values(), ids=RETRY_AFTER_CASES.keys()
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, NOW) == seconds


def test_localserver_serves_head_and_unknown_paths(local_server: LocalServer) -> None:
    local_server.set_route("/x", Route(b"hello", "text/plain"))

    async def run() -> tuple[httpx.Response, httpx.Response]:
        async with httpx.AsyncClient() as client:
            return await client.head(local_server.url("/x")), await client.get(
                local_server.url("/nope")
            )

    head, missing = asyncio.run(run())
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == "5"
    assert missing.status_code == 404
    assert local_server.hits("/x") == 1 and local_server.hits("/nope") == 1
