"""Bounded work per document (pipeline.limits): texts are cut with a note at the
parse boundary, and matching keeps at most a fixed number of hits of one name.

The name-bomb (a 1.3 MB description repeating an expert's name 50,000 times)
and a 4 MB description on one line run through parse and matching here; what
they cost in time and memory is measured by ``bench/hostile.py``, not asserted.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline import limits
from pipeline.match import Matcher
from pipeline.parse import MARKUP_FACTOR, parse_feed
from pipeline.types import Article, Config, ExpertConfig, FetchOutcome, FetchResult, InstituteConfig

NAME = "小谷哲男"
CONFIG = Config(
    institute=InstituteConfig(name="日本国際問題研究所"),
    experts=(ExpertConfig(id="kotani", name=NAME, titles=("主任研究員",)),),
)


def _feed(description: str, title: str = "t") -> FetchResult:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>'
        f"<link>http://a.test/</link><item><title>{title}</title><link>http://a.test/1</link>"
        f"<description>{description}</description></item></channel></rss>"
    ).encode()
    return FetchResult(
        url="http://a.test/feed",
        outcome=FetchOutcome.OK,
        content=body,
        content_type="application/rss+xml",
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_bounded_text() -> None:
    assert limits.bounded_text("abc", 3) == "abc"
    assert limits.bounded_text("abcd", 3) == "abc\n" + limits.truncation_note(3)
    assert limits.bounded_text("abcd", 0) == "abcd"


@pytest.mark.parametrize(
    ("description", "cut"),
    [
        ("word " * 2_000, True),  # plain text, over the cap
        ("<p>" + "word " * 2_000 + "</p>", True),  # HTML, over the cap
        ("<b></b>" * 1_000 + "end", True),  # markup alone is over MARKUP_FACTOR × the cap
        ("word " * 100, False),
    ],
    ids=["plain", "html", "markup-only", "short"],
)
def test_parse_cuts_summaries_with_a_note(description: str, cut: bool) -> None:
    cap = 1_000
    (entry,) = parse_feed(_feed(description), max_text_chars=cap, max_title_chars=50)
    note = limits.truncation_note(cap)
    assert entry.summary.endswith(note) is cut
    assert len(entry.summary) <= cap + len(note) + 1
    if "<b>" in description:
        assert len(description) > cap * MARKUP_FACTOR


def test_parse_cuts_titles() -> None:
    (entry,) = parse_feed(_feed("x", title="長" * 500), max_title_chars=50)
    assert len(entry.title) == 50 and entry.title.endswith("…")


def test_name_bomb_is_cut_and_its_hits_capped() -> None:
    description = f"{NAME}は述べた。" * 50_000  # 1.35 MB as UTF-8
    (entry,) = parse_feed(_feed(description))
    assert entry.summary.endswith(limits.truncation_note(limits.TEXT_CHARS))
    article = Article(url=entry.url, title=entry.title, text=entry.summary)
    capped = Matcher(CONFIG, role_model=None, max_hits_per_name=5)
    (mention,) = capped.find_mentions(article)
    assert mention.target_id == "kotani"
    hits = capped._hits(capped._segments(article), "\n".join(
        s.norm.text for s in capped._segments(article)))  # fmt: skip
    assert 0 < len(hits) <= 5


def test_the_cap_keeps_the_first_hits_of_each_name_form() -> None:
    text = f"{NAME}主任研究員は述べた。" + "小谷氏は述べた。" * 20
    article = Article(url="http://a.test/1", text=text)
    one = Matcher(CONFIG, role_model=None, max_hits_per_name=1)
    segments = one._segments(article)
    hits = one._hits(segments, "\n".join(s.norm.text for s in segments))
    # The full name's first hit is kept although the surname form fills its own cap.
    assert any(hit.key.alias == NAME for hit in hits)
    assert len(hits) <= len({hit.key for hit in hits})
    assert one.find_mentions(article)[0].target_id == "kotani"


def test_only_the_first_entries_are_parsed() -> None:
    items = "".join(
        f"<item><title>n{n}</title><link>http://a.test/{n}</link></item>" for n in range(50)
    )
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    )
    result = FetchResult(url="http://a.test/f", outcome=FetchOutcome.OK, content=body.encode())
    entries = parse_feed(result, max_entries=7)
    assert [e.title for e in entries] == [f"n{n}" for n in range(7)]
    assert len(parse_feed(result, max_entries=0)) == 50


def test_a_date_far_in_the_future_is_no_date() -> None:
    result = _feed("x", title="t")
    body = result.content.replace(
        b"</item>", b"<pubDate>Fri, 01 Jan 2999 00:00:00 GMT</pubDate></item>"
    )
    (entry,) = parse_feed(FetchResult(**{**_fields(result), "content": body}))
    assert entry.published is None
    soon = body.replace(b"2999", b"2026").replace(b"Fri, 01 Jan", b"Thu, 01 Jan")
    (entry,) = parse_feed(FetchResult(**{**_fields(result), "content": soon}))
    assert entry.published is not None


def _fields(result: FetchResult) -> dict[str, object]:
    return {name: getattr(result, name) for name in result.__slots__}  # type: ignore[attr-defined]
