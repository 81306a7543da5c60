"""Crash safety: ``collect`` killed with SIGKILL at random moments loses and doubles nothing.

The demo world is served on 127.0.0.1; ``mediawatch collect`` runs as a child
process and is killed -9 after a random delay, a few times in a row, on SQLite
and PostgreSQL. A clean run afterwards must leave the database with exactly the
rows and the report of a run that was never interrupted. (``bench/`` is the place
for many kills; CI kills a few times with a fixed seed.)
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.demo import build_world, demo_config_yaml
from pipeline.localserver import LocalServer
from tests.cli_helpers import fiscal_report, run_cli, table_counts

KILLS = 4
SEED = 20261207


@pytest.fixture
def world(local_server: LocalServer, tmp_path: Path) -> Path:
    base = local_server.base_url.rstrip("/")
    for path, route in build_world(base).items():
        local_server.set_route(path, route)
    config = tmp_path / "sources.yaml"
    config.write_text(demo_config_yaml(base), encoding="utf-8")
    return config


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MEDIAWATCH_PER_HOST_DELAY_SECONDS="0",
        MEDIAWATCH_RETRIES="1",
        MEDIAWATCH_BACKOFF_SECONDS="0.05",
        MEDIAWATCH_TIMEOUT_SECONDS="5",
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def _collect_command(config: Path, db_url: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "collect", "--once", "--config", str(config),
            "--database-url", db_url]  # fmt: skip


def test_kill_9_mid_collect_loses_and_doubles_nothing(
    world: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in _env().items():
        monkeypatch.setenv(key, value)
    # The truth: one uninterrupted run on a database of its own.
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    code, out = run_cli("collect", "--once", "--config", str(world), "--database-url", clean_url)
    assert code == 0, out
    truth_counts, truth_report = table_counts(clean_url), fiscal_report(world, clean_url)

    rng = random.Random(SEED)
    killed = 0
    for _ in range(KILLS):
        child = subprocess.Popen(
            _collect_command(world, db_url),
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parents[1],
        )
        time.sleep(rng.uniform(0.3, 2.5))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
        child.wait(timeout=30)
    assert killed >= 1, "every child finished before its kill: raise the delays' spread"

    code, out = run_cli("collect", "--once", "--config", str(world), "--database-url", db_url)
    assert code == 0, out
    assert table_counts(db_url) == truth_counts
    report = fiscal_report(world, db_url)
    for key in ("totals", "by_expert", "by_media_type", "by_outlet"):
        assert report[key] == truth_report[key], key
