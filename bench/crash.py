"""Crash safety, many times: ``collect`` and ``run`` killed -9 at random moments of
their work, on SQLite and PostgreSQL, then one clean run compared with a run
that was never interrupted.

The demo world (``demo.world``) is served on 127.0.0.1. The truth is one
uninterrupted ``collect --once`` on a SQLite file of its own; an uninterrupted
child measures the work window (from its first request to its exit). Then, per database and per
command (``collect --once``, and the service ``run``, whose first tick starts at
once), ``--rounds`` (default 5) fresh databases each get ``--kills`` children
(default 4; 20 kills in all; a child that finishes first does not count), each
killed -9 at a moment drawn from the work
window after its first request (``tests.test_crash_safety.kill_at_random``), then
one clean ``collect --once``. Fresh databases, because a restarted service finds
nothing due once its sources are saved: its later kills would land idle.
Compared with the truth: the row counts of documents, stories, mentions and
publications (nothing lost, nothing doubled) and the fiscal report (totals, per
expert, media type and outlet).

Prints one line per database and command: kills delivered, of them while the child
worked (had made requests), rounds equal to the truth, seconds.
A benchmark, not a test; exits 1 when any comparison differs. PostgreSQL runs in
a throw-away database (``--postgres-url`` or the test candidates), dropped after.

Run from the project root: ``.venv/bin/python bench/crash.py [--rounds R] [--kills N]
[--commands collect run] [--seed S] [--sqlite-only] [--postgres-url URL]``.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from demo.localserver import LocalServer  # noqa: E402
from demo.world import build_world, demo_config_yaml  # noqa: E402
from tests.cli_helpers import fiscal_report, run_cli, table_counts  # noqa: E402
from tests.dbfixtures import POSTGRES_CANDIDATES, libpq_url, postgres_reachable  # noqa: E402
from tests.test_crash_safety import (  # noqa: E402
    child_command,
    crash_env,
    kill_at_random,
    work_window,
)

REPORT_KEYS = ("totals", "by_expert", "by_media_type", "by_outlet")


def _postgres(url: str | None) -> str | None:
    candidates = (url,) if url else POSTGRES_CANDIDATES
    return next((c for c in candidates if postgres_reachable(c)), None)


def _create(server: str) -> str:
    name = f"mediawatch_crash_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(libpq_url(server), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _drop(server: str, url: str) -> None:
    name = make_url(url).database or ""
    with psycopg.connect(libpq_url(server), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def main(argv: list[str] | None = None) -> int:
    """Kill, recover, compare; print one line per database and command."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="fresh databases per command")
    parser.add_argument("--kills", type=int, default=4, help="kills per round")
    parser.add_argument(
        "--commands", nargs="+", default=["collect", "run"], choices=["collect", "run"]
    )
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-url", help="PostgreSQL server to create a database on")
    args = parser.parse_args(argv)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)
    pg_server = None if args.sqlite_only else _postgres(args.postgres_url)
    failures = 0
    with tempfile.TemporaryDirectory() as folder, LocalServer({}) as server:
        base = server.base_url
        for path, route in build_world(base).items():
            server.set_route(path, route)
        config = Path(folder) / "sources.yaml"
        config.write_text(demo_config_yaml(base), encoding="utf-8")
        env = crash_env(Path(folder) / "heartbeat")
        os.environ.update(env)
        truth_url = f"sqlite:///{folder}/truth.db"
        arguments = ("collect", "--once", "--config", str(config), "--database-url", truth_url)
        run_cli(*arguments)
        truth_counts, truth_report = table_counts(truth_url), fiscal_report(config, truth_url)
        # The window of a child (what is killed), not of this process: start-up aside, a
        # child on a loaded machine works longer than the same run in-process.
        scratch = child_command("collect", config, f"sqlite:///{folder}/window.db")
        window = work_window(server, lambda: subprocess.run(scratch, env=env, check=True,
                                                            capture_output=True))  # fmt: skip
        print(f"truth: {truth_counts}; work window of a child {window:.1f} s; seed {args.seed}")
        databases = ["sqlite"] + (["postgresql"] if pg_server else [])
        if not pg_server and not args.sqlite_only:
            print("PostgreSQL not reachable: SQLite only")
        rng = random.Random(args.seed)
        for database in databases:
            for command in args.commands:
                started = time.monotonic()
                killed = working = equal = 0
                for round_ in range(args.rounds):
                    if database == "sqlite":
                        db_url = f"sqlite:///{folder}/{command}-{round_}.db"
                    else:
                        assert pg_server is not None
                        db_url = _create(pg_server)
                    try:
                        line = child_command(command, config, db_url)
                        done = kill_at_random(line, env, server, rng, args.kills, window)
                        code, _ = run_cli(
                            "collect", "--once", "--config", str(config), "--database-url", db_url
                        )
                        counts = table_counts(db_url)
                        report = fiscal_report(config, db_url)
                    finally:
                        if database == "postgresql" and pg_server:
                            _drop(pg_server, db_url)
                    killed, working = killed + done[0], working + done[1]
                    same = counts == truth_counts and all(
                        report[k] == truth_report[k] for k in REPORT_KEYS
                    )
                    if code == 0 and same:
                        equal += 1
                    else:
                        print(f"  round {round_}: exit {code}, counts {counts}")
                failures += equal < args.rounds
                print(
                    f"{database:<10} {command:<7} kills {killed}/{args.rounds * args.kills} "
                    f"({working} while working)  clean run equal to the truth in {equal}/"
                    f"{args.rounds} rounds  {time.monotonic() - started:.0f} s"
                )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
