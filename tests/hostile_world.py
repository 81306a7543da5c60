"""The hostile-source world: one trap per way a source can fail or attack, each
served by ``tests.hostile_server`` on 127.0.0.1, and one good feed that names an
expert. Shared by ``tests/test_fault_matrix.py`` (one trap at a time beside the
good feed) and ``bench/hostile.py`` (many at once, measured).

Nothing here leaves loopback: the DNS trap uses a ``.invalid`` name, which the
caller makes fail in-process (see ``tests.test_fetch_causes``); the redirects to
a private address go to ``localhost`` on the hostile server itself, whose hit
counter then says whether the guard let them through; XXE entities point at a
local secret file and at the hostile server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from tests.hostile_server import Answer, gzip_bomb, repeated

EXPERT = "小谷哲男"
EXPERT_ID = "kotani-tetsuo"
SECRET = "XXE-SECRET-7f3a"
"""Written into a local file the XXE traps point at; must never reach the database."""

INVALID_HOST = "mediawatch-trap.invalid"
RSS_TYPE = "application/rss+xml; charset=utf-8"

MB = 1 << 20


def rss(items: str, *, prolog: str = "") -> bytes:
    """An RSS 2.0 document with ``items`` (already XML) and an optional DOCTYPE prolog."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel>'
        f"<title>trap</title><link>http://trap.test/</link>{items}</channel></rss>"
    ).encode()


def item(link: str, title: str, description: str, extra: str = "") -> str:
    """One RSS item."""
    return (
        f"<item><title>{title}</title><link>{link}</link>"
        f"<description>{description}</description>{extra}</item>"
    )


GOOD_FEED = rss(
    item(
        "http://good.test/a/1",
        "日米協議",
        f"{EXPERT}主任研究員は「抑止が鍵だ」と述べた。",
        "<pubDate>Mon, 07 Dec 2026 09:00:00 +0900</pubDate>",
    )
)


@dataclass(frozen=True)
class World:
    """Where the traps live: the hostile server's port, a refused port, the secret file."""

    port: int
    refused_port: int
    secret_file: Path

    def url(self, path: str) -> str:
        """``path`` on the hostile server."""
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass(frozen=True)
class Trap:
    """One hostile source and what must come of it.

    ``routes`` are served on the hostile server (under ``/<name>/``); the
    source's URL is ``url`` (default: the trap's ``feed.xml`` there).
    ``cause`` is how the recorded error starts (empty: the fetch succeeds);
    ``stored`` the documents the trap may leave; ``never_hit`` paths that must
    never be requested. ``robots`` is the trap's robots.txt, when it has one.
    """

    name: str
    cause: str
    routes: Callable[[World], dict[str, Answer]] = lambda w: {}
    url: Callable[[World], str] | None = None
    outcome: str = "soft_error"
    stored: int = 0
    truncated: bool = False
    mentions: int = 0
    never_hit: tuple[str, ...] = ()
    robots: bytes | None = None
    in_bench: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    def feed_url(self, world: World) -> str:
        """The URL the trap source is configured with."""
        return self.url(world) if self.url is not None else world.url(f"/{self.name}/feed.xml")


def _feed(answer: Answer) -> Callable[[World], dict[str, Answer]]:
    return lambda world: {"feed.xml": answer}


def _redirect(target: Callable[[World], str]) -> Callable[[World], dict[str, Answer]]:
    return lambda world: {
        "feed.xml": Answer(status=302, headers=(("Location", target(world)),), body=b"")
    }


def _status(code: int, *headers: tuple[str, str]) -> Callable[[World], dict[str, Answer]]:
    return _feed(Answer(b"no", status=code, headers=headers, content_type="text/plain"))


def _retry_date() -> str:
    return format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)


def _xxe_general(world: World) -> dict[str, Answer]:
    prolog = (
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{world.secret_file}">'
        f'<!ENTITY web SYSTEM "{world.url("/xxe-general/entity.txt")}">]>'
    )
    body = rss(item("http://trap.test/xxe/1", "xxe &xxe;", f"{EXPERT}は述べた。&xxe; &web;"),
               prolog=prolog)  # fmt: skip
    return {"feed.xml": Answer(body), "entity.txt": Answer(SECRET.encode())}


def _xxe_parameter(world: World) -> dict[str, Answer]:
    dtd = f'<!ENTITY % secret SYSTEM "file://{world.secret_file}">'
    prolog = (
        f'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{world.url("/xxe-parameter/evil.dtd")}">'
        f"%remote;]>"
    )
    body = rss(item("http://trap.test/xxe/2", "xxe", f"{EXPERT}は語った。"), prolog=prolog)
    return {"feed.xml": Answer(body), "evil.dtd": Answer(dtd.encode(), content_type="text/xml")}


BILLION_LAUGHS = (
    '<!DOCTYPE rss [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)


def _many_entries(count: int) -> bytes:
    return rss("".join(f"<item><link>http://trap.test/m/{n}</link></item>" for n in range(count)))


TRAPS: tuple[Trap, ...] = (
    Trap("refused", "connection_refused",
         url=lambda w: f"http://127.0.0.1:{w.refused_port}/feed.xml"),
    Trap("dns", "dns_error", url=lambda w: f"http://{INVALID_HOST}/feed.xml"),
    Trap("no-headers", "protocol_error: Server disconnected", _feed(Answer(hang_up=True))),
    Trap("trickle", "timeout",
         _feed(Answer(GOOD_FEED.replace(b"good.test", b"trickle.test"), trickle=0.25)),
         in_bench=True),
    Trap("http-404", "http_404", _status(404)),
    Trap("http-410", "http_410", _status(410), outcome="hard_error"),
    Trap("http-429-seconds", "http_429", _status(429, ("Retry-After", "7200")),
         extra={"next_due_hours": 2}),
    Trap("http-429-date", "http_429", lambda w: _status(429, ("Retry-After", _retry_date()))(w),
         extra={"next_due_hours": 2}),
    Trap("http-500", "http_500", _status(500)),
    Trap("http-503", "http_503", _status(503)),
    Trap("redirect-loop", "too_many_redirects",
         lambda w: {"feed.xml": Answer(status=302, headers=(("Location", "/redirect-loop/b"),)),
                    "b": Answer(status=302, headers=(("Location", "/redirect-loop/feed.xml"),))},
         in_bench=True),
    Trap("redirect-private", "blocked_address",
         _redirect(lambda w: f"http://localhost:{w.port}/redirect-private/secret"),
         outcome="hard_error", never_hit=("secret",)),
    Trap("redirect-file", "invalid_url", _redirect(lambda w: "file:///etc/passwd"),
         outcome="hard_error"),
    Trap("malformed-xml", "parse_error",
         _feed(Answer(b'<?xml version="1.0"?><rss><channel><item><title>unterminated'))),
    Trap("html-as-feed", "parse_error",
         _feed(Answer(b"<!doctype html><html><body><p>hello</p></body></html>",
                      content_type="text/html; charset=utf-8"))),
    Trap("empty-body", "parse_error", _feed(Answer(b""))),
    Trap("wrong-charset", "", _feed(Answer(
        rss(item("http://trap.test/c/1", "文字コード", f"{EXPERT}主任研究員は述べた。")),
        content_type="application/rss+xml; charset=iso-8859-1")),
        outcome="ok", stored=1, mentions=1),
    Trap("chunked-200mb", "too_large",
         _feed(Answer(stream=repeated(b"<x>garbage</x>", 200 * MB))), in_bench=True),
    Trap("length-200mb", "too_large",
         _feed(Answer(stream=repeated(b"<x>garbage</x>", 200 * MB), length=200 * MB))),
    Trap("stream-400mb", "too_large",
         _feed(Answer(stream=repeated(b"<x>garbage</x>", 400 * MB))), in_bench=True),
    Trap("gzip-bomb", "too_large",
         lambda w: {"feed.xml": Answer(gzip_bomb(200), headers=(("Content-Encoding", "gzip"),))},
         in_bench=True),
    Trap("billion-laughs", "parse_error",
         _feed(Answer(rss(item("http://trap.test/b/1", "&lol9;", "&lol9;"),
                          prolog=BILLION_LAUGHS))), in_bench=True),
    Trap("xxe-general", "", _xxe_general, outcome="ok", stored=1, mentions=1,
         never_hit=("entity.txt",), in_bench=True),
    Trap("xxe-parameter", "", _xxe_parameter, outcome="ok", stored=1, mentions=1,
         never_hit=("evil.dtd",), in_bench=True),
    Trap("long-lines", "", _feed(Answer(rss(item(
        "http://trap.test/l/1", "long", f"{EXPERT}主任研究員は述べた。" + "long line " * 400_000
    )))), outcome="ok", stored=1, truncated=True, mentions=1, in_bench=True),
    Trap("entries-50000", "", _feed(Answer(_many_entries(50_000))), outcome="ok",
         stored=-1, in_bench=True),
    Trap("description-10mb", "too_large",
         _feed(Answer(rss(item("http://trap.test/d/1", "big", "x" * (10 * MB)))))),
    Trap("name-bomb", "", _feed(Answer(rss(item(
        "http://trap.test/n/1", "bomb", f"{EXPERT}は述べた。" * 50_000
    )))), outcome="ok", stored=1, truncated=True, mentions=1, in_bench=True),
    Trap("dates", "", _feed(Answer(rss(
        item("http://trap.test/t/1", "invalid date", "x", "<pubDate>32 Foo 2024 99:99</pubDate>")
        + item("http://trap.test/t/2", "future date", "y",
               "<pubDate>Fri, 01 Jan 2999 00:00:00 GMT</pubDate>")
    ))), outcome="ok", stored=2),
    Trap("robots-disallow", "robots_disallowed", _feed(Answer(GOOD_FEED)),
         robots=b"User-agent: *\nDisallow: /\n", outcome="hard_error", never_hit=("feed.xml",)),
)  # fmt: skip
"""Every trap; ``stored=-1`` means "some, at most the entries cap"."""


def trap_routes(trap: Trap, world: World) -> dict[str, Answer]:
    """The trap's routes as absolute paths on the hostile server."""
    return {f"/{trap.name}/{path}": answer for path, answer in trap.routes(world).items()}
