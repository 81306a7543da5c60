"""Shared pytest fixtures: paths to the real-world fixture bytes and more."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REAL_WORLD = PROJECT_ROOT.parent / "shared" / "fixtures" / "real-world"


@pytest.fixture(scope="session")
def real_world() -> Path:
    """The shared real-world fixture folder; skips the test when it is absent."""
    if not REAL_WORLD.is_dir():
        pytest.skip("shared/fixtures/real-world is not beside the project")
    return REAL_WORLD


# Database fixtures (db_url: SQLite + PostgreSQL, engine: migrated), defined in tests/dbfixtures.py.
from tests.dbfixtures import db_url, engine, postgres_base_url  # noqa: E402, F401
