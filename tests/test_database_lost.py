"""A PostgreSQL connection lost mid-collect fails only the source whose save needed it,
with a recorded ``database_error``; the other sources are collected, and the next
cycle collects the failed one, nothing stored twice.

The connection is really lost: the server terminates the backend
(``pg_terminate_backend``) just as the save's first document is inserted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.engine import make_url

from demo.localserver import LocalServer, Route
from pipeline.collect import Collector, SourceReport
from pipeline.config import expand_sources, load_config, source_hosts
from pipeline.fetch import Fetcher
from pipeline.schedule import run_cycle
from pipeline.settings import load_settings
from pipeline.types import FetchOutcome
from storage import models
from storage.db import make_engine, session_scope, upgrade
from tests.dbfixtures import libpq_url

FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title>'
    "<link>{base}/</link>"
    "<item><title>{name}の記事一</title><link>{base}/{name}/1</link>"
    "<description>小谷哲男主任研究員は{name}で「抑止が鍵だ」と述べた。</description></item>"
    "<item><title>{name}の記事二</title><link>{base}/{name}/2</link>"
    "<description>{name}の別の話題で、専門家の名前は出てこない記事です。</description></item>"
    "</channel></rss>"
)


@pytest.fixture
def postgres_url(db_url: str) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip("a lost connection is PostgreSQL's (SQLite's lost file: test_database_trouble)")
    return db_url


@pytest.fixture
def config_path(local_server: LocalServer, tmp_path: Path) -> Path:
    base = local_server.base_url.rstrip("/")
    for name in ("alpha", "beta"):
        local_server.set_route(
            f"/{name}.xml",
            Route(
                body=FEED.format(name=name, base=base).encode(),
                content_type="application/rss+xml",
            ),
        )
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"""
institute: {{name: 日本国際問題研究所}}
experts:
  - {{id: kotani-tetsuo, name: 小谷哲男, titles: [主任研究員]}}
sources:
  - {{name: alpha, kind: feed, url: "{base}/alpha.xml", every: 30m}}
  - {{name: beta, kind: feed, url: "{base}/beta.xml", every: 30m}}
""",
        encoding="utf-8",
    )
    return path


class _Terminator:
    """Has the server terminate the connection that inserts the first document."""

    def __init__(self, url: str) -> None:
        self.server = libpq_url(make_url(url).set(query={}).render_as_string(hide_password=False))
        self.armed = True
        self.killed_pid: int | None = None

    def __call__(self, conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if not (self.armed and statement.lstrip().upper().startswith("INSERT INTO DOCUMENTS")):
            return
        self.armed = False
        pid = conn.connection.dbapi_connection.info.backend_pid
        with psycopg.connect(self.server, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        self.killed_pid = pid


@pytest.fixture
def engine_with_terminator(postgres_url: str) -> Iterator[tuple[Engine, _Terminator]]:
    engine = make_engine(postgres_url)
    upgrade(engine)
    terminator = _Terminator(postgres_url)
    event.listen(engine, "before_cursor_execute", terminator)
    try:
        yield engine, terminator
    finally:
        engine.dispose()


def _cycle(config_path: Path, engine: Engine, url: str) -> dict[str, SourceReport]:
    config = load_config(config_path)
    settings = replace(load_settings(), database_url=url, per_host_delay_seconds=0.0, retries=0)

    async def once() -> list[SourceReport]:
        async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
            collector = Collector(config, settings, engine, fetcher)
            return await run_cycle(collector, expand_sources(config), due_only=True)

    return {report.source: report for report in asyncio.run(once())}


def test_a_lost_connection_fails_its_source_only_and_the_next_cycle_collects_it(
    config_path: Path,
    engine_with_terminator: tuple[Engine, _Terminator],
    postgres_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    engine, terminator = engine_with_terminator
    started = datetime.now(UTC)
    first = _cycle(config_path, engine, postgres_url)
    # one line saying what failed, not a traceback
    assert not [r for r in caplog.records if r.exc_info and r.name.startswith("pipeline")]
    assert any("database_error" in r.getMessage() for r in caplog.records)
    assert terminator.killed_pid is not None  # the connection really was terminated
    failed = [name for name, report in first.items() if report.outcome is not FetchOutcome.OK]
    assert len(failed) == 1, first
    victim = failed[0]
    other = "beta" if victim == "alpha" else "alpha"
    error = first[victim].error or ""
    assert error.startswith("database_error: connection lost"), error
    assert first[other].new_documents == 2 and first[other].new_mentions == 1
    with session_scope(engine) as session:
        state = session.scalars(select(models.Source).where(models.Source.name == victim)).one()
        assert (state.last_error or "").startswith("database_error")
        # not the source's fault: due again at once, not backed off
        assert state.next_due_at is not None
        due = state.next_due_at.replace(tzinfo=state.next_due_at.tzinfo or UTC)
        assert due <= datetime.now(UTC) and due >= started
        # the victim's save was rolled back whole: nothing of it is stored
        hosts = session.scalars(select(models.Document.url)).all()
        assert not [url for url in hosts if f"/{victim}/" in url]

    second = _cycle(config_path, engine, postgres_url)
    assert set(second) == {victim}  # only the failed source was due
    assert second[victim].outcome is FetchOutcome.OK
    assert second[victim].new_documents == 2 and second[victim].new_mentions == 1
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(models.Document)) == 4
        assert session.scalar(select(func.count()).select_from(models.Mention)) == 2
