"""Count appearances, talks and publications for a period (exports: ``pipeline.exports``).

In: ``MentionRow`` and ``PublicationRow`` values (from ``storage.queries``),
the validated ``Config`` and a ``Period``. Out: a frozen ``Report`` whose
every number can be opened to the mentions and document URLs behind it,
and its exports. ``build_report`` is pure; ``report_for_period`` is the thin
reader that fetches the rows through ``storage.queries``. Nothing here
writes to the database or touches the network.

Counting rules (DESIGN.md, README "Counting rules"):

- Only expert mentions count, only for experts still in the config, and only
  while the expert belonged to the institute (``ExpertConfig.is_member_on``
  on the document's date in Asia/Tokyo).
- Confirmed mentions count; pending ones only with ``include_pending`` and
  only when ``confidence >= 0.5``; rejected ones never.
- Roles appearance, quote, authored and interview are appearances; a passing
  ``mention`` or a ``publication_citation`` is reported apart
  (``totals.passing_mentions``) and never counted as an appearance. A
  ``talk`` (speaking at a lecture, symposium, webinar) is an institute
  activity, counted in ``totals.talks`` (one story × talk each) and never
  among media appearances.
- A group counts an item when the expert belonged to it on the item's day
  (``ExpertConfig.groups_on``: a group change moves the expert's later items).
- An **appearance** is one story × one role. The institute total counts it
  once however many experts took part; ``by_expert`` and ``by_group`` count
  it for each expert or group. **Placements** are the distinct documents
  behind the counted appearances (a wire story reprinted by 20 papers is 1
  appearance, 20 placements). With ``count_placements`` the headline
  ``count`` numbers are placements instead of appearances.
- ``by_media_type`` and ``by_outlet`` use the story's original document
  (fallback: the story's earliest document among the rows); ``by_month`` is
  the ``YYYY-MM`` of the story's first date in Asia/Tokyo.
- A document's date is its publication date, else when it was first seen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from pipeline.dates import JST
from pipeline.match import DETECTED
from pipeline.parse import ITEM_GUID_PREFIX
from pipeline.types import Config, ExpertConfig, MediaType, MentionStatus, Role, TargetKind
from storage import queries
from storage.queries import MentionRow, PlacementRow, PublicationRow

COUNTED_ROLES: tuple[Role, ...] = (Role.APPEARANCE, Role.QUOTE, Role.AUTHORED, Role.INTERVIEW)
PASSING_ROLES: tuple[Role, ...] = (Role.MENTION, Role.PUBLICATION_CITATION)
TALK_ROLES: tuple[Role, ...] = (Role.TALK,)
# Pending mentions count only when matching counted them as found at all.
MIN_PENDING_CONFIDENCE = DETECTED
# How far around a period reprints of its stories are looked for.
STORY_MARGIN = timedelta(days=60)
UNKNOWN = "unknown"

BREAKDOWNS = ("by_media_type", "by_expert", "by_group", "by_outlet", "by_month", "by_role")


# --- periods ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """A span of whole days in Asia/Tokyo: ``start`` inclusive, ``end`` exclusive.

    FY2024 is ``Period(date(2024, 4, 1), date(2025, 4, 1), "FY2024")``; its
    ``last_day`` is 2025-03-31.
    """

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"period {self.label!r} ends ({self.end}) before it starts")

    @property
    def last_day(self) -> date:
        """The last day inside the period (``end`` minus one day)."""
        return self.end - timedelta(days=1)

    @property
    def start_at(self) -> datetime:
        """Midnight starting the first day, in Asia/Tokyo (inclusive bound)."""
        return datetime.combine(self.start, time(0), tzinfo=JST)

    @property
    def end_at(self) -> datetime:
        """Midnight after the last day, in Asia/Tokyo (exclusive bound)."""
        return datetime.combine(self.end, time(0), tzinfo=JST)

    def contains(self, moment: datetime) -> bool:
        """True when the aware ``moment`` falls inside the period."""
        return self.start_at <= moment < self.end_at

    def months(self) -> list[str]:
        """Every ``YYYY-MM`` the period touches, in order."""
        out: list[str] = []
        year, month = self.start.year, self.start.month
        while date(year, month, 1) < self.end:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def fiscal_year(year: int, start_month: int = 4) -> Period:
    """Fiscal year ``year``: FY2024 with April start runs 2024-04-01 to 2025-03-31."""
    if not 1 <= start_month <= 12:
        raise ValueError(f"fiscal-year start month must be 1-12, not {start_month}")
    return Period(date(year, start_month, 1), date(year + 1, start_month, 1), f"FY{year}")


def calendar_year(year: int) -> Period:
    """Calendar year ``year``: January 1 to December 31."""
    return Period(date(year, 1, 1), date(year + 1, 1, 1), str(year))


def date_range(first_day: date, last_day: date, label: str | None = None) -> Period:
    """The days from ``first_day`` to ``last_day``, both inclusive."""
    if last_day < first_day:
        raise ValueError(f"last day {last_day} is before first day {first_day}")
    return Period(
        first_day,
        last_day + timedelta(days=1),
        label or f"{first_day.isoformat()} to {last_day.isoformat()}",
    )


# --- the report -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placement:
    """One document behind an appearance."""

    document_id: int
    url: str
    title: str
    outlet: str | None
    media_type: str | None
    date: datetime
    mention_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class AppearanceItem:
    """One story × one role, with every mention and document behind it."""

    story_id: int
    role: Role
    experts: tuple[str, ...]
    date: datetime
    month: str
    outlet: str
    media_type: str
    statuses: tuple[str, ...]
    mention_ids: tuple[int, ...]
    placements: tuple[Placement, ...]
    #: added by staff (a programme no crawler sees), not collected
    manual: bool = False

    @property
    def urls(self) -> tuple[str, ...]:
        """The URLs of every placement."""
        return tuple(p.url for p in self.placements)

    @property
    def title(self) -> str:
        """The title of the first placement that has one."""
        return next((p.title for p in self.placements if p.title), "")


@dataclass(frozen=True, slots=True)
class Count:
    """Appearances and placements of one breakdown key."""

    appearances: int
    placements: int


@dataclass(frozen=True, slots=True)
class ExpertCount:
    """One expert's appearances, placements and publications in the period."""

    name: str
    groups: tuple[str, ...]
    appearances: int
    placements: int
    publications: int


@dataclass(frozen=True, slots=True)
class Totals:
    """The institute's headline numbers."""

    appearances: int
    placements: int
    publications: int
    passing_mentions: int
    talks: int = 0


@dataclass(frozen=True, slots=True)
class PublicationItem:
    """One counted publication."""

    id: int
    url: str
    title: str
    pub_type: str
    language: str
    date: datetime
    authors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """Counts for one period, each traceable to ``items`` (and ``publication_items``)."""

    period: Period
    count_placements: bool
    include_pending: bool
    totals: Totals
    by_media_type: Mapping[str, Count]
    by_expert: Mapping[str, ExpertCount]
    by_group: Mapping[str, Count]
    by_outlet: Mapping[str, Count]
    by_month: Mapping[str, Count]
    by_role: Mapping[str, Count]
    publications_by_type: Mapping[str, int]
    items: tuple[AppearanceItem, ...]
    passing_items: tuple[AppearanceItem, ...]
    publication_items: tuple[PublicationItem, ...]
    talk_items: tuple[AppearanceItem, ...] = ()
    #: outlets items were filed under that sources.yaml does not list (staff should add them)
    unlisted_outlets: tuple[str, ...] = ()
    #: items (story × role) that would count once staff confirm them; not in any total
    pending_items: int = 0
    #: talks by expert, group and month (each talk once per key)
    talks_by_expert: Mapping[str, int] = field(default_factory=dict)
    talks_by_group: Mapping[str, int] = field(default_factory=dict)
    talks_by_month: Mapping[str, int] = field(default_factory=dict)
    #: media appearances by the outlet's reach: domestic, foreign, unknown
    by_reach: Mapping[str, Count] = field(default_factory=dict)
    @property
    def counting(self) -> str:
        """What the headline ``count`` numbers count: "appearances" or "placements"."""
        return "placements" if self.count_placements else "appearances"

    def headline(self, appearances: int, placements: int) -> int:
        """The number reported as ``count`` under this report's counting basis."""
        return placements if self.count_placements else appearances

    def breakdown(self, name: str) -> Mapping[str, Count]:
        """A breakdown by name (``by_expert`` as plain Counts)."""
        if name == "by_expert":
            return {k: Count(v.appearances, v.placements) for k, v in self.by_expert.items()}
        value: Mapping[str, Count] = getattr(self, name)
        return value

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready shape (see ``to_json``)."""

        def count(value: Count) -> dict[str, int]:
            return {
                "appearances": value.appearances,
                "placements": value.placements,
                "count": self.headline(value.appearances, value.placements),
            }

        return {
            "period": {
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "last_day": self.period.last_day.isoformat(),
                "end_is_exclusive": True,
                "label": self.period.label,
                "timezone": str(JST),
            },
            "counting": self.counting,
            "include_pending": self.include_pending,
            "totals": {
                "appearances": self.totals.appearances,
                "placements": self.totals.placements,
                "count": self.headline(self.totals.appearances, self.totals.placements),
                "publications": self.totals.publications,
                "passing_mentions": self.totals.passing_mentions,
                "talks": self.totals.talks,
            },
            "by_media_type": {k: count(v) for k, v in self.by_media_type.items()},
            "by_expert": {
                k: {
                    "name": v.name,
                    "groups": list(v.groups),
                    "appearances": v.appearances,
                    "placements": v.placements,
                    "count": self.headline(v.appearances, v.placements),
                    "publications": v.publications,
                }
                for k, v in self.by_expert.items()
            },
            "by_group": {k: count(v) for k, v in self.by_group.items()},
            "by_outlet": {k: count(v) for k, v in self.by_outlet.items()},
            "by_month": {k: count(v) for k, v in self.by_month.items()},
            "by_role": {k: count(v) for k, v in self.by_role.items()},
            "publications_by_type": dict(self.publications_by_type),
            "items": [_item_dict(item) for item in self.items],
            "passing_items": [_item_dict(item) for item in self.passing_items],
            "talk_items": [_item_dict(item) for item in self.talk_items],
            "unlisted_outlets": list(self.unlisted_outlets),
            "pending_items": self.pending_items,
            "draft": self.include_pending,
            "talks_by_expert": dict(self.talks_by_expert),
            "talks_by_group": dict(self.talks_by_group),
            "talks_by_month": dict(self.talks_by_month),
            "by_reach": {k: count(v) for k, v in self.by_reach.items()},
            "publication_items": [
                {
                    "id": p.id,
                    "url": p.url,
                    "title": p.title,
                    "pub_type": p.pub_type,
                    "language": p.language,
                    "date": p.date.isoformat(),
                    "authors": list(p.authors),
                }
                for p in self.publication_items
            ],
        }


def _item_dict(item: AppearanceItem) -> dict[str, Any]:
    return {
        "story_id": item.story_id,
        "role": str(item.role),
        "experts": list(item.experts),
        "date": item.date.isoformat(),
        "month": item.month,
        "outlet": item.outlet,
        "media_type": item.media_type,
        "statuses": list(item.statuses),
        "placements": len(item.placements),
        "mention_ids": list(item.mention_ids),
        "urls": list(item.urls),
        "documents": [
            {
                "document_id": p.document_id,
                "url": p.url,
                "title": p.title,
                "outlet": p.outlet,
                "media_type": p.media_type,
                "date": p.date.isoformat(),
                "mention_ids": list(p.mention_ids),
            }
            for p in item.placements
        ],
    }


# --- counting --------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    return moment.astimezone(JST)


def _is_counted_status(row: MentionRow, include_pending: bool) -> bool:
    if row.status == MentionStatus.CONFIRMED:
        return True
    return (
        include_pending
        and row.status == MentionStatus.PENDING
        and row.confidence >= MIN_PENDING_CONFIDENCE
    )


def eligible_rows(
    rows: Iterable[MentionRow],
    config: Config,
    period: Period,
    *,
    include_pending: bool = False,
    story_dates: Mapping[int, datetime] | None = None,
) -> list[MentionRow]:
    """The rows the counting rules let through (any role), each mention once.

    A story belongs to the period of its first placement (``story_dates``, when
    given), so a wire story reprinted across a period boundary counts once.
    """
    experts = {expert.id: expert for expert in config.experts}
    seen: set[int] = set()
    out: list[MentionRow] = []
    for row in rows:
        if row.id in seen or row.target_kind != TargetKind.EXPERT:
            continue
        expert = experts.get(row.target_id)
        if expert is None or not _is_counted_status(row, include_pending):
            continue
        story_date = story_dates.get(row.story_id) if story_dates else None
        when = _local(story_date or row.date)
        if not period.contains(when) or not expert.is_member_on(_local(row.date).date()):
            continue
        seen.add(row.id)
        out.append(row)
    return out


@dataclass(frozen=True, slots=True)
class _StoryInfo:
    date: datetime
    outlet: str
    media_type: str


def _story_info(
    rows: Sequence[MentionRow],
    placements: Mapping[int, Sequence[PlacementRow]],
    config: Config | None = None,
) -> dict[int, _StoryInfo]:
    """Per story: first date (Tokyo), and outlet/media type of its original document.

    The first date is the earliest of all the story's placements when they are
    known, else the earliest of its rows. A story whose copies credit a
    configured outlet (（共同）, "(CNET Japan)" on a portal) is that outlet's,
    even when only reprints of it were collected.
    """
    by_story: dict[int, list[MentionRow]] = defaultdict(list)
    for row in rows:
        by_story[row.story_id].append(row)
    info: dict[int, _StoryInfo] = {}
    for story_id, story_rows in by_story.items():
        earliest: MentionRow | PlacementRow = min(story_rows, key=lambda r: (r.date, r.document_id))
        if placements.get(story_id):
            earliest = min(placements[story_id], key=lambda p: (p.date, p.document_id))
        outlet, media_type = earliest.outlet, earliest.media_type
        original = story_rows[0]
        if original.original_document_id is not None:
            outlet = original.original_outlet or outlet
            media_type = original.original_media_type or media_type
        credited = config.outlet(original.story_credit) if config is not None else None
        if credited is not None:
            outlet, media_type = credited.name, str(credited.media_type)
        info[story_id] = _StoryInfo(
            date=_local(earliest.date),
            outlet=outlet or UNKNOWN,
            media_type=media_type or UNKNOWN,
        )
    return info


def _items(
    rows: Sequence[MentionRow],
    roles: Collection[Role],
    stories: Mapping[int, _StoryInfo],
    story_placements: Mapping[int, Sequence[PlacementRow]],
) -> tuple[AppearanceItem, ...]:
    """One item per story × role; its placements are every document of the story.

    A reprint whose copy lost the expert's name is still a placement of the
    story (with no mention ids of its own).
    """
    grouped: dict[tuple[int, Role], list[MentionRow]] = defaultdict(list)
    for row in rows:
        if row.role in roles:
            grouped[(row.story_id, row.role)].append(row)
    items = []
    for (story_id, role), group in grouped.items():
        documents: dict[int, list[MentionRow]] = defaultdict(list)
        for row in group:
            documents[row.document_id].append(row)
        placement_list = [
            Placement(
                document_id=document_id,
                url=doc_rows[0].document_url,
                title=doc_rows[0].document_title,
                outlet=doc_rows[0].outlet,
                media_type=doc_rows[0].media_type,
                date=_local(doc_rows[0].date),
                mention_ids=tuple(sorted(r.id for r in doc_rows)),
            )
            for document_id, doc_rows in documents.items()
        ]
        placement_list.extend(
            Placement(
                document_id=other.document_id,
                url=other.url,
                title=other.title,
                outlet=other.outlet,
                media_type=other.media_type,
                date=_local(other.date),
                mention_ids=(),
            )
            for other in story_placements.get(story_id, ())
            if other.document_id not in documents
        )
        placements = sorted(placement_list, key=lambda p: (p.date, p.document_id))
        story = stories[story_id]
        items.append(
            AppearanceItem(
                story_id=story_id,
                role=role,
                experts=tuple(sorted({r.target_id for r in group})),
                date=story.date,
                month=f"{story.date:%Y-%m}",
                outlet=story.outlet,
                media_type=story.media_type,
                statuses=tuple(sorted({str(r.status) for r in group})),
                mention_ids=tuple(sorted(r.id for r in group)),
                placements=tuple(placements),
                manual=any(r.manual for r in group),
            )
        )
    items.sort(
        key=lambda i: (
            i.date,
            i.story_id,
            COUNTED_ROLES.index(i.role) if i.role in COUNTED_ROLES else 9,
        )
    )
    return tuple(items)


def _is_log_entry(row: MentionRow) -> bool:
    """The row's document is an activity-log line (a listing item without a URL of its own)."""
    return bool(row.document_guid and row.document_guid.startswith(ITEM_GUID_PREFIX))


def merge_log_evidence(
    items: Sequence[AppearanceItem], rows: Iterable[MentionRow]
) -> tuple[AppearanceItem, ...]:
    """An activity-log entry and the outlet's own page of the same appearance are one.

    A log item (every mention of it from a log line) joins a collected item of the
    same outlet, the same day in Tokyo and a shared expert: one appearance with
    both pieces of evidence. Two log lines never join each other (two programmes
    on one day are two appearances), nor do two collected stories.
    """
    log_mentions = {row.id for row in rows if _is_log_entry(row)}

    def is_log(item: AppearanceItem) -> bool:
        return bool(item.mention_ids) and set(item.mention_ids) <= log_mentions

    merged = {i: item for i, item in enumerate(items)}
    for index, log_item in enumerate(items):
        if not is_log(log_item) or log_item.outlet == UNKNOWN:
            continue
        for other_index, other in merged.items():
            if (
                other_index != index
                and not is_log(other)
                and other.outlet == log_item.outlet
                and other.date.date() == log_item.date.date()
                and set(other.experts) & set(log_item.experts)
            ):
                merged[other_index] = replace(
                    other,
                    experts=tuple(sorted({*other.experts, *log_item.experts})),
                    statuses=tuple(sorted({*other.statuses, *log_item.statuses})),
                    mention_ids=tuple(sorted({*other.mention_ids, *log_item.mention_ids})),
                    placements=tuple(
                        sorted(
                            (*other.placements, *log_item.placements),
                            key=lambda p: (p.date, p.document_id),
                        )
                    ),
                    manual=other.manual or log_item.manual,
                )
                del merged[index]
                break
    return tuple(merged[i] for i in sorted(merged))


class _Tally:
    """Appearances (item keys) and placements (document ids) per breakdown key."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.items: dict[str, set[tuple[int, Role]]] = {key: set() for key in keys}
        self.documents: dict[str, set[int]] = {key: set() for key in keys}

    def add(self, key: str, item: AppearanceItem, documents: Iterable[int]) -> None:
        self.items.setdefault(key, set()).add((item.story_id, item.role))
        self.documents.setdefault(key, set()).update(documents)

    def counts(self, *, order: str = "given") -> dict[str, Count]:
        keys = list(self.items)
        if order == "size":
            keys.sort(key=lambda k: (-len(self.items[k]), -len(self.documents[k]), k))
        return {k: Count(len(self.items[k]), len(self.documents[k])) for k in keys}


def _expert_documents(
    item: AppearanceItem, rows_by_id: Mapping[int, MentionRow]
) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    for mention_id in item.mention_ids:
        row = rows_by_id[mention_id]
        out[row.target_id].add(row.document_id)
    return out


def _members_in(expert: ExpertConfig, period: Period) -> bool:
    if expert.since is not None and expert.since > period.last_day:
        return False
    return not (expert.until is not None and expert.until < period.start)


def build_report(
    rows: Sequence[MentionRow],
    publications: Sequence[PublicationRow],
    config: Config,
    period: Period,
    *,
    count_placements: bool = False,
    include_pending: bool = False,
    story_placements: Mapping[int, Sequence[PlacementRow]] | None = None,
) -> Report:
    """Apply the counting rules to the rows and publications of a period.

    Pure: the same rows, config, period and placements always give the same
    report. ``include_pending`` lets pending mentions with confidence >= 0.5
    count; rows of other target kinds are ignored. ``story_placements`` (every
    document of each story) dates each story by its first placement and lists
    all its placements; without it, the rows alone stand for their stories.
    """
    placements = story_placements or {}
    stories = _story_info(list(rows), placements, config)
    story_dates = {story_id: info.date for story_id, info in stories.items()}
    eligible = eligible_rows(
        rows, config, period, include_pending=include_pending, story_dates=story_dates
    )
    items = merge_log_evidence(_items(eligible, COUNTED_ROLES, stories, placements), eligible)
    passing = _items(eligible, PASSING_ROLES, stories, placements)
    talks = _items(eligible, TALK_ROLES, stories, placements)
    rows_by_id = {row.id: row for row in eligible}

    experts = {e.id: e for e in config.experts}
    expert_order = [e.id for e in config.experts if _members_in(e, period)]
    group_order = list(dict.fromkeys(g for e in config.experts for g in e.groups))

    total = _Tally(["all"])
    media = _Tally([str(m) for m in MediaType])
    outlets = _Tally()
    months = _Tally(period.months())
    roles = _Tally([str(r) for r in COUNTED_ROLES])
    by_expert = _Tally(expert_order)
    groups = _Tally(group_order)
    for item in items:
        documents = [p.document_id for p in item.placements]
        total.add("all", item, documents)
        media.add(item.media_type, item, documents)
        outlets.add(item.outlet, item, documents)
        months.add(item.month, item, documents)
        roles.add(str(item.role), item, documents)
        per_expert = _expert_documents(item, rows_by_id)
        per_group: dict[str, set[int]] = defaultdict(set)
        for expert_id, expert_documents in per_expert.items():
            by_expert.add(expert_id, item, expert_documents)
            for group in experts[expert_id].groups_on(item.date.date()):
                per_group[group].update(expert_documents)
        for group, group_documents in per_group.items():
            groups.add(group, item, group_documents)

    talk_experts: dict[str, set[int]] = {e: set() for e in expert_order}
    talk_groups: dict[str, set[int]] = {g: set() for g in group_order}
    talk_months: dict[str, set[int]] = {m: set() for m in period.months()}
    for number, item in enumerate(talks):
        talk_months.setdefault(item.month, set()).add(number)
        for expert_id in item.experts:
            talk_experts.setdefault(expert_id, set()).add(number)
            for group in experts[expert_id].groups_on(item.date.date()):
                talk_groups.setdefault(group, set()).add(number)
    reach = _Tally(["domestic", "foreign"])
    for item in items:
        outlet = config.outlet(item.outlet)
        key = UNKNOWN if outlet is None else "domestic" if outlet.domestic else "foreign"
        reach.add(key, item, [p.document_id for p in item.placements])
    counted = {(i.story_id, i.role) for i in (*items, *talks)}
    pending_items = 0
    if not include_pending:
        draft = eligible_rows(
            rows, config, period, include_pending=True, story_dates=story_dates
        )
        pending_items = len(
            {
                (row.story_id, row.role)
                for row in draft
                if row.status == MentionStatus.PENDING
                and row.role in (*COUNTED_ROLES, *TALK_ROLES)
            }
            - counted
        )

    publication_items = tuple(
        PublicationItem(
            id=p.id,
            url=p.url,
            title=p.title,
            pub_type=p.pub_type,
            language=p.language,
            date=_local(p.date),
            authors=p.authors,
        )
        for p in sorted(publications, key=lambda p: (p.date, p.id))
        if period.contains(_local(p.date))
    )
    publications_by_type: dict[str, int] = defaultdict(int)
    expert_publications: dict[str, int] = defaultdict(int)
    for pub in publication_items:
        publications_by_type[pub.pub_type] += 1
        for author in dict.fromkeys(pub.authors):
            expert = experts.get(author)
            if expert is not None and expert.is_member_on(pub.date.date()):
                expert_publications[author] += 1

    expert_counts = by_expert.counts()
    for expert_id in expert_publications:
        expert_counts.setdefault(expert_id, Count(0, 0))
    media_counts = media.counts()  # every media type, then "unknown" when present
    all_count = total.counts()["all"]
    return Report(
        period=period,
        count_placements=count_placements,
        include_pending=include_pending,
        totals=Totals(
            appearances=all_count.appearances,
            placements=all_count.placements,
            publications=len(publication_items),
            passing_mentions=len(passing),
            talks=len(talks),
        ),
        by_media_type=media_counts,
        by_expert={
            expert_id: ExpertCount(
                name=experts[expert_id].name,
                groups=experts[expert_id].groups,
                appearances=value.appearances,
                placements=value.placements,
                publications=expert_publications.get(expert_id, 0),
            )
            for expert_id, value in expert_counts.items()
        },
        by_group=groups.counts(),
        by_outlet=outlets.counts(order="size"),
        by_month=months.counts(),
        by_role=roles.counts(),
        publications_by_type=dict(sorted(publications_by_type.items())),
        items=items,
        passing_items=passing,
        talk_items=talks,
        pending_items=pending_items,
        talks_by_expert={k: len(v) for k, v in talk_experts.items()},
        talks_by_group={k: len(v) for k, v in talk_groups.items()},
        talks_by_month={k: len(v) for k, v in talk_months.items()},
        by_reach=reach.counts(),
        unlisted_outlets=tuple(
            sorted(
                {
                    item.outlet
                    for item in (*items, *talks, *passing)
                    if item.outlet != UNKNOWN and config.outlet(item.outlet) is None
                }
            )
        ),
        publication_items=publication_items,
    )


def report_for_period(
    session: Session,
    config: Config,
    period: Period,
    *,
    include_pending: bool,
    count_placements: bool,
) -> Report:
    """Read the period's expert mentions and publications and build the report."""
    # Pending rows are read either way: without include_pending they only tell how
    # many items wait for review.
    statuses = {MentionStatus.CONFIRMED, MentionStatus.PENDING}
    # Reprints of a story can fall just outside the period; read a margin around
    # it so that each story is dated by its first placement wherever that falls.
    rows = queries.appearance_rows(
        session, period.start_at - STORY_MARGIN, period.end_at + STORY_MARGIN, statuses
    )
    placements = queries.story_placement_map(session, {row.story_id for row in rows})
    publications = queries.publication_rows(session, period.start_at, period.end_at)
    return build_report(
        rows,
        publications,
        config,
        period,
        count_placements=count_placements,
        include_pending=include_pending,
        story_placements=placements,
    )


def authored_by(report: Report, experts: Collection[str]) -> Report:
    """The report with only the publications some of ``experts`` wrote (a group's report)."""
    publications = tuple(p for p in report.publication_items if set(p.authors) & set(experts))
    by_type: dict[str, int] = defaultdict(int)
    for publication in publications:
        by_type[publication.pub_type] += 1
    return replace(
        report,
        publication_items=publications,
        publications_by_type=dict(sorted(by_type.items())),
        totals=replace(report.totals, publications=len(publications)),
    )
