"""A small, real HTTP server on 127.0.0.1 that serves canned routes.

Takes a mapping of request paths to ``Route`` values (or sequences of them)
and serves them from a background thread on an ephemeral port; hands back
URLs, per-path hit counts and a record of every request. Used by the test
suite and by the offline ``mediawatch demo``. It never listens on anything
but the loopback interface, never reads files by itself, and never logs a
request line to stderr.

A path given a *sequence* of routes answers its first request with the first
route, the next with the next, and repeats the last one from then on — enough
to play 429-then-200, 500-then-200 or "the feed changed" scenarios.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

__all__ = ["LocalServer", "RecordedRequest", "Route"]

_CHUNK_SIZE = 16_384


@dataclass(frozen=True, slots=True)
class Route:
    """One canned answer.

    ``redirect_to`` (a path or absolute URL) adds a ``Location`` header and
    turns a 200 status into 302. ``etag`` / ``last_modified`` are sent as
    headers and make matching conditional requests answer 304. With
    ``chunked`` the body goes out in chunked transfer encoding, without a
    Content-Length. ``delay_seconds`` waits before the status line is sent.
    """

    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    delay_seconds: float = 0.0
    redirect_to: str | None = None
    chunked: bool = False


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the server saw it (``started``/``finished`` are monotonic)."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    started: float
    finished: float | None = None

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


_NOT_FOUND = Route(body=b"not found\n", content_type="text/plain; charset=utf-8", status=404)


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison of ``etag`` against an If-None-Match header value."""
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


def _not_modified_since(if_modified_since: str, last_modified: str) -> bool:
    """True when the resource (``last_modified``) is not newer than the header."""
    if if_modified_since.strip() == last_modified.strip():
        return True
    try:
        since = parsedate_to_datetime(if_modified_since)
        modified = parsedate_to_datetime(last_modified)
    except (TypeError, ValueError):
        return False
    if (since.tzinfo is None) != (modified.tzinfo is None):
        return False
    return modified <= since


class _State:
    """Routes, counters and records shared between the server threads."""

    def __init__(self, routes: Mapping[str, Route | Sequence[Route]]) -> None:
        self.lock = threading.Lock()
        self.routes: dict[str, tuple[Route, ...]] = {}
        self.hits: dict[str, int] = {}
        self.requests: dict[int, RecordedRequest] = {}
        self.next_id = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.stopping = threading.Event()
        for path, route in routes.items():
            self.set_route(path, route)

    def set_route(self, path: str, route: Route | Sequence[Route]) -> None:
        sequence = (route,) if isinstance(route, Route) else tuple(route)
        if not sequence:
            raise ValueError(f"route sequence for {path!r} is empty")
        with self.lock:
            self.routes[path] = sequence
            self.hits[path] = 0

    def begin(
        self, method: str, target: str, headers: tuple[tuple[str, str], ...]
    ) -> tuple[Route, int]:
        """Pick the route for ``target``, count the hit and record the request."""
        path_only = urlsplit(target).path or "/"
        with self.lock:
            key = target if target in self.routes else path_only
            sequence = self.routes.get(key)
            count = self.hits.get(key, 0)
            self.hits[key] = count + 1
            route = _NOT_FOUND if sequence is None else sequence[min(count, len(sequence) - 1)]
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            index = self.next_id
            self.next_id += 1
            self.requests[index] = RecordedRequest(method, target, headers, time.monotonic())
        return route, index

    def end(self, index: int) -> None:
        with self.lock:
            self.in_flight -= 1
            done = self.requests.get(index)
            if done is not None:
                self.requests[index] = RecordedRequest(
                    done.method, done.path, done.headers, done.started, time.monotonic()
                )


class _Handler(BaseHTTPRequestHandler):
    """Answers every request from the server's ``_State``."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "mediawatch-localserver/1"

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: no request lines on stderr."""

    def do_GET(self) -> None:
        """Serve a GET."""
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        """Serve a HEAD: the GET's headers, no body."""
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        state = self.server.state
        headers = tuple((key, value) for key, value in self.headers.items())
        route, index = state.begin(self.command, self.path, headers)
        try:
            if route.delay_seconds > 0 and state.stopping.wait(route.delay_seconds):
                self.close_connection = True
                return
            self._respond(route, send_body=send_body)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        finally:
            state.end(index)

    def _respond(self, route: Route, *, send_body: bool) -> None:
        status = route.status
        if route.redirect_to is not None and status == 200:
            status = 302
        if status == 200 and self._is_not_modified(route):
            self.send_response(304)
            self._send_validators(route)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", route.content_type)
        if route.redirect_to is not None:
            self.send_header("Location", route.redirect_to)
        self._send_validators(route)
        for key, value in route.headers:
            self.send_header(key, value)
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        if not send_body:
            return
        if route.chunked:
            for start in range(0, len(route.body), _CHUNK_SIZE):
                chunk = route.body[start : start + _CHUNK_SIZE]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(route.body)

    def _send_validators(self, route: Route) -> None:
        if route.etag is not None:
            self.send_header("ETag", route.etag)
        if route.last_modified is not None:
            self.send_header("Last-Modified", route.last_modified)

    def _is_not_modified(self, route: Route) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return route.etag is not None and _etag_matches(if_none_match, route.etag)
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is not None and route.last_modified is not None:
            return _not_modified_since(if_modified_since, route.last_modified)
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, state: _State, port: int) -> None:
        self.state = state
        super().__init__(("127.0.0.1", port), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet: a client hanging up early is normal in tests."""


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 serving ``routes``.

    Use as a context manager, or call ``start()`` / ``stop()``. Unknown paths
    answer 404 (so ``/robots.txt`` is a 404 unless a route is given). A route
    is looked up by the full request target first (path and query), then by
    the path alone.
    """

    def __init__(
        self, routes: Mapping[str, Route | Sequence[Route]] | None = None, *, port: int = 0
    ) -> None:
        self._state = _State(routes or {})
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------

    def start(self) -> LocalServer:
        """Bind 127.0.0.1 (port 0 = any free port) and serve in a daemon thread."""
        if self._server is not None:
            return self
        self._state.stopping.clear()
        self._server = _Server(self._state, self._port)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"localserver-{self._server.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake delayed handlers and release the port."""
        if self._server is None:
            return
        self._state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- addresses ---------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (the server must be started)."""
        if self._server is None:
            raise RuntimeError("LocalServer is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (which should start with ``/``)."""
        if not path.startswith("/"):
            path = "/" + path
        return self.base_url + path

    # --- the world ---------------------------------------------------------

    def set_route(self, path: str, route: Route | Sequence[Route]) -> None:
        """Replace what ``path`` serves (a route or a sequence) and reset its hit count."""
        self._state.set_route(path, route)

    def hits(self, path: str) -> int:
        """How many requests reached ``path`` (404s to unknown paths count too)."""
        with self._state.lock:
            return self._state.hits.get(path, 0)

    def requests(self, path: str | None = None) -> list[RecordedRequest]:
        """Every request so far (or only those whose path part is ``path``), oldest first."""
        with self._state.lock:
            recorded = list(self._state.requests.values())
        if path is None:
            return recorded
        return [r for r in recorded if r.path == path or urlsplit(r.path).path == path]

    @property
    def max_in_flight(self) -> int:
        """The largest number of requests the server was handling at once."""
        with self._state.lock:
            return self._state.max_in_flight

    def reset_stats(self) -> None:
        """Zero every hit counter, the request record and the in-flight maximum."""
        with self._state.lock:
            self._state.hits = dict.fromkeys(self._state.hits, 0)
            self._state.requests.clear()
            self._state.max_in_flight = self._state.in_flight
