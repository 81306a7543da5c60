"""Commands that write still create the database the read commands then read, and
PostgreSQL connections give up in seconds.

That the read commands (``sources`` … ``users list``) never create a missing
database is in ``tests/test_database_trouble.py``. A PostgreSQL server that accepts the connection but never answers fails after
libpq's ``connect_timeout`` (set by ``make_engine`` unless the URL sets it), in one
line. Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from storage.db import CONNECT_TIMEOUT_SECONDS, make_engine
from tests.cli_helpers import run_cli

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG = str(PROJECT_ROOT / "sources.yaml")

def _one_line(error: str) -> str:
    lines = [line for line in error.splitlines() if line.strip()]
    assert len(lines) == 1, error
    assert "Traceback" not in error
    return lines[0]


def test_write_commands_still_create_it_and_the_read_commands_then_read_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'mediawatch.db'}"
    assert run_cli("db", "upgrade", "--config", CONFIG, "--database-url", url)[0] == 0
    assert (tmp_path / "data" / "mediawatch.db").exists()
    for command in (["period", "list"], ["users", "list"], ["labels", "export"], ["rematch"]):
        code, _ = run_cli(*command, "--config", CONFIG, "--database-url", url)
        assert code == 0, capsys.readouterr().err


# --- PostgreSQL connect timeout ----------------------------------------------------------


def _connect_params(url: str) -> dict[str, Any]:
    """The keyword arguments ``make_engine``'s engine hands to psycopg.connect."""
    engine = make_engine(url)
    seen: dict[str, Any] = {}

    def spy(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        seen.update(cparams)
        raise ConnectionAbortedError("stopped before connecting")

    event.listen(engine, "do_connect", spy)
    with pytest.raises(Exception, match="stopped before connecting"):
        engine.connect()
    engine.dispose()
    return seen


def test_postgresql_connections_get_a_connect_timeout() -> None:
    params = _connect_params("postgresql://u:p@127.0.0.1:1/db")
    assert params["connect_timeout"] == CONNECT_TIMEOUT_SECONDS
    assert (
        _connect_params("postgresql://u@127.0.0.1:1/db?connect_timeout=3")["connect_timeout"] == "3"
    )


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts TCP connections (the kernel's backlog) and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def test_a_server_that_never_answers_fails_in_one_line(silent_server: int) -> None:
    url = f"postgresql://watcher:s3cret-word@127.0.0.1:{silent_server}/mediawatch?connect_timeout=2"
    # In a child process: without a timeout the command would wait for ever, and the
    # subprocess timeout then fails the test instead of hanging the suite.
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "sources",
            "--config",
            CONFIG,
            "--database-url",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
    )
    line = _one_line(finished.stderr)
    assert finished.returncode == 1
    assert finished.stdout == ""
    assert line.startswith("mediawatch sources: cannot use database ")
    assert f"127.0.0.1:{silent_server}/mediawatch" in line
    assert "s3cret-word" not in line
    assert "timeout" in line.lower()
