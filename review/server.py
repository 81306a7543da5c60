"""Serving the review app: alone (``serve``) or beside the collector (``run --with-web``).

Both share one database: SQLite in WAL mode with a busy timeout, or
PostgreSQL. The app's "collect now" runs one fetch target through the same
``run_cycle`` the scheduler uses. uvicorn serves on 127.0.0.1 unless told
otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import uvicorn
from sqlalchemy import Engine

from pipeline.collect import SourceReport
from pipeline.config import expand_sources, source_hosts
from pipeline.fetch import Fetcher
from pipeline.schedule import DEFAULT_TICK_SECONDS, Service, run_cycle
from pipeline.settings import Settings
from pipeline.types import Config
from review.app import create_app
from review.web import CollectHook

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def collect_hook(config: Config, settings: Settings, engine: Engine) -> CollectHook:
    """An async function that collects one fetch target (by name) now, whether due or not."""
    from pipeline.collect import Collector

    async def collect(name: str) -> list[SourceReport]:
        targets = [t for t in expand_sources(config) if t.name == name]
        async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
            collector = Collector(config, settings, engine, fetcher)
            reports = await run_cycle(collector, targets, due_only=False)
        for report in reports:
            log.info("collect now: source=%s outcome=%s", report.source, report.outcome)
        return reports

    return collect


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signals to the collector service it runs beside."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    def install_signal_handlers(self) -> None:
        return None


def _uvicorn_config(
    config: Config, settings: Settings, engine: Engine, host: str, port: int
) -> uvicorn.Config:
    app = create_app(engine, config, collect=collect_hook(config, settings, engine))
    return uvicorn.Config(
        app, host=host, port=port, log_level="info", lifespan="off", proxy_headers=False
    )


def serve(config: Config, settings: Settings, engine: Engine, host: str, port: int) -> None:
    """Serve the review app until SIGTERM or SIGINT."""
    server = uvicorn.Server(_uvicorn_config(config, settings, engine, host, port))
    log.info("review app on http://%s:%d/", host, port)
    server.run()


async def run_with_web(
    config: Config,
    settings: Settings,
    engine: Engine,
    host: str,
    port: int,
    tick_seconds: int = DEFAULT_TICK_SECONDS,
) -> None:
    """Run the collection service and the review app in one process until SIGTERM/SIGINT."""
    service = Service(config, settings, engine, tick_seconds=tick_seconds)
    server = _QuietServer(_uvicorn_config(config, settings, engine, host, port))
    web = asyncio.create_task(server.serve())
    log.info("review app on http://%s:%d/", host, port)
    collector = asyncio.create_task(service.run())
    done, _ = await asyncio.wait({web, collector}, return_when=asyncio.FIRST_COMPLETED)
    if web in done and not collector.done():
        # The web server ended on its own (e.g. the port was taken): stop the collector too.
        service.stop()
    server.should_exit = True
    await asyncio.gather(web, collector)
