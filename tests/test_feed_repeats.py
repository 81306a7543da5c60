"""A feed that carries one article twice keeps its document's text steady.

Two sections of one outlet's feed list the same article under two URLs (the same
headline, the second with a shorter summary). The first parse stores one document
and takes the second entry as the same article (its URL now leads to that
document). Every later parse sees both entries lead to one document; only the
entry at the document's own URL may be compared with it. Before, the second entry
was taken for an edit on every parse that was not skipped as unchanged, so the
text flipped between the two summaries from one cycle to the next.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from demo.localserver import LocalServer, Route
from storage import models
from storage.db import make_engine, session_scope
from tests.cli_helpers import run_cli

TITLE = "防衛費増額の財源、与党内で議論本格化へ"
FULL = "防衛費の増額に伴う財源の確保を巡り、与党内の議論が本格化する見通しとなった。" * 3
SHORT = "防衛費の増額に伴う財源の確保を巡り、与党内の議論が本格化する。"


def _item(slug: str, title: str, summary: str, hour: int) -> str:
    return (
        f"<item><title>{title}</title><link>https://hokubu.example/{slug}</link>"
        f"<guid>https://hokubu.example/{slug}</guid>"
        f"<pubDate>Mon, 03 Jun 2024 0{hour}:00:00 +0000</pubDate>"
        f"<description>{summary}</description></item>"
    )


def _feed(extra: int) -> bytes:
    items = [
        _item("politics/1", TITLE, FULL, 1),
        _item("economy/1", TITLE, SHORT, 2),
        *(
            _item(f"other/{n}", f"北部新報の別の記事その{n}について", f"別の話題{n}。" * 8, 3)
            for n in range(extra)
        ),
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>hokubu</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def test_a_repeated_entry_is_not_taken_for_an_edit(
    local_server: LocalServer, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIAWATCH_PER_HOST_DELAY_SECONDS", "0")
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
    texts = []
    outputs = []
    # Each cycle's feed gains an item, so no parse is skipped as an unchanged body.
    for cycle in range(3):
        local_server.set_route(
            "/hokubu/rss", Route(body=_feed(cycle), content_type="application/rss+xml")
        )
        code, out = run_cli("collect", "--config", str(config), "--database-url", db_url)
        assert code == 0, out
        outputs.append(out)
        engine = make_engine(db_url)
        try:
            with session_scope(engine) as session:
                texts.append(
                    session.execute(
                        select(models.Document.text).where(models.Document.title == TITLE)
                    )
                    .scalars()
                    .all()
                )
        finally:
            engine.dispose()
    assert "same_article=1" in outputs[0], outputs[0]
    assert texts == [[FULL], [FULL], [FULL]]
    # both entries of the article, and the items of the cycles before, are known
    for cycle, out in enumerate(outputs[1:], start=1):
        assert f"known_url={cycle + 1}" in out, out
