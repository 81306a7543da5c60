"""Shared pytest fixtures: paths to the real-world fixture bytes and more."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.localserver import LocalServer

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REAL_WORLD = PROJECT_ROOT.parent / "shared" / "fixtures" / "real-world"


@pytest.fixture(scope="session")
def real_world() -> Path:
    """The shared real-world fixture folder; skips the test when it is absent."""
    if not REAL_WORLD.is_dir():
        pytest.skip("shared/fixtures/real-world is not beside the project")
    return REAL_WORLD


_PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)


@pytest.fixture
def local_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    """A started ``LocalServer`` on 127.0.0.1 with no routes yet (add them with set_route).

    Proxy variables are removed for the test so httpx talks to 127.0.0.1 directly.
    """
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with LocalServer({}) as server:
        yield server


# Database fixtures (db_url: SQLite + PostgreSQL, engine: migrated), defined in tests/dbfixtures.py.
from tests.dbfixtures import db_url, engine, postgres_base_url  # noqa: E402, F401
