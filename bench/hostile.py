"""Hostile sources: one ``mediawatch collect`` beside bombs, XXE, a trickle, a
redirect loop and a 400 MB stream, measured.

Serves the traps of ``tests/hostile_world.py`` marked ``in_bench`` (or those
named with ``--only``) and one good feed naming an expert on 127.0.0.1
(``tests/hostile_server.py``; the server runs in this process, the collector in
a child process), then runs ``python -m pipeline.cli collect --once`` of
``--project`` (default: this checkout; point it at another checkout to measure
its code on the same world) against a fresh SQLite file, with the default
settings except: per-host delay 0 and 16 connections per host (every trap shares
127.0.0.1, which real hosts would not). The child is killed after ``--timeout``
seconds (default 300).

Prints the child's wall time, CPU time and peak RSS (``os.wait4``), its exit code, each
source's recorded outcome and error, and what was stored: documents and their
text lengths per source, whether a cut text carries the note, mentions per
source, and whether anything of a trap reached the database (the XXE secret,
unexpanded or expanded entities). ``--startup`` first runs the good feed alone:
the command's start-up (imports, migrations, role model) on this machine, which
every figure includes. A benchmark, not a test: no thresholds.

Run from the project root: ``.venv/bin/python bench/hostile.py [--only NAME ...]
[--project PATH] [--timeout S] [--startup] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from storage import models  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402
from tests.hostile_server import Answer, HostileServer  # noqa: E402
from tests.hostile_world import (  # noqa: E402
    EXPERT,
    EXPERT_ID,
    GOOD_FEED,
    SECRET,
    TRAPS,
    Trap,
    World,
    trap_routes,
)

NOTE_MARK = "[mediawatch: text cut at"


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(good: str, traps: dict[str, str]) -> str:
    lines = [
        "institute: {name: 日本国際問題研究所}",
        "experts:",
        f"  - {{id: {EXPERT_ID}, name: {EXPERT}, titles: [主任研究員]}}",
        "sources:",
        f'  - {{name: good, kind: feed, url: "{good}", every: 30m}}',
    ]
    lines += [f'  - {{name: "{n}", kind: feed, url: "{u}", every: 30m}}' for n, u in traps.items()]
    return "\n".join(lines) + "\n"


def _run(command: list[str], env: dict[str, str], cwd: Path, timeout: float) -> dict[str, Any]:
    """Run the child; its wall time, peak RSS (MB, ``os.wait4``), exit code, whether killed."""
    killed = threading.Event()
    started = time.monotonic()
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)

        def kill() -> None:
            killed.set()
            child.send_signal(signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        log.seek(0)
        tail = log.read().decode("utf-8", "replace").strip().splitlines()[-1:]
    return {
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "exit": child.returncode,
        "killed": killed.is_set(),
        "tail": tail,
    }


def _stored(db_url: str) -> dict[str, Any]:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            sources = {
                row.name: {"outcome": row.last_outcome, "error": row.last_error}
                for row in session.scalars(select(models.Source))
            }
            docs = session.execute(
                select(
                    models.Document.source_name,
                    func.length(models.Document.text),
                    models.Document.text.contains(NOTE_MARK),
                    models.Document.text.contains(SECRET)
                    | models.Document.title.contains(SECRET)
                    | models.Document.text.contains("lollol")
                    | models.Document.title.contains("&lol"),
                )
            ).all()
            mentions = session.execute(
                select(models.Document.source_name, func.count())
                .join(models.Mention, models.Mention.document_id == models.Document.id)
                .group_by(models.Document.source_name)
            ).all()
    finally:
        engine.dispose()
    for name in sources:
        mine = [d for d in docs if d[0] == name]
        sources[name].update(
            documents=len(mine),
            longest_text=max((d[1] or 0 for d in mine), default=0),
            cut_with_note=sum(1 for d in mine if d[2]),
            trap_content=sum(1 for d in mine if d[3]),
            mentions=dict(mentions).get(name, 0),
        )
    return sources


def measure(chosen: list[Trap], project: Path, timeout: float) -> dict[str, Any]:
    """Serve ``chosen`` beside the good feed, run the collector of ``project``, read the result."""
    with tempfile.TemporaryDirectory() as folder, HostileServer() as server:
        secret = Path(folder) / "secret.txt"
        secret.write_text(SECRET, encoding="utf-8")
        world = World(server.port, _closed_port(), secret)
        server.route("/good.xml", Answer(GOOD_FEED))
        for trap in chosen:
            for path, answer in trap_routes(trap, world).items():
                server.route(path, answer)
        config = Path(folder) / "sources.yaml"
        config.write_text(
            _config(world.url("/good.xml"), {t.name: t.feed_url(world) for t in chosen}),
            encoding="utf-8",
        )
        db_url = f"sqlite:///{folder}/bench.db"
        env = dict(os.environ)
        env.update(
            MEDIAWATCH_PER_HOST_DELAY_SECONDS="0",
            MEDIAWATCH_PER_HOST_CONNECTIONS="16",
            MEDIAWATCH_LOG_LEVEL="WARNING",
            NO_PROXY="127.0.0.1,localhost",
            PYTHONPATH=str(project),
        )
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
            env.pop(name, None)
        command = [sys.executable, "-m", "pipeline.cli", "collect", "--once",
                   "--config", str(config), "--database-url", db_url]  # fmt: skip
        run = _run(command, env, project, timeout)
        stored = _stored(db_url) if Path(f"{folder}/bench.db").exists() else {}
        never_hit = {
            f"{t.name}/{p}": server.hits(f"/{t.name}/{p}") for t in chosen for p in t.never_hit
        }
    return {"project": str(project), "traps": [t.name for t in chosen], **run,
            "sources": stored, "never_hit_requests": never_hit}  # fmt: skip


def _print(figures: dict[str, Any]) -> None:
    print(f"project: {figures['project']}")
    print(f"traps: {', '.join(figures['traps']) or '(none: the good feed alone)'}")
    print(f"wall time: {figures['wall_s']} s; CPU {figures['cpu_s']} s; peak RSS: "
          f"{figures['peak_rss_mb']} MB; exit {figures['exit']}"
          f"{' (killed at the timeout)' if figures['killed'] else ''}")  # fmt: skip
    print(f"{'source':<18} {'outcome':<11} {'docs':>4} {'longest':>8} {'cut':>3} "
          f"{'trap':>4} {'ment':>4}  error")  # fmt: skip
    for name, row in sorted(figures["sources"].items()):
        print(
            f"{name:<18} {row['outcome']!s:<11} {row['documents']:>4} {row['longest_text']:>8} "
            f"{row['cut_with_note']:>3} {row['trap_content']:>4} {row['mentions']:>4}  "
            f"{(row['error'] or '')[:70]}"
        )
    print(f"requests to paths a trap only points at: {sum(figures['never_hit_requests'].values())}")


def main(argv: list[str] | None = None) -> int:
    """Serve the world, run the collector, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="trap names (default: the bench's set)")
    parser.add_argument("--project", type=Path, default=ROOT, help="checkout whose code runs")
    parser.add_argument("--timeout", type=float, default=300.0, help="kill the child after this")
    parser.add_argument(
        "--startup", action="store_true", help="first run the good feed alone (start-up cost)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    chosen = [t for t in TRAPS if (t.name in args.only if args.only else t.in_bench)]
    runs = []
    if args.startup:
        runs.append(measure([], args.project, args.timeout))
        _print(runs[-1])
        print()
    runs.append(measure(chosen, args.project, args.timeout))
    _print(runs[-1])
    if args.json:
        args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
