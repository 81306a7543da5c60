"""Review routes: the queue (story by story), one item with its trail, decisions, manual entry.

A queue row is one story × expert: deciding it decides every mention of that
expert in the story, however many papers carried it. Decisions are POSTs
with a CSRF token that redirect back (303) to the page they came from.
Viewers read; reviewers decide and add; the routes call ``storage.review``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from pipeline.dates import JST
from pipeline.dedup import canonical_url
from pipeline.types import (
    MediaType,
    MentionStatus,
    PublicationRecord,
    RejectReason,
    Role,
    UserRole,
)
from review.web import (
    db,
    first,
    need,
    need_form,
    render,
    safe_next,
    safe_url,
    see_other,
    state,
)
from storage import queries
from storage import review as store

router = APIRouter()

PAGE_SIZE = 50
# The queue's tab counts stop here ("10000+"): counting further would make every page
# cost more as mentions pile up.
COUNT_CAP = 10_000
REVIEW_ROLES = (
    Role.APPEARANCE,
    Role.QUOTE,
    Role.AUTHORED,
    Role.INTERVIEW,
    Role.TALK,
    Role.MENTION,
    Role.PUBLICATION_CITATION,
)
MANUAL_ROLES = (Role.APPEARANCE, Role.INTERVIEW, Role.QUOTE, Role.AUTHORED, Role.TALK)
# The manual form's extra kind: the institute's own publication, not a mention.
PUBLICATION = "publication"


class BadInput(HTTPException):
    """A form or query value that cannot be read; answered with 400 and the field named."""

    def __init__(self, field: str, value: str) -> None:
        """Name the field and the value refused."""
        super().__init__(status_code=400, detail=f"{field}: {value[:80]!r}")


def _day(field: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(field, value) from None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=JST)


def _number(field: str, value: str) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadInput(field, value) from None
    if not 0.0 <= number <= 1.0:
        raise BadInput(field, value)
    return number


_E = TypeVar("_E", bound=StrEnum)


def _choice(field: str, value: str, choices: type[_E]) -> _E | None:
    if not value:
        return None
    try:
        return choices(value)
    except ValueError:
        raise BadInput(field, value) from None


def queue_filter(request: Request) -> store.QueueFilter:
    """The queue's filter from the query string; a bad value is a 400 naming the field."""
    params = request.query_params
    config = state(request).config
    experts: tuple[str, ...] = ()
    expert = params.get("expert", "")
    if expert:
        if expert not in {e.id for e in config.experts}:
            raise BadInput("expert", expert)
        experts = (expert,)
    group = params.get("group", "")
    if group:
        members = tuple(e.id for e in config.experts if group in e.groups)
        if not members:
            raise BadInput("group", group)
        experts = tuple(e for e in experts if e in members) if experts else members
        if not experts:
            experts = ("\x00none",)  # expert outside the group: nothing matches
    status_text = params.get("status", "pending")
    status = None if status_text == "any" else _choice("status", status_text, MentionStatus)
    since = _day("from", params.get("from", ""))
    until = _day("to", params.get("to", ""))
    order = params.get("order", store.QueueOrder.NEWEST)
    if order not in store.QueueOrder.ALL:
        raise BadInput("order", order)
    return store.QueueFilter(
        status=status,
        expert_ids=experts,
        outlet=params.get("outlet") or None,
        media_type=params.get("media_type") or None,
        role=_choice("role", params.get("role", ""), Role),
        min_confidence=_number("min_confidence", params.get("min_confidence", "")),
        max_confidence=_number("max_confidence", params.get("max_confidence", "")),
        since=_start_of(since) if since else None,
        until=_start_of(until) + timedelta(days=1) if until else None,
        text=(params.get("q") or "").strip()[:200] or None,
        order=order,
    )


@router.get("/queue")
async def queue_page(request: Request) -> Response:
    """The review queue: filters, one row per story × expert, keyboard actions."""
    viewer = need(request)
    flt = queue_filter(request)
    try:
        offset = max(0, int(request.query_params.get("offset", "0") or 0))
    except ValueError:
        raise BadInput("offset", request.query_params.get("offset", "")) from None
    with db(request) as session:
        page = store.review_queue(session, flt, offset=offset, limit=PAGE_SIZE)
        counts = store.status_counts(session, cap=COUNT_CAP)
    config = state(request).config
    groups = list(dict.fromkeys(g for e in config.experts for g in e.groups))
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return render(
        request,
        "queue.html",
        {
            "page": page,
            "counts": counts,
            "params": request.query_params,
            "groups": groups,
            "roles": REVIEW_ROLES,
            "media_types": [str(m) for m in MediaType],
            "statuses": [str(s) for s in MentionStatus],
            "reasons": [str(r) for r in RejectReason],
            "orders": store.QueueOrder.ALL,
            "here": here,
            "page_size": PAGE_SIZE,
            "count_cap": COUNT_CAP,
        },
        viewer=viewer,
    )


@router.get("/mentions/{mention_id}")
async def item_page(request: Request, mention_id: int) -> Response:
    """One mention: its story's placements, the correction form and the audit trail."""
    viewer = need(request)
    with db(request) as session:
        row = queries.mention_row(session, mention_id)
        if row is None:
            raise HTTPException(status_code=404)
        group = store.group_of(session, mention_id)
        placements = queries.story_placements(session, row.story_id)
        trail = store.audit_trail(
            session, [("mention", m) for m in group] + [("document", row.document_id)]
        )
    return render(
        request,
        "item.html",
        {
            "row": row,
            "row_day": row.date.astimezone(JST).date().isoformat(),
            "group": group,
            "placements": placements,
            "trail": trail,
            "roles": REVIEW_ROLES,
            "media_types": [str(m) for m in MediaType],
            "reasons": [str(r) for r in RejectReason],
            "back": safe_next(request.query_params.get("back")),
        },
        viewer=viewer,
    )


def _ids(form: dict[str, list[str]], field: str = "ids") -> list[int]:
    out = []
    for value in form.get(field, []):
        for part in value.split(","):
            if part.strip():
                try:
                    out.append(int(part))
                except ValueError:
                    raise BadInput(field, part) from None
    return out


def _groups(session: Session, lead_ids: list[int]) -> list[int]:
    ids: list[int] = []
    for lead in lead_ids:
        try:
            ids.extend(store.group_of(session, lead))
        except store.ReviewError:
            raise HTTPException(status_code=404) from None
    return ids


@router.post("/mentions/{mention_id}/confirm")
async def confirm(request: Request, mention_id: int) -> Response:
    """Confirm a queue row: every mention of that expert in the story."""
    viewer, form = await need_form(request, UserRole.REVIEWER)
    with db(request) as session:
        ids = _groups(session, [mention_id])
        store.confirm(session, ids, actor=viewer.user.name, now=state(request).clock())
    return see_other(safe_next(first(form, "next")))


@router.post("/mentions/{mention_id}/reject")
async def reject(request: Request, mention_id: int) -> Response:
    """Reject a queue row with a reason (namesake, not about the expert, duplicate, other)."""
    viewer, form = await need_form(request, UserRole.REVIEWER)
    reason = _choice("reason", first(form, "reason") or "other", RejectReason)
    assert reason is not None
    with db(request) as session:
        ids = _groups(session, [mention_id])
        store.reject(
            session,
            ids,
            reason=reason,
            note=first(form, "note")[:2000] or None,
            actor=viewer.user.name,
            now=state(request).clock(),
        )
    return see_other(safe_next(first(form, "next")))


@router.post("/mentions/{mention_id}/correct")
async def correct(request: Request, mention_id: int) -> Response:
    """Correct the expert, role, date, outlet or media type, and confirm."""
    viewer, form = await need_form(request, UserRole.REVIEWER)
    config = state(request).config
    expert = first(form, "expert") or None
    if expert is not None and expert not in {e.id for e in config.experts}:
        raise BadInput("expert", expert)
    day = _day("date", first(form, "date"))
    media_type = first(form, "media_type") or None
    if media_type is not None:
        _choice("media_type", media_type, MediaType)
    with db(request) as session:
        row = queries.mention_row(session, mention_id)
        if row is None:
            raise HTTPException(status_code=404)
        ids = _groups(session, [mention_id])
        published = None
        if day is not None:
            keep_time = (row.published_at or row.first_seen_at).astimezone(JST).timetz()
            published = datetime.combine(day, keep_time)
        store.correct(
            session,
            ids,
            store.Correction(
                expert_id=expert,
                role=_choice("role", first(form, "role"), Role),
                published_at=published,
                outlet=first(form, "outlet")[:200] or None,
                media_type=media_type,
                note=first(form, "note")[:2000] or None,
                document_id=row.document_id,
            ),
            actor=viewer.user.name,
            now=state(request).clock(),
        )
    return see_other(safe_next(first(form, "next"), default=f"/mentions/{mention_id}"))


@router.post("/mentions/bulk")
async def bulk(request: Request) -> Response:
    """Confirm or reject every selected queue row at once."""
    viewer, form = await need_form(request, UserRole.REVIEWER)
    action = first(form, "action")
    leads = _ids(form)
    if action not in ("confirm", "reject"):
        raise BadInput("action", action)
    now = state(request).clock()
    with db(request) as session:
        ids = _groups(session, leads)
        if ids and action == "confirm":
            store.confirm(session, ids, actor=viewer.user.name, now=now)
        elif ids:
            reason = _choice("reason", first(form, "reason") or "other", RejectReason)
            assert reason is not None
            store.reject(session, ids, reason=reason, actor=viewer.user.name, now=now)
    return see_other(safe_next(first(form, "next")))


@router.get("/manual")
async def manual_form(request: Request) -> Response:
    """The form that adds an appearance, a talk or a publication by hand."""
    viewer = need(request, UserRole.REVIEWER)
    return render(
        request,
        "manual.html",
        {
            "roles": MANUAL_ROLES,
            "media_types": [str(m) for m in MediaType],
            "errors": [],
            "values": {},
            "saved": request.query_params.get("saved"),
            "published": request.query_params.get("published"),
        },
        viewer=viewer,
    )


@router.post("/manual")
async def manual_add(request: Request) -> Response:
    """Store a manual entry: one confirmed mention per expert, marked manual."""
    viewer, form = await need_form(request, UserRole.REVIEWER)
    config = state(request).config
    known = {e.id for e in config.experts}
    experts = tuple(e for e in form.get("experts", []) if e)
    errors = []
    if not experts:
        errors.append("experts")
    if any(e not in known for e in experts):
        errors.append("experts")
    role_text = first(form, "role")
    role = Role(role_text) if role_text in {str(r) for r in MANUAL_ROLES} else None
    is_publication = role_text == PUBLICATION
    if role is None and not is_publication:
        errors.append("role")
    media_type = first(form, "media_type") or None
    if media_type is not None and media_type not in {str(m) for m in MediaType}:
        errors.append("media_type")
    title = first(form, "title")[:500]
    if not title:
        errors.append("title_or_programme")
    outlet = first(form, "outlet")[:200]
    if not outlet and role not in (Role.TALK, None):
        errors.append("outlet")
    language = first(form, "language") or "ja"
    if is_publication and language not in ("ja", "en"):
        errors.append("language")
    try:
        day = _day("date", first(form, "date"))
    except BadInput:
        day = None
    if day is None:
        errors.append("date")
    url = first(form, "url")[:2000] or None
    if url is not None:
        if safe_url(url) is None:
            errors.append("url_optional")
        else:
            url = canonical_url(url)
    if errors or day is None or (role is None and not is_publication):
        return render(
            request,
            "manual.html",
            {
                "roles": MANUAL_ROLES,
                "media_types": [str(m) for m in MediaType],
                "errors": list(dict.fromkeys(errors)),
                "values": {
                    k: (v if k == "experts" else v[0]) for k, v in form.items() if k != "csrf"
                },
                "saved": None,
                "published": None,
            },
            viewer=viewer,
            status_code=400,
        )
    when = datetime.combine(day, time(12, 0), tzinfo=JST)
    if is_publication:
        with db(request) as session:
            try:
                publication_id = store.add_manual_publication(
                    session,
                    PublicationRecord(
                        url=url or "",
                        title=title,
                        pub_type=first(form, "pub_type")[:64] or "publication",
                        language=language,
                        published=when,
                        authors=experts,
                    ),
                    note=first(form, "note")[:2000] or None,
                    actor=viewer.user.name,
                    now=state(request).clock(),
                )
            except store.ReviewError as error:
                raise HTTPException(status_code=400, detail=str(error)) from None
        return see_other(f"/manual?published={publication_id}")
    assert role is not None
    with db(request) as session:
        ids = store.add_manual_entry(
            session,
            store.ManualEntry(
                expert_ids=experts,
                role=role,
                outlet=outlet or config.institute.name,
                media_type=media_type,
                title=title,
                published_at=when,
                url=url,
                note=first(form, "note")[:2000] or None,
            ),
            actor=viewer.user.name,
            now=state(request).clock(),
        )
    return see_other(f"/manual?saved={ids[0]}")
