"""Staff review: the queue of stories to review, decisions with their audit trail, users.

Reads: ``review_queue`` (one row per story × expert × status, however many
placements the story has), ``group_of``, ``audit_trail``, ``users``,
``user_credentials`` and ``session_user``. Writes: ``confirm``, ``reject``,
``correct``, ``add_manual_entry``, ``add_manual_publication``, ``add_user``,
``set_user`` and the browser-session functions. Every write that changes
what a person sees records an ``AuditEvent`` with who, when and the values
before and after; nothing is ever hard-deleted (a
rejected mention stays as a tombstone).

Used by the review app and by the CLI alike, so a decision made in either
leaves the same trail. Nothing here hashes passwords or knows about HTTP;
callers hand in hashes and token digests.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from pipeline.types import (
    MentionStatus,
    PublicationRecord,
    RejectReason,
    Role,
    TargetKind,
    UserRole,
)
from storage import queries, writes
from storage.models import AuditEvent, Document, Mention, Publication, User, WebSession
from storage.queries import MentionRow, PlacementRow

MANUAL_RULE = "manual"


class ReviewError(ValueError):
    """A review action that cannot be applied as asked (unknown id, clash, bad value)."""


# --- the queue -------------------------------------------------------------------


class QueueOrder:
    """How the queue is sorted; the names are the app's ``order`` parameter."""

    NEWEST = "newest"
    LEAST_SURE = "least_sure"
    LEAST_CONFIDENT = "least_confident"
    OLDEST = "oldest"
    ALL = (NEWEST, LEAST_SURE, LEAST_CONFIDENT, OLDEST)


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What the queue shows. Empty values mean "any"."""

    status: MentionStatus | None = MentionStatus.PENDING
    expert_ids: tuple[str, ...] = ()
    outlet: str | None = None
    media_type: str | None = None
    role: Role | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None
    manual: bool | None = None
    order: str = QueueOrder.NEWEST


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One story × expert to review: its lead mention, every mention of it, all placements."""

    lead: MentionRow
    mention_ids: tuple[int, ...]
    placements: tuple[PlacementRow, ...]
    other_statuses: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """A stable key for the row (the lead mention id)."""
        return str(self.lead.id)


@dataclass(frozen=True, slots=True)
class QueuePage:
    """A page of the queue; ``has_more`` says whether a next page exists."""

    rows: tuple[QueueRow, ...]
    offset: int
    limit: int
    has_more: bool


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _effective_date() -> ColumnElement[Any]:
    return func.coalesce(Document.published_at, Document.first_seen_at)


def _filtered(stmt: Select[Any], flt: QueueFilter) -> Select[Any]:
    """Apply the filter's conditions to a select over Mention joined with Document."""
    stmt = stmt.where(Mention.target_kind == str(TargetKind.EXPERT))
    if flt.status is not None:
        stmt = stmt.where(Mention.status == str(flt.status))
    if flt.expert_ids:
        stmt = stmt.where(Mention.target_id.in_(flt.expert_ids))
    if flt.outlet:
        stmt = stmt.where(Document.outlet == flt.outlet)
    if flt.media_type:
        stmt = stmt.where(Document.media_type == flt.media_type)
    if flt.role is not None:
        stmt = stmt.where(Mention.role == str(flt.role))
    if flt.min_confidence is not None:
        stmt = stmt.where(Mention.confidence >= flt.min_confidence)
    if flt.max_confidence is not None:
        stmt = stmt.where(Mention.confidence <= flt.max_confidence)
    if flt.since is not None:
        stmt = stmt.where(_effective_date() >= flt.since)
    if flt.until is not None:
        stmt = stmt.where(_effective_date() < flt.until)
    if flt.manual is not None:
        stmt = stmt.where(Mention.manual.is_(flt.manual))
    if flt.text:
        pattern = _like(flt.text)
        stmt = stmt.where(
            or_(
                Mention.snippet.like(pattern, escape="\\"),
                Document.title.like(pattern, escape="\\"),
                Document.url.like(pattern, escape="\\"),
                Mention.note.like(pattern, escape="\\"),
            )
        )
    return stmt


_OTHER = aliased(Mention, name="other")
_OTHER_DOCUMENT = aliased(Document, name="other_document")


def _is_lead() -> ColumnElement[bool]:
    """True for the lowest-id mention of its story × target × status: the queue's row."""
    other, other_document = _OTHER, _OTHER_DOCUMENT
    earlier = (
        select(other.id)
        .join(other_document, other_document.id == other.document_id)
        .where(
            other_document.story_id == Document.story_id,
            other.target_kind == Mention.target_kind,
            other.target_id == Mention.target_id,
            other.status == Mention.status,
            other.id < Mention.id,
        )
    )
    return ~exists(earlier)


def review_queue(
    session: Session, flt: QueueFilter, *, offset: int = 0, limit: int = 50
) -> QueuePage:
    """One page of the review queue: one row per story × expert × status.

    A wire story carried by twelve papers is one row listing twelve
    placements; deciding the row decides every mention of that expert in the
    story. Ordered newest found first, the role model's least sure first,
    least confident (that the name is the expert) first, or oldest first.
    Pages by offset and tells whether more follow without counting the whole
    queue.
    """
    if flt.order not in QueueOrder.ALL:
        raise ReviewError(f"unknown queue order {flt.order!r}")
    stmt = _filtered(
        select(Mention.id).join(Document, Document.id == Mention.document_id), flt
    ).where(_is_lead())
    if flt.order == QueueOrder.LEAST_CONFIDENT:
        stmt = stmt.order_by(Mention.confidence.asc(), Mention.id.desc())
    elif flt.order == QueueOrder.LEAST_SURE:
        # the role model's least sure first; mentions it never scored come last
        stmt = stmt.order_by(Mention.role_confidence.asc().nulls_last(), Mention.id.desc())
    elif flt.order == QueueOrder.OLDEST:
        stmt = stmt.order_by(Mention.id.asc())
    else:
        stmt = stmt.order_by(Mention.id.desc())
    ids = list(session.scalars(stmt.offset(max(0, offset)).limit(limit + 1)))
    has_more = len(ids) > limit
    ids = ids[:limit]
    leads = queries.mention_rows_by_id(session, ids)
    story_ids = {row.story_id for row in leads.values()}
    placements = queries.story_placement_map(session, story_ids)
    members = _story_members(session, story_ids)
    rows = []
    for mention_id in ids:
        lead = leads.get(mention_id)
        if lead is None:  # pragma: no cover - deleted between the two reads
            continue
        siblings = members.get((lead.story_id, lead.target_id), [])
        same = tuple(m for m, status in siblings if status == str(lead.status))
        others = tuple(sorted({status for _, status in siblings if status != str(lead.status)}))
        rows.append(
            QueueRow(
                lead=lead,
                mention_ids=same or (lead.id,),
                placements=tuple(placements.get(lead.story_id, ())),
                other_statuses=others,
            )
        )
    return QueuePage(rows=tuple(rows), offset=offset, limit=limit, has_more=has_more)


def _story_members(
    session: Session, story_ids: Iterable[int]
) -> dict[tuple[int, str], list[tuple[int, str]]]:
    """(story, expert) → [(mention id, status)] for every expert mention of the stories."""
    out: dict[tuple[int, str], list[tuple[int, str]]] = {}
    ids = sorted(set(story_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = (
            select(Document.story_id, Mention.target_id, Mention.id, Mention.status)
            .join(Document, Document.id == Mention.document_id)
            .where(Document.story_id.in_(chunk), Mention.target_kind == str(TargetKind.EXPERT))
            .order_by(Mention.id)
        )
        for story_id, target_id, mention_id, status in session.execute(stmt):
            out.setdefault((story_id, target_id), []).append((mention_id, status))
    return out


def group_of(session: Session, mention_id: int) -> tuple[int, ...]:
    """Every mention of the same expert in the same story and status as ``mention_id``.

    What a decision on one queue row applies to. Raises ``ReviewError`` for an
    unknown id.
    """
    row = session.execute(
        select(Document.story_id, Mention.target_kind, Mention.target_id, Mention.status)
        .join(Document, Document.id == Mention.document_id)
        .where(Mention.id == mention_id)
    ).one_or_none()
    if row is None:
        raise ReviewError(f"no mention {mention_id}")
    story_id, kind, target_id, status = row
    stmt = (
        select(Mention.id)
        .join(Document, Document.id == Mention.document_id)
        .where(
            Document.story_id == story_id,
            Mention.target_kind == kind,
            Mention.target_id == target_id,
            Mention.status == status,
        )
        .order_by(Mention.id)
    )
    return tuple(session.scalars(stmt))


def status_counts(session: Session, cap: int | None = None) -> dict[MentionStatus, int]:
    """How many expert mentions are pending, confirmed and rejected.

    With ``cap``, each count stops at ``cap + 1`` (read as "more than cap"), so
    the cost of a page that shows them stays flat however many mentions pile up.
    """
    counts = {status: 0 for status in MentionStatus}
    for status in MentionStatus:
        stmt = select(Mention.id).where(
            Mention.target_kind == str(TargetKind.EXPERT), Mention.status == str(status)
        )
        if cap is not None:
            stmt = stmt.limit(cap + 1)
        counts[status] = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    return counts


# --- the audit trail -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One recorded change."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def record_audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    now: datetime,
) -> None:
    """Append one event to the audit trail (values as JSON, datetimes as ISO 8601)."""
    session.add(
        AuditEvent(
            at=now,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=json.dumps({k: _jsonable(v) for k, v in before.items()}, ensure_ascii=False),
            after=json.dumps({k: _jsonable(v) for k, v in after.items()}, ensure_ascii=False),
        )
    )


def audit_trail(session: Session, entities: Sequence[tuple[str, str | int]]) -> list[AuditRow]:
    """Every event about these (entity, id) pairs, oldest first."""
    if not entities:
        return []
    condition = or_(
        *(
            and_(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
            for entity, entity_id in entities
        )
    )
    stmt = select(AuditEvent).where(condition).order_by(AuditEvent.at, AuditEvent.id)
    return [
        AuditRow(
            id=event.id,
            at=event.at,
            actor=event.actor,
            action=event.action,
            entity=event.entity,
            entity_id=event.entity_id,
            before=json.loads(event.before or "{}"),
            after=json.loads(event.after or "{}"),
        )
        for event in session.scalars(stmt)
    ]


# --- decisions -------------------------------------------------------------------


_REVIEW_FIELDS = ("status", "role", "target_id", "reject_reason", "note")


def _mentions(session: Session, mention_ids: Iterable[int]) -> list[Mention]:
    ids = sorted(set(mention_ids))
    if not ids:
        raise ReviewError("no mention given")
    found = list(session.scalars(select(Mention).where(Mention.id.in_(ids)).order_by(Mention.id)))
    missing = set(ids) - {m.id for m in found}
    if missing:
        raise ReviewError(f"no mention {', '.join(str(i) for i in sorted(missing))}")
    return found


def _apply(
    session: Session,
    mention: Mention,
    values: Mapping[str, Any],
    *,
    actor: str,
    action: str,
    now: datetime,
) -> bool:
    """Set the changed fields of one mention, stamp the review and audit it."""
    before = {name: getattr(mention, name) for name in values}
    changed = {name: value for name, value in values.items() if before[name] != value}
    if not changed:
        return False
    if "role" in changed and mention.proposed_role is None and not mention.manual:
        mention.proposed_role = mention.role
    for name, value in changed.items():
        setattr(mention, name, value)
    mention.reviewed_at = now
    mention.reviewed_by = actor
    record_audit(
        session,
        actor=actor,
        action=action,
        entity="mention",
        entity_id=mention.id,
        before={name: before[name] for name in changed},
        after=changed,
        now=now,
    )
    return True


def confirm(
    session: Session,
    mention_ids: Iterable[int],
    *,
    actor: str,
    now: datetime,
    role: Role | None = None,
    note: str | None = None,
) -> int:
    """Confirm mentions (optionally with a corrected role); returns how many changed."""
    changed = 0
    for mention in _mentions(session, mention_ids):
        values: dict[str, Any] = {"status": str(MentionStatus.CONFIRMED), "reject_reason": None}
        if role is not None:
            values["role"] = str(Role(role))
        if note:
            values["note"] = note
        changed += _apply(session, mention, values, actor=actor, action="confirm", now=now)
    session.flush()
    return changed


def reject(
    session: Session,
    mention_ids: Iterable[int],
    *,
    reason: RejectReason,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> int:
    """Reject mentions with a reason; the rows stay as tombstones. Returns how many changed."""
    changed = 0
    for mention in _mentions(session, mention_ids):
        values: dict[str, Any] = {
            "status": str(MentionStatus.REJECTED),
            "reject_reason": str(RejectReason(reason)),
        }
        if note:
            values["note"] = note
        changed += _apply(session, mention, values, actor=actor, action="reject", now=now)
    session.flush()
    return changed


@dataclass(frozen=True, slots=True)
class Correction:
    """What a reviewer corrects; None leaves a value as it is.

    Expert and role belong to the mention; date, outlet and media type to the
    document (the placement) ``document_id``, so every mention of that
    document sees them (default: the first mention's document).
    """

    expert_id: str | None = None
    role: Role | None = None
    published_at: datetime | None = None
    outlet: str | None = None
    media_type: str | None = None
    note: str | None = None
    document_id: int | None = None


def correct(
    session: Session,
    mention_ids: Iterable[int],
    correction: Correction,
    *,
    actor: str,
    now: datetime,
) -> int:
    """Correct and confirm mentions; returns how many rows (mentions and documents) changed.

    Moving a mention to another expert who already has a mention of the same
    document confirms that one and rejects this one as a duplicate, so the
    document still counts once per expert.
    """
    changed = 0
    mentions = _mentions(session, mention_ids)
    for mention in mentions:
        values: dict[str, Any] = {"status": str(MentionStatus.CONFIRMED), "reject_reason": None}
        if correction.role is not None:
            values["role"] = str(Role(correction.role))
        if correction.note:
            values["note"] = correction.note
        target = correction.expert_id
        if target is not None and target != mention.target_id:
            clash = session.scalars(
                select(Mention).where(
                    Mention.document_id == mention.document_id,
                    Mention.target_kind == mention.target_kind,
                    Mention.target_id == target,
                )
            ).one_or_none()
            if clash is not None:
                changed += _apply(session, clash, values, actor=actor, action="correct", now=now)
                changed += _apply(
                    session,
                    mention,
                    {
                        "status": str(MentionStatus.REJECTED),
                        "reject_reason": str(RejectReason.DUPLICATE),
                    },
                    actor=actor,
                    action="correct",
                    now=now,
                )
                continue
            values["target_id"] = target
        changed += _apply(session, mention, values, actor=actor, action="correct", now=now)
    document_values: dict[str, Any] = {}
    if correction.published_at is not None:
        document_values["published_at"] = correction.published_at
    if correction.outlet is not None:
        document_values["outlet"] = correction.outlet
    if correction.media_type is not None:
        document_values["media_type"] = correction.media_type
    if document_values:
        document_id = correction.document_id or mentions[0].document_id
        for document in session.scalars(select(Document).where(Document.id == document_id)):
            before = {name: getattr(document, name) for name in document_values}
            diff = {k: v for k, v in document_values.items() if before[k] != v}
            if not diff:
                continue
            for name, value in diff.items():
                setattr(document, name, value)
            record_audit(
                session,
                actor=actor,
                action="correct",
                entity="document",
                entity_id=document.id,
                before={k: before[k] for k in diff},
                after=diff,
                now=now,
            )
            changed += 1
    session.flush()
    return changed


@dataclass(frozen=True, slots=True)
class ManualEntry:
    """An appearance, talk or publication staff add by hand (no crawler sees it)."""

    expert_ids: tuple[str, ...]
    role: Role
    outlet: str
    media_type: str | None
    title: str
    published_at: datetime
    url: str | None = None
    note: str | None = None


def add_manual_entry(
    session: Session, entry: ManualEntry, *, actor: str, now: datetime
) -> tuple[int, ...]:
    """Store a manual entry as one confirmed, manual mention per expert of one document.

    Several experts on one programme share the document, so the institute
    total counts the appearance once. Returns the mention ids.
    """
    if not entry.expert_ids:
        raise ReviewError("a manual entry needs at least one expert")
    if not entry.title.strip():
        raise ReviewError("a manual entry needs a title or programme")
    url = entry.url or f"{writes.MANUAL_URL_PREFIX}{uuid.uuid4()}"
    ids = []
    for expert_id in dict.fromkeys(entry.expert_ids):
        mention_id = writes.add_manual_mention(
            session,
            expert_id=expert_id,
            role=entry.role,
            outlet=entry.outlet,
            media_type=entry.media_type,
            title=entry.title,
            published_at=entry.published_at,
            url=url,
            note=entry.note,
            now=now,
        )
        mention = session.get(Mention, mention_id)
        assert mention is not None
        mention.reviewed_by = actor
        ids.append(mention_id)
        record_audit(
            session,
            actor=actor,
            action="add",
            entity="mention",
            entity_id=mention_id,
            before={},
            after={
                "expert": expert_id,
                "role": str(entry.role),
                "outlet": entry.outlet,
                "media_type": entry.media_type,
                "title": entry.title,
                "date": entry.published_at,
                "url": entry.url,
                "note": entry.note,
            },
            now=now,
        )
    session.flush()
    return tuple(ids)


def add_manual_publication(
    session: Session,
    record: PublicationRecord,
    *,
    note: str | None,
    actor: str,
    now: datetime,
) -> int:
    """Store a publication staff add by hand (a print-only article); returns its id.

    Without a URL it gets a ``manual:`` one of its own; its source is
    ``manual``. Raises ``ReviewError`` when the URL is already stored.
    """
    if not record.title.strip():
        raise ReviewError("a publication needs a title")
    url = record.url or f"{writes.MANUAL_URL_PREFIX}{uuid.uuid4()}"
    stored = PublicationRecord(
        url=url,
        title=record.title,
        pub_type=record.pub_type,
        language=record.language,
        published=record.published,
        authors=record.authors,
    )
    if not writes.upsert_publication(session, stored, writes.MANUAL_SOURCE_NAME, now):
        raise ReviewError(f"publication {url} is already stored")
    publication_id = session.scalar(select(Publication.id).where(Publication.url == url))
    assert publication_id is not None
    record_audit(
        session,
        actor=actor,
        action="add",
        entity="publication",
        entity_id=publication_id,
        before={},
        after={
            "title": record.title,
            "pub_type": record.pub_type,
            "language": record.language,
            "date": record.published,
            "authors": list(record.authors),
            "url": record.url or None,
            "note": note,
        },
        now=now,
    )
    return publication_id


# --- users and browser sessions ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class UserRow:
    """A staff account (the password hash stays in storage unless asked for)."""

    id: int
    name: str
    role: UserRole
    disabled: bool
    created_at: datetime


def _user_row(user: User) -> UserRow:
    return UserRow(
        id=user.id,
        name=user.name,
        role=UserRole(user.role),
        disabled=user.disabled,
        created_at=user.created_at,
    )


def add_user(
    session: Session,
    *,
    name: str,
    role: UserRole,
    password_hash: str,
    actor: str,
    now: datetime,
) -> int:
    """Create an account; raises ``ReviewError`` when the name is taken."""
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise ReviewError(f"user {name!r} already exists")
    user = User(
        name=name,
        role=str(UserRole(role)),
        password_hash=password_hash,
        created_at=now,
        disabled=False,
    )
    session.add(user)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="user_add",
        entity="user",
        entity_id=user.id,
        before={},
        after={"name": name, "role": str(role)},
        now=now,
    )
    return user.id


def set_user(
    session: Session,
    name: str,
    *,
    actor: str,
    now: datetime,
    role: UserRole | None = None,
    password_hash: str | None = None,
    disabled: bool | None = None,
) -> None:
    """Change an account's role, password or disabled flag (audited; the hash never logged)."""
    user = session.scalars(select(User).where(User.name == name)).one_or_none()
    if user is None:
        raise ReviewError(f"no user {name!r}")
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if role is not None and user.role != str(role):
        before["role"], after["role"] = user.role, str(role)
        user.role = str(UserRole(role))
    if disabled is not None and user.disabled != disabled:
        before["disabled"], after["disabled"] = user.disabled, disabled
        user.disabled = disabled
    if password_hash is not None:
        before["password"], after["password"] = "…", "changed"
        user.password_hash = password_hash
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    if after:
        record_audit(
            session,
            actor=actor,
            action="user_change",
            entity="user",
            entity_id=user.id,
            before=before,
            after=after,
            now=now,
        )
    session.flush()


def users(session: Session) -> list[UserRow]:
    """Every account, by name."""
    return [_user_row(u) for u in session.scalars(select(User).order_by(User.name))]


def user_credentials(session: Session, name: str) -> tuple[UserRow, str] | None:
    """An enabled account and its password hash, for signing in; None when unknown."""
    user = session.scalars(
        select(User).where(User.name == name, User.disabled.is_(False))
    ).one_or_none()
    return None if user is None else (_user_row(user), user.password_hash)


def start_session(
    session: Session,
    *,
    user_id: int,
    token_hash: str,
    csrf_token: str,
    now: datetime,
    lifetime: timedelta,
) -> None:
    """Record a signed-in browser (by the digest of its cookie token); expired ones go."""
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    session.add(
        WebSession(
            token_hash=token_hash,
            user_id=user_id,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()


def session_user(session: Session, token_hash: str, now: datetime) -> tuple[UserRow, str] | None:
    """The enabled user and CSRF token of an unexpired browser session, or None."""
    row = session.execute(
        select(User, WebSession.csrf_token)
        .join(WebSession, WebSession.user_id == User.id)
        .where(
            WebSession.token_hash == token_hash,
            WebSession.expires_at > now,
            User.disabled.is_(False),
        )
    ).one_or_none()
    if row is None:
        return None
    user, csrf = row
    return _user_row(user), csrf


def end_session(session: Session, token_hash: str) -> None:
    """Sign a browser out."""
    session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))
