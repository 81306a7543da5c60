"""The service's log lines: JSON with the source and URL lifted out, times with their zone."""

from __future__ import annotations

import json
import logging

from pipeline.logs import JsonFormatter


def test_a_json_line_names_source_and_url_and_its_time_has_an_offset() -> None:
    record = logging.LogRecord(
        "pipeline.collect",
        logging.INFO,
        __file__,
        1,
        "source=%s url=%s outcome=ok",
        ("NHK 国際", "https://example.jp/feed.xml"),
        None,
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "info" and line["logger"] == "pipeline.collect"
    assert line["url"] == "https://example.jp/feed.xml"
    assert line["source"] == "NHK 国際"
    assert line["time"].endswith("+09:00")


def test_the_cli_takes_log_format() -> None:
    from tests.cli_helpers import run_cli

    code, out = run_cli("check", "--config", "sources.yaml", "--log-format", "json")
    assert code == 0 and "sources" in out


def test_extraction_libraries_are_quiet_unless_verbose() -> None:
    from pipeline.logs import configure

    try:
        configure(verbose=False, json_lines=False)
        assert not logging.getLogger("trafilatura.core").isEnabledFor(logging.ERROR)
        assert logging.getLogger("pipeline.collect").isEnabledFor(logging.INFO)
    finally:
        logging.getLogger("trafilatura").setLevel(logging.NOTSET)
