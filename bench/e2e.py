"""End to end: one collect cycle over a generated news world, per new item and per re-poll.

Generates ``--feeds`` RSS feeds of ``--items`` entries each (default 40 x 250 =
10,000 items; deterministic for ``--seed``): ~70% Japanese, 200-600-character
summaries, ~3% naming an expert of the institute, ~5% near-copies of another
outlet's item (a wire story reprinted with a credit and an edited figure) and
~1% the same article in another section of the same outlet (same headline,
shorter summary). Four feeds (sections) make one outlet; items are published
within three days, so an outlet's same-headline window holds hundreds of its
documents. Three feeds in four send an ETag and Last-Modified (the re-poll gets
304), the fourth does not (the re-poll gets the same body: ``unchanged_body``).

The world is served on 127.0.0.1 by ``demo.localserver.LocalServer`` in a
child process, so the serving costs no CPU of the measured process; the feeds'
host is the configured sources' host, which the fetcher trusts. A sources.yaml
with five experts is written, and ``pipeline.cli.main(["collect", ...])`` runs
in this process: the first cycle stores everything, then ``--repolls`` (3)
unchanged re-polls. Per-host delay is 0; the per-source wall-clock budget is
lifted (it measures throughput, not the budget; and before the save left the
budget, the last sources of a large world overran it).

Per database (a SQLite file in a temporary folder; PostgreSQL when reachable,
in a throw-away database dropped afterwards) it prints:

- new items per CPU-second: documents stored / process CPU time (``time.process_time``)
  of the whole ``collect`` command (start-up, fetch, parse, match, dedup, save);
  for PostgreSQL also the CPU of the server's backends that served the command
  (``ServerCpu``: each connection's ``pg_backend_pid()``, its ``/proc/<pid>/stat``;
  same machine only, the server's background processes not included) and the
  items per CPU-second of both together;
- the save phase per new item (dedup look-ups, matching, writes, commit: from a
  source's ``Filer._save_batch`` to the end of its cycle, divided by its new
  documents) for the sources saved first, holding the first 10% of the items,
  and those saved last, holding the last 10%: the growth with what is stored
  (process CPU: it includes what other threads -- other sources' parsing -- spend
  meanwhile);
- the database's bytes per document after the first cycle (the SQLite file, its
  WAL checkpointed; PostgreSQL: the schema's tables with indexes and TOAST);
- SQL statements per new item (``before_cursor_execute``; an executemany counts
  once): in the save phase, and of the whole command;
- the re-poll: CPU per source of an unchanged cycle (the median of the re-polls),
  measured from the collector's first act (``Collector.register``) to the end of
  the command, so without the start-up (migration check, role model, matcher), and
  of the whole command; and its statements per source.

``--growth N`` (the growth mode) instead grows each database to about N stored
items through the real save path: rounds of fresh articles (new URLs, published
one spread later) at the same feeds, each round one ``collect`` in its own process
(``growth_schedule``: a ``--probe-items`` (1,000) fill, a probe of as many, fills
of 10,000 items, a last fill, a last probe). It prints each cycle's CPU per new
item (from ``Collector.register`` to the end, so without start-up) and peak RSS,
the probes' cost per item at the start and at N, and the peak memory of the first
and last 10,000-item cycles.

It is a benchmark, not a test: no thresholds; it exits 0 unless it crashes.
``--tiny`` (3 feeds x 20 items, SQLite only unless ``--postgres-url`` is given)
finishes in seconds, for CI. ``--json FILE`` also writes the figures as JSON.

Run from the project root: ``.venv/bin/python bench/e2e.py [--feeds F] [--items N]
[--seed S] [--repolls R] [--sqlite-only] [--postgres-url URL] [--tiny] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import math
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, event, func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import Pool  # noqa: E402

from demo.localserver import LocalServer, Route  # noqa: E402
from pipeline import cli, filing  # noqa: E402
from pipeline.collect import Collector, SourceReport  # noqa: E402
from pipeline.filing import Filer  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402
from storage.models import Document, Mention, Story  # noqa: E402
from tests.dbfixtures import libpq_url, postgres_reachable  # noqa: E402

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
SEED = 20261207
FEEDS_PER_OUTLET = 4
JAPANESE_SHARE = 0.70
EXPERT_SHARE = 0.03
NEAR_COPY_SHARE = 0.05
SAME_OUTLET_SHARE = 0.01
NEWEST = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SPREAD = timedelta(days=3)

# --- the world ---------------------------------------------------------------------

_KANJI = (
    "日米中韓欧露印豪英仏独朝台政府国会議員首相外務防衛経済財務金融市場株価円相場"
    "物価賃金雇用企業業績投資貿易関税輸出入資源電力原発再生可能燃料気候温暖化環境"
    "災害地震台風豪雨避難復旧自治体知事市長選挙投票与党野党法案改正審議予算税制社会"
    "保障年金医療介護少子高齢教育大学研究開発技術半導体人工知能通信宇宙安全保障同盟"
    "抑止核兵器ミサイル演習領海警戒監視交渉首脳会談協議合意声明制裁支援難民人権司法"
)
_KANA_LINKS = ("の", "が", "を", "に", "と", "で", "は", "へ", "も", "から", "まで", "より")
_JA_ENDINGS = (
    "と発表した。",
    "方針を固めた。",
    "ことが分かった。",
    "と明らかにした。",
    "見通しを示した。",
    "を検討している。",
    "に懸念を示した。",
    "が焦点となる。",
    "と述べた。",
    "を決めた。",
    "調整に入った。",
    "を急ぐ考えだ。",
)
_JA_OPENERS = ("政府は", "関係者によると、", "同日、", "これに対し、", "一方、", "専門家は", "")
_EN_TEXT = """
government minister officials talks summit alliance defence security trade tariffs
economy inflation wages markets shares yen bank policy rates budget
parliament vote election party coalition reform energy power nuclear climate
emissions storm quake evacuation recovery region city governor court ruling
rights migrants aid sanctions missile drills coast guard patrol waters
treaty negotiators agreement statement technology chips research universities hospitals pensions
care ageing schools exports imports supply chain investment companies profits
outlook forecast survey spokesperson ministry cabinet committee agency district residents
workers unions
"""
_EN_WORDS = tuple(_EN_TEXT.split())
_EN_VERBS = (
    "said",
    "announced",
    "warned",
    "agreed",
    "proposed",
    "rejected",
    "confirmed",
    "expected",
    "reported",
    "considered",
)
_NAMES_TEXT = "Tanaka Suzuki Sato Watanabe Ito Nakamura Kobayashi Kato Yoshida Yamada"
_EN_NAMES = tuple(_NAMES_TEXT.split())

EXPERTS = (
    ("kotani-tetsuo", "小谷哲男", "Tetsuo Kotani", "主任研究員", "Senior Fellow"),
    ("kuwahara-kyoko", "桒原響子", "Kyoko Kuwahara", "研究員", "Research Fellow"),
    ("yamada-hanako", "山田花子", "Hanako Yamada", "上席研究員", "Senior Research Fellow"),
    ("mori-kenichi", "森健一", "Kenichi Mori", "所長代行", "Acting Director"),
    ("sato-misaki", "佐藤美咲", "Misaki Sato", "客員研究員", "Visiting Fellow"),
)


@dataclass(frozen=True, slots=True)
class Item:
    """One feed entry of the world."""

    title: str
    link: str
    published: datetime
    summary: str


def _ja_word(rng: random.Random) -> str:
    return "".join(rng.choice(_KANJI) for _ in range(rng.choice((2, 2, 3, 4))))


def _ja_sentence(rng: random.Random) -> str:
    parts = [rng.choice(_JA_OPENERS)]
    for _ in range(rng.randint(2, 4)):
        parts.append(_ja_word(rng) + rng.choice(_KANA_LINKS))
    if rng.random() < 0.4:
        parts.append(f"{rng.randint(2, 9999)}{rng.choice(('億円', '人', '件', '％', '万トン'))}の")
    parts.append(_ja_word(rng) + rng.choice(_JA_ENDINGS))
    return "".join(parts)


def _en_sentence(rng: random.Random) -> str:
    words = [rng.choice(_EN_WORDS) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 9999)}")
    subject = rng.choice((*_EN_NAMES, "The ministry", "Officials", "The agency"))
    return f"{subject} {rng.choice(_EN_VERBS)} the {' '.join(words)}."


def _expert_sentence(rng: random.Random, japanese: bool) -> str:
    _, name, english, title, english_title = rng.choice(EXPERTS)
    if japanese:
        return (
            f"日本国際問題研究所の{name}{title}は「{_ja_word(rng)}の{_ja_word(rng)}が"
            f"問われる局面だ」と指摘した。"
        )
    return (
        f'"The {rng.choice(_EN_WORDS)} question is now about {rng.choice(_EN_WORDS)}," said '
        f"{english}, {english_title.lower()} at the Japan Institute of International Affairs."
    )


def _summary(rng: random.Random, japanese: bool, with_expert: bool) -> str:
    target = rng.randint(200, 600)
    sentence = _ja_sentence if japanese else _en_sentence
    parts: list[str] = []
    length = 0
    while length < target:
        parts.append(sentence(rng))
        length += len(parts[-1]) + (0 if japanese else 1)
    if with_expert:
        parts.insert(rng.randrange(1, len(parts) + 1), _expert_sentence(rng, japanese))
    return ("" if japanese else " ").join(parts)


def _title(rng: random.Random, japanese: bool) -> str:
    if japanese:
        ending = rng.choice(("へ", "で合意", "を検討", "巡り"))
        return f"{_ja_word(rng)}{_ja_word(rng)}、{_ja_word(rng)}{ending}"
    words = " ".join(rng.choice(_EN_WORDS) for _ in range(rng.randint(4, 7)))
    return f"{rng.choice(_EN_NAMES)} {words}".capitalize()


def _near_copy(rng: random.Random, item: Item) -> tuple[str, str]:
    """A reprint's title and summary: a credit added, one figure changed, maybe a new title."""
    japanese = any("\u3040" <= ch <= "\u30ff" for ch in item.summary)
    summary = item.summary
    digits = [i for i, ch in enumerate(summary) if ch.isdigit()]
    if digits:
        at = rng.choice(digits)
        summary = summary[:at] + str((int(summary[at]) + 1) % 10) + summary[at + 1 :]
    summary += "（共同）" if japanese else " (Kyodo)"
    title = item.title if rng.random() < 0.5 else _title(rng, japanese)
    return title, summary


def generate_world(
    base: str, feeds: int, items: int, seed: int, round_: int = 0
) -> list[list[Item]]:
    """Every feed's items (feed f at ``/feeds/ff/rss.xml``), deterministic for ``seed``.

    ``round_`` > 0 (the growth mode): another world of fresh articles, published one
    ``SPREAD`` per round later, at article URLs of its own.
    """
    rng = random.Random(seed + 1_000_003 * round_)
    newest = NEWEST + SPREAD * round_
    prefix = f"r{round_}-" if round_ else ""
    world: list[list[Item]] = [[] for _ in range(feeds)]
    stored: list[tuple[int, Item]] = []
    for index in range(items):
        for feed in range(feeds):
            link = f"{base}/feeds/{feed:02d}/articles/{prefix}{index:04d}.html"
            published = newest - SPREAD * rng.random()
            draw = rng.random()
            outlet = feed // FEEDS_PER_OUTLET
            others = [(f, it) for f, it in stored[-2000:] if f // FEEDS_PER_OUTLET != outlet]
            siblings = [
                (f, it) for f, it in stored[-2000:] if f // FEEDS_PER_OUTLET == outlet and f != feed
            ]
            if draw < NEAR_COPY_SHARE and others:
                _, original = rng.choice(others)
                title, summary = _near_copy(rng, original)
                published = original.published + timedelta(hours=rng.uniform(0.5, 6))
            elif draw < NEAR_COPY_SHARE + SAME_OUTLET_SHARE and siblings:
                _, original = rng.choice(siblings)
                title = original.title
                sentences = original.summary.split("。")
                summary = (
                    "。".join(sentences[:2]) + "。" if len(sentences) > 2 else original.summary
                )
                summary = summary[: max(80, len(summary) // 2)]
                published = original.published + timedelta(minutes=rng.uniform(1, 90))
            else:
                japanese = rng.random() < JAPANESE_SHARE
                title = _title(rng, japanese)
                summary = _summary(rng, japanese, rng.random() < EXPERT_SHARE)
            item = Item(title=title, link=link, published=published, summary=summary)
            world[feed].append(item)
            stored.append((feed, item))
    return world


def rss(feed: int, items: list[Item]) -> bytes:
    """An RSS 2.0 document of ``items``, newest first."""
    entries = "".join(
        f"<item><title>{escape(it.title)}</title><link>{escape(it.link)}</link>"
        f"<guid>{escape(it.link)}</guid><pubDate>{format_datetime(it.published)}</pubDate>"
        f"<description>{escape(it.summary)}</description></item>"
        for it in sorted(items, key=lambda it: it.published, reverse=True)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>bench feed {feed:02d}</title><link>http://example.invalid/</link>"
        f"{entries}</channel></rss>"
    ).encode()


def routes(base: str, feeds: int, items: int, seed: int, round_: int = 0) -> dict[str, Route]:
    """The feeds as routes; three in four answer conditional requests with 304."""
    out: dict[str, Route] = {}
    for feed, feed_items in enumerate(generate_world(base, feeds, items, seed, round_)):
        validators = feed % 4 != 3
        modified = NEWEST + SPREAD * round_
        out[f"/feeds/{feed:02d}/rss.xml"] = Route(
            body=rss(feed, feed_items),
            content_type="application/rss+xml; charset=utf-8",
            etag=f'"feed-{feed}-{seed}-{round_}"' if validators else None,
            last_modified=format_datetime(modified, usegmt=True) if validators else None,
        )
    return out


def sources_yaml(base: str, feeds: int) -> str:
    """The sources.yaml of the world: the institute, five experts, the outlets, the feeds."""
    experts = "\n".join(
        f"  - {{id: {key}, name: {name}, aliases: [{english}], titles: [{title}, {english_title}]}}"
        for key, name, english, title, english_title in EXPERTS
    )
    outlets = "\n".join(
        f"  - {{name: ベンチ新聞{n:02d}, media_type: newspaper, language: ja}}"
        for n in range(math.ceil(feeds / FEEDS_PER_OUTLET))
    )
    sources = "\n".join(
        f'  - {{name: feed{f:02d}, kind: feed, url: "{base}/feeds/{f:02d}/rss.xml", '
        f"outlet: ベンチ新聞{f // FEEDS_PER_OUTLET:02d}, every: 30m}}"
        for f in range(feeds)
    )
    return (
        "institute:\n  name: 日本国際問題研究所\n"
        "  aliases: [JIIA, Japan Institute of International Affairs]\n"
        f"experts:\n{experts}\noutlets:\n{outlets}\nsources:\n{sources}\n"
    )


def _serve(conn: Connection, feeds: int, items: int, seed: int) -> None:
    """Child process: serve the world and send its base URL; stop when told."""
    with LocalServer({}) as server:
        for path, route in routes(server.base_url, feeds, items, seed).items():
            server.set_route(path, route)
        conn.send(server.base_url)
        conn.recv()


def _serve_rounds(conn: Connection, feeds: int, seed: int) -> None:
    """Child process: serve one round of the world at a time (the growth mode).

    Sends its base URL; then each ``(round, items)`` received replaces every feed with
    that round's world, answered with "ok"; "stop" ends it.
    """
    with LocalServer({}) as server:
        conn.send(server.base_url)
        while True:
            message = conn.recv()
            if message == "stop":
                return
            round_, items = message
            for path, route in routes(server.base_url, feeds, items, seed, round_).items():
                server.set_route(path, route)
            conn.send("ok")


@contextlib.contextmanager
def served_world(feeds: int, items: int, seed: int) -> Iterator[str]:
    """The world served by a child process; yields its base URL."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, feeds, items, seed), daemon=True)
    process.start()
    try:
        if not parent.poll(600):
            raise RuntimeError("the world's server did not start")
        yield str(parent.recv())
    finally:
        with contextlib.suppress(OSError, BrokenPipeError):
            parent.send("stop")
        process.join(timeout=10)
        if process.is_alive():
            process.terminate()


# --- measuring ---------------------------------------------------------------------


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process on this machine (0.0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ServerCpu:
    """The CPU the PostgreSQL backends serving this process spend (same machine only).

    Every new DBAPI connection to PostgreSQL asks its backend's pid
    (``pg_backend_pid()``); a backend's ``/proc/<pid>/stat`` CPU is read when its
    connection closes and, for connections still open, when asked. The server's
    background processes (checkpointer, WAL writer, autovacuum) are not included.
    """

    def __init__(self) -> None:
        self.closed = 0.0
        self.open: dict[int, int] = {}  # id of the DBAPI connection -> backend pid
        self._undo: list[Callable[[], None]] = []

    def _connect(self, dbapi_connection: Any, _record: Any) -> None:
        if not type(dbapi_connection).__module__.startswith("psycopg"):
            return
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT pg_backend_pid()")
            self.open[id(dbapi_connection)] = int(cursor.fetchone()[0])
        finally:
            cursor.close()

    def _close(self, dbapi_connection: Any, *_args: Any) -> None:
        pid = self.open.pop(id(dbapi_connection), None)
        if pid is not None:
            self.closed += _process_cpu(pid)

    def seconds(self) -> float:
        """Backend CPU so far: closed connections' and open ones' until now."""
        return self.closed + sum(_process_cpu(pid) for pid in self.open.values())

    def install(self) -> None:
        """Listen to every pool's connections."""
        for name, handler in (
            ("connect", self._connect),
            ("close", self._close),
            ("close_detached", self._close),
        ):
            event.listen(Pool, name, handler)
            self._undo.append(lambda name=name, handler=handler: event.remove(Pool, name, handler))

    def uninstall(self) -> None:
        """Undo ``install``."""
        while self._undo:
            self._undo.pop()()


class Probe:
    """Counts SQL statements and stamps each source's save phase, around the collector."""

    def __init__(self) -> None:
        self.statements = 0
        self.save_start: dict[str, tuple[float, int]] = {}
        self.phases: list[tuple[str, int, float, int]] = []  # source, new docs, cpu, statements
        self.cycle_start: tuple[float, int] | None = None
        self.drops: Counter[str] = Counter()
        self.postings = 0  # stored documents the band look-ups returned, summed over keys
        self._undo: list[Callable[[], None]] = []

    def _count(self, *_args: Any, **_kwargs: Any) -> None:
        self.statements += 1

    def reset(self) -> None:
        """Forget what was measured (between two cycles)."""
        self.save_start.clear()
        self.phases.clear()
        self.cycle_start = None
        self.drops.clear()
        self.postings = 0

    def install(self) -> None:
        """Hook the statement counter and wrap the collector's methods."""
        event.listen(Engine, "before_cursor_execute", self._count)
        self._undo.append(lambda: event.remove(Engine, "before_cursor_execute", self._count))
        probe = self
        original_save = Filer._save_batch
        original_collect = Collector.collect_source
        original_register = Collector.register

        def save(self: Any, session: Any, candidates: Any, source: Any, *a: Any) -> None:
            probe.save_start.setdefault(source.name, (time.process_time(), probe.statements))
            original_save(self, session, candidates, source, *a)

        async def collect_source(self: Collector, source: Any) -> SourceReport:
            report = await original_collect(self, source)
            probe.drops.update(report.drops)
            start = probe.save_start.get(source.name)
            if start is not None:
                probe.phases.append(
                    (
                        source.name,
                        report.new_documents,
                        time.process_time() - start[0],
                        probe.statements - start[1],
                    )
                )
            return report

        def register(self: Collector) -> None:
            if probe.cycle_start is None:
                probe.cycle_start = (time.process_time(), probe.statements)
            original_register(self)

        original_bands = filing.band_documents

        def band_documents(session: Any, keys: Any) -> Any:
            found = original_bands(session, keys)
            probe.postings += sum(len(documents) for documents in found.values())
            return found

        filing.band_documents = band_documents
        self._undo.append(lambda: setattr(filing, "band_documents", original_bands))
        Filer._save_batch = save  # type: ignore[method-assign,assignment]
        Collector.collect_source = collect_source  # type: ignore[method-assign]
        Collector.register = register  # type: ignore[method-assign]

        def restore() -> None:
            Filer._save_batch = original_save  # type: ignore[method-assign]
            Collector.collect_source = original_collect  # type: ignore[method-assign]
            Collector.register = original_register  # type: ignore[method-assign]

        self._undo.append(restore)

    def uninstall(self) -> None:
        """Undo ``install``."""
        while self._undo:
            self._undo.pop()()


@dataclass
class Result:
    """The figures of one database."""

    database: str
    feeds: int
    items: int
    new_documents: int = 0
    stories: int = 0
    mentions: int = 0
    cpu_s: float = 0.0
    wall_s: float = 0.0
    items_per_cpu_s: float = 0.0
    server_cpu_s: float = 0.0  # PostgreSQL: the backends' CPU during the first cycle
    items_per_total_cpu_s: float = 0.0  # this process's and the backends' CPU
    repoll_server_ms_per_source: float = 0.0
    first_ms_per_item: float = 0.0
    last_ms_per_item: float = 0.0
    growth: float = 0.0
    statements_per_item_save: float = 0.0
    statements_per_item_command: float = 0.0
    repoll_sources: int = 0
    repoll_cycle_ms_per_source: float = 0.0
    repoll_command_ms_per_source: float = 0.0
    repoll_statements_per_source: float = 0.0
    repoll_new_documents: int = 0
    bytes_per_document: float = 0.0
    drops: dict[str, int] = field(default_factory=dict)
    repoll_drops: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Run:
    """One ``mediawatch collect`` as measured."""

    cpu: float  # process CPU seconds of the whole command
    wall: float
    statements: int
    cycle_cpu: float | None  # from Collector.register to the command's end
    cycle_statements: int | None
    output: str
    server_cpu: float = 0.0  # PostgreSQL backends' CPU seconds during the command


def _run_collect(config: Path, url: str, probe: Probe, server: ServerCpu | None = None) -> Run:
    """One ``mediawatch collect`` with its CPU time, wall time and statements (and the
    PostgreSQL backends' CPU when ``server`` listens)."""
    out = io.StringIO()
    probe.reset()
    statements = probe.statements
    server_start = server.seconds() if server is not None else 0.0
    wall = time.perf_counter()
    cpu = time.process_time()
    code = cli.main(["collect", "--config", str(config), "--database-url", url], out=out)
    end = time.process_time()
    wall = time.perf_counter() - wall
    server_cpu = server.seconds() - server_start if server is not None else 0.0
    if code != 0:
        raise RuntimeError(f"collect exited {code}:\n{out.getvalue()}")
    cycle = probe.cycle_start
    return Run(
        cpu=end - cpu,
        wall=wall,
        statements=probe.statements - statements,
        cycle_cpu=None if cycle is None else end - cycle[0],
        cycle_statements=None if cycle is None else probe.statements - cycle[1],
        output=out.getvalue(),
        server_cpu=server_cpu,
    )


def _tenth_costs(phases: list[tuple[str, int, float, int]]) -> tuple[float, float]:
    """ms per new item of the sources saved first (first 10% of items) and last (last 10%)."""
    total = sum(new for _, new, _, _ in phases)
    tenth = max(1, math.ceil(total / 10))

    def cost(ordered: list[tuple[str, int, float, int]]) -> float:
        items = cpu = 0.0
        for _, new, spent, _ in ordered:
            if new == 0:
                continue
            items += new
            cpu += spent
            if items >= tenth:
                break
        return 1000 * cpu / items if items else 0.0

    return cost(phases), cost(list(reversed(phases)))


def _count_rows(url: str) -> tuple[int, int, int]:
    """Documents, stories and mentions stored at ``url``."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return (
                session.scalar(select(func.count()).select_from(Document)) or 0,
                session.scalar(select(func.count()).select_from(Story)) or 0,
                session.scalar(select(func.count()).select_from(Mention)) or 0,
            )
    finally:
        engine.dispose()


def _database_bytes(url: str) -> int:
    """The database's size on disk: the SQLite file (WAL checkpointed into it), or the
    PostgreSQL schema's tables with their indexes and TOAST."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                pages = connection.exec_driver_sql("PRAGMA page_count").scalar() or 0
                size = connection.exec_driver_sql("PRAGMA page_size").scalar() or 0
                return int(pages) * int(size)
            total = connection.exec_driver_sql(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            ).scalar()
            return int(total or 0)
    finally:
        engine.dispose()


def measure(
    database: str, url: str, base: str, feeds: int, items: int, folder: Path, repeat: int
) -> Result:
    """Collect the world into ``url``, then re-poll it ``repeat`` times; the figures."""
    config = folder / f"sources-{database}.yaml"
    config.write_text(sources_yaml(base, feeds), encoding="utf-8")
    result = Result(database=database, feeds=feeds, items=feeds * items)
    upgrade = ["db", "upgrade", "--config", str(config), "--database-url", url]
    if cli.main(upgrade, out=io.StringIO()) != 0:
        raise RuntimeError("db upgrade failed")
    probe = Probe()
    probe.install()
    server = ServerCpu() if database == "postgresql" else None
    if server is not None:
        server.install()
    try:
        first = _run_collect(config, url, probe, server)
        phases = list(probe.phases)
        result.drops = dict(sorted(probe.drops.items()))
        result.new_documents, result.stories, result.mentions = _count_rows(url)
        if result.new_documents:
            result.bytes_per_document = _database_bytes(url) / result.new_documents
        result.cpu_s, result.wall_s = first.cpu, first.wall
        result.items_per_cpu_s = result.new_documents / first.cpu if first.cpu else 0.0
        result.server_cpu_s = first.server_cpu
        total = first.cpu + first.server_cpu
        result.items_per_total_cpu_s = result.new_documents / total if total else 0.0
        result.first_ms_per_item, result.last_ms_per_item = _tenth_costs(phases)
        if result.first_ms_per_item:
            result.growth = result.last_ms_per_item / result.first_ms_per_item
        saved = sum(new for _, new, _, _ in phases)
        if saved:
            result.statements_per_item_save = sum(s for _, _, _, s in phases) / saved
        if result.new_documents:
            result.statements_per_item_command = first.statements / result.new_documents

        # The re-poll costs milliseconds per source: the median of a few cycles.
        repolls = [_run_collect(config, url, probe, server) for _ in range(repeat)]
        result.repoll_server_ms_per_source = statistics.median(
            1000 * run.server_cpu / feeds for run in repolls
        )
        result.repoll_drops = dict(sorted(probe.drops.items()))  # the last re-poll's
        result.repoll_sources = feeds
        result.repoll_command_ms_per_source = statistics.median(
            1000 * run.cpu / feeds for run in repolls
        )
        cycles = [run for run in repolls if run.cycle_cpu is not None]
        if cycles:
            result.repoll_cycle_ms_per_source = statistics.median(
                1000 * (run.cycle_cpu or 0.0) / feeds for run in cycles
            )
            result.repoll_statements_per_source = statistics.median(
                (run.cycle_statements or 0) / feeds for run in cycles
            )
        else:
            result.notes.append("re-poll cycle not stamped (Collector.register not called)")
        result.repoll_new_documents = _count_rows(url)[0] - result.new_documents
    finally:
        probe.uninstall()
        if server is not None:
            server.uninstall()
    if database == "postgresql":
        result.notes.append(
            "server CPU: the backends serving this process (/proc/<pid>/stat), "
            "not the server's background processes"
        )
        result.notes.append(_postgres_scans(url))
    return result


def _postgres_scans(url: str) -> str:
    """The server's autovacuum setting and the sequential scans the run made (wall time)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            autovacuum = connection.exec_driver_sql("SHOW autovacuum").scalar()
            scans = connection.exec_driver_sql(
                "SELECT relname, seq_scan, idx_scan FROM pg_stat_user_tables "
                "WHERE relname IN ('documents', 'document_bands', 'line_frequencies', "
                "'url_keys') ORDER BY relname"
            ).all()
    finally:
        engine.dispose()
    counts = ", ".join(f"{name} {seq} seq / {idx or 0} index" for name, seq, idx in scans)
    return f"server autovacuum={autovacuum}; scans during the run: {counts}"


# --- growth --------------------------------------------------------------------------

#: Items per filling cycle of the growth mode (the peak memory compares these cycles).
GROWTH_FILL = 10_000


@dataclass
class GrowthStep:
    """One collect cycle of the growth mode, measured in its own process."""

    kind: str  # "fill" or "probe"
    items: int  # in the feeds
    stored_before: int
    stored_after: int
    cycle_cpu_s: float  # from Collector.register to the command's end
    save_cpu_s: float  # the sources' save phases
    peak_rss_mb: float  # the cycle's process, start-up included
    postings: int = 0  # stored documents the band look-ups returned (over their keys)

    @property
    def new_documents(self) -> int:
        """Documents the cycle stored."""
        return self.stored_after - self.stored_before

    def ms_per_item(self, cpu: float) -> float:
        """``cpu`` seconds per new document, in ms."""
        return 1000 * cpu / self.new_documents if self.new_documents else 0.0


@dataclass
class Growth:
    """The growth mode's figures of one database."""

    database: str
    feeds: int
    steps: list[GrowthStep] = field(default_factory=list)

    def _probes(self) -> tuple[GrowthStep, GrowthStep] | None:
        probes = [step for step in self.steps if step.kind == "probe"]
        return (probes[0], probes[-1]) if len(probes) >= 2 else None

    def _fills(self) -> tuple[GrowthStep, GrowthStep] | None:
        fills = [s for s in self.steps if s.kind == "fill" and s.items == GROWTH_FILL]
        return (fills[0], fills[-1]) if len(fills) >= 2 else None

    def summary(self) -> dict[str, float]:
        """Cost per new item of the first and last probe, and peak memory of the first
        and last filling cycle, with their ratios."""
        out: dict[str, float] = {}
        probes = self._probes()
        if probes:
            first, last = probes
            out["stored_at_first_probe"] = first.stored_before
            out["stored_at_last_probe"] = last.stored_before
            for name, pick in (
                ("cycle", lambda step: step.cycle_cpu_s),
                ("save", lambda step: step.save_cpu_s),
            ):
                a, b = first.ms_per_item(pick(first)), last.ms_per_item(pick(last))
                out[f"{name}_ms_first"], out[f"{name}_ms_last"] = a, b
                out[f"{name}_ratio"] = b / a if a else 0.0
            for key, step in (("first", first), ("last", last)):
                out[f"postings_per_item_{key}"] = step.postings / max(1, step.new_documents)
        fills = self._fills()
        if fills:
            first, last = fills
            out["rss_first_mb"], out["rss_last_mb"] = first.peak_rss_mb, last.peak_rss_mb
            out["rss_first_stored"], out["rss_last_stored"] = first.stored_after, last.stored_after
            out["rss_ratio"] = last.peak_rss_mb / first.peak_rss_mb if first.peak_rss_mb else 0.0
        return out


def _growth_cycle(conn: Connection, config: str, url: str) -> None:
    """Child process: one ``collect`` with the probe; sends its CPU and peak memory."""
    import resource

    with open(os.devnull, "w") as devnull:  # the collector's log lines
        os.dup2(devnull.fileno(), 2)
    probe = Probe()
    probe.install()
    run = _run_collect(Path(config), url, probe)
    save_cpu = sum(spent for _, _, spent, _ in probe.phases)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    cycle_cpu = run.cycle_cpu if run.cycle_cpu is not None else run.cpu
    conn.send((cycle_cpu, save_cpu, peak_kib, probe.postings))


def _cycle_in_child(config: Path, url: str) -> tuple[float, float, float, int]:
    """Run ``_growth_cycle`` in a fresh process (its own peak memory); its figures."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_growth_cycle, args=(child, str(config), url))
    process.start()
    try:
        if not parent.poll(3600):
            raise RuntimeError("a growth cycle did not finish within an hour")
        cycle_cpu, save_cpu, peak_kib, postings = parent.recv()
    except EOFError as error:
        raise RuntimeError(f"a growth cycle crashed (exit code {process.exitcode})") from error
    finally:
        process.join(timeout=60)
    return float(cycle_cpu), float(save_cpu), peak_kib / 1024, int(postings)


def growth_schedule(target: int, probe: int, feeds: int) -> list[tuple[str, int]]:
    """The cycles that grow a database to about ``target`` items: a first fill and a
    probe of ``probe`` items, ``GROWTH_FILL``-item fills, a last fill up to ``target``
    less a probe, and the last probe."""
    steps = [("fill", probe), ("probe", probe)]
    stored = 2 * probe
    while stored + GROWTH_FILL + probe <= target:
        steps.append(("fill", GROWTH_FILL))
        stored += GROWTH_FILL
    if target - probe - stored >= feeds:
        steps.append(("fill", target - probe - stored))
    steps.append(("probe", probe))
    return steps


def measure_growth(
    database: str,
    url: str,
    feeds: int,
    seed: int,
    target: int,
    probe: int,
    folder: Path,
    out: Any = sys.stdout,
) -> Growth:
    """Grow ``url`` to about ``target`` stored items through ``collect`` (the real save
    path, one cycle per round of fresh articles, each in its own process) and measure
    the probes' cost per new item at the start and at the end."""
    growth = Growth(database=database, feeds=feeds)
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(target=_serve_rounds, args=(child, feeds, seed), daemon=True)
    server.start()
    try:
        if not parent.poll(600):
            raise RuntimeError("the world's server did not start")
        base = str(parent.recv())
        config = folder / f"growth-{database}.yaml"
        config.write_text(sources_yaml(base, feeds), encoding="utf-8")
        upgrade = ["db", "upgrade", "--config", str(config), "--database-url", url]
        if cli.main(upgrade, out=io.StringIO()) != 0:
            raise RuntimeError("db upgrade failed")
        stored = 0
        for round_, (kind, items) in enumerate(growth_schedule(target, probe, feeds)):
            per_feed = max(1, items // feeds)
            parent.send((round_, per_feed))
            if not parent.poll(600) or parent.recv() != "ok":
                raise RuntimeError("the world's server did not change rounds")
            cycle_cpu, save_cpu, peak_mb, postings = _cycle_in_child(config, url)
            after = _count_rows(url)[0]
            step = GrowthStep(
                kind, per_feed * feeds, stored, after, cycle_cpu, save_cpu, peak_mb, postings
            )
            growth.steps.append(step)
            print(
                f"{database} growth: {kind} {stored:,} -> {after:,} stored, "
                f"{step.ms_per_item(cycle_cpu):.2f} ms/item cycle, "
                f"{step.ms_per_item(save_cpu):.2f} save, peak {peak_mb:.0f} MB, "
                f"{postings / max(1, step.new_documents):.1f} band postings read/item",
                file=out,
                flush=True,
            )
            stored = after
    finally:
        with contextlib.suppress(OSError, BrokenPipeError):
            parent.send("stop")
        server.join(timeout=10)
        if server.is_alive():
            server.terminate()
    return growth


def print_growth(results: list[Growth], out: Any = sys.stdout) -> None:
    """The growth mode's summary, one block per database."""
    for growth in results:
        s = growth.summary()
        if "cycle_ratio" in s:
            print(
                f"{growth.database}: cost per new item at {s['stored_at_first_probe']:,.0f} "
                f"stored vs {s['stored_at_last_probe']:,.0f}: cycle "
                f"{s['cycle_ms_first']:.2f} -> {s['cycle_ms_last']:.2f} ms "
                f"({s['cycle_ratio']:.2f}x), save phase {s['save_ms_first']:.2f} -> "
                f"{s['save_ms_last']:.2f} ms ({s['save_ratio']:.2f}x); band postings read "
                f"per item {s['postings_per_item_first']:.1f} -> {s['postings_per_item_last']:.1f}",
                file=out,
            )
        if "rss_ratio" in s:
            print(
                f"{growth.database}: peak memory of a {GROWTH_FILL:,}-item cycle ending at "
                f"{s['rss_first_stored']:,.0f} stored {s['rss_first_mb']:.0f} MB, at "
                f"{s['rss_last_stored']:,.0f} stored {s['rss_last_mb']:.0f} MB "
                f"({s['rss_ratio']:.2f}x)",
                file=out,
            )


# --- databases -----------------------------------------------------------------------


@contextlib.contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A throw-away PostgreSQL database (a schema without CREATEDB), dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"mw_bench_e2e_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(libpq_url(server), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        use_database = True
    except psycopg.errors.InsufficientPrivilege:
        with psycopg.connect(libpq_url(server), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        use_database = False
    base = make_url(server)
    url = (
        base.set(database=name)
        if use_database
        else base.update_query_dict({"options": f"-csearch_path={name}"})
    )
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        drop = (
            "DROP DATABASE IF EXISTS {} WITH (FORCE)"
            if use_database
            else "DROP SCHEMA IF EXISTS {} CASCADE"
        )
        with psycopg.connect(libpq_url(server), autocommit=True) as conn:
            conn.execute(sql.SQL(drop).format(sql.Identifier(name)))


# --- output --------------------------------------------------------------------------


def print_results(results: list[Result], out: Any = sys.stdout) -> None:
    """The figures as a table, one column per database."""
    rows: list[tuple[str, Callable[[Result], str]]] = [
        ("items in the feeds", lambda r: f"{r.items:,}"),
        ("new documents (first cycle)", lambda r: f"{r.new_documents:,}"),
        ("stories / mentions", lambda r: f"{r.stories:,} / {r.mentions:,}"),
        ("database bytes per document", lambda r: f"{r.bytes_per_document:,.0f}"),
        ("collect CPU s (wall s)", lambda r: f"{r.cpu_s:.1f} ({r.wall_s:.1f})"),
        ("new items per CPU-second", lambda r: f"{r.items_per_cpu_s:.0f}"),
        ("database server CPU s", lambda r: f"{r.server_cpu_s:.1f}"),
        ("new items per CPU-s, server incl.", lambda r: f"{r.items_per_total_cpu_s:.0f}"),
        ("save ms/item, first 10%", lambda r: f"{r.first_ms_per_item:.2f}"),
        ("save ms/item, last 10%", lambda r: f"{r.last_ms_per_item:.2f}"),
        ("growth (last / first)", lambda r: f"{r.growth:.2f}x"),
        ("statements/item, save phase", lambda r: f"{r.statements_per_item_save:.1f}"),
        ("statements/item, whole command", lambda r: f"{r.statements_per_item_command:.1f}"),
        ("re-poll CPU ms/source (cycle)", lambda r: f"{r.repoll_cycle_ms_per_source:.1f}"),
        ("re-poll CPU ms/source (command)", lambda r: f"{r.repoll_command_ms_per_source:.1f}"),
        ("re-poll statements/source", lambda r: f"{r.repoll_statements_per_source:.1f}"),
        ("re-poll server CPU ms/source", lambda r: f"{r.repoll_server_ms_per_source:.1f}"),
        ("re-poll new documents", lambda r: f"{r.repoll_new_documents}"),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'':{width}}  " + "  ".join(f"{r.database:>14}" for r in results), file=out)
    for label, show in rows:
        print(f"{label:{width}}  " + "  ".join(f"{show(r):>14}" for r in results), file=out)
    for r in results:
        print(
            f"{r.database}: first cycle drops {r.drops}; re-poll drops {r.repoll_drops}", file=out
        )
        for note in r.notes:
            print(f"{r.database}: {note}", file=out)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, serve the world, measure each database, print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--feeds", type=int, default=40, help="feeds (default: 40)")
    parser.add_argument("--items", type=int, default=250, help="items per feed (default: 250)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--tiny", action="store_true", help="3 feeds x 20 items, SQLite only")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-url", default=None, help=f"default: {DEFAULT_POSTGRES_URL}")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument(
        "--repolls", type=int, default=3, help="re-poll cycles, median reported (default: 3)"
    )
    parser.add_argument(
        "--growth",
        type=int,
        default=None,
        metavar="N",
        help="growth mode: grow each database to about N stored items (e.g. 50000)",
    )
    parser.add_argument(
        "--probe-items", type=int, default=1000, help="growth mode: items per probe (1000)"
    )
    args = parser.parse_args(argv)
    if args.tiny:
        args.feeds, args.items = 3, 20
    repeat = max(1, args.repolls)
    postgres_url = args.postgres_url or DEFAULT_POSTGRES_URL
    with_postgres = not args.sqlite_only and (not args.tiny or args.postgres_url is not None)

    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        os.environ.pop(name, None)
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    os.environ["MEDIAWATCH_PER_HOST_DELAY_SECONDS"] = "0"
    # This measures throughput, not the per-source wall-clock budget.
    os.environ["MEDIAWATCH_SOURCE_BUDGET_SECONDS"] = "86400"

    print(
        f"world: {args.feeds} feeds x {args.items} items, seed {args.seed}; "
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
        flush=True,
    )
    if args.growth is not None:
        return _main_growth(args, postgres_url, with_postgres)
    results: list[Result] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-e2e-") as folder,
        served_world(args.feeds, args.items, args.seed) as base,
    ):
        work = Path(folder)
        results.append(
            measure(
                "sqlite", f"sqlite:///{work / 'e2e.db'}", base, args.feeds, args.items, work, repeat
            )
        )
        if with_postgres:
            if postgres_reachable(postgres_url):
                with postgres_database(postgres_url) as url:
                    results.append(
                        measure("postgresql", url, base, args.feeds, args.items, work, repeat)
                    )
            else:
                print(f"postgresql: not reachable at {postgres_url}, skipped")
    print_results(results)
    if args.json is not None:
        args.json.write_text(
            json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
    return 0


def _main_growth(args: argparse.Namespace, postgres_url: str, with_postgres: bool) -> int:
    """The growth mode of ``main``."""
    growths: list[Growth] = []
    with tempfile.TemporaryDirectory(prefix="bench-e2e-") as folder:
        work = Path(folder)
        measure_one = functools.partial(
            measure_growth,
            feeds=args.feeds,
            seed=args.seed,
            target=args.growth,
            probe=args.probe_items,
            folder=work,
        )
        growths.append(measure_one("sqlite", f"sqlite:///{work / 'growth.db'}"))
        if with_postgres:
            if postgres_reachable(postgres_url):
                with postgres_database(postgres_url) as url:
                    growths.append(measure_one("postgresql", url))
            else:
                print(f"postgresql: not reachable at {postgres_url}, skipped")
    print_growth(growths)
    if args.json is not None:
        args.json.write_text(
            json.dumps(
                [{**asdict(g), "summary": g.summary()} for g in growths],
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
