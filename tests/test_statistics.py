"""PostgreSQL's planner statistics: with autovacuum off the collector runs ANALYZE.

A cycle against the local server on 127.0.0.1 stores a few documents with the
threshold lowered to one document. On PostgreSQL with autovacuum off (as on the
test server) the growing tables are analysed afterwards, which ``pg_class.reltuples``
shows (-1 until a table is first analysed or vacuumed); with autovacuum on the
collector leaves it to the server. SQLite needs no statistics and runs nothing.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from demo.localserver import LocalServer, Route
from pipeline import collect
from pipeline.collect import Collector
from pipeline.config import expand_sources, load_config, source_hosts
from pipeline.fetch import Fetcher
from pipeline.schedule import run_cycle
from pipeline.settings import load_settings
from storage import queries, writes
from storage.db import make_engine, session_scope, upgrade

ITEM = "<item><title>記事{n}の見出しです</title><link>{base}/a/{n}</link><description>{body}</description></item>"
BODY = "小谷哲男主任研究員は「抑止が鍵だ」と述べた。会談は三時間に及び、双方が合意文書に署名した。"


def test_growing_tables_are_analysed_when_autovacuum_is_off(
    local_server: LocalServer, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = local_server.base_url.rstrip("/")
    items = "".join(
        ITEM.format(n=n, base=base, body=f"{n}番目。{BODY}{'追加の文。' * n}") for n in range(5)
    )
    feed = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title><link>{base}/</link>{items}</channel></rss>'
    local_server.set_route(
        "/feed.xml", Route(body=feed.encode(), content_type="application/rss+xml")
    )
    config_path = tmp_path / "sources.yaml"
    config_path.write_text(
        f"""
institute: {{name: 日本国際問題研究所}}
experts:
  - {{id: kotani-tetsuo, name: 小谷哲男, titles: [主任研究員]}}
sources:
  - {{name: feed, kind: feed, url: "{base}/feed.xml", every: 30m}}
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(collect, "ANALYZE_AFTER_DOCUMENTS", 1)
    config = load_config(config_path)
    settings = replace(load_settings(), database_url=db_url, per_host_delay_seconds=0.0)
    engine = make_engine(db_url)
    upgrade(engine)

    def reltuples() -> float:
        with session_scope(engine) as session:
            return float(
                session.execute(
                    text("SELECT reltuples FROM pg_class WHERE oid = 'documents'::regclass")
                ).scalar_one()
            )

    async def once() -> int:
        async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
            collector = Collector(config, settings, engine, fetcher)
            reports = await run_cycle(collector, expand_sources(config), due_only=False)
        return sum(report.new_documents for report in reports)

    try:
        with session_scope(engine) as session:
            autovacuum = queries.autovacuum_on(session)
        postgres = engine.dialect.name == "postgresql"
        assert (autovacuum is None) is not postgres
        if postgres:
            assert reltuples() == -1  # never analysed
        assert asyncio.run(once()) == 5
        if not postgres:
            with session_scope(engine) as session:
                assert writes.analyze_growing_tables(session) is False
        elif autovacuum:
            assert reltuples() == -1  # left to the server
        else:
            assert reltuples() == 5
    finally:
        engine.dispose()
