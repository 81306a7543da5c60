"""Two collectors at once on one database (SQLite and PostgreSQL): no failure, no double.

The service and a manual ``collect --once`` can run together. Both collect the
demo world served on 127.0.0.1 at the same moment, in two threads with engines of
their own; afterwards the database holds exactly what one collector alone stores,
and the report is the world's truth.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from demo.localserver import LocalServer
from demo.world import DEMO_TRUTH, build_world, demo_config_yaml
from pipeline.collect import Collector, SourceReport
from pipeline.config import expand_sources, load_config, source_hosts
from pipeline.fetch import Fetcher
from pipeline.schedule import run_cycle
from pipeline.settings import load_settings
from pipeline.types import FetchOutcome
from storage.db import make_engine, upgrade
from tests.cli_helpers import fiscal_report, table_counts


@pytest.fixture
def world(local_server: LocalServer, tmp_path: Path) -> Path:
    base = local_server.base_url.rstrip("/")
    for path, route in build_world(base).items():
        local_server.set_route(path, route)
    config = tmp_path / "sources.yaml"
    config.write_text(demo_config_yaml(base), encoding="utf-8")
    return config


def _collect(config_path: Path, db_url: str, barrier: threading.Barrier) -> list[SourceReport]:
    config = load_config(config_path)
    settings = replace(
        load_settings(),
        database_url=db_url,
        per_host_delay_seconds=0.0,
        retries=1,
        backoff_seconds=0.05,
        timeout_seconds=5.0,
    )
    engine = make_engine(db_url)

    async def once() -> list[SourceReport]:
        async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
            collector = Collector(config, settings, engine, fetcher)
            barrier.wait(timeout=30)
            return await run_cycle(collector, expand_sources(config), due_only=False)

    try:
        return asyncio.run(once())
    finally:
        engine.dispose()


def test_two_collectors_at_once_store_each_thing_once(world: Path, db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    barrier = threading.Barrier(2)
    results: list[list[SourceReport]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(_collect(world, db_url, barrier))
        except BaseException as error:  # a thread's failure must fail the test
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    failed = [
        (r.source, r.error)
        for reports in results
        for r in reports
        if r.outcome in (FetchOutcome.SOFT_ERROR, FetchOutcome.HARD_ERROR)
        and not (r.error or "").startswith("http_")  # the world's deliberately broken feed
    ]
    assert not failed, failed
    report = fiscal_report(world, db_url)
    assert report["totals"]["appearances"] == DEMO_TRUTH.appearances
    assert report["totals"]["placements"] == DEMO_TRUTH.placements
    assert report["totals"]["publications"] == DEMO_TRUTH.publications
    counts = table_counts(db_url)
    # One more cycle by a single collector adds nothing: nothing was stored twice or missed.
    _collect(world, db_url, threading.Barrier(1))
    assert table_counts(db_url) == counts
