"""bench/e2e.py --tiny runs to the end and reports its figures (no timing is asserted).

The benchmark serves a generated world (3 feeds x 20 items) on 127.0.0.1 from a
child process and collects it twice through ``mediawatch collect`` on SQLite; this
checks that it finishes, prints its table, and that the JSON it writes holds
plausible counts: documents stored, statements counted, and a re-poll that stores
nothing new.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def test_bench_e2e_tiny_completes_and_reports_numbers(tmp_path: Path) -> None:
    figures = tmp_path / "e2e.json"
    done = subprocess.run(
        [sys.executable, "bench/e2e.py", "--tiny", "--sqlite-only", "--json", str(figures)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "new items per CPU-second" in done.stdout
    assert "re-poll CPU ms/source" in done.stdout
    (result,) = json.loads(figures.read_text(encoding="utf-8"))
    assert result["database"] == "sqlite"
    assert result["items"] == 60
    # Most items are new documents; a few are the same article in another section.
    assert 50 <= result["new_documents"] <= 60
    assert result["items_per_cpu_s"] > 0
    assert result["first_ms_per_item"] > 0 and result["last_ms_per_item"] > 0
    assert result["statements_per_item_save"] > 0
    assert result["statements_per_item_command"] >= result["statements_per_item_save"]
    # The re-poll: every feed answers 304 or the same body, and nothing new is stored.
    assert result["repoll_sources"] == 3
    assert result["repoll_cycle_ms_per_source"] > 0
    assert result["repoll_new_documents"] == 0
    assert set(result["repoll_drops"]) <= {"not_modified", "unchanged_body"}


def test_bench_e2e_growth_mode_grows_the_database_and_reports_both_probes(
    tmp_path: Path,
) -> None:
    figures = tmp_path / "growth.json"
    done = subprocess.run(
        [
            sys.executable,
            "bench/e2e.py",
            "--tiny",
            "--sqlite-only",
            "--growth",
            "200",
            "--probe-items",
            "30",
            "--json",
            str(figures),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "cost per new item at" in done.stdout
    (result,) = json.loads(figures.read_text(encoding="utf-8"))
    steps = result["steps"]
    assert [step["kind"] for step in steps] == ["fill", "probe", "fill", "probe"]
    # Each round is a world of fresh articles: every cycle stores new documents, and
    # the database only grows.
    for before, after in itertools.pairwise(steps):
        assert after["stored_before"] == before["stored_after"]
    assert all(step["stored_after"] > step["stored_before"] for step in steps)
    assert steps[-1]["stored_after"] >= 150
    summary = result["summary"]
    assert summary["stored_at_last_probe"] > summary["stored_at_first_probe"] > 0
    assert summary["cycle_ms_first"] > 0 and summary["cycle_ms_last"] > 0
    assert all(step["peak_rss_mb"] > 0 for step in steps)
