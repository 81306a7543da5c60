"""The long-running service: APScheduler ticks, each tick collects due sources.

Takes a Config, Settings and an Engine; runs until SIGTERM/SIGINT. The
schedule itself lives in the database (each source's ``next_due_at``), so a
restart picks up where the last run stopped and nothing is fetched twice as a
result. This is the one place that catches any exception: around one source,
so that one bad source never stops the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from pipeline.collect import Collector, SourceReport
from pipeline.config import expand_sources, source_hosts
from pipeline.fetch import Fetcher
from pipeline.settings import Settings
from pipeline.types import Config, FetchOutcome, SourceConfig, SourceKind

log = logging.getLogger(__name__)

DEFAULT_TICK_SECONDS = 60
SHUTDOWN_GRACE_SECONDS = 20.0


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
            message = f"timeout: the source took more than {budget:.0f} s this cycle"
            log.warning("source=%s url=%s %s", source.name, source.url, message)
        else:
            log.exception("source=%s url=%s cycle failed: %s", source.name, source.url, error)
            # Database errors carry the whole statement and its parameters: the first line.
            first_line = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
            message = f"internal error: {type(error).__name__}: {first_line}"
        with contextlib.suppress(Exception):
            # Recording can fail too (the database is gone): the next cycle retries the
            # source, and the log above already says why.
            collector.record_failure(source, message)
        return SourceReport(source=source.name, outcome=FetchOutcome.SOFT_ERROR, error=message)


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


class Service:
    """APScheduler-driven collection service for one config."""

    def __init__(
        self,
        config: Config,
        settings: Settings,
        engine: Engine,
        *,
        tick_seconds: int = DEFAULT_TICK_SECONDS,
    ) -> None:
        """Prepare the service; nothing runs until ``run()``."""
        self.config = config
        self.settings = settings
        self.engine = engine
        self.tick_seconds = tick_seconds
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
                "mediawatch running: %d sources, tick every %ds",
                len(self.sources),
                self.tick_seconds,
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
        self._cycle = asyncio.ensure_future(run_cycle(collector, self.sources, due_only=True))
        await asyncio.gather(self._cycle, return_exceptions=True)
        beat(Path(self.settings.heartbeat_file))


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
