"""A hostile HTTP server on 127.0.0.1 for the fault matrix and ``bench/hostile.py``.

Serves ``Answer`` values by path from a background thread. Unlike the demo's
``LocalServer`` it can misbehave the ways a source on the internet does:
hang up without answering, trickle a body a few bytes a second, and stream
hundreds of megabytes (chunked, or with a Content-Length) generated piece by
piece, so the server never holds more than one piece in memory. It listens on
127.0.0.1 only and counts the requests per path, so a test can say that a
trap was never fetched.
"""

from __future__ import annotations

import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

__all__ = ["Answer", "HostileServer", "gzip_bomb", "repeated"]

PIECE = 65_536


@dataclass(frozen=True)
class Answer:
    """One way of answering a path.

    ``body`` is sent as it is; ``stream`` (called once per request) generates
    the body instead, sent chunked unless ``length`` gives a Content-Length.
    ``trickle`` waits that many seconds between pieces of ``trickle_bytes``.
    ``hang_up`` closes the connection after reading the request, before any
    status line.
    """

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    stream: Callable[[], Iterator[bytes]] | None = None
    length: int | None = None
    trickle: float = 0.0
    trickle_bytes: int = 1
    hang_up: bool = False


def repeated(piece: bytes, total: int) -> Callable[[], Iterator[bytes]]:
    """A stream of ``total`` bytes made of ``piece`` over and over, one ``PIECE`` at a time."""
    block = (piece * (PIECE // max(1, len(piece)) + 1))[:PIECE]

    def generate() -> Iterator[bytes]:
        left = total
        while left > 0:
            yield block[:left]
            left -= len(block)

    return generate


def gzip_bomb(megabytes: int) -> bytes:
    """``megabytes`` MB of zeros, gzip-compressed (about 1 KB per MB), never held inflated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""

    def do_GET(self) -> None:
        """Answer from the server's routes (404 for an unknown path)."""
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.hits[path] += 1
            answer = self.server.routes.get(path)
        if answer is None:
            answer = Answer(b"not found", status=404, content_type="text/plain")
        try:
            self._answer(answer)
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True

    def _answer(self, answer: Answer) -> None:
        if answer.hang_up:
            self.close_connection = True
            return
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        for key, value in answer.headers:
            self.send_header(key, value)
        chunked = answer.stream is not None and answer.length is None
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            size = answer.length if answer.stream is not None else len(answer.body)
            self.send_header("Content-Length", str(size))
        self.end_headers()
        pieces = answer.stream() if answer.stream is not None else self._pieces(answer)
        for piece in pieces:
            if self.server.stopping.is_set():
                break
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            if answer.trickle:
                self.wfile.flush()
                if self.server.stopping.wait(answer.trickle):
                    break
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    @staticmethod
    def _pieces(answer: Answer) -> Iterator[bytes]:
        size = answer.trickle_bytes if answer.trickle else PIECE
        for start in range(0, len(answer.body), size):
            yield answer.body[start : start + size]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.routes: dict[str, Answer] = {}
        self.hits: Counter[str] = Counter()
        self.stopping = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet: clients hang up on traps all the time."""


class HostileServer:
    """A threaded server on 127.0.0.1 serving ``Answer`` values by path; a context manager."""

    def __init__(self, routes: dict[str, Answer] | None = None) -> None:
        self._server = _Server()
        self._server.routes.update(routes or {})
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, answer: Answer) -> None:
        """Serve ``answer`` at ``path`` from now on."""
        with self._server.lock:
            self._server.routes[path] = answer

    def hits(self, path: str) -> int:
        """Requests that reached ``path`` so far."""
        with self._server.lock:
            return self._server.hits[path]
