"""The collector's HTTP layer: one URL in, one ``FetchResult`` out.

Takes a URL (plus the validators remembered from the last fetch and an
optional encoding override) and returns a ``FetchResult`` whose outcome is
``ok`` (body, decoded text, validators, content hash), ``not_modified``
(a 304, no body), ``soft_error`` (try again later: timeouts, network errors,
429, 5xx, a source's 404, an oversized body) or ``hard_error`` (needs a
human: invalid URL, 401/403/410, an article's 404, robots.txt says no).

Along the way it does conditional GETs, bounded global and per-host
concurrency with a per-host politeness delay, retries with exponential
backoff honouring Retry-After, robots.txt, a streamed size cap on the
*decoded* body (gzip/deflate are inflated incrementally, so a decompression
bomb is cut off at the cap), redirects (at most ``MAX_REDIRECTS`` hops, each
checked like the first URL) and charset detection tuned for Japanese sites
(``decode_body``).

Feed entries and redirects are untrusted: before every connection (each
redirect hop and each robots.txt hop too) the host is resolved and the URL is
refused (``hard_error``, ``blocked_address: ...``) when any address is
loopback, private, link-local, multicast, reserved or unspecified -- unless
the host is one of the ``trusted_hosts`` (the configured sources' host names)
or ``allow_private_addresses`` is set. DNS rebinding between the check and
the connection is out of scope.

A failed fetch's ``error`` names what actually happened: a machine-readable
cause, then ``": "`` and detail when there is any (``connection_refused:
[Errno 111] ...``, ``http_503``, ``timeout``). ``failure_cause`` is the one
mapping from exceptions to causes; when robots.txt cannot be fetched, the
error is its cause (``dns_error: robots.txt: ...``, ``http_503: robots.txt``),
since the host is then skipped for the run.

It never raises for an HTTP status or a network error, never follows a URL
that is not http(s), never buffers more than ``max_body_bytes`` of decoded
body, and never touches the database or parses what it fetched.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import ipaddress
import logging
import re
import socket
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from pipeline.encoding import decode_body, reads_as
from pipeline.settings import Settings
from pipeline.types import FetchOutcome, FetchResult

__all__ = [
    "MAX_REDIRECTS",
    "Fetcher",
    "address_problem",
    "decode_body",
    "error_text",
    "failure_cause",
    "parse_retry_after",
    "url_problem",
]

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
"""Redirect hops followed before giving up with ``too_many_redirects``."""

TOTAL_TIMEOUT_FACTOR = 3.0
"""One attempt (headers and whole body) must finish within this many timeouts."""

ROBOTS_MAX_BYTES = 512_000
"""robots.txt is read up to this size (RFC 9309 asks for at least 500 KiB)."""

MAX_CRAWL_DELAY_SECONDS = 60.0
"""A robots.txt Crawl-delay above this is treated as this."""

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)
_DECODE_IN_THREAD_BYTES = 64_000
_ACCEPT_ENCODING = "gzip, deflate"
"""Only encodings ``_BoundedDecoder`` can inflate under a size cap are asked for."""

Sleep = Callable[[float], Awaitable[object]]


# --- URLs ---------------------------------------------------------------------


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched (only absolute http/https URLs with a host can), or None."""
    if not url or not url.strip():
        return "empty URL"
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises ValueError for a non-numeric or out-of-range port
    except ValueError as error:
        return f"unparseable URL: {error}"
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        return f"unsupported scheme {scheme!r}" if scheme else "no scheme"
    if not parts.hostname:
        return "no host"
    try:
        httpx.URL(url.strip())
    except httpx.InvalidURL as error:
        return f"invalid URL: {error}"
    return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


# --- addresses ------------------------------------------------------------------

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], Awaitable[list[str]]]
"""Host name in, its addresses (as text) out; raises OSError when it cannot resolve."""

_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier NAT, some cloud metadata


def address_problem(address: IPAddress) -> str | None:
    """Why ``address`` must not be fetched from (loopback, private ...), or None if it is public.

    IPv4-mapped and IPv4-compatible IPv6 addresses are judged by their IPv4 part.
    """
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        if mapped is None and address.packed[:12] == bytes(12) and int(address) > 1:
            mapped = ipaddress.IPv4Address(address.packed[12:])  # deprecated ::a.b.c.d
        if mapped is not None:
            return address_problem(mapped)
    for kind in ("loopback", "unspecified", "link_local", "multicast", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    if address in _SHARED_ADDRESS_SPACE or not address.is_global:
        return "not-global"
    return None


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _normal_host(host: str) -> str:
    return host.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")


async def _system_resolver(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class _AddressGuard:
    """Decides whether a host may be connected to; see the module docstring.

    Trust is by host name exactly as configured (``127.0.0.1`` trusts that
    literal, not ``localhost`` or ``[::1]``), so an untrusted name for a
    trusted address is still refused.
    """

    def __init__(self, trusted_hosts: Collection[str], resolve: Resolver) -> None:
        self._trusted = frozenset(_normal_host(host) for host in trusted_hosts if host.strip())
        self._resolve = resolve

    async def problem(self, host: str) -> str | None:
        """``"<host> resolves to <address> (<kind>)"`` when ``host`` is off limits, else None.

        A host that does not resolve at all is let through: the connection
        attempt then fails on its own and says so.
        """
        name = _normal_host(host)
        if not name or name in self._trusted:
            return None
        literal = _ip_literal(name.split("%", 1)[0])
        if literal is not None:
            addresses: list[IPAddress] = [literal]
        else:
            try:
                resolved = await self._resolve(name)
            except (OSError, UnicodeError, ValueError) as error:
                logger.debug("address guard: %s does not resolve (%s)", name, error)
                return None
            addresses = []
            for text in resolved:
                ip = _ip_literal(text.split("%", 1)[0])
                if ip is None:
                    return f"{name} resolves to unparseable address {text!r}"
                addresses.append(ip)
        for address in addresses:
            kind = address_problem(address)
            if kind is not None:
                if literal is not None:
                    return f"{address} is {kind}"
                return f"{name} resolves to {address} ({kind})"
        return None


# --- Retry-After ----------------------------------------------------------------


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), or None.

    An HTTP-date is measured from ``now``; a date in the past gives 0.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN is no answer
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return max(0.0, (when - reference).total_seconds())


# --- bounded content decoding -------------------------------------------------------


class _UnsupportedEncoding(ValueError):
    """The response uses a Content-Encoding this fetcher cannot inflate under a cap."""


_UNSUPPORTED_ENCODINGS = frozenset({"br", "zstd", "compress", "x-compress"})


class _Inflater:
    """One gzip or deflate layer, inflated incrementally, never past ``limit + 1`` bytes.

    Like httpx: data after the end of the (first) compressed stream is
    ignored, and ``deflate`` is tried with a zlib header first, raw after.
    """

    def __init__(self, encoding: str, limit: int) -> None:
        self._gzip = encoding in {"gzip", "x-gzip"}
        self._wbits = zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(self._wbits)
        self._started = False
        self._left = limit + 1
        self.over = False

    def decode(self, data: bytes) -> bytes:
        """Inflate ``data``; stops (and sets ``over``) once more than ``limit`` bytes came out."""
        out = bytearray()
        while data and not self.over and not self._inflate.eof:
            try:
                piece = self._inflate.decompress(data, self._left)
            except zlib.error:
                if self._gzip or self._started:
                    raise
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
                self._started = True
                continue
            self._started = True
            out += piece
            self._left -= len(piece)
            if self._left <= 0:
                self.over = True
            data = self._inflate.unconsumed_tail
        return bytes(out)

    def flush(self) -> bytes:
        """What the inflater still holds, within the limit."""
        if self.over:
            return b""
        rest = self._inflate.flush()
        if len(rest) >= self._left:
            self.over = True
            rest = rest[: self._left]
        self._left -= len(rest)
        return rest


class _BoundedDecoder:
    """Undoes a response's Content-Encoding (gzip, deflate; stacked too) under a size limit.

    httpx's own decoders inflate each network chunk in full, so a 64 KiB chunk
    of a gzip bomb can become 64 MB before any cap is checked; here every layer
    stops as soon as it has produced more than ``limit`` bytes.
    """

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        layers: list[_Inflater] = []
        for token in (content_encoding or "").split(","):
            name = token.strip().lower()
            if name in {"gzip", "x-gzip", "deflate"}:
                layers.append(_Inflater(name, limit))
            elif name in _UNSUPPORTED_ENCODINGS:
                raise _UnsupportedEncoding(f"unsupported content-encoding {name!r}")
            # "identity", "" and unknown tokens pass the bytes through (as httpx does).
        self._layers = layers[::-1]  # the last encoding applied is undone first

    @property
    def over(self) -> bool:
        """True once some layer would have produced more than the limit."""
        return any(layer.over for layer in self._layers)

    def decode(self, data: bytes) -> bytes:
        for layer in self._layers:
            data = layer.decode(data)
        return data

    def flush(self) -> bytes:
        data = b""
        for layer in self._layers:
            data = layer.decode(data) + layer.flush()
        return data


async def _read_limited(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """The decoded body (at most ``limit`` bytes) and whether there was more.

    Reads raw bytes and inflates them under the limit, so neither the buffer
    nor any single decompression step grows much beyond ``limit``; stops
    reading as soon as the limit is passed. Raises ``zlib.error`` for a
    corrupt compressed body and ``_UnsupportedEncoding``.
    """
    if response.is_stream_consumed:
        # Already read and decoded in full (a canned response from a test transport).
        content = response.content
        return content[:limit], len(content) > limit
    decoder = _BoundedDecoder(response.headers.get("content-encoding"), limit)
    body = bytearray()
    async for raw in response.aiter_raw():
        body += decoder.decode(raw)
        if decoder.over or len(body) > limit:
            break
    else:
        body += decoder.flush()
    over = decoder.over or len(body) > limit
    # Cut in place, then one copy: slicing first would hold a third buffer of
    # ``limit`` bytes at the moment the largest bodies are refused.
    del body[limit:]
    return bytes(body), over


# --- why a fetch failed -----------------------------------------------------------


class _RobotsUnreachable(Exception):
    """robots.txt could not be reached: a refused or invalid redirect, too many redirects."""

    def __init__(self, cause: str, detail: str) -> None:
        super().__init__(error_text(cause, detail))
        self.cause = cause
        self.detail = detail


_DNS_WORDS = (
    "getaddrinfo",
    "name or service not known",
    "nodename nor servname",
    "no address associated with hostname",
    "name resolution",
)
_REFUSED_WORDS = ("connection refused", "econnrefused")
_TLS_WORDS = re.compile(r"\b(?:ssl|tls)\b|certificate")
_MAX_CHAIN = 32


def error_text(cause: str, detail: str = "") -> str:
    """The recorded error: ``cause``, then ``": "`` and ``detail`` (on one line) if any."""
    detail = " ".join(detail.split())
    return f"{cause}: {detail}" if detail else cause


def _chain(error: BaseException) -> list[BaseException]:
    """``error`` and what it wraps (causes, contexts, group members), outermost first."""
    seen: list[BaseException] = []
    todo = [error]
    while todo and len(seen) < _MAX_CHAIN:
        current = todo.pop(0)
        if any(current is known for known in seen):
            continue
        seen.append(current)
        if isinstance(current, BaseExceptionGroup):
            todo.extend(current.exceptions)
        todo.extend(link for link in (current.__cause__, current.__context__) if link is not None)
    return seen


def failure_cause(error: BaseException, host: str = "") -> tuple[str, str]:
    """THE mapping from an exception met while fetching to ``(cause, detail)``.

    ``cause`` is machine-readable: ``timeout`` (httpx or the attempt's deadline),
    ``invalid_url``, ``decoding_error`` (a corrupt or unsupported compressed body),
    ``tls_error`` (an ``ssl.SSLError`` anywhere in the chain), ``dns_error``
    (``socket.gaierror``: the host name does not resolve), ``connection_refused``
    (``ECONNREFUSED``), ``protocol_error`` (connected, but the server hung up
    before answering or answered no valid HTTP), else ``connect_error`` (any
    other network failure). httpx
    wraps the OS error (``httpx.ConnectError`` → ``httpcore.ConnectError`` →
    ``OSError``, or an ``ExceptionGroup`` of one error per address), so the whole
    chain is searched, then its messages. ``detail`` is the most specific
    message, prefixed with ``host`` for a DNS failure. Outcome and retrying are
    decided elsewhere (``Fetcher._request``); this only names the cause.
    """
    if isinstance(error, _RobotsUnreachable):
        return error.cause, error.detail
    if isinstance(error, TimeoutError | httpx.TimeoutException):
        return "timeout", ""
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "invalid_url", str(error)
    if isinstance(error, httpx.DecodingError | zlib.error | _UnsupportedEncoding):
        return "decoding_error", str(error)
    if isinstance(error, httpx.ProtocolError):
        # Connected, then no valid HTTP: a hang-up before the status line, garbage headers.
        return "protocol_error", str(error) or type(error).__name__
    chain = _chain(error)
    for link in chain:
        if isinstance(link, ssl.SSLError):
            return "tls_error", str(link) or type(link).__name__
    for link in chain:
        if isinstance(link, socket.gaierror):
            return "dns_error", f"{host}: {link}" if host else str(link)
    for link in chain:
        if isinstance(link, ConnectionRefusedError) or (
            isinstance(link, OSError) and link.errno == errno.ECONNREFUSED
        ):
            return "connection_refused", str(link)
    specific = next(
        (link for link in reversed(chain) if isinstance(link, OSError) and link.errno),
        None,
    )
    message = str(specific or error)
    words = " ".join(str(link) for link in chain).lower()
    if any(word in words for word in _DNS_WORDS):
        return "dns_error", f"{host}: {message}" if host else message
    if any(word in words for word in _REFUSED_WORDS):
        return "connection_refused", message
    if _TLS_WORDS.search(words):
        return "tls_error", message
    if "timed out" in words:
        return "timeout", message
    return "connect_error", f"{type(error).__name__}: {message}".rstrip(": ")


# --- the fetcher ------------------------------------------------------------------


@dataclass(slots=True)
class _HostGate:
    """Per-host concurrency slots and the earliest start of the next request."""

    slots: asyncio.Semaphore
    delay: float
    next_start: float = 0.0


@dataclass(frozen=True, slots=True)
class _Attempt:
    """What one try came to: a final result, whether to retry, or where to go next."""

    result: FetchResult | None = None
    retryable: bool = False
    redirect_to: str | None = None


@dataclass(frozen=True, slots=True)
class _RobotsUnavailable:
    """Marker: robots.txt answered 5xx or not at all; the host is off limits this run.

    ``error`` is what every fetch from the host records this run: why robots.txt
    could not be had (``connection_refused: robots.txt: ...``, ``http_503: robots.txt``).
    """

    error: str


class Fetcher:
    """Fetches URLs politely; use ``async with Fetcher(settings) as fetcher``.

    One Fetcher holds one httpx client, the concurrency limits and the
    robots.txt cache for its lifetime (one collection run). ``trusted_hosts``
    are the host names of the configured sources (``pipeline.config.source_hosts``):
    they may resolve to private or loopback addresses, no other host may
    (unless ``settings.allow_private_addresses``). ``transport`` replaces the
    network (e.g. ``httpx.MockTransport``) but not the address guard;
    ``resolve`` replaces the system resolver; ``sleep`` replaces
    ``asyncio.sleep`` for backoff and politeness waits, so tests can record
    them instead of waiting. Use one Fetcher within one event loop.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        trusted_hosts: Collection[str] = (),
        transport: httpx.AsyncBaseTransport | None = None,
        resolve: Resolver = _system_resolver,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._settings = settings
        self._transport = transport
        self._guard = _AddressGuard(trusted_hosts, resolve)
        self._sleep = sleep
        self._client: httpx.AsyncClient | None = None
        self._global = asyncio.Semaphore(max(1, settings.max_connections))
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, Protego | _RobotsUnavailable] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}

    # --- lifecycle -------------------------------------------------------------

    async def __aenter__(self) -> Fetcher:
        self._ensure_client()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client (the Fetcher may be used again afterwards)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _ensure_client(self) -> httpx.AsyncClient:
        if self._client is None:
            settings = self._settings
            self._client = httpx.AsyncClient(
                transport=self._transport,
                headers={
                    "User-Agent": settings.user_agent,
                    "Accept": _ACCEPT,
                    "Accept-Encoding": _ACCEPT_ENCODING,
                },
                timeout=httpx.Timeout(settings.timeout_seconds),
                limits=httpx.Limits(
                    max_connections=max(1, settings.max_connections),
                    max_keepalive_connections=max(1, settings.max_connections),
                ),
                follow_redirects=False,
                max_redirects=MAX_REDIRECTS,
            )
        return self._client

    # --- the one public call ------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        encoding: str | None = None,
        now: datetime | None = None,
        is_source: bool = True,
    ) -> FetchResult:
        """Fetch ``url`` once (with retries) and say how it went; never raises for HTTP.

        ``etag``/``last_modified`` are the validators from the previous fetch
        (sent as If-None-Match / If-Modified-Since); ``encoding`` overrides
        charset detection; ``now`` becomes ``fetched_at`` and the reference for
        Retry-After dates; ``is_source`` selects the feed/listing rules (404 is
        soft) rather than the article rules (404 is hard).
        """
        fetched_at = now if now is not None else datetime.now(UTC)
        problem = url_problem(url)
        if problem is not None:
            logger.warning("fetch %s: invalid URL (%s)", url, problem)
            return FetchResult(
                url=url,
                outcome=FetchOutcome.HARD_ERROR,
                error=f"invalid_url: {problem}",
                fetched_at=fetched_at,
            )
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempts = max(0, self._settings.retries) + 1
        last_retry_after: float | None = None
        result: FetchResult | None = None
        for attempt in range(attempts):
            attempt_result, retryable = await self._follow(
                url, headers, fetched_at=fetched_at, is_source=is_source, encoding=encoding
            )
            if attempt_result.retry_after is not None:
                last_retry_after = attempt_result.retry_after
            result = replace(attempt_result, retry_after=last_retry_after)
            if not retryable or attempt == attempts - 1:
                break
            delay = self._settings.backoff_seconds * (2**attempt)
            if attempt_result.retry_after is not None:
                if attempt_result.retry_after > self._settings.max_retry_after_seconds:
                    logger.info(
                        "fetch %s: Retry-After %.0fs exceeds the %.0fs cap; not retrying now",
                        url,
                        attempt_result.retry_after,
                        self._settings.max_retry_after_seconds,
                    )
                    break
                delay = attempt_result.retry_after
            logger.info(
                "fetch %s: %s, retry %d/%d in %.1fs",
                url,
                attempt_result.error,
                attempt + 1,
                attempts - 1,
                delay,
            )
            await self._sleep(delay)
        assert result is not None
        if result.outcome in (FetchOutcome.SOFT_ERROR, FetchOutcome.HARD_ERROR):
            logger.warning("fetch %s: %s %s", url, result.outcome, result.error)
        else:
            logger.debug("fetch %s: %s (status %s)", url, result.outcome, result.status)
        return result

    # --- one attempt: redirects, robots, the request ---------------------------------

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        *,
        fetched_at: datetime,
        is_source: bool,
        encoding: str | None,
    ) -> tuple[FetchResult, bool]:
        """One attempt, following redirects; returns the result and whether to retry."""
        current = url.strip()
        visited: set[str] = set()
        for hop in range(MAX_REDIRECTS + 1):
            visited.add(current)
            if hop:
                problem = url_problem(current)
                if problem is not None:
                    return self._error(
                        url,
                        current,
                        FetchOutcome.HARD_ERROR,
                        f"invalid_url: redirect to {current} ({problem})",
                        fetched_at,
                    ), False
            refused = await self._refused(url, current, fetched_at)
            if refused is not None:
                return refused
            if self._settings.obey_robots:
                robots = await self._robots_for(current)
                if isinstance(robots, _RobotsUnavailable):
                    return self._error(
                        url, current, FetchOutcome.SOFT_ERROR, robots.error, fetched_at
                    ), False
                if not robots.can_fetch(current, self._settings.user_agent):
                    return self._error(
                        url, current, FetchOutcome.HARD_ERROR, "robots_disallowed", fetched_at
                    ), False
            attempt = await self._request(
                url,
                current,
                headers,
                fetched_at=fetched_at,
                is_source=is_source,
                encoding=encoding,
            )
            if attempt.redirect_to is None:
                assert attempt.result is not None
                return attempt.result, attempt.retryable
            logger.debug("fetch %s: redirected to %s", url, attempt.redirect_to)
            current = attempt.redirect_to
        detail = f"more than {MAX_REDIRECTS} hops" + (
            f", a loop through {current}" if current in visited else f", last to {current}"
        )
        return self._error(
            url,
            current,
            FetchOutcome.SOFT_ERROR,
            error_text("too_many_redirects", detail),
            fetched_at,
        ), False

    async def _refused(
        self, url: str, current: str, fetched_at: datetime
    ) -> tuple[FetchResult, bool] | None:
        """The address guard on ``current``: None to go ahead, else the result and retryability."""
        try:
            problem = await self._address_problem(current)
        except TimeoutError:
            message = error_text("timeout", f"resolving {_host(current)}")
            return self._error(url, current, FetchOutcome.SOFT_ERROR, message, fetched_at), True
        if problem is None:
            return None
        message = f"blocked_address: {problem}"
        return self._error(url, current, FetchOutcome.HARD_ERROR, message, fetched_at), False

    async def _address_problem(self, url: str) -> str | None:
        """Why ``url``'s host must not be connected to, or None; raises TimeoutError."""
        if self._settings.allow_private_addresses:
            return None
        async with asyncio.timeout(self._settings.timeout_seconds):
            problem = await self._guard.problem(_host(url))
        if problem is not None:
            logger.warning("fetch %s: refused, %s", url, problem)
        return problem

    @staticmethod
    def _error(
        url: str,
        final_url: str,
        outcome: FetchOutcome,
        error: str,
        fetched_at: datetime,
        *,
        status: int | None = None,
        content_type: str | None = None,
        retry_after: float | None = None,
    ) -> FetchResult:
        return FetchResult(
            url=url,
            outcome=outcome,
            final_url=final_url,
            status=status,
            content_type=content_type,
            error=error,
            retry_after=retry_after,
            fetched_at=fetched_at,
        )

    @asynccontextmanager
    async def _slot(self, url: str) -> AsyncIterator[None]:
        """Hold a per-host slot (after the politeness delay), then a global one."""
        gate = self._gate(_host(url))
        async with gate.slots:
            clock = time.monotonic()
            start = max(clock, gate.next_start)
            gate.next_start = start + gate.delay
            if start > clock:
                await self._sleep(start - clock)
            async with self._global:
                yield

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = _HostGate(
                slots=asyncio.Semaphore(max(1, self._settings.per_host_connections)),
                delay=max(0.0, self._settings.per_host_delay_seconds),
            )
            self._gates[host] = gate
        return gate

    async def _request(
        self,
        url: str,
        current: str,
        headers: dict[str, str],
        *,
        fetched_at: datetime,
        is_source: bool,
        encoding: str | None,
    ) -> _Attempt:
        client = self._ensure_client()
        deadline = self._settings.timeout_seconds * TOTAL_TIMEOUT_FACTOR
        soft, hard = FetchOutcome.SOFT_ERROR, FetchOutcome.HARD_ERROR
        try:
            async with self._slot(current):
                async with asyncio.timeout(deadline):
                    async with client.stream("GET", current, headers=headers) as response:
                        return await self._read(
                            url,
                            response,
                            headers,
                            fetched_at=fetched_at,
                            is_source=is_source,
                            encoding=encoding,
                        )
        except (TimeoutError, httpx.TimeoutException) as error:
            message = error_text(*failure_cause(error, _host(current)))
            return _Attempt(self._error(url, current, soft, message, fetched_at), True)
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as error:
            message = error_text(*failure_cause(error, _host(current)))
            return _Attempt(self._error(url, current, hard, message, fetched_at), False)
        except httpx.DecodingError as error:
            message = error_text(*failure_cause(error, _host(current)))
            return _Attempt(self._error(url, current, soft, message, fetched_at), False)
        except httpx.RequestError as error:
            message = error_text(*failure_cause(error, _host(current)))
            return _Attempt(self._error(url, current, soft, message, fetched_at), True)

    async def _read(
        self,
        url: str,
        response: httpx.Response,
        sent: dict[str, str],
        *,
        fetched_at: datetime,
        is_source: bool,
        encoding: str | None,
    ) -> _Attempt:
        """Turn a streamed response into an attempt; reads the body only for a 2xx."""
        status = response.status_code
        final_url = str(response.url)
        content_type = response.headers.get("content-type")
        retry_after = parse_retry_after(response.headers.get("retry-after"), fetched_at)
        soft, hard = FetchOutcome.SOFT_ERROR, FetchOutcome.HARD_ERROR

        def error(outcome: FetchOutcome, text: str, retryable: bool = False) -> _Attempt:
            return _Attempt(
                self._error(
                    url,
                    final_url,
                    outcome,
                    text,
                    fetched_at,
                    status=status,
                    content_type=content_type,
                    retry_after=retry_after,
                ),
                retryable,
            )

        if status in _REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                return error(soft, error_text(f"http_{status}", "redirect without Location"))
            return _Attempt(redirect_to=urljoin(final_url, location.strip()))
        if status == 304:
            return _Attempt(
                FetchResult(
                    url=url,
                    outcome=FetchOutcome.NOT_MODIFIED,
                    final_url=final_url,
                    status=status,
                    content_type=content_type,
                    etag=response.headers.get("etag") or sent.get("If-None-Match"),
                    last_modified=(
                        response.headers.get("last-modified") or sent.get("If-Modified-Since")
                    ),
                    retry_after=retry_after,
                    fetched_at=fetched_at,
                )
            )
        if 200 <= status < 300:
            return await self._read_body(
                url, response, fetched_at=fetched_at, encoding=encoding, retry_after=retry_after
            )
        code = f"http_{status}"
        if status == 429 or status == 408 or status >= 500:
            return error(soft, code, retryable=True)
        if status == 404:
            return error(soft if is_source else hard, code)
        if 400 <= status < 500:
            return error(hard, code)
        return error(soft, code)

    async def _read_body(
        self,
        url: str,
        response: httpx.Response,
        *,
        fetched_at: datetime,
        encoding: str | None,
        retry_after: float | None,
    ) -> _Attempt:
        cap = self._settings.max_body_bytes
        final_url = str(response.url)
        content_type = response.headers.get("content-type")

        def too_large() -> _Attempt:
            return _Attempt(
                self._error(
                    url,
                    final_url,
                    FetchOutcome.SOFT_ERROR,
                    "too_large",
                    fetched_at,
                    status=response.status_code,
                    content_type=content_type,
                    retry_after=retry_after,
                )
            )

        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            return too_large()
        try:
            content, truncated = await _read_limited(response, cap)
        except (zlib.error, _UnsupportedEncoding) as problem:
            return _Attempt(
                self._error(
                    url,
                    final_url,
                    FetchOutcome.SOFT_ERROR,
                    error_text(*failure_cause(problem)),
                    fetched_at,
                    status=response.status_code,
                    content_type=content_type,
                    retry_after=retry_after,
                )
            )
        if truncated:
            return too_large()
        if len(content) > _DECODE_IN_THREAD_BYTES:
            text, codec = await asyncio.to_thread(decode_body, content, content_type, encoding)
        else:
            text, codec = decode_body(content, content_type, encoding)
        if encoding and not reads_as(encoding, codec):
            logger.warning(
                "fetch %s: encoding override %s does not fit the body; decoded as %s",
                url,
                encoding,
                codec,
            )
        return _Attempt(
            FetchResult(
                url=url,
                outcome=FetchOutcome.OK,
                final_url=final_url,
                status=response.status_code,
                content=content,
                text=text,
                content_type=content_type,
                encoding=codec,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                content_hash=hashlib.sha256(content).hexdigest(),
                retry_after=retry_after,
                fetched_at=fetched_at,
            )
        )

    # --- robots.txt ---------------------------------------------------------------------

    async def _robots_for(self, url: str) -> Protego | _RobotsUnavailable:
        """The parsed robots.txt of ``url``'s origin, fetched once per Fetcher."""
        origin = _origin(url)
        cached = self._robots.get(origin)
        if cached is not None:
            return cached
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._robots.get(origin)
            if cached is None:
                cached = await self._load_robots(origin)
                self._robots[origin] = cached
                if isinstance(cached, Protego):
                    self._apply_crawl_delay(url, cached)
            return cached

    def _apply_crawl_delay(self, url: str, robots: Protego) -> None:
        try:
            crawl_delay = robots.crawl_delay(self._settings.user_agent)
        except (TypeError, ValueError):
            return
        if crawl_delay is None:
            return
        gate = self._gate(_host(url))
        gate.delay = max(gate.delay, min(float(crawl_delay), MAX_CRAWL_DELAY_SECONDS))

    async def _load_robots(self, origin: str) -> Protego | _RobotsUnavailable:
        """GET ``origin/robots.txt``: 2xx parsed, 4xx allows all, 5xx/network disallows.

        Redirects are followed by hand (at most ``MAX_REDIRECTS``), each hop
        through the address guard; a refused hop counts as unreachable. A
        disallowing answer carries the cause (``failure_cause``, or ``http_<status>``).
        """
        robots_url = f"{origin}/robots.txt"
        try:
            status, body = await self._get_robots(robots_url)
        except (
            TimeoutError,
            httpx.HTTPError,
            zlib.error,
            _UnsupportedEncoding,
            _RobotsUnreachable,
        ) as error:
            cause, detail = failure_cause(error, _host(robots_url))
            message = error_text(cause, f"robots.txt: {detail}" if detail else "robots.txt")
            logger.warning(
                "robots %s: unreachable (%s); not fetching from this host", robots_url, message
            )
            return _RobotsUnavailable(message)
        if 200 <= status < 300:
            # RFC 9309 matching (longest rule wins, * and $ in paths), which the standard
            # library's parser does not implement.
            parser = Protego.parse(body.decode("utf-8", errors="replace"))
            logger.debug("robots %s: parsed (%d bytes)", robots_url, len(body))
            return parser
        if status >= 500 or status == 429:
            logger.warning("robots %s: status %s; not fetching from this host", robots_url, status)
            return _RobotsUnavailable(error_text(f"http_{status}", "robots.txt"))
        # A redirect without Location, 4xx: no usable rules, everything allowed (RFC 9309).
        logger.debug("robots %s: status %s, allowing all", robots_url, status)
        return Protego.parse("")  # no rules: everything allowed

    async def _get_robots(self, robots_url: str) -> tuple[int, bytes]:
        """The final status and (2xx only) the first ``ROBOTS_MAX_BYTES`` of robots.txt."""
        client = self._ensure_client()
        deadline = self._settings.timeout_seconds * TOTAL_TIMEOUT_FACTOR
        current = robots_url
        for _ in range(MAX_REDIRECTS + 1):
            problem = url_problem(current)
            if problem is not None:
                raise _RobotsUnreachable("invalid_url", f"redirect to {current}: {problem}")
            problem = await self._address_problem(current)
            if problem is not None:
                raise _RobotsUnreachable("blocked_address", problem)
            async with (
                self._slot(current),
                asyncio.timeout(deadline),
                client.stream("GET", current) as response,
            ):
                status = response.status_code
                location = response.headers.get("location", "").strip()
                if status in _REDIRECT_STATUSES and location:
                    current = urljoin(str(response.url), location)
                    continue
                body = b""
                if 200 <= status < 300:
                    body, _ = await _read_limited(response, ROBOTS_MAX_BYTES)
                return status, body
        raise _RobotsUnreachable("too_many_redirects", f"more than {MAX_REDIRECTS} hops")
