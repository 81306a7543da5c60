"""Overview routes: the dashboard of confirmed counts, the items behind a number, exports, sources.

Counts come from ``pipeline.report`` (confirmed items only, manual entries
included), so the dashboard and ``mediawatch report`` always agree. Every
number links to ``/items``, which lists exactly the report items behind it.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from pipeline import exports
from pipeline import report as reporting
from pipeline.config import expand_sources
from pipeline.dates import JST
from pipeline.types import MentionStatus, UserRole
from review.web import db, language, need, need_form, render, see_other, state
from storage import queries
from storage import review as store

log = logging.getLogger(__name__)
router = APIRouter()

# Chart and table keys of the dashboard, in the order shown.
BREAKDOWNS = ("by_month", "by_media_type", "by_expert", "by_group", "by_outlet")
EXPORTS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
}
_background: set[asyncio.Task[object]] = set()


def period_of(request: Request) -> reporting.Period:
    """The period asked for: ?fy=2024, ?from=&to=, else the current fiscal year."""
    params = request.query_params
    start_month = state(request).config.institute.fiscal_year_start
    try:
        if params.get("from") and params.get("to"):
            return reporting.date_range(
                date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
            )
        if params.get("fy"):
            return reporting.fiscal_year(int(params["fy"]), start_month)
    except ValueError as error:
        raise HTTPException(status_code=400, detail=str(error)) from None
    today = state(request).clock().astimezone(JST).date()
    year = today.year if today.month >= start_month else today.year - 1
    return reporting.fiscal_year(year, start_month)


def _period_query(period: reporting.Period) -> str:
    return f"from={period.start.isoformat()}&to={period.last_day.isoformat()}"


def _report(request: Request, period: reporting.Period) -> reporting.Report:
    with db(request) as session:
        return reporting.report_for_period(
            session,
            state(request).config,
            period,
            include_pending=False,
            count_placements=False,
        )


@router.get("/dashboard")
async def dashboard(request: Request) -> Response:
    """Confirmed counts for a period: totals, by month, media type, expert, group, outlet."""
    viewer = need(request)
    period = period_of(request)
    result = _report(request, period)
    with db(request) as session:
        counts = store.status_counts(session)
    tables = {name: result.breakdown(name) for name in BREAKDOWNS}
    peak = {
        name: max((c.appearances for c in table.values()), default=0) or 1
        for name, table in tables.items()
    }
    today = state(request).clock().astimezone(JST).date()
    years = list(range(today.year, today.year - 6, -1))
    return render(
        request,
        "dashboard.html",
        {
            "period": period,
            "report": result,
            "tables": tables,
            "peak": peak,
            "pending": counts[MentionStatus.PENDING],
            "period_query": _period_query(period),
            "years": years,
            "exports": tuple(EXPORTS),
            "summary": exports.summary_lines(result, language(request)),
        },
        viewer=viewer,
    )


def _items_behind(
    result: reporting.Report, config_groups: dict[str, tuple[str, ...]], breakdown: str, key: str
) -> tuple[reporting.AppearanceItem, ...]:
    """Exactly the report items counted under ``breakdown`` = ``key``."""
    items = result.items
    if breakdown == "talks":
        return tuple(i for i in result.talk_items if not key or key in i.experts)
    if breakdown == "passing":
        return result.passing_items
    if breakdown == "totals":
        return items
    if breakdown == "by_expert":
        return tuple(i for i in items if key in i.experts)
    if breakdown == "by_group":
        return tuple(i for i in items if any(key in config_groups[e] for e in i.experts))
    if breakdown == "by_media_type":
        return tuple(i for i in items if i.media_type == key)
    if breakdown == "by_outlet":
        return tuple(i for i in items if i.outlet == key)
    if breakdown == "by_month":
        return tuple(i for i in items if i.month == key)
    if breakdown == "by_role":
        return tuple(i for i in items if str(i.role) == key)
    raise HTTPException(status_code=400, detail=f"breakdown: {breakdown[:40]!r}")


@router.get("/items")
async def items_page(request: Request) -> Response:
    """The counted items behind one dashboard number, each with its placements."""
    viewer = need(request)
    period = period_of(request)
    breakdown = request.query_params.get("breakdown", "totals")
    key = request.query_params.get("key", "")
    result = _report(request, period)
    groups = {e.id: e.groups for e in state(request).config.experts}
    if breakdown == "publications":
        return render(
            request,
            "items.html",
            {
                "period": period,
                "breakdown": breakdown,
                "key": key,
                "items": (),
                "publications": result.publication_items,
                "period_query": _period_query(period),
            },
            viewer=viewer,
        )
    items = _items_behind(result, groups, breakdown, key)
    return render(
        request,
        "items.html",
        {
            "period": period,
            "breakdown": breakdown,
            "key": key,
            "items": items,
            "publications": (),
            "period_query": _period_query(period),
        },
        viewer=viewer,
    )


@router.get("/export")
async def export(request: Request) -> Response:
    """The period's report as XLSX, CSV, JSON or Markdown (confirmed items only)."""
    need(request)
    period = period_of(request)
    kind = request.query_params.get("format", "xlsx")
    if kind not in EXPORTS:
        raise HTTPException(status_code=400, detail=f"format: {kind[:20]!r}")
    result = _report(request, period)
    name = f"mediawatch-{period.start.isoformat()}-{period.last_day.isoformat()}.{kind}"
    if kind == "xlsx":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            exports.to_xlsx(result, path, lang=language(request))
            body = path.read_bytes()
    else:
        if kind == "csv":
            text = exports.to_csv(result)
        elif kind == "json":
            text = exports.to_json(result)
        else:
            text = exports.to_markdown(result, lang=language(request))
        body = text.encode("utf-8")
    return Response(
        body,
        media_type=EXPORTS[kind],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/sources")
async def sources_page(request: Request) -> Response:
    """Each source's health and recent yield; silent sources flagged."""
    viewer = need(request)
    now = state(request).clock()
    with db(request) as session:
        activity = queries.source_activity(session, now)
    return render(
        request,
        "sources.html",
        {
            "sources": activity,
            "configured": {t.name for t in expand_sources(state(request).config)},
            "can_collect": state(request).collect is not None,
            "started": request.query_params.get("started"),
        },
        viewer=viewer,
    )


@router.post("/sources/{name}/collect")
async def collect_now(request: Request, name: str) -> Response:
    """Run one source now, in the background (admins only); the page shows it started."""
    viewer, _form = await need_form(request, UserRole.ADMIN)
    app_state = state(request)
    if app_state.collect is None:
        raise HTTPException(status_code=400, detail="collect now is not available here")
    if name not in {s.name for s in expand_sources(app_state.config)}:
        raise HTTPException(status_code=404)
    now = app_state.clock()
    with db(request) as session:
        store.record_audit(
            session,
            actor=viewer.user.name,
            action="collect_now",
            entity="source",
            entity_id=name[:64],
            before={},
            after={"requested_at": now},
            now=now,
        )
    task: asyncio.Task[object] = asyncio.ensure_future(app_state.collect(name))
    _background.add(task)
    task.add_done_callback(_finished)
    return see_other(f"/sources?started={quote(name, safe='')}")


def _finished(task: asyncio.Task[object]) -> None:
    _background.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("collect now failed: %s", task.exception())
