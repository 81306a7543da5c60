"""The long-running service: APScheduler ticks, each tick collects due sources.

Takes a Config, Settings and an Engine; runs until SIGTERM/SIGINT. The
schedule itself lives in the database (each source's ``next_due_at``), so a
restart picks up where the last run stopped and nothing is fetched twice as a
result. This is the one place that catches any exception: around one source,
so that one bad source never stops the others.

Several workers share one database: each service is a worker that claims the
due sources it collects (``storage/leases.py``: a lease per source, renewed
while the worker works, given back when the source's cycle is recorded), so
``run`` on several machines, or ``run --workers N`` (N worker processes on
this one, ``run_with_helpers``), fetch each due source once per cycle. A
worker that dies leaves leases that expire; the others then take its sources.
``run_cycle`` (``collect --once``) collects what it is given without claiming.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import signal
import socket
import time
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from pipeline.collect import Collector, SourceReport
from pipeline.config import expand_sources, source_hosts
from pipeline.fetch import Fetcher, error_text
from pipeline.settings import Settings
from pipeline.types import Config, FetchOutcome, SourceConfig, SourceKind
from storage import leases, queries
from storage.db import session_scope

log = logging.getLogger(__name__)

DEFAULT_TICK_SECONDS = 60
SHUTDOWN_GRACE_SECONDS = 20.0
#: How long a claim on a source lasts unless renewed: a dead worker's sources wait this long.
DEFAULT_LEASE_SECONDS = 300.0
#: How many claimed sources one worker collects at once; it claims more as they finish.
#: (The fetcher's own connection limits still apply across them.)
DEFAULT_SOURCES_IN_FLIGHT = 16
#: How often a worker that waits for another's publication pages looks again.
WAIT_POLL_SECONDS = 0.5
#: How long ``run --workers N`` waits before starting a helper process that exited again.
HELPER_RESTART_SECONDS = 5.0

_T = TypeVar("_T")


#: How many times a source's cycle runs when its transaction meets another's.
CONFLICT_ATTEMPTS = 3
_CONFLICTS = ("DeadlockDetected", "SerializationFailure", "LockNotAvailable")


def _is_conflict(error: DBAPIError) -> bool:
    """A deadlock or serialisation failure (PostgreSQL), or a busy SQLite: worth a retry."""
    original = error.orig
    return type(original).__name__ in _CONFLICTS or "database is locked" in str(original)


async def _guarded(collector: Collector, source: SourceConfig) -> SourceReport:
    """Collect one source in its own box: within its wall-clock budget, and whatever
    fails (recording the failure included) never reaches another source or the shared
    HTTP client."""
    budget = collector.settings.source_budget_seconds
    try:
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                # The budget is applied inside: it covers fetching, not saving.
                return await collector.collect_source(source)
            except DBAPIError as conflict:
                # Two collectors on one PostgreSQL can deadlock or fail to serialise;
                # the source's transaction was rolled back whole, so it is run again.
                if attempt == CONFLICT_ATTEMPTS or not _is_conflict(conflict):
                    raise
                log.info("source=%s transaction conflict, retrying: %s", source.name, conflict)
        raise AssertionError("unreachable")  # pragma: no cover
    except Exception as error:  # the one catch-all: one bad source never stops the run
        if isinstance(error, TimeoutError):
            # A trickling or stalled source: not retried within this cycle.
            message = error_text("timeout", f"the source took more than {budget:.0f} s this cycle")
            log.warning("source=%s url=%s %s", source.name, source.url, message)
        elif isinstance(error, DBAPIError):
            # The database's trouble (a lost connection, a server gone): one line, not a
            # traceback per source; the message names what failed.
            message = failure_message(error)
            log.warning("source=%s url=%s %s", source.name, source.url, message)
        else:
            log.exception("source=%s url=%s cycle failed: %s", source.name, source.url, error)
            message = failure_message(error)
        with contextlib.suppress(Exception):
            # Recording can fail too (the database is gone): the next cycle retries the
            # source, and the log above already says why. The database's trouble is not
            # the source's: it is due again at the next cycle, not backed off.
            collector.record_failure(
                source, message, retry_next_cycle=isinstance(error, DBAPIError)
            )
        return SourceReport(source=source.name, outcome=FetchOutcome.SOFT_ERROR, error=message)


def failure_message(error: BaseException) -> str:
    """The recorded cause of a source's cycle that raised: ``database_error: …`` when
    the database failed it (a lost connection, a server gone), else ``internal error``.

    Database errors carry the whole statement and its parameters: only the first line
    of the driver's message is kept.
    """
    original = error.orig if isinstance(error, DBAPIError) else error
    text = str(original).strip()
    detail = f"{type(original).__name__}: {text.splitlines()[0][:300] if text else ''}"
    if isinstance(error, DBAPIError):
        lost = "connection lost, " if error.connection_invalidated else ""
        return error_text("database_error", lost + detail)
    return error_text("internal error", detail)


async def run_cycle(
    collector: Collector, sources: Sequence[SourceConfig], *, due_only: bool = True
) -> list[SourceReport]:
    """Collect every (due) enabled source once, concurrently; return their reports.

    The institute's publication pages go first: when they bring new publications the
    matcher is recompiled before the news sources run, so an article citing a report
    that appeared in the same cycle is recognised as citing it.
    """
    started = time.monotonic()
    enabled = [source for source in sources if source.enabled]
    collector.register()
    chosen = collector.due(enabled) if due_only else enabled
    log.info("cycle: %d of %d sources to collect", len(chosen), len(enabled))
    publication_pages = [s for s in chosen if s.kind is SourceKind.PUBLICATIONS]
    news = [s for s in chosen if s.kind is not SourceKind.PUBLICATIONS]
    reports = list(await asyncio.gather(*(_guarded(collector, s) for s in publication_pages)))
    if any(report.new_publications for report in reports):
        collector.refresh_matcher()
    reports += await asyncio.gather(*(_guarded(collector, source) for source in news))
    failed = sum(
        1 for r in reports if r.outcome in (FetchOutcome.SOFT_ERROR, FetchOutcome.HARD_ERROR)
    )
    log.info(
        "cycle done: %d due, %d ok, %d failed, %d new items, %d new mentions, %.1fs",
        len(chosen),
        len(reports) - failed,
        failed,
        sum(r.new_documents for r in reports),
        sum(r.new_mentions for r in reports),
        time.monotonic() - started,
    )
    return reports


def worker_id() -> str:
    """A new holder id for this worker: host, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(slots=True)
class Worker:
    """One worker's identity and what it keeps between cycles.

    ``publications`` is the number of stored publications the worker's matcher
    was last compiled with: when another worker stores new ones, this one
    recompiles before it collects news.
    """

    holder: str = field(default_factory=worker_id)
    lease_seconds: float = DEFAULT_LEASE_SECONDS
    in_flight: int = DEFAULT_SOURCES_IN_FLIGHT
    publications: int | None = None


def _publication_count(collector: Collector) -> int:
    with session_scope(collector.engine) as session:
        return queries.publication_count(session)


def _match_stored_publications(collector: Collector, worker: Worker) -> None:
    """Recompile the matcher when publications were stored since it was compiled."""
    count = _publication_count(collector)
    if worker.publications is not None and count != worker.publications:
        collector.refresh_matcher()
    worker.publications = count


async def _renew_while_running(
    collector: Collector, worker: Worker, running: Mapping[asyncio.Task[SourceReport], str]
) -> None:
    """Renew the worker's leases on the sources it is collecting, every third of a lease."""
    lease = timedelta(seconds=worker.lease_seconds)
    while True:
        await asyncio.sleep(worker.lease_seconds / 3)
        names = set(running.values())
        try:
            held = leases.renew_leases(
                collector.engine, worker.holder, names, expires_at=collector.clock() + lease
            )
        except Exception as error:  # the next renewal tries again; the lease has slack for it
            log.warning("worker=%s leases not renewed: %s", worker.holder, error)
            continue
        for name in sorted(names - held):
            log.warning("worker=%s source=%s lease lost to another worker", worker.holder, name)


def _release(collector: Collector, worker: Worker, names: Sequence[str] | None) -> None:
    try:
        leases.release_sources(collector.engine, worker.holder, names)
    except Exception as error:  # the lease then expires by itself
        log.warning("worker=%s leases not given back (%s): %s", worker.holder, names, error)


async def run_shared_cycle(
    collector: Collector, sources: Sequence[SourceConfig], worker: Worker
) -> list[SourceReport]:
    """One cycle of one worker among several: claim due sources, collect them, give them back.

    The worker collects up to ``worker.in_flight`` claimed sources at once and claims
    more as they finish, until nothing it may claim is left. While another worker
    collects publication pages, due news waits (``leases.claim_predicate``) and so does
    this worker, then recompiles its matcher with the new publications. Returns the
    reports of the sources this worker collected.
    """
    started = time.monotonic()
    enabled = {source.name: source for source in sources if source.enabled}
    collector.register()
    due = len(collector.due(list(enabled.values())))
    log.info("cycle: %d of %d sources due (worker=%s)", due, len(enabled), worker.holder)
    lease = timedelta(seconds=worker.lease_seconds)
    running: dict[asyncio.Task[SourceReport], str] = {}
    reports: list[SourceReport] = []
    renewer = asyncio.create_task(_renew_while_running(collector, worker, running))
    try:
        while True:
            free = worker.in_flight - len(running)
            if free > 0:
                _match_stored_publications(collector, worker)
                now = collector.clock()
                claimed = leases.claim_sources(
                    collector.engine,
                    worker.holder,
                    now=now,
                    expires_at=now + lease,
                    limit=free,
                    names=enabled.keys(),
                )
                for name in claimed:
                    running[asyncio.create_task(_guarded(collector, enabled[name]))] = name
                if not running:
                    waited = time.monotonic() - started
                    if waited > worker.lease_seconds or not leases.news_waiting(
                        collector.engine, collector.clock()
                    ):
                        break
                    await asyncio.sleep(WAIT_POLL_SECONDS)
                    continue
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                name = running.pop(task)
                report = task.result()
                reports.append(report)
                # The source's cycle is recorded (or its failure is): give it back.
                _release(collector, worker, [name])
                if report.new_publications:
                    collector.refresh_matcher()
                    worker.publications = _publication_count(collector)
    finally:
        renewer.cancel()
        for task in running:
            task.cancel()
        await asyncio.gather(renewer, *running, return_exceptions=True)
        if running:
            # Abandoned mid-cycle (the service stops): unsaved sources are due again at once.
            _release(collector, worker, list(running.values()))
    failed = sum(
        1 for r in reports if r.outcome in (FetchOutcome.SOFT_ERROR, FetchOutcome.HARD_ERROR)
    )
    log.info(
        "cycle done: %d due, %d ok, %d failed, %d new items, %d new mentions, %.1fs (worker=%s)",
        due,
        len(reports) - failed,
        failed,
        sum(r.new_documents for r in reports),
        sum(r.new_mentions for r in reports),
        time.monotonic() - started,
        worker.holder,
    )
    return reports


class Service:
    """APScheduler-driven collection service for one config."""

    def __init__(
        self,
        config: Config,
        settings: Settings,
        engine: Engine,
        *,
        tick_seconds: int = DEFAULT_TICK_SECONDS,
        worker: Worker | None = None,
    ) -> None:
        """Prepare the service; nothing runs until ``run()``."""
        self.config = config
        self.settings = settings
        self.engine = engine
        self.tick_seconds = tick_seconds
        self.worker = worker or Worker()
        self.sources = expand_sources(config)
        self._stop = asyncio.Event()
        self._cycle: asyncio.Task[list[SourceReport]] | None = None

    def stop(self) -> None:
        """Ask the service to stop (safe to call from a signal handler)."""
        self._stop.set()

    async def run(self) -> None:
        """Run until stopped: a tick every ``tick_seconds`` collects due sources."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            # Signal handlers only work in the main thread; tests run the service elsewhere.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, self.stop)
        async with Fetcher(self.settings, trusted_hosts=source_hosts(self.config)) as fetcher:
            collector = Collector(self.config, self.settings, self.engine, fetcher)
            self.worker.publications = _publication_count(collector)
            release_dead_local_leases(self.engine)
            scheduler = AsyncIOScheduler(timezone=UTC)
            scheduler.add_job(
                self._tick,
                "interval",
                seconds=self.tick_seconds,
                args=[collector],
                id="collect-due-sources",
                max_instances=1,
                coalesce=True,
                next_run_time=datetime.now(UTC),
                misfire_grace_time=self.tick_seconds,
            )
            scheduler.start()
            log.info(
                "mediawatch running: %d sources, tick every %ds, worker %s",
                len(self.sources),
                self.tick_seconds,
                self.worker.holder,
            )
            await self._stop.wait()
            log.info("stopping: no new cycles will start")
            scheduler.shutdown(wait=False)
            if self._cycle is not None and not self._cycle.done():
                # Each source saves in one transaction, so abandoning mid-cycle loses nothing:
                # unsaved sources are simply still due on the next start.
                done, _ = await asyncio.wait({self._cycle}, timeout=SHUTDOWN_GRACE_SECONDS)
                if not done:
                    log.warning(
                        "cycle still running after %.0fs: abandoning it", SHUTDOWN_GRACE_SECONDS
                    )
                    self._cycle.cancel()
                    await asyncio.gather(self._cycle, return_exceptions=True)
        log.info("mediawatch stopped")

    async def _tick(self, collector: Collector) -> None:
        self._cycle = asyncio.ensure_future(run_shared_cycle(collector, self.sources, self.worker))
        try:
            await self._cycle
        except asyncio.CancelledError:
            return
        except Exception as error:  # e.g. the database went away: the next tick tries again
            log.error("worker=%s cycle failed: %s", self.worker.holder, error)
        beat(Path(self.settings.heartbeat_file))


def release_dead_local_leases(engine: Engine) -> int:
    """Give back the leases of workers of this host whose process is gone.

    A worker killed on this machine is noticed at the next start instead of after
    its leases expire. Workers on other hosts are left to expire: their processes
    cannot be checked from here. Returns how many leases were given back.
    """
    host = socket.gethostname()
    released = 0
    for holder in leases.lease_holders(engine, f"{host}:"):
        try:
            pid = int(holder.split(":")[-2])
        except (IndexError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        given_back = leases.release_sources(engine, holder)
        released += given_back
        log.info("gave back %d lease(s) of %s: its process is gone", given_back, holder)
    return released


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


async def run_with_helpers(
    main: Awaitable[_T], commands: Sequence[Sequence[str]], env: Mapping[str, str]
) -> _T:
    """Await ``main`` while helper worker processes run ``commands``; stop them after.

    ``run --workers N`` is this process (``main``, a Service) plus N-1 helper
    processes, each a ``run`` of its own that claims its sources through the
    database. A helper that exits while ``main`` runs is started again after
    ``HELPER_RESTART_SECONDS`` (its leases expire meanwhile or are given back at
    its restart). When ``main`` ends, the helpers get SIGTERM and the grace of a
    stopping service, then SIGKILL.
    """
    processes: dict[int, asyncio.subprocess.Process] = {}
    stopping = asyncio.Event()

    async def keep(index: int, command: Sequence[str]) -> None:
        while not stopping.is_set():
            try:
                process = await asyncio.create_subprocess_exec(*command, env=dict(env))
            except OSError as error:
                log.error("worker process not started: %s", error)
            else:
                processes[index] = process
                code = await process.wait()
                if stopping.is_set():
                    return
                log.warning(
                    "worker process %d exited with %s; starting it again", process.pid, code
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=HELPER_RESTART_SECONDS)

    keepers = [asyncio.create_task(keep(i, command)) for i, command in enumerate(commands)]
    try:
        return await main
    finally:
        stopping.set()
        for process in processes.values():
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.terminate()
        waits = [process.wait() for process in processes.values()]
        try:
            await asyncio.wait_for(asyncio.gather(*waits), timeout=SHUTDOWN_GRACE_SECONDS + 5)
        except TimeoutError:
            for process in processes.values():
                if process.returncode is None:
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
            await asyncio.gather(*(process.wait() for process in processes.values()))
        for keeper in keepers:
            keeper.cancel()
        await asyncio.gather(*keepers, return_exceptions=True)


def beat(path: Path) -> None:
    """Touch the heartbeat file: the service finished a tick just now."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(datetime.now(UTC).isoformat(), encoding="utf-8")
    except OSError as error:
        log.warning("heartbeat %s not written: %s", path, error)


def heartbeat_age(path: Path, now: datetime) -> float | None:
    """Seconds since the service's last finished tick, or None if it never ticked."""
    try:
        return now.timestamp() - path.stat().st_mtime
    except FileNotFoundError:
        return None
