"""Engines, sessions and schema migrations.

``make_engine(url)`` gives an Engine for SQLite (WAL, 30 s busy timeout,
foreign keys on; the database folder is created, or with ``create=False`` a
missing file is ``DatabaseMissing``) or PostgreSQL (through psycopg 3). A
SQLite file deleted or replaced under a running process is noticed when the
next connection is checked out (``DatabaseFileChanged``), never written past.
``DatabaseUnavailable`` (and ``unavailable(url, error)``, which makes one from
a connection error) names the database with its password hidden and the cause
in one line. ``upgrade(engine)`` brings the schema to the newest Alembic
revision, with the Alembic configuration built in code (no alembic.ini).
``session_scope(engine)`` is the one unit of work: commit on success,
rollback on error.

Nothing here reads the environment or knows about sources, documents or
reports; the URL is handed in by the caller.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Seconds a PostgreSQL connection attempt may take (libpq's ``connect_timeout``).
CONNECT_TIMEOUT_SECONDS = 10


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened or reached; the message is one line naming it."""


class DatabaseMissing(DatabaseUnavailable):
    """No SQLite file where the URL points, and the caller asked not to create one."""


class DatabaseFileChanged(DatabaseUnavailable):
    """The SQLite file was deleted or replaced after the engine was made."""


def shown_url(url: str) -> str:
    """``url`` as messages show it: the password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(a URL that cannot be parsed)"


def _one_line(error: BaseException) -> str:
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    text = " ".join(str(cause).split())
    return text or type(cause).__name__


def unavailable(url: str, error: BaseException) -> DatabaseUnavailable:
    """A ``DatabaseUnavailable`` for ``error`` met while opening ``url``: which and what failed."""
    if isinstance(error, DatabaseUnavailable):
        return error
    return DatabaseUnavailable(f"cannot use database {shown_url(url)}: {_one_line(error)}")


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


class _FileIdentity:
    """Which file (st_dev, st_ino) a SQLite engine works on; checked at every checkout.

    Once the file is known, new connections open it with ``mode=rw``, so that a
    deleted file is never silently re-created empty; once a change is found,
    every later checkout fails the same way (the engine is spent: restart).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.identity: tuple[int, int] | None = None
        self.failure: str | None = None
        self.record()

    def _stat(self) -> os.stat_result | None:
        try:
            return self.path.stat()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise DatabaseFileChanged(
                f"database file {self.path} cannot be checked: {_one_line(error)}"
            ) from None

    def record(self, *_: Any) -> None:
        """Remember the file's identity, once it exists (SQLite creates it on connect)."""
        if self.identity is None:
            found = self._stat()
            if found is not None:
                self.identity = (found.st_dev, found.st_ino)

    def check(self, *_: Any) -> None:
        """Raise ``DatabaseFileChanged`` when the file is gone or is another file now."""
        if self.failure is None:
            found = self._stat()
            if found is None:
                if self.identity is None:
                    return  # not created yet: the first connection creates it
                self.failure = (
                    f"database file {self.path} was deleted while in use; "
                    "restart once the right file is back"
                )
            elif self.identity is None:
                self.identity = (found.st_dev, found.st_ino)
            elif (found.st_dev, found.st_ino) != self.identity:
                self.failure = (
                    f"database file {self.path} was replaced by another file while in use; "
                    "restart to use the new one"
                )
        if self.failure is not None:
            raise DatabaseFileChanged(self.failure)

    def connect_existing(
        self, _dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]
    ) -> None:
        """Before a new connection: check the file, and open a known file read-write only."""
        self.check()
        if self.identity is not None:
            cargs[:] = [self.path.as_uri() + "?mode=rw"]
            cparams["uri"] = True


def make_engine(url: str, *, create: bool = True) -> Engine:
    """Create an Engine for a SQLite or PostgreSQL URL.

    SQLite: the parent folder of a file database is created (with
    ``create=False`` a missing file raises ``DatabaseMissing`` instead and
    nothing is created); every connection gets WAL journaling, a 30 s busy
    timeout and foreign-key enforcement; the file's identity is recorded and
    every connection checkout raises ``DatabaseFileChanged`` once the file was
    deleted or replaced. A folder that cannot be created raises
    ``DatabaseUnavailable``. PostgreSQL: ``postgresql://`` is rewritten to
    ``postgresql+psycopg://``, and a connection attempt gives up after
    ``CONNECT_TIMEOUT_SECONDS`` unless the URL sets ``connect_timeout``. A URL
    that is not one raises SQLAlchemy's ``ArgumentError``.
    """
    sa_url = make_url(_normalise_url(url))
    if sa_url.get_backend_name() == "sqlite":
        database = sa_url.database
        watched: _FileIdentity | None = None
        if database and database != ":memory:" and not database.startswith("file:"):
            path = Path(os.path.abspath(Path(database).expanduser()))
            if not create and not path.exists():
                raise DatabaseMissing(
                    f"no database at {database} (nothing was collected into it, or this is "
                    "the wrong folder or --database-url); a read command does not create one"
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseUnavailable(
                    f"cannot use database {shown_url(url)}: cannot create folder "
                    f"{path.parent}: {error.strerror or _one_line(error)}"
                ) from None
            watched = _FileIdentity(path)
        engine = create_engine(sa_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_on_connect)
        if watched is not None:
            event.listen(engine, "do_connect", watched.connect_existing)
            event.listen(engine, "connect", watched.record)
            event.listen(engine, "checkout", watched.check)
        return engine
    # An unreachable server fails in seconds instead of hanging on the operating system's
    # TCP timeout; a connect_timeout given in the URL wins.
    connect_args = (
        {} if "connect_timeout" in sa_url.query else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    )
    return create_engine(sa_url, pool_pre_ping=True, connect_args=connect_args)


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
        if connection.dialect.name == "sqlite":
            # pysqlite runs DDL outside a transaction unless one is begun explicitly, and a
            # process killed mid-migration would leave half a schema and no version.
            connection.exec_driver_sql("BEGIN")
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
