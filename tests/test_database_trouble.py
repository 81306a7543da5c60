"""Database trouble is one clear line, never a traceback and never a silent new database.

An unreachable database (PostgreSQL on a closed port of 127.0.0.1, a SQLite
file in a folder that cannot be created) is one line on stderr naming the URL
with its password hidden, exit 1. Read commands (``sources``, ``mentions``,
``report``) do not create a SQLite file that is not there: one line naming the
file, exit 1, nothing on stdout. A SQLite file deleted or replaced under a
running engine fails the next transaction with ``DatabaseFileChanged``.
Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from pipeline import cli
from pipeline.settings import Settings
from storage.db import (
    DatabaseFileChanged,
    DatabaseMissing,
    make_engine,
    session_scope,
    shown_url,
    unavailable,
    upgrade,
)
from tests.cli_helpers import run_cli

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG = str(PROJECT_ROOT / "sources.yaml")


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _one_line(error: str) -> str:
    lines = [line for line in error.splitlines() if line.strip()]
    assert len(lines) == 1, error
    assert "Traceback" not in error
    return lines[0]


# --- unreachable databases ---------------------------------------------------------


CORPUS = str(PROJECT_ROOT / "tests" / "corpus")

READ_COMMANDS = [
    ["sources"],
    ["mentions"],
    ["report", "--fiscal-year", "2024"],
    ["period", "list"],
    ["labels", "export"],
    ["model", "evaluate", "--with-staff", "--corpus", CORPUS],
    ["rematch"],
    ["users", "list"],
]
READ_IDS = [" ".join(command[:2]) for command in READ_COMMANDS]
ALL_COMMANDS = [*READ_COMMANDS, ["db", "upgrade"]]


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=[" ".join(c[:2]) for c in ALL_COMMANDS])
def test_postgresql_on_a_closed_port_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    port = _closed_port()
    url = f"postgresql://watcher:s3cret-word@127.0.0.1:{port}/mediawatch"
    code, out = run_cli(*command, "--config", CONFIG, "--database-url", url)
    line = _one_line(capsys.readouterr().err)
    assert code == 1
    assert out == ""
    assert line.startswith(f"mediawatch {command[0]}: cannot use database ")
    assert f"postgresql://watcher:***@127.0.0.1:{port}/mediawatch" in line
    assert "s3cret-word" not in line
    assert "refused" in line.lower()


def test_sqlite_in_a_folder_that_cannot_be_created_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be\n", encoding="utf-8")
    database = blocker / "data" / "mediawatch.db"
    code, out = run_cli(
        "db", "upgrade", "--config", CONFIG, "--database-url", f"sqlite:///{database}"
    )
    line = _one_line(capsys.readouterr().err)
    assert code == 1
    assert out == ""
    assert f"sqlite:///{database}" in line
    assert f"cannot create folder {database.parent}" in line


def test_sqlite_path_that_is_a_folder_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mediawatch.db"
    folder.mkdir()
    code, _ = run_cli("db", "upgrade", "--config", CONFIG, "--database-url", f"sqlite:///{folder}")
    line = _one_line(capsys.readouterr().err)
    assert code == 1
    assert f"sqlite:///{folder}" in line
    assert "unable to open database file" in line


def test_a_database_url_that_is_not_one_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run_cli("db", "upgrade", "--config", CONFIG, "--database-url", "not a url")
    line = _one_line(capsys.readouterr().err)
    assert code == 2
    assert "database URL" in line


def test_unavailable_hides_the_password() -> None:
    error = unavailable("postgresql://u:hunter2@127.0.0.1:1/db", OSError("connection refused"))
    assert str(error) == "cannot use database postgresql://u:***@127.0.0.1:1/db: connection refused"
    assert shown_url("postgresql://u:hunter2@db.internal/db") == "postgresql://u:***@db.internal/db"


# --- read commands never create a database -----------------------------------------


@pytest.mark.parametrize("command", READ_COMMANDS, ids=READ_IDS)
def test_read_commands_do_not_create_a_missing_sqlite_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    database = tmp_path / "data" / "mediawatch.db"
    code, out = run_cli(*command, "--config", CONFIG, "--database-url", f"sqlite:///{database}")
    line = _one_line(capsys.readouterr().err)
    assert code == 1
    assert out == ""
    assert f"no database at {database}" in line
    assert not database.exists()
    assert not database.parent.exists()


@pytest.mark.parametrize("command", READ_COMMANDS, ids=READ_IDS)
def test_read_commands_default_database_in_the_current_folder_is_not_created(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MEDIAWATCH_DATABASE_URL", raising=False)
    code, out = run_cli(*command, "--config", CONFIG)
    line = _one_line(capsys.readouterr().err)
    assert code == 1
    assert out == ""
    assert "no database at data/mediawatch.db" in line
    assert list(tmp_path.iterdir()) == []


def test_mentions_confirm_does_not_create_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "mediawatch.db"
    code, _ = run_cli(
        "mentions", "confirm", "1", "--config", CONFIG, "--database-url", f"sqlite:///{database}"
    )
    assert code == 1
    assert f"no database at {database}" in _one_line(capsys.readouterr().err)
    assert not database.exists()


def test_write_commands_create_it_and_read_commands_then_read_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "data" / "mediawatch.db"
    url = f"sqlite:///{database}"
    code, _ = run_cli("db", "upgrade", "--config", CONFIG, "--database-url", url)
    assert code == 0
    assert database.exists()
    for command in READ_COMMANDS:
        code, _ = run_cli(*command, "--config", CONFIG, "--database-url", url)
        assert code == 0, capsys.readouterr().err


def test_make_engine_without_create_refuses_a_missing_file(tmp_path: Path) -> None:
    database = tmp_path / "missing.db"
    with pytest.raises(DatabaseMissing, match="no database at"):
        make_engine(f"sqlite:///{database}", create=False)
    assert not database.exists()


# --- a SQLite file deleted or replaced under a running process ---------------------


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> tuple[Engine, Path]:
    database = tmp_path / "mediawatch.db"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    with session_scope(engine) as session:
        assert session.execute(text("SELECT 1")).scalar() == 1
    return engine, database


def test_deleted_database_file_fails_the_next_session(sqlite_engine: tuple[Engine, Path]) -> None:
    engine, database = sqlite_engine
    database.unlink()
    for _ in range(2):  # and keeps failing: the engine never re-creates an empty file
        with (
            pytest.raises(DatabaseFileChanged, match=re.escape(f"{database} was deleted")),
            session_scope(engine) as session,
        ):
            session.execute(text("SELECT 1"))
    assert not database.exists()
    engine.dispose()


def test_deleted_database_file_is_not_recreated_by_a_new_connection(
    sqlite_engine: tuple[Engine, Path],
) -> None:
    engine, database = sqlite_engine
    engine.dispose()  # no pooled connection left: the next one is new
    database.unlink()
    with (
        pytest.raises(DatabaseFileChanged, match=re.escape(f"{database} was deleted")),
        engine.connect() as connection,
    ):
        connection.execute(text("SELECT 1"))
    assert not database.exists()


def test_replaced_database_file_fails_the_next_session(
    sqlite_engine: tuple[Engine, Path], tmp_path: Path
) -> None:
    engine, database = sqlite_engine
    copy = tmp_path / "copy.db"
    shutil.copyfile(database, copy)
    os.replace(copy, database)  # the path now names another file
    with (
        pytest.raises(DatabaseFileChanged, match=re.escape(f"{database} was replaced")),
        session_scope(engine) as session,
    ):
        session.execute(text("SELECT 1"))
    engine.dispose()
    fresh = make_engine(f"sqlite:///{database}")  # a new engine takes the new file
    with session_scope(fresh) as session:
        assert session.execute(text("SELECT 1")).scalar() == 1
    fresh.dispose()


def test_cli_reports_a_vanished_database_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "mediawatch.db"
    url = f"sqlite:///{database}"
    assert run_cli("db", "upgrade", "--config", CONFIG, "--database-url", url)[0] == 0
    opened = cli._open_database

    def open_then_lose(settings: Settings, *, create: bool = True) -> Engine:
        engine = opened(settings, create=create)
        database.unlink()  # someone deletes the file while the command runs
        return engine

    monkeypatch.setattr(cli, "_open_database", open_then_lose)
    code, out = run_cli("sources", "--config", CONFIG, "--database-url", url)
    line = _one_line(capsys.readouterr().err)
    assert code == 1
    assert out == ""
    assert f"database file {database} was deleted" in line
