"""The memory budget for documents in flight (pipeline.budget): a heavy document is
parsed, extracted or saved alone; light work runs side by side.

The gate itself, with threads; then a whole ``mediawatch collect`` of three heavy
feeds at once, whose parses and saves are watched: never two heavy ones at a time
with the budget on, and, with it off (``MEDIAWATCH_HEAVY_DOCUMENT_BYTES=0``), the
same run overlaps them, so the first assertion says something. What the budget
saves in memory is measured by ``bench/hostile.py``, not asserted here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline import budget, collect
from pipeline.collect import Collector
from pipeline.parse import parse_feed
from tests.cli_helpers import run_cli
from tests.hostile_server import Answer, HostileServer
from tests.hostile_world import EXPERT, EXPERT_ID, item, rss

HEAVY = 64 * 1024
"""The threshold these tests set; every heavy document below is well above it."""


class _Watch:
    """Counts the work inside a stage at once: the most heavy, and light beside heavy."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.heavy = 0
        self.light = 0
        self.most_heavy = 0
        self.light_beside_heavy = False

    def enter(self, heavy: bool) -> None:
        with self._lock:
            if heavy:
                self.heavy += 1
                self.most_heavy = max(self.most_heavy, self.heavy)
            else:
                self.light += 1
            self.light_beside_heavy |= bool(self.heavy and self.light)

    def leave(self, heavy: bool) -> None:
        with self._lock:
            if heavy:
                self.heavy -= 1
            else:
                self.light -= 1


def _run_all(works: list[Callable[[], None]]) -> None:
    threads = [threading.Thread(target=work) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "the budget deadlocked"


def _watched(watch: _Watch, size: int, threshold: int = HEAVY) -> Callable[[], None]:
    def work() -> None:
        with budget.heavy_work(size, threshold):
            watch.enter(size >= threshold)
            time.sleep(0.02)
            watch.leave(size >= threshold)

    return work


def test_heavy_work_runs_alone() -> None:
    watch = _Watch()
    _run_all([_watched(watch, size) for size in [HEAVY, 10, 2 * HEAVY, 20, HEAVY, 30] * 3])
    assert watch.most_heavy == 1
    assert not watch.light_beside_heavy


def test_light_work_runs_side_by_side() -> None:
    both_inside = threading.Barrier(2, timeout=5)
    broken: list[bool] = []

    def light() -> None:
        with budget.heavy_work(10, HEAVY):
            try:
                both_inside.wait()
            except threading.BrokenBarrierError:  # the two were not let in together
                broken.append(True)

    _run_all([light, light])
    assert broken == []


def test_no_budget_when_the_threshold_is_zero() -> None:
    watch = _Watch()
    inside = threading.Barrier(2, timeout=5)

    def heavy() -> None:
        with budget.heavy_work(10 * HEAVY, 0):
            watch.enter(True)
            inside.wait()
            watch.leave(True)

    _run_all([heavy, heavy])
    assert watch.most_heavy == 2


def test_text_bytes_counts_what_strings_occupy() -> None:
    ascii_text, japanese = "a" * 1000, "小" * 1000
    assert budget.text_bytes([ascii_text]) >= 1000
    assert budget.text_bytes([japanese]) >= 2000  # two bytes a character in memory
    assert budget.text_bytes([ascii_text, japanese]) == budget.text_bytes(
        [ascii_text]
    ) + budget.text_bytes([japanese])


def test_heavy_work_releases_its_slot_when_it_raises() -> None:
    with pytest.raises(RuntimeError), budget.heavy_work(HEAVY, HEAVY):
        raise RuntimeError("parse failed")
    watch = _Watch()
    _run_all([_watched(watch, HEAVY)])
    assert watch.most_heavy == 1


# --- the collector --------------------------------------------------------------

HEAVY_FEEDS = 3


@pytest.fixture
def heavy_world(tmp_path: Path) -> Iterator[Path]:
    """Three feeds of one 200,000-character item each and a small good feed."""
    with HostileServer() as server:
        server.route(
            "/good.xml", Answer(rss(item("http://good.test/1", "t", f"{EXPERT}は述べた。")))
        )
        lines = ["institute: {name: 日本国際問題研究所}", "experts:",
                 f"  - {{id: {EXPERT_ID}, name: {EXPERT}, titles: [主任研究員]}}", "sources:",
                 f'  - {{name: good, kind: feed, url: "http://127.0.0.1:{server.port}/good.xml", '
                 "every: 30m}"]  # fmt: skip
        for n in range(HEAVY_FEEDS):
            body = rss(
                item(f"http://heavy.test/{n}", f"heavy {n}", f"{EXPERT}は述べた。" + "x" * 200_000)
            )
            server.route(f"/heavy{n}.xml", Answer(body))
            url = f"http://127.0.0.1:{server.port}/heavy{n}.xml"
            lines.append(f'  - {{name: heavy{n}, kind: feed, url: "{url}", every: 30m}}')
        config = tmp_path / "sources.yaml"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        yield config


@pytest.mark.parametrize(("threshold", "at_most"), [(HEAVY, 1), (0, HEAVY_FEEDS)])
def test_collect_parses_and_saves_heavy_feeds_one_at_a_time(
    threshold: int,
    at_most: int,
    heavy_world: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MEDIAWATCH_PER_HOST_DELAY_SECONDS", "0")
    monkeypatch.setenv("MEDIAWATCH_PER_HOST_CONNECTIONS", "8")
    monkeypatch.setenv("MEDIAWATCH_HEAVY_DOCUMENT_BYTES", str(threshold))
    watch = _Watch()
    store_locked = Collector._store_locked

    def parse(result: Any, **caps: Any) -> Any:
        heavy = len(result.content) >= HEAVY
        watch.enter(heavy)
        try:
            time.sleep(0.3)  # long enough for the others to arrive, were they let in
            return parse_feed(result, **caps)
        finally:
            watch.leave(heavy)

    def store(self: Collector, gathered: Any) -> Any:
        heavy = budget.text_bytes(e.summary for e in gathered.entries) >= HEAVY
        watch.enter(heavy)
        try:
            return store_locked(self, gathered)
        finally:
            watch.leave(heavy)

    monkeypatch.setattr(collect, "parse_feed", parse)
    monkeypatch.setattr(Collector, "_store_locked", store)
    database_url = f"sqlite:///{tmp_path}/budget.db"
    code, out = run_cli("collect", "--config", str(heavy_world), "--database-url", database_url)
    assert code == 0, out

    if at_most == 1:
        assert watch.most_heavy == 1
        assert not watch.light_beside_heavy
    else:
        # Without the budget the same run overlaps them: the check above can fail.
        assert watch.most_heavy > 1
