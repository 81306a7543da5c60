"""The review app in a real browser: Playwright driving Debian's chromium against uvicorn.

The app is served on 127.0.0.1 by uvicorn in a thread, over a SQLite file
holding ``tests/reviewworld``. The tests sign in, review with the keyboard,
reject a namesake, add a TV appearance by hand, see both in the dashboard and
in ``mediawatch report``, check that a viewer can change nothing and that
hostile feed text runs nothing. Screenshots go to ``tests/artifacts/``.
Skipped when chromium or Playwright is missing, except under ``scripts/test``
(``MEDIAWATCH_REQUIRE_BROWSER=1``), which installs both and must run them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import Engine, select

from review.app import create_app
from review.auth import hash_password
from storage import review as store
from storage.db import make_engine, session_scope, upgrade
from storage.models import Mention
from tests import reviewworld
from tests.cli_helpers import run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# scripts/test sets this: there a missing browser is a failure, not a skip.
REQUIRED = os.environ.get("MEDIAWATCH_REQUIRE_BROWSER") == "1"
if REQUIRED:
    import playwright.sync_api as playwright_api
else:
    playwright_api = pytest.importorskip("playwright.sync_api")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PASSWORD = "correct horse battery"
# Without these Chromium reaches for Google's hosts at start; the machine has no internet.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not REQUIRED and not Path(CHROMIUM).exists(), reason="chromium is not installed"
)


@dataclass
class Site:
    """The served app: its base URL, database, config file and the world's mention ids."""

    base: str
    engine: Engine
    db_url: str
    config_path: Path
    ids: dict[str, int]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """The app on a fresh copy of the review world, served by uvicorn on loopback."""
    db_url = f"sqlite:///{tmp_path / 'review.db'}"
    engine = make_engine(db_url)
    upgrade(engine)
    ids = reviewworld.build(engine)
    with session_scope(engine) as session:
        for name, role in (("rev", "reviewer"), ("view", "viewer")):
            store.add_user(
                session,
                name=name,
                role=store.UserRole(role),
                password_hash=hash_password(PASSWORD),
                actor="test",
                now=reviewworld.NOW,
            )
    config_path = tmp_path / "sources.yaml"
    config_path.write_text(reviewworld.CONFIG_YAML, encoding="utf-8")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(engine, reviewworld.CONFIG),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield Site(f"http://127.0.0.1:{port}", engine, db_url, config_path, ids)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


@pytest.fixture
def browser() -> Iterator[object]:
    """Headless Debian chromium, with an empty profile and no background networking."""
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def open_page(browser: object, site: Site) -> object:
    """A new page that fails the test on any script dialog or page error."""
    page = browser.new_page(locale="ja-JP")  # type: ignore[attr-defined]
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: events.append(f"page error: {error}"))
    page.events = events
    return page


def sign_in(page: object, site: Site, name: str) -> None:
    page.goto(f"{site.base}/login")  # type: ignore[attr-defined]
    page.fill("input[name=name]", name)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("form.login button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{site.base}/queue")  # type: ignore[attr-defined]


def statuses(site: Site) -> dict[int, tuple[str, str | None]]:
    with session_scope(site.engine) as session:
        return {m.id: (m.status, m.reject_reason) for m in session.scalars(select(Mention))}


def row_index(page: object, mention_id: int) -> int:
    ids = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#queue > li.row", "rows => rows.map(r => Number(r.dataset.id))"
    )
    return list(ids).index(mention_id)


def move_to(page: object, mention_id: int) -> None:
    """Press j/k until the row of ``mention_id`` is the current one."""
    target = row_index(page, mention_id)
    page.keyboard.press("k")  # type: ignore[attr-defined]
    for _ in range(10):
        page.keyboard.press("k")  # type: ignore[attr-defined]
    for _ in range(target):
        page.keyboard.press("j")  # type: ignore[attr-defined]
    current = page.get_attribute("#queue > li.row.current", "data-id")  # type: ignore[attr-defined]
    assert current == str(mention_id)


def test_review_by_keyboard_reject_a_namesake_add_by_hand_and_count(
    browser: object, site: Site
) -> None:
    page = open_page(browser, site)
    sign_in(page, site, "rev")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "queue.png"), full_page=True)  # type: ignore[attr-defined]

    # Confirm the wire story with the keyboard: one key decides its three placements.
    move_to(page, site.ids["wire"])
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.keyboard.press("c")  # type: ignore[attr-defined]
    after = statuses(site)
    assert sum(1 for status, _ in after.values() if status == "confirmed") == 3

    # Reject the namesake with the keyboard: r rejects with the chosen reason (namesake first).
    move_to(page, site.ids["namesake"])
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.keyboard.press("r")  # type: ignore[attr-defined]
    assert statuses(site)[site.ids["namesake"]] == ("rejected", "namesake")

    # Add a TV appearance no crawler sees.
    page.goto(f"{site.base}/manual")  # type: ignore[attr-defined]
    page.check("input[name=experts][value=suzuki]")  # type: ignore[attr-defined]
    page.select_option("select[name=role]", "appearance")  # type: ignore[attr-defined]
    page.fill("input[name=outlet]", "NHK")  # type: ignore[attr-defined]
    page.select_option("select[name=media_type]", "tv")  # type: ignore[attr-defined]
    page.fill("input[name=title]", "日曜討論")  # type: ignore[attr-defined]
    page.fill("input[name=date]", "2024-11-03")  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.click("#manual button[type=submit]")  # type: ignore[attr-defined]
    assert "/manual?saved=" in page.url  # type: ignore[attr-defined]

    # Both show in the dashboard's confirmed counts ...
    page.goto(f"{site.base}/dashboard?fy=2024")  # type: ignore[attr-defined]
    assert page.inner_text("a[data-count=appearances]") == "2"  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("a[data-count=appearances]")  # type: ignore[attr-defined]
    assert "日曜討論" in page.inner_text("table.items")  # type: ignore[attr-defined]

    # ... and in `mediawatch report`, without --include-pending.
    code, out = run_cli(
        "report",
        "--config",
        str(site.config_path),
        "--database-url",
        site.db_url,
        "--fiscal-year",
        "2024",
        "--format",
        "json",
    )
    assert code == 0
    totals = json.loads(out)["totals"]
    assert (totals["appearances"], totals["placements"]) == (2, 4)
    assert page.events == []  # type: ignore[attr-defined]


def test_a_viewer_can_change_nothing(browser: object, site: Site) -> None:
    before = statuses(site)
    page = open_page(browser, site)
    sign_in(page, site, "view")
    assert page.locator("form.confirm").count() == 0  # type: ignore[attr-defined]
    assert page.locator("a[href='/manual']").count() == 0  # type: ignore[attr-defined]
    page.keyboard.press("c")  # type: ignore[attr-defined]
    page.keyboard.press("r")  # type: ignore[attr-defined]
    page.goto(f"{site.base}/manual")  # type: ignore[attr-defined]
    assert "権限" in page.inner_text("main")  # type: ignore[attr-defined]
    assert statuses(site) == before


def test_hostile_feed_text_shows_as_text_and_runs_nothing(browser: object, site: Site) -> None:
    page = open_page(browser, site)
    sign_in(page, site, "rev")
    row = page.locator(f"#row-{site.ids['hostile']}")  # type: ignore[attr-defined]
    assert row.locator(".title").inner_text() == reviewworld.HOSTILE_TITLE
    assert 'onerror="alert(2)"' in row.locator(".snippet").inner_text()
    assert row.locator(".title a").count() == 0  # a javascript: URL never becomes a link
    assert row.locator("img").count() == 0
    hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    page.goto(f"{site.base}/mentions/{site.ids['hostile']}")  # type: ignore[attr-defined]
    assert reviewworld.HOSTILE_TITLE in page.inner_text("main")  # type: ignore[attr-defined]
    assert page.events == []  # type: ignore[attr-defined]
