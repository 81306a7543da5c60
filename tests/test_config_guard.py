"""sources.yaml values that would hurt a service left alone for years are refused.

Intervals outside 1 minute..366 days (``.inf`` and ``100000000d`` included),
source URLs that are not http(s) with a valid host and port, CSS selectors
soupsieve cannot compile, aliases too short to be a name (unless listed under
``short_aliases``), and YAML syntax errors that do not name the file. Each
refusal names the file, the entry and the field; ``mediawatch check`` exits 2.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from pipeline.config import ConfigError, expand_sources, load_config, parse_config
from tests.cli_helpers import run_cli
from tests.test_config import GOOD

PROJECT_ROOT = Path(__file__).resolve().parents[1]

NHK_URL = "https://www3.nhk.or.jp/rss/news/cat6.xml"
PAGE = "kind: page, selectors: {item: 'li.news', link: a}"

# (id, config text, what the message must contain)
REFUSED = [
    ("every-inf", GOOD.replace("every: 30m", "every: .inf"), "sources[0] (nhk): every"),
    ("every-minus-inf", GOOD.replace("every: 30m", "every: -.inf"), "sources[0] (nhk): every"),
    ("every-nan", GOOD.replace("every: 30m", "every: .nan"), "sources[0] (nhk): every"),
    (
        "every-100000000d",
        GOOD.replace("every: 30m", "every: 100000000d"),
        "sources[0] (nhk): every: must be at most 366d",
    ),
    (
        "every-beyond-timedelta",
        GOOD.replace("every: 30m", "every: 99999999999999999999d"),
        "sources[0] (nhk): every",
    ),
    (
        "every-huge-seconds",
        GOOD.replace("every: 30m", "every: 1.0e+300"),
        "sources[0] (nhk): every: must be at most 366d",
    ),
    ("every-367d", GOOD.replace("every: 30m", "every: 367d"), "must be at most 366d"),
    (
        "every-0s",
        GOOD.replace("every: 30m", "every: 0s"),
        "sources[0] (nhk): every: must be at least 1m",
    ),
    ("every-59-seconds", GOOD.replace("every: 30m", "every: 59"), "must be at least 1m"),
    ("every-negative", GOOD.replace("every: 30m", "every: -3600"), "must be at least 1m"),
    ("every-boolean", GOOD.replace("every: 30m", "every: true"), "sources[0] (nhk): every"),
    (
        "port-99999",
        GOOD.replace("www3.nhk.or.jp", "www3.nhk.or.jp:99999"),
        "sources[0] (nhk): url:",
    ),
    ("port-0", GOOD.replace("www3.nhk.or.jp", "www3.nhk.or.jp:0"), "1..65535"),
    ("port-not-a-number", GOOD.replace("www3.nhk.or.jp", "www3.nhk.or.jp:http"), "1..65535"),
    (
        "search-port-99999",
        GOOD.replace("news.example.org", "news.example.org:99999"),
        "sources[1] (news search): url:",
    ),
    (
        "space-in-host",
        GOOD.replace(NHK_URL, "http://exa mple.com/"),
        "sources[0] (nhk): url: 'http://exa mple.com/': host 'exa mple.com' is not a valid host",
    ),
    (
        "empty-label",
        GOOD.replace(NHK_URL, "http://example..com/"),
        "sources[0] (nhk): url:",
    ),
    ("broken-ipv4", GOOD.replace(NHK_URL, "http://300.1.1.1/"), "not a valid host"),
    ("unclosed-ipv6", GOOD.replace(NHK_URL, "http://[::1/feed"), "sources[0] (nhk): url:"),
    ("bad-ipv6", GOOD.replace(NHK_URL, "http://[::zz]/feed"), "sources[0] (nhk): url:"),
    (
        "ftp-url",
        GOOD.replace(NHK_URL, "ftp://ftp.example.org/feed.xml"),
        "sources[0] (nhk): url: 'ftp://ftp.example.org/feed.xml' is not an http(s) URL",
    ),
    ("no-host", GOOD.replace(NHK_URL, "http:///feed.xml"), "is not an http(s) URL with a host"),
    ("file-url", GOOD.replace(NHK_URL, "file:///etc/passwd"), "sources[0] (nhk): url:"),
    (
        "item-selector-div[[[[",
        GOOD.replace("kind: feed", "kind: page, selectors: {item: 'div[[[['}"),
        "sources[0] (nhk): selectors.item: 'div[[[[' is not a valid CSS selector",
    ),
    (
        "link-selector-unclosed",
        GOOD.replace("kind: feed", "kind: page, selectors: {item: li, link: 'a:has('}"),
        "sources[0] (nhk): selectors.link",
    ),
    (
        "date-selector-empty",
        GOOD.replace("kind: feed", "kind: page, selectors: {item: li, date: ''}"),
        "sources[0] (nhk): selectors.date: empty CSS selector",
    ),
    (
        "alias-a",
        GOOD.replace("aliases: [Tetsuo Kotani]", "aliases: [Tetsuo Kotani, a]"),
        "experts[0] (小谷哲男): aliases[1]: 'a' is too short to be a name",
    ),
    (
        "alias-two-latin-letters",
        GOOD.replace("aliases: [Tetsuo Kotani]", "aliases: [Wu]"),
        "aliases[0]: 'Wu' is too short",
    ),
    (
        "alias-initials-with-dots",
        GOOD.replace("aliases: [Tetsuo Kotani]", "aliases: [T.K.]"),
        "aliases[0]: 'T.K.' is too short",
    ),
    (
        "alias-one-kanji",
        GOOD.replace("aliases: [Tetsuo Kotani]", "aliases: [小]"),
        "experts[0] (小谷哲男): aliases[0]: '小' is too short",
    ),
    (
        "alias-one-kana",
        GOOD.replace("aliases: [Tetsuo Kotani]", "aliases: [こ]"),
        "aliases[0]: 'こ' is too short",
    ),
    (
        "alias-empty",
        GOOD.replace("aliases: [Tetsuo Kotani]", "aliases: ['']"),
        "experts[0] (小谷哲男): aliases[0]",
    ),
    (
        "expert-name-one-kanji",
        GOOD.replace("name: 桒原響子", "name: 桒"),
        "experts[1] (桒): name: '桒' is too short",
    ),
    (
        "institute-alias-one-letter",
        GOOD.replace("aliases: [JIIA]", "aliases: [J]"),
        "institute: aliases[0]: 'J' is too short",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED]
)
def test_harmful_values_are_refused_naming_entry_and_field(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "my/sources.yaml")
    message = str(raised.value)
    assert message.startswith("my/sources.yaml: ")
    assert expected in message
    assert "\n" not in message  # one problem, one line


# (id, config text, check on the loaded config)
ACCEPTED = [
    ("every-1m", GOOD.replace("every: 30m", "every: 1m"), timedelta(minutes=1)),
    ("every-60-seconds", GOOD.replace("every: 30m", "every: 60"), timedelta(minutes=1)),
    ("every-366d", GOOD.replace("every: 30m", "every: 366d"), timedelta(days=366)),
    ("every-52w", GOOD.replace("every: 30m", "every: 52w"), timedelta(weeks=52)),
    ("port-65535", GOOD.replace("www3.nhk.or.jp", "www3.nhk.or.jp:65535"), None),
    ("ipv4-host", GOOD.replace(NHK_URL, "http://127.0.0.1:8765/feed.xml"), None),
    ("ipv6-host", GOOD.replace(NHK_URL, "http://[::1]:8080/feed.xml"), None),
    ("unicode-host", GOOD.replace(NHK_URL, "https://例え.テスト/feed.xml"), None),
    ("trailing-dot-host", GOOD.replace(NHK_URL, "https://www3.nhk.or.jp./feed.xml"), None),
    ("upper-case-scheme", GOOD.replace(NHK_URL, "HTTPS://www3.nhk.or.jp/feed.xml"), None),
    ("page-selectors", GOOD.replace("kind: feed", PAGE), None),
    ("two-kanji-alias", GOOD.replace("aliases: [Tetsuo Kotani]", "aliases: [小谷]"), None),
    ("three-letter-alias", GOOD.replace("aliases: [Tetsuo Kotani]", "aliases: [Kot]"), None),
]


@pytest.mark.parametrize(
    ("text", "every"), [case[1:] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED]
)
def test_sane_values_still_load(text: str, every: timedelta | None) -> None:
    config = parse_config(text, "my/sources.yaml")
    if every is not None:
        assert config.sources[0].every == every


def test_short_aliases_are_vouched_for_and_matched_like_aliases() -> None:
    text = GOOD.replace(
        "aliases: [Tetsuo Kotani]}", "aliases: [Tetsuo Kotani], short_aliases: [Wu, 小]}"
    ).replace("aliases: [JIIA]}", "aliases: [JIIA], short_aliases: [II]}")
    config = parse_config(text)
    assert config.experts[0].aliases == ("Tetsuo Kotani", "Wu", "小")
    assert config.institute.aliases == ("JIIA", "II")
    search = [t.name for t in expand_sources(config) if t.name.startswith("news search")]
    assert "news search [Wu]" in search


def test_short_aliases_must_not_be_empty() -> None:
    text = GOOD.replace(
        "aliases: [Tetsuo Kotani]}", "aliases: [Tetsuo Kotani], short_aliases: ['']}"
    )
    with pytest.raises(ConfigError, match=r"experts\[0\] \(小谷哲男\): short_aliases\[0\]"):
        parse_config(text, "my/sources.yaml")


@pytest.mark.parametrize(
    "text",
    ["institute: [unclosed\n", "institute:\n\tname: x\n", "institute: {name: x\n", "a: b: c\n"],
    ids=["unclosed-list", "tab", "unclosed-mapping", "nested-colon"],
)
def test_yaml_syntax_error_names_the_file_and_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "broken-sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: not valid YAML: line ")
    assert "<unicode string>" not in message
    assert "\n" not in message


def test_yaml_reader_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "control.yaml"
    path.write_text("institute: \x07\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert "<unicode string>" not in str(raised.value)
    assert str(path) in str(raised.value)


CLI_REFUSED = [
    ("every-inf", GOOD.replace("every: 30m", "every: .inf"), "sources[0] (nhk): every"),
    ("port-99999", GOOD.replace("www3.nhk.or.jp", "www3.nhk.or.jp:99999"), "url:"),
    ("selector", GOOD.replace("kind: feed", "kind: page, selectors: {item: 'div[[[['}"), "item"),
    ("alias-a", GOOD.replace("aliases: [Tetsuo Kotani]", "aliases: [a]"), "aliases[0]"),
    ("yaml", "institute: [unclosed\n", "not valid YAML"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in CLI_REFUSED],
    ids=[case[0] for case in CLI_REFUSED],
)
@pytest.mark.parametrize("command", [["check"], ["sources"], ["collect", "--once"]])
def test_every_command_refuses_a_harmful_config_with_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    text: str,
    expected: str,
) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text(text, encoding="utf-8")
    database = tmp_path / "mediawatch.db"
    code, out = run_cli(
        *command, "--config", str(config), "--database-url", f"sqlite:///{database}"
    )
    error = capsys.readouterr().err
    assert code == 2
    assert out == ""
    assert f"{config}: " in error
    assert expected in error
    assert "Traceback" not in error
    assert not database.exists()


@pytest.mark.parametrize(
    "path",
    [PROJECT_ROOT / "sources.yaml", PROJECT_ROOT / "tests" / "corpus" / "experts.yaml"],
    ids=["shipped-sources", "corpus-experts"],
)
def test_shipped_configs_still_load(path: Path) -> None:
    config = load_config(path)
    assert len(config.experts) >= 5


def test_shipped_config_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli("check", "--config", str(PROJECT_ROOT / "sources.yaml"))
    assert code == 0, capsys.readouterr().err
    assert "OK" in out
