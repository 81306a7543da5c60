"""A failed fetch records what actually happened (pipeline.fetch.failure_cause).

Real failures over loopback only: a refused port (a socket bound, its port
noted, the socket closed), a listener that accepts and never answers (with a
short timeout), TLS spoken to a plain-HTTP server, 503 and 404 from the
``local_server`` fixture, and a host name in the ``.invalid`` TLD. RFC 6761
reserves ``.invalid`` to never resolve; the ``invalid_tld_fails_locally``
fixture makes ``socket.getaddrinfo`` fail for it in-process exactly as the
system resolver does (``socket.gaierror``, EAI_NONAME), so no DNS query leaves
the machine while httpx, httpcore and anyio run for real. Nothing here talks
to anything but 127.0.0.1.

Then the same causes are followed through ``mediawatch collect`` to the
``sources.last_error`` column and the fetch log (SQLite and PostgreSQL).
"""

from __future__ import annotations

import errno
import io
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from demo.localserver import LocalServer, Route
from pipeline.cli import main
from pipeline.fetch import error_text, failure_cause
from pipeline.types import FetchOutcome
from storage import models, queries
from storage.db import session_scope
from tests.test_fetch import BASE, RSS, RSS_TYPE, FakeSleep, fetch

SOFT = FetchOutcome.SOFT_ERROR
HARD = FetchOutcome.HARD_ERROR
INVALID_HOST = "mediawatch-test.invalid"


# --- loopback fixtures ---------------------------------------------------------------


def _closed_port() -> int:
    """A loopback port nothing listens on: bound, noted, closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def refused_port() -> int:
    """A loopback port that refuses connections."""
    return _closed_port()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port whose server accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)  # kept open, never read, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in held:
            connection.close()
        listener.close()


@pytest.fixture
def invalid_tld_fails_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    """``*.invalid`` fails to resolve in-process (EAI_NONAME), as RFC 6761 says it must."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host or "")
        if name.rstrip(".").lower().endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


# --- the fetcher over loopback ---------------------------------------------------------


@dataclass(frozen=True)
class CauseCase:
    """One real failure: where, with robots.txt obeyed or not, and what must be recorded."""

    where: str  # "refused", "silent", "invalid", "tls": the target of the fetch
    obey_robots: bool
    outcome: FetchOutcome
    prefix: str  # the recorded error starts with this
    sleeps: tuple[float, ...]  # backoff waits: whether the attempt was retried (unchanged)
    trusted: bool = True  # the host is a configured source's host (the guard skips it)


CAUSE_CASES: dict[str, CauseCase] = {
    # The host is down: robots.txt cannot be had, the cause is the refused connection.
    "refused_robots": CauseCase("refused", True, SOFT, "connection_refused: robots.txt: ", ()),
    "refused_feed": CauseCase("refused", False, SOFT, "connection_refused: ", (0.5, 1.0)),
    "silent_robots": CauseCase("silent", True, SOFT, "timeout: robots.txt", ()),
    "silent_feed": CauseCase("silent", False, SOFT, "timeout", (0.5, 1.0)),
    # The address guard looks the untrusted name up first; a name that does not
    # resolve is let through, so the connection's own DNS failure is what is recorded.
    "invalid_untrusted_robots": CauseCase(
        "invalid", True, SOFT, f"dns_error: robots.txt: {INVALID_HOST}: ", (), trusted=False
    ),
    "invalid_untrusted_feed": CauseCase(
        "invalid", False, SOFT, f"dns_error: {INVALID_HOST}: ", (0.5, 1.0), trusted=False
    ),
    "invalid_trusted_robots": CauseCase(
        "invalid", True, SOFT, f"dns_error: robots.txt: {INVALID_HOST}: ", ()
    ),
    "tls_to_plain_http_robots": CauseCase("tls", True, SOFT, "tls_error: robots.txt: ", ()),
    "tls_to_plain_http_feed": CauseCase("tls", False, SOFT, "tls_error: ", (0.5, 1.0)),
}


@pytest.mark.parametrize("case", CAUSE_CASES.values(), ids=CAUSE_CASES.keys())
@pytest.mark.usefixtures("invalid_tld_fails_locally")
def test_network_failures_record_their_cause(
    case: CauseCase, refused_port: int, silent_port: int, local_server: LocalServer
) -> None:
    local_server.set_route("/feed.xml", Route(RSS, RSS_TYPE))
    host, url = {
        "refused": ("127.0.0.1", f"http://127.0.0.1:{refused_port}/feed.xml"),
        "silent": ("127.0.0.1", f"http://127.0.0.1:{silent_port}/feed.xml"),
        "invalid": (INVALID_HOST, f"http://{INVALID_HOST}/feed.xml"),
        "tls": ("127.0.0.1", f"https://127.0.0.1:{local_server.port}/feed.xml"),
    }[case.where]
    settings = replace(BASE, timeout_seconds=0.3, obey_robots=case.obey_robots)
    sleep = FakeSleep()
    result = fetch(url, settings, sleep=sleep, trusted_hosts=(host,) if case.trusted else ())
    assert result.outcome is case.outcome
    assert result.error is not None and result.error.startswith(case.prefix), result.error
    assert "robots_unavailable" not in result.error
    assert "\n" not in result.error
    assert tuple(sleep.calls) == case.sleeps
    assert result.status is None
    assert local_server.hits("/feed.xml") == 0


@dataclass(frozen=True)
class StatusCauseCase:
    path: str  # "/feed.xml" or "/robots.txt": which answers with ``status``
    status: int
    is_source: bool
    outcome: FetchOutcome
    error: str
    result_status: int | None


STATUS_CAUSES: dict[str, StatusCauseCase] = {
    "feed_503": StatusCauseCase("/feed.xml", 503, True, SOFT, "http_503", 503),
    "feed_404_source": StatusCauseCase("/feed.xml", 404, True, SOFT, "http_404", 404),
    "article_404": StatusCauseCase("/feed.xml", 404, False, HARD, "http_404", 404),
    "robots_503": StatusCauseCase("/robots.txt", 503, True, SOFT, "http_503: robots.txt", None),
}


@pytest.mark.parametrize("case", STATUS_CAUSES.values(), ids=STATUS_CAUSES.keys())
def test_http_statuses_record_http_causes(local_server: LocalServer, case: StatusCauseCase) -> None:
    local_server.set_route("/feed.xml", Route(RSS, RSS_TYPE))
    local_server.set_route(case.path, Route(b"unavailable", status=case.status))
    result = fetch(
        local_server.url("/feed.xml"), replace(BASE, retries=0), is_source=case.is_source
    )
    assert (result.outcome, result.error, result.status) == (
        case.outcome,
        case.error,
        case.result_status,
    )


def test_redirect_loop_names_the_loop(local_server: LocalServer) -> None:
    local_server.set_route("/loop", Route(redirect_to="/loop"))
    result = fetch(local_server.url("/loop"))
    assert result.outcome is SOFT
    assert result.error == (
        f"too_many_redirects: more than 5 hops, a loop through {local_server.url('/loop')}"
    )


def test_redirect_without_location_is_its_status(local_server: LocalServer) -> None:
    local_server.set_route("/moved", Route(status=302))
    result = fetch(local_server.url("/moved"))
    assert (result.outcome, result.error) == (SOFT, "http_302: redirect without Location")


# --- the mapping itself, on the exception chains httpx produces ------------------------------


def _wrapped(inner: BaseException, outer: BaseException) -> BaseException:
    """``outer`` raised from ``inner``, as httpx/httpcore/anyio chain them."""
    outer.__cause__ = inner
    return outer


def _connect_error(inner: BaseException) -> BaseException:
    """httpx.ConnectError ← httpcore.ConnectError-like ← ``inner``."""
    middle = _wrapped(inner, OSError("All connection attempts failed"))
    return _wrapped(middle, httpx.ConnectError("All connection attempts failed"))


MAPPING_CASES: dict[str, tuple[BaseException, str, str]] = {
    "read_timeout": (httpx.ReadTimeout(""), "timeout", ""),
    "connect_timeout": (httpx.ConnectTimeout("timed out"), "timeout", ""),
    "attempt_deadline": (TimeoutError(), "timeout", ""),
    "gaierror": (
        _wrapped(
            socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
            httpx.ConnectError("[Errno -2] Name or service not known"),
        ),
        "dns_error",
        "example.invalid: [Errno -2] Name or service not known",
    ),
    "dns_temporary_failure": (
        _wrapped(
            socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"),
            httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
        ),
        "dns_error",
        "example.invalid: [Errno -3] Temporary failure in name resolution",
    ),
    "getaddrinfo_message_only": (
        httpx.ConnectError("[Errno 11001] getaddrinfo failed"),
        "dns_error",
        "example.invalid: [Errno 11001] getaddrinfo failed",
    ),
    "refused_one_address": (
        _connect_error(ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed")),
        "connection_refused",
        "[Errno 111] Connect call failed",
    ),
    "refused_every_address": (
        _connect_error(
            ExceptionGroup(
                "multiple connection attempts failed",
                [
                    ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed v6"),
                    ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed v4"),
                ],
            )
        ),
        "connection_refused",
        "[Errno 111] Connect call failed v6",
    ),
    "refused_message_only": (
        httpx.ConnectError("[WinError 10061] Connection refused"),
        "connection_refused",
        "[WinError 10061] Connection refused",
    ),
    "certificate": (
        _wrapped(
            ssl.SSLCertVerificationError(1, "certificate verify failed: self-signed certificate"),
            httpx.ConnectError("certificate verify failed"),
        ),
        "tls_error",
        "certificate verify failed: self-signed certificate",
    ),
    "unreachable_network": (
        _connect_error(OSError(errno.ENETUNREACH, "Network is unreachable")),
        "connect_error",
        "ConnectError: [Errno 101] Network is unreachable",
    ),
    "server_hung_up": (
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        "protocol_error",
        "Server disconnected without sending a response.",
    ),
    "unsupported_protocol": (
        httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'ftp://'."),
        "invalid_url",
        "Request URL has an unsupported protocol 'ftp://'.",
    ),
}


@pytest.mark.parametrize(
    ("error", "cause", "detail"), MAPPING_CASES.values(), ids=MAPPING_CASES.keys()
)
def test_failure_cause_mapping(error: BaseException, cause: str, detail: str) -> None:
    assert failure_cause(error, "example.invalid") == (cause, detail)


def test_error_text_is_one_line() -> None:
    assert error_text("timeout") == "timeout"
    assert error_text("parse_error", "line 1:\n  bad\ttoken ") == "parse_error: line 1: bad token"


# --- the cause reaches sources.last_error ---------------------------------------------------


FEED_CONFIG = """
institute: {{name: 日本国際問題研究所}}
sources:
{sources}
"""


@pytest.mark.usefixtures("invalid_tld_fails_locally")
def test_collect_records_the_cause_as_last_error(
    engine: Engine,
    local_server: LocalServer,
    refused_port: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {
        "PER_HOST_DELAY_SECONDS": "0",
        "RETRIES": "0",
        "TIMEOUT_SECONDS": "2",
    }.items():
        monkeypatch.setenv(f"MEDIAWATCH_{name}", value)
    local_server.set_route("/down.xml", Route(b"maintenance", status=503))
    local_server.set_route("/gone.xml", Route(b"", status=404))
    local_server.set_route("/garbage.xml", Route(b"\x00\x01 not a feed", RSS_TYPE))
    local_server.set_route("/ok.xml", Route(RSS, RSS_TYPE))
    sources = {
        "dead host": f"http://127.0.0.1:{refused_port}/feed.xml",
        "no such host": f"http://{INVALID_HOST}/feed.xml",
        "down": local_server.url("/down.xml"),
        "gone": local_server.url("/gone.xml"),
        "garbage": local_server.url("/garbage.xml"),
        "fine": local_server.url("/ok.xml"),
    }
    config = tmp_path / "sources.yaml"
    lines = "\n".join(
        f'  - {{name: "{name}", kind: feed, url: "{url}", every: 1h}}'
        for name, url in sources.items()
    )
    config.write_text(FEED_CONFIG.format(sources=lines), encoding="utf-8")
    database_url = engine.url.render_as_string(hide_password=False)
    out = io.StringIO()
    main(["collect", "--config", str(config), "--database-url", database_url], out=out)

    expected = {
        "dead host": "connection_refused: robots.txt: ",
        "no such host": f"dns_error: robots.txt: {INVALID_HOST}: ",
        "down": "http_503",
        "gone": "http_404",
        "garbage": "parse_error: ",
    }
    with session_scope(engine) as session:
        health = {row.name: row for row in queries.source_health(session)}
        logged = dict(
            session.execute(
                select(models.Source.name, models.FetchLog.error).join(
                    models.Source, models.Source.id == models.FetchLog.source_id
                )
            ).all()
        )
    for name, prefix in expected.items():
        row = health[name]
        assert row.last_error is not None and row.last_error.startswith(prefix), (name, row)
        assert row.consecutive_failures == 1, name
        assert row.last_outcome == str(SOFT), name
        assert logged[name] == row.last_error, name
    assert health["down"].last_error == "http_503"
    assert health["fine"].last_error is None and health["fine"].consecutive_failures == 0
