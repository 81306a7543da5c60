"""Crash safety: ``collect`` and ``run`` killed with SIGKILL at random moments lose
and double nothing.

The demo world is served on 127.0.0.1; ``mediawatch collect`` (or the service,
``mediawatch run``, whose first tick starts at once) runs as a child process and
is killed -9 after a random delay, a few times in a row, on SQLite and
PostgreSQL. A clean run afterwards must leave the database with exactly the rows
and the report of a run that was never interrupted. (``bench/crash.py`` kills
many times; CI kills a few times with a fixed seed.)
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from demo.localserver import LocalServer
from demo.world import build_world, demo_config_yaml
from tests.cli_helpers import fiscal_report, run_cli, table_counts

KILLS = 3
SEED = 20261207
STARTUP_SECONDS = 60.0
"""How long a child may take to make its first request (imports, migrations, role model)."""


@pytest.fixture
def world(local_server: LocalServer, tmp_path: Path) -> Path:
    base = local_server.base_url.rstrip("/")
    for path, route in build_world(base).items():
        local_server.set_route(path, route)
    config = tmp_path / "sources.yaml"
    config.write_text(demo_config_yaml(base), encoding="utf-8")
    return config


def crash_env(heartbeat: Path) -> dict[str, str]:
    """The children's environment: no per-host delay, short timeouts, a heartbeat file of its own."""
    env = dict(os.environ)
    env.update(
        MEDIAWATCH_PER_HOST_DELAY_SECONDS="0",
        MEDIAWATCH_RETRIES="1",
        MEDIAWATCH_BACKOFF_SECONDS="0.05",
        MEDIAWATCH_TIMEOUT_SECONDS="5",
        MEDIAWATCH_HEARTBEAT_FILE=str(heartbeat),
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def child_command(command: str, config: Path, db_url: str) -> list[str]:
    """``mediawatch collect --once`` or ``mediawatch run`` as a child process."""
    extra = ["--once"] if command == "collect" else []
    return [sys.executable, "-m", "pipeline.cli", command, *extra, "--config", str(config),
            "--database-url", db_url]  # fmt: skip


def work_window(server: LocalServer, run: Callable[[], object]) -> float:
    """Seconds from the first request ``run`` makes to the server until it returns."""
    server.reset_stats()
    run()
    ended = time.monotonic()
    first = min(request.started for request in server.requests())
    return ended - first


def kill_at_random(
    command: list[str],
    env: dict[str, str],
    server: LocalServer,
    rng: random.Random,
    kills: int,
    window: float,
) -> tuple[int, int]:
    """Start ``command`` until ``kills`` children were killed -9 at a random moment of
    their work (at most three times as many starts: a child may finish first).

    The moment is drawn from the ``window`` seconds after the child's first request
    to ``server`` (start-up, seconds long, writes nothing worth killing). Returns how
    many children were still running when killed, and how many of those had made
    requests (a restarted service with nothing due makes none: killed idle).
    """
    killed = working = 0
    startup = STARTUP_SECONDS
    for _ in range(3 * kills):
        if killed == kills:
            break
        server.reset_stats()
        started = time.monotonic()
        child = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parents[1],
        )
        # A restarted service may find nothing due and make no request at all: it is
        # then waited for about as long as the first child took to start.
        while not server.requests() and child.poll() is None:
            if time.monotonic() - started > startup:
                break
            time.sleep(0.01)
        if server.requests() and startup == STARTUP_SECONDS:
            startup = 2 * (time.monotonic() - started) + 2
        time.sleep(rng.uniform(0.0, window))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
            working += bool(server.requests())
        child.wait(timeout=60)
    return killed, working


@pytest.mark.parametrize("command", ["collect", "run"])
def test_kill_9_loses_and_doubles_nothing(
    command: str,
    world: Path,
    db_url: str,
    local_server: LocalServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = crash_env(tmp_path / "heartbeat")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    # The truth: one uninterrupted run on a database of its own.
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    arguments = ("collect", "--once", "--config", str(world), "--database-url", clean_url)
    window = work_window(local_server, lambda: run_cli(*arguments))
    truth_counts, truth_report = table_counts(clean_url), fiscal_report(world, clean_url)
    assert truth_counts["Document"] > 0

    rng = random.Random(SEED)
    command_line = child_command(command, world, db_url)
    killed, working = kill_at_random(command_line, env, local_server, rng, KILLS, window)
    # The service never ends by itself, so every one of its children is killed.
    assert killed >= (KILLS if command == "run" else 1), "every child finished before its kill"
    assert working >= 1, "no child was killed while it worked"

    code, out = run_cli("collect", "--once", "--config", str(world), "--database-url", db_url)
    assert code == 0, out
    assert table_counts(db_url) == truth_counts
    report = fiscal_report(world, db_url)
    for key in ("totals", "by_expert", "by_media_type", "by_outlet"):
        assert report[key] == truth_report[key], key
