"""Engines, sessions and schema migrations.

``make_engine(url)`` gives an Engine for SQLite (WAL, 30 s busy timeout,
foreign keys on; the database folder is created) or PostgreSQL (through
psycopg 3). ``upgrade(engine)`` brings the schema to the newest Alembic
revision, with the Alembic configuration built in code (no alembic.ini).
``session_scope(engine)`` is the one unit of work: commit on success,
rollback on error.

Nothing here reads the environment or knows about sources, documents or
reports; the URL is handed in by the caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _normalise_url(url: str) -> str:
    """Point bare ``postgresql://`` (and ``postgres://``) URLs at psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def make_engine(url: str) -> Engine:
    """Create an Engine for a SQLite or PostgreSQL URL.

    SQLite: the parent folder of a file database is created; every connection
    gets WAL journaling, a 30 s busy timeout and foreign-key enforcement.
    PostgreSQL: ``postgresql://`` is rewritten to ``postgresql+psycopg://``.
    """
    sa_url = make_url(_normalise_url(url))
    if sa_url.get_backend_name() == "sqlite":
        database = sa_url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(sa_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    return create_engine(sa_url, pool_pre_ping=True)


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    """The Alembic configuration, built in code.

    With an engine, its URL is set as ``sqlalchemy.url`` so that Alembic
    commands (``revision --autogenerate``, ``check``) can be run from Python.
    New revision files are date-prefixed: ``2026_11_27_0002_<slug>.py``.
    """
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option(
        "file_template",
        "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s",
    )
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations on ``engine`` up to ``revision`` (default head)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an unmigrated database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: yields a Session, commits on success, rolls back on error."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
