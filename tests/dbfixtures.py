"""Database fixtures: every test that asks for ``db_url`` or ``engine`` runs on
SQLite (a file under tmp_path) and on PostgreSQL.

PostgreSQL: ``MEDIAWATCH_TEST_POSTGRES_URL`` if set, else
``postgresql://postgres@127.0.0.1:5432/test`` then the same as ``root``. One
uniquely named database is created per test session (dropped afterwards)
and each test gets a fresh schema in it through ``search_path``. The
PostgreSQL case is skipped only when no server answers. Imported into
``tests/conftest.py``.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from storage.db import make_engine, upgrade

POSTGRES_CANDIDATES = (
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://root@127.0.0.1:5432/test",
)


def libpq_url(url: str) -> str:
    """A SQLAlchemy-style URL as a libpq connection URI."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def postgres_reachable(url: str) -> bool:
    try:
        with psycopg.connect(libpq_url(url), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@pytest.fixture(scope="session")
def postgres_base_url() -> Iterator[str | None]:
    """A URL to a throw-away PostgreSQL database for this test session, or None."""
    configured = os.environ.get("MEDIAWATCH_TEST_POSTGRES_URL")
    candidates = (configured,) if configured else POSTGRES_CANDIDATES
    server = next((url for url in candidates if postgres_reachable(url)), None)
    if server is None:
        yield None
        return
    name = f"mediawatch_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(libpq_url(server), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error:
        # No CREATEDB privilege: fall back to per-test schemas in the given database.
        yield server
        return
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq_url(server), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_base_url: str | None,
) -> Iterator[str]:
    """An empty database URL: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("db")
        yield f"sqlite:///{folder}/data/mediawatch.db"
        return
    if postgres_base_url is None:
        pytest.skip("PostgreSQL is not reachable")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(postgres_base_url), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    url = make_url(postgres_base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with (
            contextlib.suppress(psycopg.Error),
            psycopg.connect(libpq_url(postgres_base_url), autocommit=True) as conn,
        ):
            conn.execute("SET lock_timeout = '5s'")
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An Engine on a database migrated to the newest revision (disposed afterwards)."""
    created = make_engine(db_url)
    upgrade(created)
    try:
        yield created
    finally:
        created.dispose()
