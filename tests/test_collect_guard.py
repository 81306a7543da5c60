"""The collector's Fetcher trusts exactly the configured sources' hosts (end to end).

A feed served from 127.0.0.1 is trusted configuration; its entries are not:
an entry linking to another loopback name is refused before any request,
unless MEDIAWATCH_ALLOW_PRIVATE_ADDRESSES turns the guard off.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from demo.localserver import LocalServer, Route
from pipeline.cli import main

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local</title><link>{base}/</link>
<item><title>Trusted host article</title><link>{base}/articles/1.html</link>
<guid>{base}/articles/1.html</guid><description>summary one</description>
<pubDate>Fri, 10 May 2024 09:00:00 +0900</pubDate></item>
<item><title>Entry pointing at an internal address</title><link>{other}/secret.html</link>
<guid>{other}/secret.html</guid><description>summary two</description>
<pubDate>Fri, 10 May 2024 10:00:00 +0900</pubDate></item>
</channel></rss>
"""

CONFIG = """
institute: {{name: 日本国際問題研究所}}
sources:
  - {{name: local feed, kind: feed, url: "{base}/feed.xml", full_text: true, every: 1h}}
"""

ARTICLE = b"<html><head><title>Article</title></head><body><p>Body text.</p></body></html>"

CASES = {"guarded": ("", 0, "article_hard_error=1"), "allowed_by_setting": ("1", 1, None)}


@pytest.mark.parametrize(("allow", "secret_hits", "drop"), CASES.values(), ids=CASES.keys())
def test_entry_link_to_untrusted_loopback_name_is_not_fetched(
    local_server: LocalServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    allow: str,
    secret_hits: int,
    drop: str | None,
) -> None:
    monkeypatch.setenv("MEDIAWATCH_PER_HOST_DELAY_SECONDS", "0")
    monkeypatch.setenv("MEDIAWATCH_RETRIES", "0")
    monkeypatch.setenv("MEDIAWATCH_ALLOW_PRIVATE_ADDRESSES", allow)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    base = local_server.base_url
    other = base.replace("127.0.0.1", "localhost")
    local_server.set_route(
        "/feed.xml", Route(FEED.format(base=base, other=other).encode(), "application/rss+xml")
    )
    local_server.set_route("/articles/1.html", Route(ARTICLE, "text/html; charset=utf-8"))
    local_server.set_route("/secret.html", Route(ARTICLE, "text/html; charset=utf-8"))
    config = tmp_path / "sources.yaml"
    config.write_text(CONFIG.format(base=base), encoding="utf-8")
    out = io.StringIO()
    code = main(
        [
            "collect",
            "--config",
            str(config),
            "--database-url",
            f"sqlite:///{tmp_path / 'mw.db'}",
        ],
        out=out,
    )
    assert code == 0, out.getvalue()
    assert local_server.hits("/feed.xml") == 1
    assert local_server.hits("/articles/1.html") == 1
    assert local_server.hits("/secret.html") == secret_hits
    if drop is not None:
        assert drop in out.getvalue(), out.getvalue()
