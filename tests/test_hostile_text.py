"""Text from feeds is stored as plain text: entities decoded, markup stripped, scripts gone.

The review app escapes everything it shows; this holds the other half: no title
or summary that reaches the database carries tags (a CDATA title with
``<script>`` or an ``onerror`` image, a title escaped twice).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.parse import parse_feed
from pipeline.types import FetchOutcome, FetchResult


def _feed(title: str, description: str = "本文") -> FetchResult:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        "<link>http://news.example/</link><item>"
        f"<title>{title}</title><link>http://news.example/1</link>"
        f"<description>{description}</description></item></channel></rss>"
    )
    return FetchResult(
        url="http://news.example/feed",
        outcome=FetchOutcome.OK,
        content=body.encode(),
        text=body,
        fetched_at=datetime(2024, 6, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("<![CDATA[<script>alert('t1')</script>速報 <img src=x onerror=alert(1)>]]>", "速報"),
        ("&amp;lt;b&amp;gt;太字&amp;lt;/b&amp;gt;", "太字"),
        ("&lt;i&gt;斜体&lt;/i&gt;の見出し", "斜体の見出し"),
        ("A &amp; B", "A & B"),
        ("1 &lt; 2", "1 < 2"),
    ],
    ids=["cdata-script-and-onerror", "escaped-twice", "escaped-once", "ampersand", "less-than"],
)
def test_titles_are_plain_text(title: str, expected: str) -> None:
    (entry,) = parse_feed(_feed(title))
    assert entry.title == expected
    assert "<script" not in entry.title and "onerror" not in entry.title


def test_summaries_are_plain_text() -> None:
    (entry,) = parse_feed(
        _feed("見出し", "<![CDATA[<p>本文<script>alert(2)</script><img src=x onerror=alert(3)></p>]]>")
    )
    assert entry.summary == "本文"
