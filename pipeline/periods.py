"""Closed periods: the numbers of a period frozen when staff close it, and what changed since.

In: a period label (``FY2024``, ``2024``, ``2024-04-01..2024-09-30``), the
JSON snapshot of a closed period (``Report.to_dict()`` as it stood when the
period was closed) and the report built afresh. Out: the ``Period`` of a
label; frozen ``Amendment`` values (story × role items added, removed or
changed; publications added, removed or changed; totals that moved); and
Markdown that reproduces the snapshot and lists the amendments after it.

``parse_period``, ``report_state``, ``amendments`` and the renderers are
pure. ``close``, ``closed_period_report`` and ``closed_period_json`` are the
thin readers and writers around them: they build the report with
``pipeline.report.report_for_period`` and store or read snapshots through
``storage.periods``. No SQL here, no network.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from pipeline.dates import JST
from pipeline.report import Period, calendar_year, date_range, fiscal_year, report_for_period
from pipeline.types import Config
from storage import periods as store
from storage.periods import SnapshotRow

#: The totals a closed period is compared on, with their labels.
TOTALS = {
    "appearances": "Appearances",
    "placements": "Placements",
    "publications": "Publications",
    "passing_mentions": "Passing mentions (not counted)",
    "talks": "Talks at events (not media appearances)",
}
#: The item fields compared, in the order they are reported.
ITEM_FIELDS = ("role", "experts", "outlet", "media_type", "date", "placements", "mention_ids")
PUBLICATION_FIELDS = ("title", "pub_type", "language", "date", "authors", "url")
#: The item lists of a report; a story × role is in at most one of them (the role decides).
ITEM_LISTS = ("items", "talk_items", "passing_items")


# --- labels ---------------------------------------------------------------------


class PeriodLabelError(ValueError):
    """A period label that is none of ``FY2024``, ``2024`` or ``2024-04-01..2024-09-30``."""


_FISCAL = re.compile(r"FY(\d{4})", re.IGNORECASE)
_CALENDAR = re.compile(r"\d{4}")
_DAYS = re.compile(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})")


def parse_period(text: str, fiscal_year_start: int = 4) -> Period:
    """The period a label names; its ``label`` is the canonical spelling.

    ``FY2024`` is the fiscal year starting in ``fiscal_year_start`` of 2024,
    ``2024`` the calendar year, ``2024-04-01..2024-09-30`` the days from the
    first to the last, both inclusive. Full-width digits are read as ASCII.
    Raises ``PeriodLabelError`` for anything else.
    """
    label = unicodedata.normalize("NFKC", text).strip()
    try:
        if match := _FISCAL.fullmatch(label):
            return fiscal_year(int(match.group(1)), fiscal_year_start)
        if _CALENDAR.fullmatch(label):
            return calendar_year(int(label))
        if match := _DAYS.fullmatch(label):
            first, last = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
            return date_range(first, last, f"{first.isoformat()}..{last.isoformat()}")
    except ValueError as error:
        raise PeriodLabelError(f"{text!r} is not a period: {error}") from None
    raise PeriodLabelError(
        f"{text!r} is not a period; use FY2024 (fiscal year starting in month "
        f"{fiscal_year_start}), 2024 (calendar year) or 2024-04-01..2024-09-30 "
        "(first and last day)"
    )


# --- what a report (or its snapshot) says ----------------------------------------


@dataclass(frozen=True, slots=True)
class ItemState:
    """One story × role as a report listed it."""

    story_id: int
    role: str
    experts: tuple[str, ...]
    outlet: str
    media_type: str
    date: datetime
    placements: int
    mention_ids: tuple[int, ...]
    url: str = ""
    title: str = ""

    @property
    def key(self) -> tuple[int, str]:
        """Story id and role: what makes an item the same item."""
        return (self.story_id, self.role)


@dataclass(frozen=True, slots=True)
class PublicationState:
    """One counted publication as a report listed it."""

    id: int
    title: str
    pub_type: str
    language: str
    date: datetime
    authors: tuple[str, ...]
    url: str


@dataclass(frozen=True, slots=True)
class ReportState:
    """What the amendments compare: every item, every publication and the totals."""

    label: str
    items: Mapping[tuple[int, str], ItemState]
    publications: Mapping[int, PublicationState]
    totals: Mapping[str, int]


def _item_state(data: Mapping[str, Any]) -> ItemState:
    documents = data.get("documents") or []
    urls = data.get("urls") or []
    title = next((str(d.get("title") or "") for d in documents if d.get("title")), "")
    return ItemState(
        story_id=int(data["story_id"]),
        role=str(data["role"]),
        experts=tuple(sorted(str(e) for e in data.get("experts", ()))),
        outlet=str(data.get("outlet", "")),
        media_type=str(data.get("media_type", "")),
        date=datetime.fromisoformat(str(data["date"])),
        placements=int(data.get("placements", len(documents))),
        mention_ids=tuple(sorted(int(m) for m in data.get("mention_ids", ()))),
        url=str(urls[0]) if urls else "",
        title=title,
    )


def _publication_state(data: Mapping[str, Any]) -> PublicationState:
    return PublicationState(
        id=int(data["id"]),
        title=str(data.get("title", "")),
        pub_type=str(data.get("pub_type", "")),
        language=str(data.get("language", "")),
        date=datetime.fromisoformat(str(data["date"])),
        authors=tuple(str(a) for a in data.get("authors", ())),
        url=str(data.get("url", "")),
    )


def report_state(data: Mapping[str, Any]) -> ReportState:
    """The comparable content of a ``Report.to_dict()`` (a snapshot or a fresh report)."""
    items: dict[tuple[int, str], ItemState] = {}
    for name in ITEM_LISTS:
        for raw in data.get(name) or []:
            item = _item_state(raw)
            items[item.key] = item
    publications = {p.id: p for p in map(_publication_state, data.get("publication_items") or [])}
    totals = data.get("totals") or {}
    return ReportState(
        label=str((data.get("period") or {}).get("label", "")),
        items=items,
        publications=publications,
        totals={name: int(totals.get(name, 0)) for name in TOTALS},
    )


# --- amendments -------------------------------------------------------------------


class AmendmentKind(StrEnum):
    """What happened to an item or a publication after the period was closed."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class Amendment:
    """One story × role that differs from the snapshot.

    ``before`` is None for an added item, ``after`` for a removed one;
    ``changed`` names the fields that differ (``ITEM_FIELDS``). A role
    corrected after closing is one ``changed`` amendment whose ``role`` is
    the new role (``before.role`` the old one).
    """

    kind: AmendmentKind
    story_id: int
    role: str
    before: ItemState | None
    after: ItemState | None
    changed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PublicationAmendment:
    """One publication that differs from the snapshot."""

    kind: AmendmentKind
    publication_id: int
    before: PublicationState | None
    after: PublicationState | None
    changed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TotalChange:
    """A headline number that moved since closing."""

    name: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Amendments:
    """Everything that changed since a period was closed (empty when nothing did)."""

    items: tuple[Amendment, ...]
    publications: tuple[PublicationAmendment, ...]
    totals: tuple[TotalChange, ...]

    def __bool__(self) -> bool:
        return bool(self.items or self.publications or self.totals)


def _changed(before: object, after: object, fields: Sequence[str]) -> tuple[str, ...]:
    return tuple(name for name in fields if getattr(before, name) != getattr(after, name))


def _pair_role_changes(
    removed: list[ItemState], added: list[ItemState]
) -> list[tuple[ItemState, ItemState]]:
    """Removed and added items of the same story sharing a mention: one item whose role changed.

    Paired items are taken out of ``removed`` and ``added``.
    """
    pairs: list[tuple[ItemState, ItemState]] = []
    added_by_story: dict[int, list[ItemState]] = defaultdict(list)
    for item in added:
        added_by_story[item.story_id].append(item)
    for old in list(removed):
        match = next(
            (
                new
                for new in added_by_story[old.story_id]
                if set(new.mention_ids) & set(old.mention_ids)
            ),
            None,
        )
        if match is None:
            continue
        pairs.append((old, match))
        removed.remove(old)
        added.remove(match)
        added_by_story[old.story_id].remove(match)
    return pairs


def _item_order(amendment: Amendment) -> tuple[datetime, int, str]:
    item = amendment.after or amendment.before
    assert item is not None
    return (item.date, item.story_id, item.role)


def amendments(before: ReportState, after: ReportState) -> Amendments:
    """What differs between the snapshot (``before``) and the report now (``after``).

    Items are matched by story id × role: in ``after`` only is added, in
    ``before`` only is removed (unless the same story has an added item sharing
    a mention id: then its role changed), in both with any of experts,
    outlet, media type, date, placements or mention ids different is changed.
    Publications are matched by id. Ordered by the item's date, then story.
    """
    removed = [item for key, item in before.items.items() if key not in after.items]
    added = [item for key, item in after.items.items() if key not in before.items]
    out: list[Amendment] = []
    for old, new in _pair_role_changes(removed, added):
        out.append(
            Amendment(
                AmendmentKind.CHANGED,
                new.story_id,
                new.role,
                old,
                new,
                _changed(old, new, ITEM_FIELDS),
            )
        )
    out += [Amendment(AmendmentKind.ADDED, i.story_id, i.role, None, i) for i in added]
    out += [Amendment(AmendmentKind.REMOVED, i.story_id, i.role, i, None) for i in removed]
    for key, old in before.items.items():
        new_item = after.items.get(key)
        if new_item is None:
            continue
        changed = _changed(old, new_item, ITEM_FIELDS)
        if changed:
            out.append(
                Amendment(AmendmentKind.CHANGED, old.story_id, old.role, old, new_item, changed)
            )
    out.sort(key=_item_order)

    publications: list[PublicationAmendment] = []
    for pub_id in sorted(set(before.publications) | set(after.publications)):
        old_pub, new_pub = before.publications.get(pub_id), after.publications.get(pub_id)
        if old_pub is None:
            publications.append(PublicationAmendment(AmendmentKind.ADDED, pub_id, None, new_pub))
        elif new_pub is None:
            publications.append(PublicationAmendment(AmendmentKind.REMOVED, pub_id, old_pub, None))
        elif changed := _changed(old_pub, new_pub, PUBLICATION_FIELDS):
            publications.append(
                PublicationAmendment(AmendmentKind.CHANGED, pub_id, old_pub, new_pub, changed)
            )
    totals = tuple(
        TotalChange(name, before.totals.get(name, 0), after.totals.get(name, 0))
        for name in TOTALS
        if before.totals.get(name, 0) != after.totals.get(name, 0)
    )
    return Amendments(items=tuple(out), publications=tuple(publications), totals=totals)


# --- Markdown ---------------------------------------------------------------------


def _md(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _jst(moment: datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone(JST).strftime(fmt)


def _count_table(title: str, table: Mapping[str, Any]) -> list[str]:
    lines = ["", f"## {title}", "", "| Key | Appearances | Placements |", "| --- | ---: | ---: |"]
    for key, value in table.items():
        lines.append(
            f"| {_md(key)} | {value.get('appearances', 0)} | {value.get('placements', 0)} |"
        )
    return lines


def snapshot_markdown(data: Mapping[str, Any], closed_at: datetime, closed_by: str) -> list[str]:
    """The snapshot of a closed period as Markdown lines: totals, every breakdown, the items.

    The same tables ``mediawatch report --format md`` shows, read from the
    stored ``Report.to_dict()`` rather than from the database.
    """
    period = data.get("period") or {}
    totals = data.get("totals") or {}
    label = period.get("label", "")
    lines = [
        f"# Media appearances — {_md(label)} (closed / 確定)",
        "",
        f"> Closed on {_jst(closed_at)} (JST) by {_md(closed_by)}. The numbers below are "
        "those at closing; later changes are listed under Amendments at the end.",
        "",
        f"Period: {period.get('start', '')} to {period.get('last_day', '')} (Asia/Tokyo). "
        f"Counting {data.get('counting', 'appearances')}; confirmed mentions only.",
        "",
        "| Total | Number |",
        "| --- | ---: |",
    ]
    lines += [f"| {title} | {totals.get(name, 0)} |" for name, title in TOTALS.items()]
    unlisted = data.get("unlisted_outlets") or []
    if unlisted:
        lines += [
            "",
            "Outlets not in sources.yaml at closing: " + ", ".join(_md(n) for n in unlisted),
        ]
    lines += ["", "## By expert", "", "| Expert | Name | Appearances | Placements | Publications |"]
    lines.append("| --- | --- | ---: | ---: | ---: |")
    for key, expert in (data.get("by_expert") or {}).items():
        lines.append(
            f"| {_md(key)} | {_md(expert.get('name', ''))} | {expert.get('appearances', 0)} "
            f"| {expert.get('placements', 0)} | {expert.get('publications', 0)} |"
        )
    for name, title in (
        ("by_media_type", "By media type"),
        ("by_reach", "By reach"),
        ("by_group", "By group"),
        ("by_outlet", "By outlet"),
        ("by_month", "By month"),
        ("by_role", "By role"),
    ):
        if name in data:
            lines += _count_table(title, data[name] or {})
    talks = [
        data.get(name) or {} for name in ("talks_by_expert", "talks_by_group", "talks_by_month")
    ]
    if any(talks):
        lines += ["", "## Talks (講演・登壇) by expert, group and month", "", "| Key | Talks |"]
        lines.append("| --- | ---: |")
        for table in talks:
            lines += [f"| {_md(key)} | {number} |" for key, number in table.items() if number]
    lines += ["", "## Publications by type", "", "| Type | Publications |", "| --- | ---: |"]
    for key, number in (data.get("publications_by_type") or {}).items():
        lines.append(f"| {_md(key)} | {number} |")
    lines += [
        "",
        "## Items",
        "",
        "| # | Date (JST) | Experts | Role | Outlet | Media | Placements | Mentions | URLs |",
        "| ---: | --- | --- | --- | --- | --- | ---: | --- | --- |",
    ]
    listed = [*(data.get("items") or []), *(data.get("talk_items") or [])]
    for number, item in enumerate(listed, start=1):
        day = _jst(datetime.fromisoformat(str(item["date"])), "%Y-%m-%d")
        lines.append(
            f"| {number} | {day} | {_md(', '.join(item.get('experts', ())))} "
            f"| {item.get('role', '')} | {_md(item.get('outlet', ''))} "
            f"| {item.get('media_type', '')} | {item.get('placements', 0)} "
            f"| {', '.join(str(m) for m in item.get('mention_ids', ()))} "
            f"| {_md(' '.join(item.get('urls', ())))} |"
        )
    return lines


def _item_cells(item: ItemState) -> str:
    return (
        f"{_jst(item.date, '%Y-%m-%d')} | {_md(', '.join(item.experts))} | {_md(item.outlet)} "
        f"| {item.media_type} | {item.placements} "
        f"| {', '.join(str(m) for m in item.mention_ids)}"
    )


def _show(value: object) -> str:
    if isinstance(value, datetime):
        return _jst(value)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) or "-"
    return str(value)


def _what_changed(before: object, after: object, names: Iterable[str]) -> str:
    return "; ".join(
        f"{name}: {_md(_show(getattr(before, name)))} → {_md(_show(getattr(after, name)))}"
        for name in names
    )


_KIND_LABELS = {
    AmendmentKind.ADDED: "added (追加)",
    AmendmentKind.REMOVED: "removed (削除)",
    AmendmentKind.CHANGED: "changed (変更)",
}


def amendments_markdown(changes: Amendments, closed_at: datetime) -> list[str]:
    """The amendments as Markdown lines, under "## Amendments since closing on DAY (JST)"."""
    lines = [f"## Amendments since closing on {_jst(closed_at, '%Y-%m-%d')} (JST)", ""]
    if not changes:
        lines.append("None: the period's items are as they were at closing.")
        return lines
    lines += [
        "These changes came after closing and are not in the numbers above.",
    ]
    if changes.totals:
        lines += ["", "| Total | At closing | Now |", "| --- | ---: | ---: |"]
        lines += [f"| {TOTALS[t.name]} | {t.before} | {t.after} |" for t in changes.totals]
    if changes.items:
        lines += [
            "",
            "| # | Change | Story | Role | Date (JST) | Experts | Outlet | Media | Placements "
            "| Mentions | What changed |",
            "| ---: | --- | ---: | --- | --- | --- | --- | --- | ---: | --- | --- |",
        ]
        for number, change in enumerate(changes.items, start=1):
            item = change.after or change.before
            assert item is not None
            detail = (
                _what_changed(change.before, change.after, change.changed)
                if change.before is not None and change.after is not None
                else _md(item.title or item.url)
            )
            lines.append(
                f"| {number} | {_KIND_LABELS[change.kind]} | {change.story_id} | {change.role} "
                f"| {_item_cells(item)} | {detail} |"
            )
    if changes.publications:
        lines += [
            "",
            "| # | Change | Publication | Date (JST) | Type | Title | What changed |",
            "| ---: | --- | ---: | --- | --- | --- | --- |",
        ]
        for number, pub_change in enumerate(changes.publications, start=1):
            pub = pub_change.after or pub_change.before
            assert pub is not None
            detail = (
                _what_changed(pub_change.before, pub_change.after, pub_change.changed)
                if pub_change.before is not None and pub_change.after is not None
                else ""
            )
            lines.append(
                f"| {number} | {_KIND_LABELS[pub_change.kind]} | {pub.id} "
                f"| {_jst(pub.date, '%Y-%m-%d')} | {_md(pub.pub_type)} | {_md(pub.title)} "
                f"| {detail} |"
            )
    return lines


def _state_dict(value: ItemState | PublicationState | None) -> dict[str, Any] | None:
    if value is None:
        return None
    out: dict[str, Any] = {}
    for field in fields(value):
        field_value = getattr(value, field.name)
        if isinstance(field_value, datetime):
            field_value = field_value.isoformat()
        elif isinstance(field_value, tuple):
            field_value = list(field_value)
        out[field.name] = field_value
    return out


def amendments_to_dict(changes: Amendments) -> dict[str, Any]:
    """The amendments in a JSON-ready shape (times in ISO 8601 with their offset)."""
    return {
        "totals": [{"name": t.name, "before": t.before, "after": t.after} for t in changes.totals],
        "items": [
            {
                "kind": str(a.kind),
                "story_id": a.story_id,
                "role": a.role,
                "changed": list(a.changed),
                "before": _state_dict(a.before),
                "after": _state_dict(a.after),
            }
            for a in changes.items
        ],
        "publications": [
            {
                "kind": str(p.kind),
                "publication_id": p.publication_id,
                "changed": list(p.changed),
                "before": _state_dict(p.before),
                "after": _state_dict(p.after),
            }
            for p in changes.publications
        ],
    }


# --- reading and writing ------------------------------------------------------------


def snapshot_summary(data: Mapping[str, Any]) -> dict[str, int]:
    """The headline numbers of a snapshot and how many items it lists (for audit and lists)."""
    totals = data.get("totals") or {}
    summary = {name: int(totals.get(name, 0)) for name in TOTALS}
    summary["items"] = sum(len(data.get(name) or []) for name in ITEM_LISTS)
    return summary


def _fresh(session: Session, config: Config, period: Period) -> dict[str, Any]:
    """The period's report now, as closing counts it: confirmed only, appearances."""
    report = report_for_period(
        session, config, period, include_pending=False, count_placements=False
    )
    return report.to_dict()


def close(
    session: Session, config: Config, period: Period, *, actor: str, now: datetime
) -> SnapshotRow:
    """Close ``period``: store its report now as the current snapshot (audited ``period_close``).

    Raises ``storage.periods.PeriodError`` when the same days are already closed.
    """
    data = _fresh(session, config, period)
    return store.close_period(
        session,
        label=period.label,
        start=period.start,
        end=period.end,
        snapshot=json.dumps(data, ensure_ascii=False),
        actor=actor,
        now=now,
        summary=snapshot_summary(data),
    )


def closed_state(
    session: Session, config: Config, period: Period
) -> tuple[SnapshotRow, dict[str, Any], Amendments] | None:
    """The current snapshot of ``period``'s days, its data and the amendments since; or None."""
    row = store.current_snapshot_of_days(session, period.start, period.end)
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row.snapshot)
    changes = amendments(report_state(data), report_state(_fresh(session, config, period)))
    return row, data, changes


def closed_period_report(session: Session, config: Config, period: Period) -> str | None:
    """Markdown of a closed period: its snapshot, then the amendments since; None when open.

    The period is found by its days, so ``--fiscal-year 2024`` and
    ``--from 2024-04-01 --to 2025-03-31`` both find FY2024 closed.
    """
    state = closed_state(session, config, period)
    if state is None:
        return None
    row, data, changes = state
    lines = snapshot_markdown(data, row.closed_at, row.closed_by)
    lines += ["", *amendments_markdown(changes, row.closed_at)]
    return "\n".join(lines) + "\n"


def closed_period_json(session: Session, config: Config, period: Period) -> str | None:
    """JSON of a closed period: the snapshot, who closed it when, the amendments; None when open."""
    state = closed_state(session, config, period)
    if state is None:
        return None
    row, data, changes = state
    return json.dumps(
        {
            **data,
            "closed": {
                "label": row.label,
                "closed_at": row.closed_at.isoformat(),
                "closed_by": row.closed_by,
                "snapshot_id": row.id,
            },
            "amendments": amendments_to_dict(changes),
        },
        ensure_ascii=False,
        indent=2,
    )
