"""Several workers on one database share the due sources: each is fetched once per cycle.

The demo world is served on 127.0.0.1 and counts every request. Three workers
(threads with engines, fetchers and collectors of their own, as three processes
or machines would have) run one cycle at the same moment; the requests per path
and the rows stored must equal one worker's run. A lease left by a worker that
died keeps its sources from the others until it expires, and then they take them.
``run --workers 3`` does the same with three real processes. Claims race from
several threads directly against the storage layer. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from demo.localserver import LocalServer, Route
from demo.world import DEMO_TRUTH, build_world, demo_config_yaml
from pipeline.collect import Collector, SourceReport
from pipeline.config import expand_sources, load_config, source_hosts
from pipeline.fetch import Fetcher
from pipeline.schedule import Worker, release_dead_local_leases, run_shared_cycle
from pipeline.settings import Settings, load_settings
from pipeline.types import FetchOutcome
from storage import leases
from storage.db import make_engine, session_scope, upgrade
from storage.models import FetchLog, Source
from tests.cli_helpers import fiscal_report, table_counts

PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: Each source's own URL answers this late, so that one worker cannot finish every
#: source before the others have claimed theirs (sharing is then visible).
SOURCE_DELAY_SECONDS = 0.4


def _serve_world(server: LocalServer, *, slow_sources: bool = False) -> None:
    """(Re)install the demo world: sequences start again and every count is zero."""
    base = server.base_url.rstrip("/")
    source_paths = {
        "/daily/feed.xml",
        "/local/rss",
        "/times/atom.xml",
        "/tv/programs",
        "/broken/feed.xml",
        "/institute/comments/",
    }
    for path, route in build_world(base).items():
        if slow_sources and path in source_paths:
            if isinstance(route, Route):
                route = replace(route, delay_seconds=SOURCE_DELAY_SECONDS)
            else:
                route = [replace(r, delay_seconds=SOURCE_DELAY_SECONDS) for r in route]
        server.set_route(path, route)
    server.reset_stats()


def _hits(server: LocalServer) -> Counter[str]:
    """Requests per path, robots.txt aside (each worker's fetcher reads it once per host)."""
    return Counter(r.path for r in server.requests() if not r.path.endswith("/robots.txt"))


@pytest.fixture
def world(local_server: LocalServer, tmp_path: Path) -> Path:
    config = tmp_path / "sources.yaml"
    config.write_text(demo_config_yaml(local_server.base_url.rstrip("/")), encoding="utf-8")
    _serve_world(local_server)
    return config


def _settings(db_url: str) -> Settings:
    return replace(
        load_settings(),
        database_url=db_url,
        per_host_delay_seconds=0.0,
        retries=1,
        backoff_seconds=0.05,
        timeout_seconds=5.0,
    )


def _worker_cycle(
    config_path: Path,
    db_url: str,
    worker: Worker,
    *,
    barrier: threading.Barrier | None = None,
    clock: Callable[[], datetime] | None = None,
) -> list[SourceReport]:
    """One worker's cycle with an engine, a fetcher and a collector of its own."""
    config = load_config(config_path)
    settings = _settings(db_url)
    engine = make_engine(db_url)

    async def cycle() -> list[SourceReport]:
        async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
            if clock is None:
                collector = Collector(config, settings, engine, fetcher)
            else:
                collector = Collector(config, settings, engine, fetcher, clock=clock)
            if barrier is not None:
                barrier.wait(timeout=60)
            return await run_shared_cycle(collector, expand_sources(config), worker)

    try:
        return asyncio.run(cycle())
    finally:
        engine.dispose()


def _in_threads(jobs: list[Callable[[], list[SourceReport]]]) -> list[list[SourceReport]]:
    results: list[list[SourceReport] | None] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results[index] = jobs[index]()
        except BaseException as error:  # a thread's failure must fail the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    assert all(result is not None for result in results)
    return [result or [] for result in results]


def _migrated(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()


def _leases_held(db_url: str) -> list[tuple[str, str | None]]:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            rows = session.execute(
                select(Source.name, Source.lease_holder).where(Source.lease_holder.is_not(None))
            ).all()
            return [(row.name, row.lease_holder) for row in rows]
    finally:
        engine.dispose()


def _truth(world: Path, server: LocalServer, tmp_path: Path) -> tuple[Counter[str], dict[str, int]]:
    """One worker alone, on a database of its own: requests per path and rows stored."""
    _serve_world(server, slow_sources=True)
    url = f"sqlite:///{tmp_path / 'one-worker.db'}"
    _migrated(url)
    reports = _worker_cycle(world, url, Worker())
    assert len(reports) == 6
    return _hits(server), table_counts(url)


def test_three_workers_fetch_each_source_once_and_store_what_one_worker_stores(
    world: Path, local_server: LocalServer, db_url: str, tmp_path: Path
) -> None:
    truth_hits, truth_counts = _truth(world, local_server, tmp_path)
    _serve_world(local_server, slow_sources=True)
    _migrated(db_url)
    barrier = threading.Barrier(3)
    workers = [Worker(in_flight=2) for _ in range(3)]
    results = _in_threads(
        [lambda w=w: _worker_cycle(world, db_url, w, barrier=barrier) for w in workers]
    )

    collected = [report.source for reports in results for report in reports]
    sources = [s.name for s in expand_sources(load_config(world)) if s.enabled]
    assert sorted(collected) == sorted(sources)  # each source by exactly one worker
    assert sum(1 for reports in results if reports) >= 2, "one worker took every source"
    assert _hits(local_server) == truth_hits  # every source and article fetched once
    failed = [
        (r.source, r.error)
        for reports in results
        for r in reports
        if r.outcome in (FetchOutcome.SOFT_ERROR, FetchOutcome.HARD_ERROR)
        and not (r.error or "").startswith("http_")  # the world's deliberately broken feed
    ]
    assert not failed, failed
    assert table_counts(db_url) == truth_counts
    report = fiscal_report(world, db_url)
    assert report["totals"]["appearances"] == DEMO_TRUTH.appearances
    assert report["totals"]["placements"] == DEMO_TRUTH.placements
    assert report["totals"]["publications"] == DEMO_TRUTH.publications
    assert _leases_held(db_url) == []  # every lease given back

    # The next cycle of all three finds nothing due: nothing is fetched or stored again.
    local_server.reset_stats()
    again = _in_threads([lambda w=w: _worker_cycle(world, db_url, w) for w in workers])
    assert again == [[], [], []]
    assert _hits(local_server) == Counter()
    assert table_counts(db_url) == truth_counts


def test_a_dead_workers_sources_go_to_another_once_its_lease_expires(
    world: Path, local_server: LocalServer, db_url: str, tmp_path: Path
) -> None:
    truth_hits, truth_counts = _truth(world, local_server, tmp_path)
    _serve_world(local_server, slow_sources=True)
    _migrated(db_url)
    start = datetime.now(UTC)
    lease = timedelta(seconds=300)
    config = load_config(world)
    names = [s.name for s in expand_sources(config) if s.enabled]

    # A worker registers the sources, claims every one of them, and dies.
    dead = Worker(holder="elsewhere:4242:dead", lease_seconds=lease.total_seconds())
    engine = make_engine(db_url)
    try:

        async def register() -> None:
            settings = _settings(db_url)
            async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
                Collector(config, settings, engine, fetcher, clock=lambda: start).register()

        asyncio.run(register())
        claimed = leases.claim_sources(
            engine, dead.holder, now=start, expires_at=start + lease, limit=100
        )
    finally:
        engine.dispose()
    # Publication pages first; news waits while one is due or being collected.
    assert claimed == ["戦略コメント"]
    engine = make_engine(db_url)
    try:
        # It held the news sources too (as from a cycle in which no publication page was due).
        with session_scope(engine) as session:
            session.execute(
                update(Source).values(lease_holder=dead.holder, lease_expires_at=start + lease)
            )
    finally:
        engine.dispose()
    local_server.reset_stats()

    # While the lease lives, another worker takes none of them (and waits no longer
    # than its own lease for the publication page another worker holds).
    alive = Worker(lease_seconds=1.0)
    reports = _worker_cycle(world, db_url, alive, clock=lambda: start + timedelta(seconds=10))
    assert reports == []
    assert _hits(local_server) == Counter()

    # Once it has expired, the live worker collects every one, once.
    later = start + lease + timedelta(seconds=1)
    alive = Worker()
    reports = _worker_cycle(world, db_url, alive, clock=lambda: later)
    assert sorted(r.source for r in reports) == sorted(names)
    assert _hits(local_server) == truth_hits
    assert table_counts(db_url) == truth_counts
    assert _leases_held(db_url) == []
    engine = make_engine(db_url)
    try:
        # The dead worker, were it to come back, gives back nothing it no longer holds.
        assert leases.release_sources(engine, dead.holder) == 0
        assert leases.renew_leases(engine, dead.holder, names, expires_at=later + lease) == set()
    finally:
        engine.dispose()


def _add_sources(db_url: str, count: int, now: datetime) -> list[str]:
    engine = make_engine(db_url)
    upgrade(engine)
    names = [f"source {i:03d}" for i in range(count)]
    try:
        with session_scope(engine) as session:
            session.add_all(
                Source(
                    name=name,
                    kind="feed",
                    url=f"http://127.0.0.1/{i}",
                    every_seconds=3600,
                    enabled=True,
                    next_due_at=now,
                )
                for i, name in enumerate(names)
            )
    finally:
        engine.dispose()
    return names


def test_racing_claims_never_give_one_source_to_two_workers(db_url: str) -> None:
    now = datetime.now(UTC)
    names = _add_sources(db_url, 60, now)
    barrier = threading.Barrier(4)
    taken: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def claim_all(holder: str) -> None:
        engine = make_engine(db_url)
        mine: list[str] = []
        try:
            barrier.wait(timeout=30)
            # Bounded: a broken claim that hands out leased sources again must end too.
            for _ in range(len(names)):
                batch = leases.claim_sources(
                    engine, holder, now=now, expires_at=now + timedelta(minutes=5), limit=3
                )
                if not batch:
                    break
                mine += batch
        except BaseException as error:
            errors.append(error)
        finally:
            taken[holder] = mine
            engine.dispose()

    threads = [threading.Thread(target=claim_all, args=(f"h{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    every = [name for mine in taken.values() for name in mine]
    assert sorted(every) == names  # all claimed, none twice
    assert sum(1 for mine in taken.values() if mine) >= 2
    held = dict(_leases_held(db_url))
    assert all(held[name] == holder for holder, mine in taken.items() for name in mine)


def test_leases_renew_release_and_expire(db_url: str) -> None:
    now = datetime.now(UTC)
    names = _add_sources(db_url, 3, now)
    engine = make_engine(db_url)
    try:
        lease = timedelta(seconds=60)
        got = leases.claim_sources(engine, "a", now=now, expires_at=now + lease, limit=2)
        assert got == names[:2]
        # A live lease is not claimable; the third source is.
        assert leases.claim_sources(engine, "b", now=now, expires_at=now + lease, limit=5) == [
            names[2]
        ]
        # Renewed, a lease outlives its first expiry; not renewed, it lapses.
        assert leases.renew_leases(engine, "a", [names[0]], expires_at=now + 3 * lease) == {
            names[0]
        }
        later = now + 2 * lease
        assert leases.claim_sources(engine, "c", now=later, expires_at=later + lease, limit=5) == [
            names[1],
            names[2],
        ]
        assert leases.renew_leases(engine, "a", names, expires_at=later + lease) == {names[0]}
        assert leases.release_sources(engine, "a") == 1
        assert leases.claim_sources(engine, "d", now=later, expires_at=later + lease, limit=5) == [
            names[0]
        ]
        # A source that is not due is never claimed, leased or not.
        with session_scope(engine) as session:
            session.execute(update(Source).values(next_due_at=later + timedelta(hours=1)))
        leases.release_sources(engine, "c")
        leases.release_sources(engine, "d")
        assert leases.claim_sources(engine, "e", now=later, expires_at=later + lease, limit=5) == []
    finally:
        engine.dispose()


def test_leases_of_dead_processes_on_this_host_are_given_back_at_start(db_url: str) -> None:
    import socket

    now = datetime.now(UTC)
    names = _add_sources(db_url, 3, now)
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    host = socket.gethostname()
    holders = [
        f"{host}:{dead_pid}:gone",
        f"{host}:{os.getppid()}:alive",
        f"other-host:{dead_pid}:x",
    ]
    engine = make_engine(db_url)
    try:
        for holder in holders:
            until = now + timedelta(minutes=5)
            assert (
                len(leases.claim_sources(engine, holder, now=now, expires_at=until, limit=1)) == 1
            )
        assert release_dead_local_leases(engine) == 1
    finally:
        engine.dispose()
    held = dict(_leases_held(db_url))
    assert held == {names[1]: holders[1], names[2]: holders[2]}


def _fetch_logs(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            return int(session.scalar(select(func.count()).select_from(FetchLog)) or 0)
    finally:
        engine.dispose()


def test_run_with_three_worker_processes_fetches_each_source_once(
    world: Path, local_server: LocalServer, db_url: str, tmp_path: Path
) -> None:
    truth_hits, truth_counts = _truth(world, local_server, tmp_path)
    _serve_world(local_server)
    _migrated(db_url)
    env = {
        **os.environ,
        "MEDIAWATCH_PER_HOST_DELAY_SECONDS": "0",
        "MEDIAWATCH_RETRIES": "1",
        "MEDIAWATCH_BACKOFF_SECONDS": "0.05",
        "MEDIAWATCH_TIMEOUT_SECONDS": "5",
        "MEDIAWATCH_HEARTBEAT_FILE": str(tmp_path / "heartbeat"),
        "NO_PROXY": "127.0.0.1,localhost",
    }
    command = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "run",
        "--workers",
        "3",
        "--tick",
        "1",
        "--config",
        str(world),
        "--database-url",
        db_url,
    ]
    process = subprocess.Popen(
        command,
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(iter(process.stdout.readline, "")),  # type: ignore[union-attr]
        daemon=True,
    )
    reader.start()
    try:
        deadline = time.monotonic() + 120
        running = re.compile(r"mediawatch running: .* worker (\S+)")
        while time.monotonic() < deadline:
            time.sleep(0.3)
            started = {m.group(1) for line in lines if (m := running.search(line))}
            # Every worker up and a few ticks after the last of the six fetches.
            if len(started) == 3 and _fetch_logs(db_url) >= 6:
                time.sleep(3)
                break
        # A helper killed -9 is started again (a fourth worker id) and fetches nothing anew.
        helper = next(h for h in started if int(h.split(":")[1]) != process.pid)
        os.kill(int(helper.split(":")[1]), signal.SIGKILL)
        while time.monotonic() < deadline:
            time.sleep(0.3)
            if len({m.group(1) for line in lines if (m := running.search(line))}) == 4:
                time.sleep(3)
                break
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=90)
        reader.join(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    output = "".join(lines)
    assert process.returncode == 0, output
    workers = {m.group(1) for line in lines if (m := running.search(line))}
    assert len(workers) == 4, output  # three, and the killed helper's successor
    assert len({holder.split(":")[1] for holder in workers}) == 4  # four processes
    assert f"worker process {helper.split(':')[1]} exited with -9" in output
    assert output.count("mediawatch stopped") == 3, output  # the killed one never said it
    for holder in workers:  # every helper process was stopped and reaped
        with pytest.raises(ProcessLookupError):
            os.kill(int(holder.split(":")[1]), 0)
    assert _fetch_logs(db_url) == 6
    assert _hits(local_server) == truth_hits
    assert table_counts(db_url) == truth_counts
    assert _leases_held(db_url) == []


def test_run_refuses_fewer_than_one_worker(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.cli_helpers import run_cli

    code, _ = run_cli("run", "--workers", "0", "--config", str(PROJECT_ROOT / "sources.yaml"))
    assert code == 2
    assert "--workers must be 1 or more" in capsys.readouterr().err
