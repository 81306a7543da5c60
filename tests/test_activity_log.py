"""An activity-log entry as evidence: the outlet it names and the day it gives.

Unit cases for ``outlet_named_in`` (names, aliases, programmes, full-width
letters, the longest name at a place, unlisted outlets), and a log page served on
127.0.0.1 whose linkless entries are collected: each is filed under the outlet it
names with that outlet's media type and dated by its own text; an outlet
sources.yaml does not list is reported under its name, flagged, never "unknown".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from demo.localserver import LocalServer, Route
from pipeline.config import parse_config
from pipeline.dates import JST
from pipeline.outlets import outlet_named_in
from storage.db import make_engine, session_scope
from storage.models import Document
from tests.cli_helpers import run_cli

OUTLETS = """
institute:
  name: 日本国際問題研究所
experts:
  - {id: kotani-tetsuo, name: 小谷哲男, titles: [主任研究員]}
outlets:
  - {name: TBS, media_type: tv, aliases: [TBSテレビ], programmes: [ひるおび, Nスタ]}
  - {name: NHK, media_type: tv, programmes: [ニュース7]}
  - {name: NHKラジオ, media_type: radio}
  - {name: 日本経済新聞, media_type: newspaper, aliases: [日経]}
sources: []
"""
CONFIG = parse_config(OUTLETS, "outlets")


@pytest.mark.parametrize(
    ("text", "outlet", "media", "configured"),
    [
        ("5月22日、TBSの「ひるおび」に出演", "TBS", "tv", True),
        ("5月22日、「ひるおび」（ＴＢＳテレビ）に出演", "TBS", "tv", True),
        ("ニュース7で解説", "NHK", "tv", True),
        ("NHKラジオ「マイあさ!」に出演", "NHKラジオ", "radio", True),
        ("日経に寄稿", "日本経済新聞", "newspaper", True),
        ("6月3日付の北海道新聞にコメントが掲載", "北海道新聞", "newspaper", False),
        ("琉球放送の番組に出演", "琉球放送", "tv", False),
    ],
    ids=[
        "name-then-programme",
        "programme-and-full-width-alias",
        "programme-alone",
        "longest-name-at-a-place",
        "alias",
        "unlisted-newspaper",
        "unlisted-broadcaster",
    ],
)
def test_the_outlet_an_entry_names(text: str, outlet: str, media: str, configured: bool) -> None:
    found = outlet_named_in(text, CONFIG)
    assert found is not None
    assert (found.name, str(found.media_type), found.configured) == (outlet, media, configured)


@pytest.mark.parametrize(
    "text", ["研究会で報告した", "Nスタッフが集まった"], ids=["no-outlet", "latin-name-glued"]
)
def test_no_outlet_named(text: str) -> None:
    found = outlet_named_in(text, CONFIG)
    assert found is None or found.name != "TBS"


LOG_PAGE = """<html><head><meta charset="utf-8"></head><body><h1>メディア出演</h1>
<ul class="log">
<li>2024年5月22日、TBSの「ひるおび」に小谷哲男主任研究員が出演し、日米関係について解説しました。</li>
<li>2024年6月3日付の北海道新聞に小谷哲男主任研究員のコメントが掲載されました。</li>
</ul></body></html>"""


def test_log_entries_are_filed_under_the_outlet_and_day_they_name(
    local_server: LocalServer, tmp_path: Path
) -> None:
    base = local_server.base_url.rstrip("/")
    local_server.set_route(
        "/log/", Route(body=LOG_PAGE.encode(), content_type="text/html; charset=utf-8")
    )
    config = tmp_path / "sources.yaml"
    config.write_text(
        OUTLETS.replace(
            "sources: []",
            "sources:\n"
            f'  - {{name: 活動記録, kind: page, url: "{base}/log/", every: 1d, '
            "selectors: {item: ul.log li}}",
        ),
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    code, out = run_cli("collect", "--config", str(config), "--database-url", db_url)
    assert code == 0, out
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        documents = {
            d.outlet: (d.media_type, d.published_at) for d in session.query(Document).all()
        }
    engine.dispose()
    assert set(documents) == {"TBS", "北海道新聞"}
    assert documents["TBS"][0] == "tv"
    assert documents["TBS"][1] is not None
    assert documents["TBS"][1].astimezone(JST).date().isoformat() == "2024-05-22"
    assert documents["北海道新聞"][0] == "newspaper"
    code, out = run_cli(
        "report",
        "--config",
        str(config),
        "--database-url",
        db_url,
        "--fiscal-year",
        "2024",
        "--format",
        "json",
        "--include-pending",
    )
    assert code == 0, out
    report = json.loads(out)
    assert "unknown" not in report["by_outlet"]
    assert report["by_outlet"]["TBS"]["appearances"] == 1
    assert report["unlisted_outlets"] == ["北海道新聞"]


def test_an_item_of_the_institutes_own_media_log_feed_names_outlet_and_day(
    local_server: LocalServer, tmp_path: Path
) -> None:
    base = local_server.base_url.rstrip("/")
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>log</title>'
        f"<link>{base}/inst/</link><item><title>小谷哲男主任研究員がTBS「Nスタ」に出演しました（6月3日）</title>"
        f"<link>{base}/inst/media/1</link><pubDate>Mon, 10 Jun 2024 09:00:00 +0900</pubDate>"
        "<description>日米関係について解説しました。</description></item></channel></rss>"
    )
    local_server.set_route(
        "/inst/feed.xml", Route(body=feed.encode(), content_type="application/rss+xml")
    )
    config = tmp_path / "sources.yaml"
    config.write_text(
        OUTLETS.replace(
            "  name: 日本国際問題研究所", "  name: 日本国際問題研究所\n  domains: [127.0.0.1]"
        ).replace(
            "sources: []",
            f'sources:\n  - {{name: 研究所メディア, kind: feed, url: "{base}/inst/feed.xml", every: 1d}}',
        ),
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'mw.db'}"
    code, out = run_cli("collect", "--config", str(config), "--database-url", db_url)
    assert code == 0, out
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        (document,) = session.query(Document).all()
        outlet, media, published = document.outlet, document.media_type, document.published_at
    engine.dispose()
    assert (outlet, media) == ("TBS", "tv")
    assert published is not None and published.astimezone(JST).date().isoformat() == "2024-06-03"
