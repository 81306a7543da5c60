"""Each source in its own box: a stalled source ends at its budget, a failure in
recording a failure touches no other source, and the others are collected.

Against the local fixture server on 127.0.0.1; the stalled source answers after
longer than the budget (and the client timeout is longer still), so only the
budget can end it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from demo.localserver import LocalServer, Route
from pipeline.collect import Collector
from pipeline.config import expand_sources, load_config, source_hosts
from pipeline.fetch import Fetcher
from pipeline.schedule import run_cycle
from pipeline.settings import load_settings
from pipeline.types import FetchOutcome
from storage.db import make_engine, upgrade

FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    "<link>{base}/</link><item><title>日米協議</title><link>{base}/a/1</link>"
    "<description>小谷哲男主任研究員は「抑止が鍵だ」と述べた。</description></item>"
    "</channel></rss>"
)


@pytest.fixture
def world(local_server: LocalServer, tmp_path: Path) -> tuple[Path, str]:
    base = local_server.base_url.rstrip("/")
    local_server.set_route(
        "/good.xml", Route(body=FEED.format(base=base).encode(), content_type="application/rss+xml")
    )
    local_server.set_route(
        "/stalled.xml",
        Route(body=FEED.format(base=base).encode(), delay_seconds=6.0),
    )
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"""
institute: {{name: 日本国際問題研究所}}
experts:
  - {{id: kotani-tetsuo, name: 小谷哲男, titles: [主任研究員]}}
sources:
  - {{name: good, kind: feed, url: "{base}/good.xml", every: 30m}}
  - {{name: stalled, kind: feed, url: "{base}/stalled.xml", every: 30m}}
""",
        encoding="utf-8",
    )
    return config, f"sqlite:///{tmp_path / 'mw.db'}"


def _cycle(config_path: Path, db_url: str, *, budget: float, broken_record: bool = False):  # type: ignore[no-untyped-def]
    config = load_config(config_path)
    settings = replace(
        load_settings(),
        database_url=db_url,
        per_host_delay_seconds=0.0,
        retries=0,
        timeout_seconds=30.0,
        source_budget_seconds=budget,
    )
    engine = make_engine(db_url)
    upgrade(engine)

    async def once():  # type: ignore[no-untyped-def]
        async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
            collector = Collector(config, settings, engine, fetcher)
            if broken_record:

                def explode(*_args: object) -> None:
                    raise OverflowError("date value out of range")

                collector.record_failure = explode  # type: ignore[method-assign]
            started = time.monotonic()
            reports = await run_cycle(collector, expand_sources(config), due_only=False)
            return reports, time.monotonic() - started

    try:
        return asyncio.run(once())
    finally:
        engine.dispose()


@pytest.mark.parametrize("broken_record", [False, True], ids=["recorded", "recording-fails"])
def test_a_stalled_source_ends_at_its_budget_and_the_others_are_collected(
    world: tuple[Path, str], broken_record: bool
) -> None:
    config, db_url = world
    found, cycle_seconds = _cycle(config, db_url, budget=1.5, broken_record=broken_record)
    reports = {r.source: r for r in found}
    # The cycle (not the set-up: migrations, the role model) ended by the budget, before
    # the 6 s stall or the 30 s client timeout could end it.
    assert cycle_seconds < 6.0
    assert reports["good"].outcome is FetchOutcome.OK and reports["good"].new_mentions == 1
    assert reports["stalled"].outcome is FetchOutcome.SOFT_ERROR
    assert reports["stalled"].error and reports["stalled"].error.startswith("timeout:")


class _FlakyCollector:
    """Stands in for a Collector whose first transactions meet another collector's."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.settings = replace(load_settings(), source_budget_seconds=5.0)
        self.failures = failures
        self.error = error
        self.calls = 0
        self.recorded: list[str] = []

    async def collect_source(self, source: object) -> object:
        from pipeline.collect import SourceReport

        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return SourceReport(source="s", outcome=FetchOutcome.OK)

    def record_failure(self, source: object, message: str, **_options: object) -> None:
        self.recorded.append(message)


def _deadlock() -> Exception:
    from psycopg import errors
    from sqlalchemy.exc import OperationalError

    return OperationalError("UPDATE stories …", {}, errors.DeadlockDetected("deadlock detected"))


@pytest.mark.parametrize(
    ("failures", "outcome", "calls"),
    [(1, FetchOutcome.OK, 2), (2, FetchOutcome.OK, 3), (3, FetchOutcome.SOFT_ERROR, 3)],
    ids=["one-deadlock", "two-deadlocks", "always-deadlocked"],
)
def test_deadlocks_are_retried(failures: int, outcome: FetchOutcome, calls: int) -> None:
    from pipeline.schedule import _guarded
    from pipeline.types import SourceConfig as Config_
    from pipeline.types import SourceKind

    flaky = _FlakyCollector(failures, _deadlock())
    source = Config_(
        name="s", kind=SourceKind.FEED, url="http://x.example/", every=timedelta(hours=1)
    )
    report = asyncio.run(_guarded(flaky, source))  # type: ignore[arg-type]
    assert (report.outcome, flaky.calls) == (outcome, calls)
    assert bool(flaky.recorded) is (outcome is FetchOutcome.SOFT_ERROR)
