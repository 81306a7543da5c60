"""pipeline.dates.parse_date: the date forms feeds and Japanese news pages print."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import parse_date

JST = ZoneInfo("Asia/Tokyo")


def jst(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=JST)  # type: ignore[misc]


def offset(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# (text, expected instant)
ABSOLUTE = [
    # RFC 822 / 1123, as in RSS pubDate
    ("Wed, 31 Jan 2018 07:26:05 GMT", datetime(2018, 1, 31, 7, 26, 5, tzinfo=UTC)),
    ("Mon, 02 Jan 2006 19:05:13 +0900", jst(2006, 1, 2, 19, 5, 13)),
    ("Tue, 5 Mar 2024 15:07:00 JST", jst(2024, 3, 5, 15, 7)),
    ("5 Mar 2024 15:07:00 +0000", datetime(2024, 3, 5, 15, 7, tzinfo=UTC)),
    ("Seg, 24 Set 2018 19:42:40 -0300", datetime(2018, 9, 24, 19, 42, 40, tzinfo=offset(-3))),
    # ISO 8601
    ("2005-03-30T16:08:09Z", datetime(2005, 3, 30, 16, 8, 9, tzinfo=UTC)),
    ("2018-10-09T14:13:40.000Z", datetime(2018, 10, 9, 14, 13, 40, tzinfo=UTC)),
    ("2023-11-02T22:27:00+09:00", jst(2023, 11, 2, 22, 27)),
    ("2023-11-02T22:27", jst(2023, 11, 2, 22, 27)),
    ("2019-06-24", jst(2019, 6, 24)),
    ("2024-03-05 15:07:00", jst(2024, 3, 5, 15, 7)),
    # Japanese forms
    ("2024年3月5日", jst(2024, 3, 5)),
    ("2024年3月5日 15時07分", jst(2024, 3, 5, 15, 7)),
    ("2024年3月5日15時", jst(2024, 3, 5, 15)),
    ("2024年03月05日(火) 15:07", jst(2024, 3, 5, 15, 7)),
    ("2017年3月9日(木)午後6時45分配信", jst(2017, 3, 9, 18, 45)),
    ("2024/3/5 15:07", jst(2024, 3, 5, 15, 7)),
    ("2023/11/02 22:27", jst(2023, 11, 2, 22, 27)),
    ("2024.03.05", jst(2024, 3, 5)),
    ("２０２４年３月５日", jst(2024, 3, 5)),
    ("２０２４年３月５日　１５時０７分", jst(2024, 3, 5, 15, 7)),
    ("２０２４／３／５　１５：０７", jst(2024, 3, 5, 15, 7)),
    ("令和6年3月5日", jst(2024, 3, 5)),
    ("令和元年5月1日", jst(2019, 5, 1)),
    ("平成31年4月30日", jst(2019, 4, 30)),
    ("昭和64年1月7日", jst(1989, 1, 7)),
    ("令和６年３月５日", jst(2024, 3, 5)),
    ("R6.3.5", jst(2024, 3, 5)),
    ("H31.4.30", jst(2019, 4, 30)),
    ("令和6.3.5", jst(2024, 3, 5)),
    # dates inside longer text
    ("最終更新:2024年3月5日 配信", jst(2024, 3, 5)),
    ("2019年02月22日 14時30分 公開", jst(2019, 2, 22, 14, 30)),
    ("掲載日 2024.03.05 10:00", jst(2024, 3, 5, 10)),
    # English long forms (naive: Tokyo)
    ("Feb 18, 2020", jst(2020, 2, 18)),
    ("Oct. 9, 2018", jst(2018, 10, 9)),
    ("18 February 2020", jst(2020, 2, 18)),
    ("Updated December 14, 2016 at 6:02 a.m.", jst(2016, 12, 14, 6, 2)),
]


@pytest.mark.parametrize(("text", "expected"), ABSOLUTE, ids=[t for t, _ in ABSOLUTE])
def test_absolute_dates(text: str, expected: datetime) -> None:
    found = parse_date(text)
    assert found is not None
    assert found.tzinfo is not None and found.utcoffset() is not None
    assert found == expected


REFERENCE = datetime(2017, 3, 10, 12, 0, tzinfo=JST)
YEARLESS = [
    ("3/9(木) 18:45配信", REFERENCE, jst(2017, 3, 9, 18, 45)),
    ("最終更新:3/9(木) 18:45", REFERENCE, jst(2017, 3, 9, 18, 45)),
    ("[03月09日 11時30分]", REFERENCE, jst(2017, 3, 9, 11, 30)),
    ("3月9日", REFERENCE, jst(2017, 3, 9)),
    # December seen in early January belongs to the year before
    ("12/28(木) 10:00", datetime(2018, 1, 3, tzinfo=JST), jst(2017, 12, 28, 10)),
    # a naive reference is read in Tokyo time
    ("3/9 18:45", datetime(2017, 3, 10), jst(2017, 3, 9, 18, 45)),
]


@pytest.mark.parametrize(
    ("text", "reference", "expected"), YEARLESS, ids=[t for t, _, _ in YEARLESS]
)
def test_yearless_dates_take_the_reference_year(
    text: str, reference: datetime, expected: datetime
) -> None:
    assert parse_date(text, reference=reference) == expected


@pytest.mark.parametrize("text", ["3/9(木) 18:45配信", "3月9日"], ids=["slash", "kanji"])
def test_yearless_dates_without_reference_are_none(text: str) -> None:
    assert parse_date(text) is None


GARBAGE = [
    None,
    "",
    "   ",
    "abc",
    "hello 2024",
    "2024年3月",  # no day: not a date here
    "令和元年",
    "2024年2月30日",
    "2024-13-01",
    "99999999999",
    "version 1.2.3",
    "1/2 cup",  # year-less and no weekday/time: too ambiguous even with a reference
    "20231102",
    "<html><body>no date</body></html>",
    "2024年13月5日",
    "25時61分",
]


@pytest.mark.parametrize("text", GARBAGE, ids=[repr(t) for t in GARBAGE])
def test_garbage_is_none(text: str | None) -> None:
    assert parse_date(text, reference=REFERENCE) is None


def test_default_tz_applies_to_naive_values_only() -> None:
    utc = parse_date("2024-03-05 15:07", default_tz=UTC)
    assert utc == datetime(2024, 3, 5, 15, 7, tzinfo=UTC)
    aware = parse_date("2024-03-05T15:07:00+09:00", default_tz=UTC)
    assert aware == jst(2024, 3, 5, 15, 7)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_and_is_aware(text: str) -> None:
    found = parse_date(text, reference=REFERENCE)
    assert found is None or found.utcoffset() is not None


# Listing pages of news sites print the age of an item instead of its date; it is
# counted back from the time the page was fetched (the reference).
RELATIVE = [
    ("3時間前", jst(2024, 3, 10, 9, 0)),
    ("５分前 配信", jst(2024, 3, 10, 11, 55)),
    ("2日前", jst(2024, 3, 8, 12, 0)),
    ("2週間前", jst(2024, 2, 25, 12, 0)),
    ("2 hours ago", jst(2024, 3, 10, 10, 0)),
    ("an hour ago", jst(2024, 3, 10, 11, 0)),
    ("Updated 45 mins ago", jst(2024, 3, 10, 11, 15)),
    ("昨日 18:45", jst(2024, 3, 9, 18, 45)),
    ("昨日 18時5分", jst(2024, 3, 9, 18, 5)),
    ("一昨日", jst(2024, 3, 8, 12, 0)),
    ("本日 9:00", jst(2024, 3, 10, 9, 0)),
    ("Yesterday at 9:30 PM", jst(2024, 3, 9, 21, 30)),
    ("today", jst(2024, 3, 10, 12, 0)),
]
RELATIVE_REFERENCE = jst(2024, 3, 10, 12, 0)


@pytest.mark.parametrize(("text", "expected"), RELATIVE, ids=[t for t, _ in RELATIVE])
def test_relative_dates_count_back_from_the_reference(text: str, expected: datetime) -> None:
    assert parse_date(text, reference=RELATIVE_REFERENCE) == expected


NOT_RELATIVE = [
    "１０日前後",  # "around the 10th", not ten days ago
    "今日の国際情勢",  # a title, not a date
    "首脳会談は3日前に行われた。両首脳は共同声明を発表し、協力を確認した。",  # running text
    "about 5 years ago",  # no unit that dates an item
]


@pytest.mark.parametrize("text", NOT_RELATIVE)
def test_relative_words_that_are_not_an_items_date(text: str) -> None:
    assert parse_date(text, reference=RELATIVE_REFERENCE) is None


def test_relative_dates_need_a_reference() -> None:
    assert parse_date("3時間前") is None
    assert parse_date("yesterday") is None
