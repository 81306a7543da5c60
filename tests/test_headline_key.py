"""Same-headline look-ups through the stored headline key (migration 0008).

One article reached through two routes with different texts (an outlet's feed and
a news search's snippet) is one document when the outlet and the headline agree
within 36 hours. The look-up probes ``documents.headline_key`` through the
``(outlet, headline_key)`` index instead of reading the outlet's recent documents;
it used to read at most the oldest 500 of them, so a copy of a newer article was
never found on a busy outlet. Covered here: the key and the migration's frozen
copy of it agree; the migration fills the keys of stored crawled documents in
batches and leaves staff entries NULL; the query's window, outlet and order; and a
collect that finds a copy of the newest of 600 stored articles of one outlet.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import Engine, text

from demo.localserver import LocalServer, Route
from pipeline import dedup
from storage import queries, writes
from storage.db import make_engine, session_scope, upgrade
from tests.cli_helpers import run_cli, table_counts

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MIGRATION = PROJECT_ROOT / "storage" / "migrations" / "versions" / "2026_12_07_0008_headline_key.py"
NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0008", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "title",
    [
        "日米2プラス2、来月開催へ調整",
        "日米２プラス２ 来月開催へ 調整",
        "ＡＢＣ放送、新番組を発表！",
        "Japan and US to hold 2+2 talks next month",
        "  JAPAN AND US TO HOLD 2+2 TALKS — NEXT MONTH ",
        "",
        "﨑と崎",
    ],
    ids=[
        "ja",
        "ja-width-spacing",
        "fullwidth-latin",
        "en",
        "en-case-punctuation",
        "empty",
        "variant",
    ],
)
def test_the_migrations_key_is_dedups_key(title: str) -> None:
    assert _migration().headline_key(title) == dedup.headline_key(title)
    assert dedup.headline_key(title) == dedup.content_fingerprint(title, "")


def test_migration_fills_the_keys_of_stored_crawled_documents(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0007")
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO stories (id, created_at) VALUES (1, :now)"), {"now": NOW}
            )
            connection.execute(
                text(
                    "INSERT INTO documents (id, story_id, source_name, url, canonical_url, title, "
                    "text, summary, first_seen_at, updated_at, outlet, fingerprint, manual, links) "
                    "VALUES (:id, 1, 'feed', :url, :url, :title, '', '', :now, :now, 'NHK', "
                    ":fp, :manual, '')"
                ),
                [
                    {
                        "id": index,
                        "url": f"https://example.jp/{index}",
                        "title": f"見出し　その{index}" if index != 1003 else "手動で登録した出演",
                        "now": NOW,
                        "fp": f"fp-{index}",
                        "manual": index == 1003,
                    }
                    for index in range(1, 1206)  # more than one batch of 1,000
                ],
            )
        upgrade(engine)
        with engine.connect() as connection:
            keys = dict(connection.execute(text("SELECT id, headline_key FROM documents")).all())
    finally:
        engine.dispose()
    assert len(keys) == 1205
    assert keys[1003] is None  # a staff entry's title is not a headline
    assert keys[1] == dedup.headline_key("見出し その1")
    assert keys[1205] == dedup.headline_key("見出し　その1205")
    assert all(key is not None for doc_id, key in keys.items() if doc_id != 1003)


def _document(
    index: int, title: str, published: datetime, *, outlet: str = "NHK", key: bool = True
) -> writes.NewDocument:
    return writes.NewDocument(
        story_id=None,
        source_name="feed",
        url=f"https://example.jp/{outlet}/{index}",
        canonical_url=f"https://example.jp/{outlet}/{index}",
        guid=None,
        title=title,
        text="本文",
        summary="",
        byline=None,
        published_at=published,
        language="ja",
        outlet=outlet,
        media_type="tv",
        fingerprint=f"fp-{outlet}-{index}",
        signature=None,
        band_keys=(),
        url_keys=(f"u:{outlet}/{index}",),
        credit=None,
        now=NOW,
        headline_key=dedup.headline_key(title) if key else None,
    )


def test_same_headline_document_finds_the_newest_in_the_window_of_one_outlet(
    engine: Engine,
) -> None:
    wanted = "首相、来月の訪米を正式に発表"
    key = dedup.headline_key(wanted)
    window = (NOW - timedelta(hours=36), NOW + timedelta(hours=36))
    with session_scope(engine) as session:
        # 600 other articles of the outlet in the window: none hides a newer copy.
        for index in range(600):
            writes.add_document(
                session,
                _document(index, f"別の記事その{index}です", NOW - timedelta(minutes=index)),
            )
        too_old = writes.add_document(session, _document(1000, wanted, NOW - timedelta(days=3)))
        older = writes.add_document(session, _document(1001, wanted, NOW - timedelta(hours=5)))
        newer = writes.add_document(session, _document(1002, wanted, NOW - timedelta(hours=1)))
        elsewhere = writes.add_document(session, _document(1003, wanted, NOW, outlet="TBS"))
        unkeyed = writes.add_document(session, _document(1004, wanted, NOW, outlet="BS", key=False))
    assert None not in (too_old, older, newer, elsewhere, unkeyed)
    with session_scope(engine) as session:
        found = queries.same_headline_document(session, "NHK", key, *window)
        assert found is not None and found.id == newer
        assert found.title == wanted and found.text_length == len("本文")
        tbs = queries.same_headline_document(session, "TBS", key, *window)
        assert tbs is not None and tbs.id == elsewhere
        assert queries.same_headline_document(session, "BS", key, *window) is None
        assert (
            queries.same_headline_document(
                session, "NHK", key, NOW - timedelta(days=4), NOW - timedelta(days=2)
            )
            is not None
        )
        assert (
            queries.same_headline_document(session, "NHK", dedup.headline_key("無関係"), *window)
            is None
        )


def test_update_document_keeps_the_key_of_its_title(engine: Engine) -> None:
    with session_scope(engine) as session:
        doc = writes.add_document(session, _document(1, "旧い見出しの記事です", NOW))
        assert doc is not None
        writes.update_document(
            session,
            doc,
            title="新しい見出しの記事です",
            text="本文の全文",
            summary="",
            fingerprint="fp-new",
            signature=None,
            band_keys=(),
            now=NOW,
            headline_key=dedup.headline_key("新しい見出しの記事です"),
        )
    window = (NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    with session_scope(engine) as session:
        old_key = dedup.headline_key("旧い見出しの記事です")
        new_key = dedup.headline_key("新しい見出しの記事です")
        assert queries.same_headline_document(session, "NHK", old_key, *window) is None
        found = queries.same_headline_document(session, "NHK", new_key, *window)
        assert found is not None and found.id == doc


def test_collect_finds_a_copy_of_the_newest_of_600_articles_of_an_outlet(
    local_server: LocalServer, tmp_path: Path
) -> None:
    """The copy names the outlet's newest article: the old look-up read only the oldest 500."""
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    engine = make_engine(db_url)
    upgrade(engine)
    newest = "防衛費増額の財源、与党内で議論本格化"
    with session_scope(engine) as session:
        for index in range(600):
            title = newest if index == 599 else f"北部新報の記事その{index}について"
            writes.add_document(
                session,
                _document(
                    index,
                    title,
                    NOW - timedelta(hours=2) + timedelta(seconds=index),
                    outlet="北部新報",
                ),
            )
    engine.dispose()
    before = table_counts(db_url)
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>search</title>'
        f"<item><title>{newest}</title><link>https://hokubu.example/news/copy-599</link>"
        "<guid>https://hokubu.example/news/copy-599</guid>"
        "<pubDate>Mon, 03 Jun 2024 08:30:00 +0000</pubDate>"
        "<description>防衛費増額の財源を巡る与党内の議論。</description></item>"
        "</channel></rss>"
    ).encode()
    local_server.set_route("/hokubu/rss", Route(body=feed, content_type="application/rss+xml"))
    config = tmp_path / "sources.yaml"
    config.write_text(
        "institute:\n  name: 日本国際問題研究所\n"
        "experts:\n  - {id: kotani-tetsuo, name: 小谷哲男}\n"
        "outlets:\n  - {name: 北部新報, media_type: newspaper, domains: [hokubu.example]}\n"
        "sources:\n"
        f"  - {{name: 北部新報, kind: feed, url: '{local_server.url('/hokubu/rss')}', "
        "outlet: 北部新報, every: 1h}\n",
        encoding="utf-8",
    )
    code, out = run_cli("collect", "--config", str(config), "--database-url", db_url)
    assert code == 0, out
    assert "same_article=1" in out
    assert table_counts(db_url) == before  # no new document, story or mention
