"""Turn the date strings found in feeds and pages into aware datetimes.

Takes a string (RFC 822/1123, ISO 8601, or one of the Japanese forms news
sites print: ``2024年3月5日 15時07分``, ``2024/3/5 15:07``, ``2024.03.05``,
full-width digits, era years such as ``令和6年3月5日`` / ``R6.3.5``, and the
year-less ``3/9(木) 18:45配信`` and the relative ``3時間前`` / ``昨日 18:45`` /
``2 hours ago`` / ``yesterday`` given a reference time) and returns a
timezone-aware ``datetime`` or ``None``. Naive values are taken to be in
``default_tz`` (Asia/Tokyo). It never raises on bad input, never reads the
clock (the year of a year-less date comes from ``reference``), and does no I/O.

A date must name at least a day: ``2024年3月`` alone is not a date here, as a
first-of-month guess would pass for a real publication time.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from zoneinfo import ZoneInfo

__all__ = ["ERAS", "JST", "parse_date"]

JST = ZoneInfo("Asia/Tokyo")

#: Japanese era name → Gregorian year of its first (元) year.
ERAS: dict[str, int] = {
    "明治": 1868,
    "大正": 1912,
    "昭和": 1926,
    "平成": 1989,
    "令和": 2019,
}
_ERA_LETTERS: dict[str, str] = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}

# Zone abbreviations seen in feeds that the email parser does not know.
_ZONE_OFFSETS: dict[str, int] = {"JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "CET": 1, "CEST": 2,
                                 "BST": 1, "IST": 5, "AEST": 10, "AEDT": 11}

# A year-less date more than this far after the reference belongs to the year before.
_FUTURE_SLACK = timedelta(days=7)

_ERA_NAMES = "|".join(ERAS)

# "... 15時07分", "15:07", "15:07:09", "午後3時", with optional 頃/配信 etc. after it.
_TIME = (
    r"(?:\s*(?:\([^)]{1,3}\)|（[^）]{1,3}）))?"  # weekday: (木) / （木）
    r"\s*(?:(?P<ampm>午前|午後|AM|PM|am|pm)\s*)?"
    r"(?:(?P<hour>\d{1,2})\s*(?:時|:)\s*(?:(?P<minute>\d{1,2})\s*分?"
    r"(?:\s*:\s*(?P<second>\d{1,2})|\s*(?P<second_j>\d{1,2})\s*秒)?)?)?"
)

_JA_FULL = re.compile(
    r"(?:(?P<era>" + _ERA_NAMES + r")\s*(?P<era_year>\d{1,2}|元)|(?P<year>\d{4}))\s*年\s*"
    r"(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日" + _TIME
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<year>\d{4})\s*(?P<sep>[/.\-])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*"
    r"(?P<day>\d{1,2})(?![\d.])"
    r"(?:\s*(?:\([^)]{1,3}\))?\s*(?:T|\s)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2}))?)?"
)
_ERA_SHORT = re.compile(
    r"(?:(?P<letter>[MTSHR])|(?P<era>" + _ERA_NAMES + r"))\s*(?P<era_year>\d{1,2}|元)"
    r"\s*[./]\s*(?P<month>\d{1,2})\s*[./]\s*(?P<day>\d{1,2})(?!\d)"
)
_JA_NO_YEAR = re.compile(r"(?<!\d)(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日" + _TIME)
# "5分前", "3時間前", "2日前", "2 hours ago", "an hour ago" (listing pages of news sites).
_RELATIVE_AGO = re.compile(
    r"(?:(?<!\d)(?P<ja_count>\d{1,3})\s*(?P<ja_unit>秒|分|時間|日|週間)\s*前(?!後)"
    r"|\b(?P<en_count>\d{1,3}|an?)\s+(?P<en_unit>sec(?:ond)?|min(?:ute)?|hour|hr|day|week)s?"
    r"\s+ago\b)",
    re.I,
)
_AGO_UNITS: dict[str, timedelta] = {
    "秒": timedelta(seconds=1),
    "分": timedelta(minutes=1),
    "時間": timedelta(hours=1),
    "日": timedelta(days=1),
    "週間": timedelta(weeks=1),
    "week": timedelta(weeks=1),
    "sec": timedelta(seconds=1),
    "second": timedelta(seconds=1),
    "min": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "day": timedelta(days=1),
}
# "昨日 18:45", "今日", "本日 9:00", "yesterday", "today at 9:30 AM".
_RELATIVE_DAY = re.compile(
    r"(?P<word>一昨日|おととい|昨日|きのう|今日|本日|\byesterday\b|\btoday\b)(?![のはもにがをへ])"
    r"(?:\s*(?:at\s+)?(?P<hour>\d{1,2})\s*(?::|時)\s*(?P<minute>\d{1,2})?\s*分?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?",
    re.I,
)
# A relative date is read only from a short string (a date element, "3時間前 配信"):
# in running text 「3日前に会談した」 or "yesterday" is about something else.
_RELATIVE_MAX_LENGTH = 32
_DAYS_BACK: dict[str, int] = {
    "一昨日": 2,
    "おととい": 2,
    "昨日": 1,
    "きのう": 1,
    "yesterday": 1,
    "今日": 0,
    "本日": 0,
    "today": 0,
}
# "3/9(木) 18:45" or "3/9 18:45": without a weekday or a time "3/9" is too ambiguous.
_SLASH_NO_YEAR = re.compile(
    r"(?<![\d/])(?P<month>\d{1,2})/(?P<day>\d{1,2})(?![\d/])"
    r"(?:\s*\([^)]{1,3}\)\s*(?:(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
    r"|\s+(?P<hour2>\d{1,2}):(?P<minute2>\d{2}))"
)
_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?P<month_name>[A-Za-z]{3,9})\.?"
_EN_TIME = (
    r"(?:,?\s*(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
)
# "Feb 18, 2020", "Oct. 9, 2018 10:13 AM", "18 February 2020"
_EN_MDY = re.compile(
    r"\b" + _MONTH_NAME + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b" + _EN_TIME
)
_EN_DMY = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r",?\s+(?P<year>\d{4})\b" + _EN_TIME
)
# Month abbreviations of RFC 822-style dates written in other languages (pt, es, fr, de)
# that the email parser does not know: "Seg, 24 Set 2018 19:42:40 -0300".
_FOREIGN_MONTHS: dict[str, str] = {
    "fev": "Feb",
    "abr": "Apr",
    "mai": "May",
    "ago": "Aug",
    "set": "Sep",
    "out": "Oct",
    "dez": "Dec",
    "ene": "Jan",
    "dic": "Dec",
    "janv": "Jan",
    "févr": "Feb",
    "fevr": "Feb",
    "mars": "Mar",
    "avr": "Apr",
    "juin": "Jun",
    "juil": "Jul",
    "août": "Aug",
    "aout": "Aug",
    "sept": "Sep",
    "déc": "Dec",
    "mär": "Mar",
    "mrz": "Mar",
    "okt": "Oct",
}
_FOREIGN_MONTH = re.compile(r"(?<=\s)(" + "|".join(_FOREIGN_MONTHS) + r")\.?(?=\s)", re.I)
_ISO_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
_TRAILING_ZONE = re.compile(r"\s+(?P<zone>[A-Z]{2,5})$")


def parse_date(
    text: str | None,
    *,
    default_tz: tzinfo = JST,
    reference: datetime | None = None,
) -> datetime | None:
    """Parse one date (and time) out of ``text``; None when there is none.

    ISO 8601 and RFC 822 are tried on the whole string; the Japanese and
    numeric forms are searched for inside it, so ``最終更新:2024年3月5日 配信``
    works. A year-less form (``3/9(木) 18:45``, ``3月9日``) needs
    ``reference``: it takes the reference's year, or the year before when the
    date would otherwise fall more than a week after the reference. A naive
    result is placed in ``default_tz``. Never raises.
    """
    if not text or not isinstance(text, str):
        return None
    try:
        return _parse(text, default_tz, reference)
    except (ValueError, OverflowError, TypeError):
        return None


def _parse(text: str, default_tz: tzinfo, reference: datetime | None) -> datetime | None:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    cleaned = cleaned[:2000]
    for parser in (_parse_iso, _parse_rfc822):
        found = parser(cleaned, default_tz)
        if found is not None:
            return found
    for pattern in (_JA_FULL, _ERA_SHORT, _NUMERIC):
        match = pattern.search(cleaned)
        if match is not None:
            found = _from_match(match, default_tz)
            if found is not None:
                return found
    for pattern in (_EN_MDY, _EN_DMY):
        match = pattern.search(cleaned)
        if match is not None and match["month_name"].lower() in _MONTHS:
            found = _build(
                int(match["year"]),
                _MONTHS[match["month_name"].lower()],
                int(match["day"]),
                _clock(match),
                default_tz,
            )
            if found is not None:
                return found
    if reference is not None:
        for pattern in (_SLASH_NO_YEAR, _JA_NO_YEAR):
            match = pattern.search(cleaned)
            if match is not None:
                found = _from_yearless(match, default_tz, reference)
                if found is not None:
                    return found
        return _from_relative(cleaned, default_tz, reference)
    return None


def _aware(value: datetime, default_tz: tzinfo) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=default_tz)
    return value


def _parse_iso(text: str, default_tz: tzinfo) -> datetime | None:
    if not _ISO_DATE_PREFIX.match(text):
        return None
    candidate = text
    if candidate.endswith(("z", "Z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        return _aware(datetime.fromisoformat(candidate), default_tz)
    except ValueError:
        return None


def _parse_rfc822(text: str, default_tz: tzinfo) -> datetime | None:
    if not re.search(r"[^\W\d_]{3}", text) or not re.search(r"\d{4}", text):
        return None
    zone_offset: int | None = None
    zone = _TRAILING_ZONE.search(text)
    if zone is not None and zone.group("zone") in _ZONE_OFFSETS:
        zone_offset = _ZONE_OFFSETS[zone.group("zone")] * 3600
        text = text[: zone.start()]
    parts = parsedate_tz(text)
    if parts is None:
        translated = _FOREIGN_MONTH.sub(lambda m: _FOREIGN_MONTHS[m[1].lower()], text)
        parts = parsedate_tz(translated) if translated != text else None
    if parts is None:
        return None
    year, month, day, hour, minute, second = parts[:6]
    if year < 100:  # RFC 822 two-digit years
        year += 2000 if year < 70 else 1900
    value = datetime(year, month, day, hour, minute, second)
    offset = zone_offset if zone_offset is not None else parts[9]
    if offset is None:
        return value.replace(tzinfo=default_tz)
    return value.replace(tzinfo=timezone(timedelta(seconds=offset)))


def _year_of(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    era = groups.get("era") or _ERA_LETTERS[groups["letter"]]
    era_year = groups["era_year"]
    return ERAS[era] + (1 if era_year == "元" else int(era_year)) - 1


def _clock(match: re.Match[str]) -> tuple[int, int, int]:
    groups = match.groupdict()
    hour_text = groups.get("hour") or groups.get("hour2")
    if not hour_text:
        return 0, 0, 0
    hour = int(hour_text)
    minute = int(groups.get("minute") or groups.get("minute2") or 0)
    second = int(groups.get("second") or groups.get("second_j") or 0)
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm in {"午後", "pm"} and hour < 12:
        hour += 12
    elif ampm in {"午前", "am"} and hour == 12:
        hour = 0
    return hour, minute, second


def _build(
    year: int, month: int, day: int, clock: tuple[int, int, int], default_tz: tzinfo
) -> datetime | None:
    hour, minute, second = clock
    extra = timedelta(0)
    if hour == 24 and minute == 0 and second == 0:  # "24時00分" = midnight after
        hour, extra = 0, timedelta(days=1)
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
        return None
    if not 1800 <= year <= 2200:
        return None
    return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=default_tz) + extra


def _from_match(match: re.Match[str], default_tz: tzinfo) -> datetime | None:
    return _build(
        _year_of(match), int(match["month"]), int(match["day"]), _clock(match), default_tz
    )


def _from_relative(text: str, default_tz: tzinfo, reference: datetime) -> datetime | None:
    """``3時間前`` / ``2 hours ago`` / ``昨日 18:45`` / ``yesterday``, counted back from
    ``reference`` (the time the page was fetched); a day word without a clock keeps the
    reference's time of day, so a listing fetched at noon dates "yesterday" to noon."""
    if len(text) > _RELATIVE_MAX_LENGTH:
        return None
    anchor = _aware(reference, default_tz).astimezone(default_tz)
    ago = _RELATIVE_AGO.search(text)
    if ago is not None:
        if ago["ja_count"] is not None:
            count, unit = int(ago["ja_count"]), ago["ja_unit"]
        else:
            raw, unit = ago["en_count"].lower(), ago["en_unit"].lower()
            count = 1 if raw in ("a", "an") else int(raw)
        return anchor - count * _AGO_UNITS[unit]
    day = _RELATIVE_DAY.search(text)
    if day is None:
        return None
    date = (anchor - timedelta(days=_DAYS_BACK[day["word"].lower()])).date()
    if day["hour"] is None:
        return anchor.replace(year=date.year, month=date.month, day=date.day)
    return _build(date.year, date.month, date.day, _clock(day), default_tz)


def _from_yearless(
    match: re.Match[str], default_tz: tzinfo, reference: datetime
) -> datetime | None:
    anchor = _aware(reference, default_tz).astimezone(default_tz)
    month, day = int(match["month"]), int(match["day"])
    found = _build(anchor.year, month, day, _clock(match), default_tz)
    if found is not None and found - anchor > _FUTURE_SLACK:
        found = _build(anchor.year - 1, month, day, _clock(match), default_tz)
    return found
