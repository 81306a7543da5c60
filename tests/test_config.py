"""sources.yaml validation: the shipped file passes; bad files name file, entry and field."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from pipeline.config import (
    ConfigError,
    expand_sources,
    load_config,
    parse_config,
    parse_duration,
    source_hosts,
)
from pipeline.types import SourceKind

PROJECT_ROOT = Path(__file__).resolve().parents[1]

GOOD = """
institute: {name: 日本国際問題研究所, aliases: [JIIA]}
experts:
  - {id: kotani-tetsuo, name: 小谷哲男, aliases: [Tetsuo Kotani]}
  - {id: kuwahara-kyoko, name: 桒原響子}
outlets:
  - {name: NHK, media_type: tv, domains: [nhk.or.jp]}
sources:
  - {name: nhk, kind: feed, url: "https://www3.nhk.or.jp/rss/news/cat6.xml", outlet: NHK, every: 30m}
  - {name: news search, kind: search, url: "https://news.example.org/rss?q={query}", every: 6h}
"""


def test_shipped_config_is_valid() -> None:
    config = load_config(PROJECT_ROOT / "sources.yaml")
    assert config.institute.name == "日本国際問題研究所"
    assert config.institute.fiscal_year_start == 4
    assert len(config.experts) >= 5
    assert {outlet.media_type.value for outlet in config.outlets} >= {"newspaper", "tv", "wire"}
    kinds = {source.kind for source in config.sources}
    assert {SourceKind.FEED, SourceKind.SEARCH, SourceKind.PUBLICATIONS} <= kinds


def test_good_config_types_and_search_expansion() -> None:
    config = parse_config(GOOD)
    assert config.sources[0].every == timedelta(minutes=30)
    assert config.outlet("NHK") is not None
    targets = expand_sources(config)
    search = [target for target in targets if target.kind is SourceKind.SEARCH]
    # one target per distinct alias: 小谷哲男, Tetsuo Kotani, 桒原響子
    assert len(search) == 3
    assert search[0].name == "news search [小谷哲男]"
    assert search[0].url == "https://news.example.org/rss?q=%E5%B0%8F%E8%B0%B7%E5%93%B2%E7%94%B7"
    assert len({target.name for target in targets}) == len(targets)


def test_source_hosts_are_the_sources_host_names() -> None:
    config = parse_config(
        GOOD.replace("https://www3.nhk.or.jp/", "https://WWW3.NHK.or.jp./")
        + '  - {name: local, kind: feed, url: "http://127.0.0.1:8765/feed.xml"}\n'
        + '  - {name: v6, kind: feed, url: "http://[::1]:8080/feed.xml", enabled: false}\n'
    )
    assert source_hosts(config) == {"www3.nhk.or.jp", "news.example.org", "127.0.0.1", "::1"}


BAD_CASES = [
    ("bad-duration", GOOD.replace("every: 30m", "every: 30x"), "sources[0] (nhk): every"),
    ("too-frequent", GOOD.replace("every: 30m", "every: 10s"), "sources[0] (nhk): every"),
    ("unknown-kind", GOOD.replace("kind: feed", "kind: rss"), "sources[0] (nhk): kind"),
    (
        "bad-url",
        GOOD.replace("https://www3.nhk.or.jp/rss/news/cat6.xml", "ftp://x/y"),
        "sources[0] (nhk)",
    ),
    ("search-without-placeholder", GOOD.replace("q={query}", "q=x"), "sources[1] (news search)"),
    ("unknown-outlet", GOOD.replace("outlet: NHK", "outlet: BBC"), "sources[0] (nhk): outlet"),
    ("misspelt-field", GOOD.replace("every: 6h", "evry: 6h"), "sources[1] (news search): evry"),
    (
        "bad-media-type",
        GOOD.replace("media_type: tv", "media_type: telly"),
        "outlets[0] (NHK): media_type",
    ),
    ("duplicate-expert", GOOD.replace("kuwahara-kyoko", "kotani-tetsuo"), "experts[1]: id"),
    ("bad-expert-id", GOOD.replace("id: kotani-tetsuo", "id: Kotani Tetsuo"), "experts[0]"),
    ("missing-institute", "experts: []\n", "institute: is required"),
    (
        "fiscal-month",
        GOOD.replace("aliases: [JIIA]}", "aliases: [JIIA], fiscal_year_start: 13}"),
        "institute: fiscal_year_start",
    ),
    ("not-yaml", "institute: [unclosed\n", "not valid YAML"),
    ("not-a-mapping", "- just a list\n", "expected a mapping"),
    ("page-without-selectors", GOOD.replace("kind: feed", "kind: page"), "needs selectors"),
    (
        "bad-encoding",
        GOOD.replace("every: 30m", "every: 30m, encoding: klingon"),
        "unknown encoding",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in BAD_CASES], ids=[case[0] for case in BAD_CASES]
)
def test_bad_config_names_file_entry_and_field(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "my/sources.yaml")
    message = str(raised.value)
    assert message.startswith("my/sources.yaml: ")
    assert expected in message


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30m", 1800), ("6h", 21600), ("1d", 86400), ("1h30m", 5400), ("90s", 90), ("2w", 1209600)],
    ids=["minutes", "hours", "day", "compound", "seconds", "weeks"],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    "text", ["", "soon", "30", "m30", "3 0m"], ids=["empty", "word", "bare", "reversed", "split"]
)
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("placeholder", ["{query}", "{alias}", "{name}"], ids=["query", "alias", "name"])
def test_search_placeholder_spellings_expand_alike(placeholder: str) -> None:
    config = parse_config(GOOD.replace("q={query}", f"q={placeholder}"))
    urls = [t.url for t in expand_sources(config) if t.kind is SourceKind.SEARCH]
    assert urls[0] == "https://news.example.org/rss?q=%E5%B0%8F%E8%B0%B7%E5%93%B2%E7%94%B7"
