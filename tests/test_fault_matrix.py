"""The fault matrix: every way a source can fail or attack, one case at a time,
each beside a good feed that names an expert.

Each case runs ``mediawatch collect`` in-process against two servers on
127.0.0.1: the demo's ``LocalServer`` with the good feed, and a
``HostileServer`` with the trap (``tests/hostile_world.py``). For each case:

- the trap's recorded cause, as ``mediawatch sources`` shows it (the source's
  ``last_error``, ``last_outcome``, and for a 429 its ``next_due_at``);
- the good source collected with its mention, in the same run;
- nothing of the trap stored where it must not be: no document from a failed
  trap, no secret of an XXE, no request to a path the trap only points at,
  a bombed text cut with its note;
- the wall time, bounded by the source budget configured small here (a ratio
  to a setting of the test, not a speed claim).

Budgets and caps are set small through ``MEDIAWATCH_*`` so the whole matrix
stays quick; SQLite and PostgreSQL both run it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from demo.localserver import LocalServer, Route
from pipeline.limits import truncation_note
from storage import models, queries
from storage.db import session_scope
from tests.cli_helpers import run_cli
from tests.hostile_server import Answer, HostileServer
from tests.hostile_world import (
    EXPERT_ID,
    GOOD_FEED,
    INVALID_HOST,
    RSS_TYPE,
    SECRET,
    TRAPS,
    Trap,
    World,
    trap_routes,
)
from tests.test_fetch_causes import _closed_port, invalid_tld_fails_locally  # noqa: F401

BUDGET = 3.0
"""The source budget of the test (seconds); every case must end within a few of it."""

MAX_ENTRIES = 100
TEXT_CHARS = 20_000

SETTINGS = {
    "PER_HOST_DELAY_SECONDS": "0",
    "RETRIES": "1",
    "BACKOFF_SECONDS": "0.05",
    "TIMEOUT_SECONDS": "1",
    "SOURCE_BUDGET_SECONDS": str(BUDGET),
    "MAX_RETRY_AFTER_SECONDS": "1",
    "MAX_TEXT_CHARS": str(TEXT_CHARS),
    "MAX_ENTRIES": str(MAX_ENTRIES),
}

CONFIG = """
institute: {{name: 日本国際問題研究所}}
experts:
  - {{id: {expert}, name: 小谷哲男, titles: [主任研究員]}}
sources:
  - {{name: good, kind: feed, url: "{good}", every: 30m}}
  - {{name: trap, kind: feed, url: "{trap}", every: 30m}}
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[tuple[HostileServer, World]]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    with HostileServer() as server:
        yield server, World(server.port, _closed_port(), secret)


def _documents(engine: Engine) -> list[models.Document]:
    with session_scope(engine) as session:
        rows = list(session.scalars(select(models.Document)))
        session.expunge_all()
    return rows


@pytest.mark.parametrize("trap", TRAPS, ids=[trap.name for trap in TRAPS])
@pytest.mark.usefixtures("invalid_tld_fails_locally")
def test_fault_matrix(
    trap: Trap,
    engine: Engine,
    local_server: LocalServer,
    hostile: tuple[HostileServer, World],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, world = hostile
    for name, value in SETTINGS.items():
        monkeypatch.setenv(f"MEDIAWATCH_{name}", value)
    local_server.set_route("/good.xml", Route(GOOD_FEED, RSS_TYPE))
    for path, answer in trap_routes(trap, world).items():
        server.route(path, answer)
    if trap.robots is not None:
        server.route("/robots.txt", Answer(trap.robots, content_type="text/plain"))
    config = tmp_path / "sources.yaml"
    config.write_text(
        CONFIG.format(expert=EXPERT_ID, good=local_server.url("/good.xml"),
                      trap=trap.feed_url(world)),
        encoding="utf-8",
    )  # fmt: skip
    database_url = engine.url.render_as_string(hide_password=False)

    started = time.monotonic()
    code, out = run_cli("collect", "--config", str(config), "--database-url", database_url)
    elapsed = time.monotonic() - started
    before = datetime.now(UTC)

    # The run itself ends, and within the budget: sources run concurrently, so the
    # trap's budget bounds the whole run (plus start-up and the good source's save).
    assert elapsed < 2 * BUDGET + 2, f"{trap.name} took {elapsed:.1f} s, budget {BUDGET} s"
    assert code in (0, 1), out

    with session_scope(engine) as session:
        health = {row.name: row for row in queries.source_health(session)}
        mentions = session.execute(
            select(models.Document.source_name, models.Mention.target_id).join(
                models.Document, models.Document.id == models.Mention.document_id
            )
        ).all()
    documents = _documents(engine)

    # The good source is collected with its mention, whatever the trap did.
    good = health["good"]
    assert good.last_outcome == "ok" and good.last_error is None, good
    assert ("good", EXPERT_ID) in mentions

    # The trap's cause, as `mediawatch sources` shows it.
    row = health["trap"]
    assert row.last_outcome == trap.outcome, row
    if trap.cause:
        assert row.last_error is not None and row.last_error.startswith(trap.cause), row
        assert "\n" not in row.last_error and len(row.last_error) < 500
    else:
        assert row.last_error is None, row
    if "next_due_hours" in trap.extra:
        hours = float(trap.extra["next_due_hours"])  # type: ignore[arg-type]
        assert row.next_due_at is not None
        due = row.next_due_at if row.next_due_at.tzinfo else row.next_due_at.replace(tzinfo=UTC)
        assert due >= before + timedelta(hours=hours) - timedelta(minutes=5)

    # Nothing of the trap where it must not be.
    stored = [doc for doc in documents if doc.source_name == "trap"]
    if trap.stored >= 0:
        assert len(stored) == trap.stored, [d.url for d in stored]
    else:
        assert 0 < len(stored) <= MAX_ENTRIES
    assert sum(1 for source, _ in mentions if source == "trap") == trap.mentions
    for doc in documents:
        for text in (doc.title, doc.text, doc.summary or ""):
            assert SECRET not in text
            assert "lollollol" not in text
            assert len(text) <= TEXT_CHARS + len(truncation_note(TEXT_CHARS)) + 1
    for doc in stored:
        assert doc.text.endswith(truncation_note(TEXT_CHARS)) is trap.truncated, doc.url
        if doc.published_at is not None:
            published = doc.published_at
            published = published if published.tzinfo else published.replace(tzinfo=UTC)
            assert published <= before + timedelta(days=366), (doc.url, published)
    for path in trap.never_hit:
        assert server.hits(f"/{trap.name}/{path}") == 0, path
    assert INVALID_HOST not in (good.last_error or "")
