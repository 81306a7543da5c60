"""A ``Report`` as people read it: the annual report's lines, Markdown, CSV, JSON and XLSX.

In: a ``pipeline.report.Report``. Out: text (``summary_lines``, ``to_markdown``,
``to_csv``, ``items_csv``, ``to_json``) or an XLSX file (``to_xlsx``). The
summary speaks the institute's style, Japanese by default:
「メディアを通じた対外発信（計85回）」 with its breakdown by media type and reach,
「講演・登壇（計N回）」 and 「研究レポート・戦略コメント（日・英）計N本」. A draft
(pending items counted) says so on every output; a report with nothing confirmed
says how many items wait for review. Times say their zone (JST). CSV is UTF-8
with a byte-order mark, so Excel opens Japanese text as it is. No counting here,
no database, no network.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.report import BREAKDOWNS, UNKNOWN, AppearanceItem, Report
from pipeline.types import MediaType

BOM = "\ufeff"
CSV_COLUMNS = ("breakdown", "key", "appearances", "placements", "count")
ITEM_COLUMNS = (
    "date (JST)",
    "experts",
    "outlet",
    "media type",
    "role",
    "title",
    "url",
    "source",
    "evidence",
    "story",
    "mention ids",
)

# The report's media-type words, in the order the institute lists them.
_MEDIA_JA = {
    str(MediaType.NEWSPAPER): "新聞",
    str(MediaType.TV): "テレビ",
    str(MediaType.RADIO): "ラジオ",
    str(MediaType.MAGAZINE): "雑誌",
    str(MediaType.WIRE): "通信社",
    str(MediaType.WEB): "ウェブ",
    str(MediaType.JOURNAL): "学術誌",
    UNKNOWN: "不明",
}
_MEDIA_EN = {
    str(MediaType.NEWSPAPER): "newspapers",
    str(MediaType.TV): "TV",
    str(MediaType.RADIO): "radio",
    str(MediaType.MAGAZINE): "magazines",
    str(MediaType.WIRE): "wire services",
    str(MediaType.WEB): "web",
    str(MediaType.JOURNAL): "journals",
    UNKNOWN: "unknown",
}


# --- the report's lines --------------------------------------------------------------


def status_line(report: Report, lang: str = "ja") -> str | None:
    """What a reader must know before the numbers: a draft, or nothing confirmed yet."""
    if report.include_pending:
        return (
            "【下書き】確認待ちの項目を含む集計です。確定値ではありません。"
            if lang == "ja"
            else "DRAFT: pending items are counted; these are not confirmed totals."
        )
    confirmed = report.totals.appearances + report.totals.talks
    if confirmed == 0 and report.pending_items:
        return (
            f"確認済み 0件、確認待ち {report.pending_items}件 — "
            "`--include-pending` で下書きとして表示できます。"
            if lang == "ja"
            else f"0 confirmed; {report.pending_items} pending review — "
            "`--include-pending` shows them as a draft."
        )
    if report.pending_items:
        return (
            f"確認待ち {report.pending_items}件は含まれていません。"
            if lang == "ja"
            else f"{report.pending_items} items pending review are not counted."
        )
    return None


def summary_lines(report: Report, lang: str = "ja") -> list[str]:
    """The annual report's lines: media appearances with their breakdown, talks, publications."""
    t = report.totals
    media = {k: v.appearances for k, v in report.by_media_type.items() if v.appearances}
    reach = {k: v.appearances for k, v in report.by_reach.items()}
    languages = {"ja": 0, "en": 0}
    for publication in report.publication_items:
        key = "ja" if publication.language.lower().startswith("ja") else "en"
        languages[key] += 1
    appearances = report.headline(t.appearances, t.placements)
    if lang == "ja":
        breakdown = "、".join(f"{_MEDIA_JA.get(k, k)} {n}回" for k, n in media.items()) or "なし"
        where = f"国内 {reach.get('domestic', 0)}回・海外 {reach.get('foreign', 0)}回"
        if reach.get(UNKNOWN):
            where += f"・不明 {reach[UNKNOWN]}回"
        return [
            f"メディアを通じた対外発信（計{appearances}回）",
            f"　{breakdown}",
            f"　{where}",
            f"講演・登壇（計{t.talks}回）",
            f"研究レポート・戦略コメント（日・英）計{t.publications}本",
            f"　日本語 {languages['ja']}本・英語 {languages['en']}本",
        ]
    breakdown = ", ".join(f"{_MEDIA_EN.get(k, k)} {n}" for k, n in media.items()) or "none"
    where = f"domestic {reach.get('domestic', 0)}, foreign {reach.get('foreign', 0)}"
    if reach.get(UNKNOWN):
        where += f", unknown {reach[UNKNOWN]}"
    return [
        f"Media appearances: {appearances} in total",
        f"  {breakdown}",
        f"  {where}",
        f"Talks at events: {t.talks} in total",
        f"Research reports and strategic comments (Japanese and English): {t.publications}",
        f"  Japanese {languages['ja']}, English {languages['en']}",
    ]


# --- JSON and CSV ------------------------------------------------------------------------


def to_json(report: Report) -> str:
    """The report as pretty JSON (UTF-8 text, Japanese kept as is; times with their offset)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def _table_rows(report: Report) -> list[tuple[str, str, int | str, int | str, int]]:
    """The tidy table behind CSV and XLSX: one row per breakdown key.

    ``count`` is the headline number (appearances, or placements when the
    report counts placements); publication, talk and passing-mention rows carry
    only ``count``.
    """
    t = report.totals
    out: list[tuple[str, str, int | str, int | str, int]] = [
        (
            "totals",
            "all",
            t.appearances,
            t.placements,
            report.headline(t.appearances, t.placements),
        ),
        ("totals", "publications", "", "", t.publications),
        ("totals", "passing_mentions", "", "", t.passing_mentions),
        ("totals", "talks", "", "", t.talks),
        ("totals", "pending_items", "", "", report.pending_items),
    ]
    for name in (*BREAKDOWNS, "by_reach"):
        values = report.by_reach if name == "by_reach" else report.breakdown(name)
        for key, value in values.items():
            count = report.headline(value.appearances, value.placements)
            out.append((name, key, value.appearances, value.placements, count))
    for key, expert in report.by_expert.items():
        out.append(("publications_by_expert", key, "", "", expert.publications))
    for key, number in report.publications_by_type.items():
        out.append(("publications_by_type", key, "", "", number))
    for name, talks in (
        ("talks_by_expert", report.talks_by_expert),
        ("talks_by_group", report.talks_by_group),
        ("talks_by_month", report.talks_by_month),
    ):
        for key, number in talks.items():
            out.append((name, key, "", "", number))
    return out


def _csv(rows: Sequence[Sequence[object]], header: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def to_csv(report: Report) -> str:
    """A long/tidy CSV (UTF-8 with BOM): breakdown, key, appearances, placements, count.

    A draft's first data row says so (``status``, ``draft``).
    """
    rows: list[tuple[object, ...]] = list(_table_rows(report))
    if report.include_pending:
        rows.insert(0, ("status", "draft", "", "", ""))
    return _csv(rows, CSV_COLUMNS)


def _item_row(item: AppearanceItem, kind: str) -> list[object]:
    return [
        f"{item.date:%Y-%m-%d %H:%M} JST",
        ", ".join(item.experts),
        item.outlet,
        item.media_type,
        kind if kind != "appearance" else str(item.role),
        item.title,
        item.urls[0] if item.urls else "",
        "manual" if item.manual else "collected",
        len(item.placements),
        item.story_id,
        " ".join(str(m) for m in item.mention_ids),
    ]


def item_rows(report: Report) -> list[list[object]]:
    """One row per counted item: media appearances, then talks (role ``talk``)."""
    return [_item_row(i, "appearance") for i in report.items] + [
        _item_row(i, "talk") for i in report.talk_items
    ]


def items_csv(report: Report) -> str:
    """One CSV row per counted item (UTF-8 with BOM), the columns of ``ITEM_COLUMNS``."""
    return _csv(item_rows(report), ITEM_COLUMNS)


# --- Markdown ---------------------------------------------------------------------------


def _md(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report, lang: str = "ja") -> str:
    """The annual report's lines first (Japanese by default), then every breakdown and item."""
    p, t = report.period, report.totals
    title = "メディア出演・講演・出版の集計" if lang == "ja" else "Media appearances"
    lines = [f"# {title} — {p.label}", ""]
    status = status_line(report, lang)
    if status:
        lines += [f"> {status}", ""]
    lines += [
        f"Period: {p.start.isoformat()} to {p.last_day.isoformat()} (Asia/Tokyo). "
        f"Counting {report.counting}; "
        + (
            "confirmed and likely pending mentions (DRAFT)."
            if report.include_pending
            else "confirmed mentions only."
        ),
        "",
        *summary_lines(report, lang),
        "",
        "| Total | Number |",
        "| --- | ---: |",
        f"| Appearances | {t.appearances} |",
        f"| Placements | {t.placements} |",
        f"| Publications | {t.publications} |",
        f"| Passing mentions (not counted) | {t.passing_mentions} |",
        f"| Talks at events (not media appearances) | {t.talks} |",
    ]
    if report.unlisted_outlets:
        lines += [
            "",
            "Outlets not in sources.yaml (add them so their media type is known): "
            + ", ".join(_md(name) for name in report.unlisted_outlets),
        ]
    titles = {
        "by_media_type": "By media type",
        "by_group": "By group",
        "by_outlet": "By outlet",
        "by_month": "By month",
        "by_role": "By role",
    }
    lines += ["", "## By expert", "", "| Expert | Name | Appearances | Placements | Publications |"]
    lines.append("| --- | --- | ---: | ---: | ---: |")
    for key, e in report.by_expert.items():
        lines.append(
            f"| {_md(key)} | {_md(e.name)} | {e.appearances} | {e.placements} | {e.publications} |"
        )
    for name, heading in titles.items():
        lines += [
            "",
            f"## {heading}",
            "",
            "| Key | Appearances | Placements |",
            "| --- | ---: | ---: |",
        ]
        for key, value in report.breakdown(name).items():
            lines.append(f"| {_md(key)} | {value.appearances} | {value.placements} |")
    lines += ["", "## Talks (講演・登壇) by expert, group and month", "", "| Key | Talks |"]
    lines.append("| --- | ---: |")
    for talks in (report.talks_by_expert, report.talks_by_group, report.talks_by_month):
        lines += [f"| {_md(key)} | {number} |" for key, number in talks.items() if number]
    lines += ["", "## Publications by type", "", "| Type | Publications |", "| --- | ---: |"]
    for key, number in report.publications_by_type.items():
        lines.append(f"| {_md(key)} | {number} |")
    lines += [
        "",
        "## Items",
        "",
        "| # | Date (JST) | Experts | Role | Outlet | Media | Placements | Mentions | URLs |",
        "| ---: | --- | --- | --- | --- | --- | ---: | --- | --- |",
    ]
    for number, item in enumerate((*report.items, *report.talk_items), start=1):
        lines.append(
            f"| {number} | {item.date:%Y-%m-%d} | {_md(', '.join(item.experts))} | {item.role} "
            f"| {_md(item.outlet)} | {item.media_type} | {len(item.placements)} "
            f"| {', '.join(str(m) for m in item.mention_ids)} | {_md(' '.join(item.urls))} |"
        )
    return "\n".join(lines) + "\n"


# --- XLSX -----------------------------------------------------------------------------------


def _as_plain_text(workbook: Workbook) -> None:
    """Store every cell that looks like a formula as text.

    Titles and snippets come from untrusted pages; a headline starting with
    ``=`` must not become a live formula in staff's spreadsheet. The report
    itself writes no formulas.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _width(value: object) -> int:
    """Display width of a cell's text: East Asian characters count double."""
    text = str(value or "")
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text.split("\n")[0])


def _table(sheet: Worksheet, header: list[str], rows: list[list[object]]) -> None:
    """A header row (bold, frozen, with an autofilter) over the rows; widths fit the text."""
    bold = Font(bold=True)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    for index, _ in enumerate(header, start=1):
        column = [sheet.cell(row=r, column=index).value for r in range(1, sheet.max_row + 1)]
        widest = max((_width(value) for value in column), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), 80)


def to_xlsx(report: Report, path: Path, lang: str = "ja") -> None:
    """Write an Excel workbook: the summary, one sheet per breakdown, the itemised list.

    Every sheet has a frozen header with filters; the itemised sheet ("Items")
    lists every counted media appearance, one row each, so its rows add up to
    the summary's total; talks and publications have sheets of their own.
    """
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Summary"
    p, t = report.period, report.totals
    rows: list[list[object]] = [
        ["Period", p.label],
        ["First day (JST)", p.start.isoformat()],
        ["Last day (JST)", p.last_day.isoformat()],
        ["Counting", report.counting],
        ["Status", "DRAFT (pending included)" if report.include_pending else "confirmed only"],
        ["Appearances", t.appearances],
        ["Placements", t.placements],
        ["Talks at events (not media appearances)", t.talks],
        ["Publications", t.publications],
        ["Passing mentions (not counted)", t.passing_mentions],
        ["Pending review (not counted)", report.pending_items],
    ]
    rows += [[line.strip(), ""] for line in summary_lines(report, lang)]
    _table(summary, ["Item", "Number"], rows)

    sheet_titles = {
        "by_media_type": "By media type",
        "by_expert": "By expert",
        "by_group": "By group",
        "by_outlet": "By outlet",
        "by_month": "By month",
        "by_role": "By role",
    }
    for name, sheet_title in sheet_titles.items():
        sheet = workbook.create_sheet(sheet_title)
        if name == "by_expert":
            _table(
                sheet,
                ["Expert", "Name", "Appearances", "Placements", "Publications", "Talks"],
                [
                    [
                        key,
                        e.name,
                        e.appearances,
                        e.placements,
                        e.publications,
                        report.talks_by_expert.get(key, 0),
                    ]
                    for key, e in report.by_expert.items()
                ],
            )
        else:
            _table(
                sheet,
                ["Key", "Appearances", "Placements"],
                [[k, v.appearances, v.placements] for k, v in report.breakdown(name).items()],
            )

    items = workbook.create_sheet("Items")
    _table(items, list(ITEM_COLUMNS), [_item_row(i, "appearance") for i in report.items])
    for row in range(2, items.max_row + 1):
        cell = items.cell(row=row, column=ITEM_COLUMNS.index("url") + 1)
        value = str(cell.value or "")
        if value.startswith(("http://", "https://")):
            cell.hyperlink = value
        cell.alignment = Alignment(vertical="top")
    talks = workbook.create_sheet("Talks")
    _table(talks, list(ITEM_COLUMNS), [_item_row(i, "talk") for i in report.talk_items])

    pubs = workbook.create_sheet("Publications")
    _table(
        pubs,
        ["Date (JST)", "Type", "Language", "Title", "Authors", "URL"],
        [
            [
                pub.date.strftime("%Y-%m-%d"),
                pub.pub_type,
                pub.language,
                pub.title,
                ", ".join(pub.authors),
                pub.url,
            ]
            for pub in report.publication_items
        ],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    _as_plain_text(workbook)
    workbook.save(path)


# --- comparison ------------------------------------------------------------------------------

COMPARE_COLUMNS = ("breakdown", "key", "this", "other", "difference")


def compare_rows(report: Report, other: Report) -> list[tuple[str, str, int, int, int]]:
    """Two periods side by side: (breakdown, key, this, other, this − other).

    Totals first (media appearances, placements, talks, publications), then each
    breakdown's keys from either period; months are aligned by their month
    (``04`` … ``03``), since two fiscal years share no month.
    """

    def counts(r: Report) -> dict[tuple[str, str], int]:
        t = r.totals
        out = {
            ("totals", "appearances"): r.headline(t.appearances, t.placements),
            ("totals", "placements"): t.placements,
            ("totals", "talks"): t.talks,
            ("totals", "publications"): t.publications,
        }
        for name in ("by_media_type", "by_expert", "by_group", "by_outlet", "by_role"):
            for key, value in r.breakdown(name).items():
                out[(name, key)] = r.headline(value.appearances, value.placements)
        for key, value in r.by_month.items():
            out[("by_month", key[-2:])] = r.headline(value.appearances, value.placements)
        for key, number in r.talks_by_expert.items():
            out[("talks_by_expert", key)] = number
        return out

    mine, theirs = counts(report), counts(other)
    keys = list(dict.fromkeys([*mine, *theirs]))
    return [
        (
            b,
            k,
            mine.get((b, k), 0),
            theirs.get((b, k), 0),
            mine.get((b, k), 0) - theirs.get((b, k), 0),
        )
        for b, k in keys
    ]


def comparison_markdown(report: Report, other: Report) -> str:
    """The comparison as a Markdown table (this period, the other, the difference)."""
    lines = [
        f"# {report.period.label} compared with {other.period.label}",
        "",
        f"| Breakdown | Key | {report.period.label} | {other.period.label} | Difference |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for breakdown, key, this, that, difference in compare_rows(report, other):
        lines.append(f"| {breakdown} | {_md(key)} | {this} | {that} | {difference:+d} |")
    return "\n".join(lines) + "\n"


def comparison_json(report: Report, other: Report) -> str:
    """The comparison as JSON: both periods and one entry per (breakdown, key)."""
    rows = [
        {"breakdown": b, "key": k, "this": this, "other": that, "difference": difference}
        for b, k, this, that, difference in compare_rows(report, other)
    ]
    return json.dumps(
        {"this": report.period.label, "other": other.period.label, "rows": rows},
        ensure_ascii=False,
        indent=2,
    )


def comparison_csv(report: Report, other: Report) -> str:
    """The comparison as CSV (UTF-8 with BOM)."""
    return _csv(list(compare_rows(report, other)), COMPARE_COLUMNS)
