"""Closed periods: snapshots of a period's report, reopened but never deleted.

Reads: ``current_snapshot`` (by label), ``current_snapshot_of_days`` (by the
span of days, whatever label it was closed under) and ``snapshots`` (every
closing, reopened ones too). Writes: ``close_period`` and ``reopen_period``,
each audited in ``audit_events`` (``period_close``, ``period_reopen``; entity
``period``, the label as its id). Reopening needs an enabled admin account;
its snapshot row stays, stamped with who reopened it and when.

The snapshot is JSON text the caller hands in (``pipeline.periods`` builds it
from ``Report.to_dict()``); nothing here reads or builds a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pipeline.types import UserRole
from storage.models import PeriodSnapshot, User
from storage.review import record_audit


class PeriodError(ValueError):
    """A period cannot be closed or reopened as asked (already closed, not closed)."""


class NotAllowed(PeriodError):
    """The person named may not do this (unknown, disabled or not an admin)."""


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    """One closing of a period: its days, who closed it and when, and the report as JSON.

    ``start`` is the first day, ``end`` the day after the last (Asia/Tokyo);
    times are aware UTC. ``reopened_at`` is None while the snapshot is current.
    """

    id: int
    label: str
    start: date
    end: date
    closed_at: datetime
    closed_by: str
    snapshot: str
    reopened_at: datetime | None
    reopened_by: str | None

    @property
    def current(self) -> bool:
        """True while the period stays closed with this snapshot."""
        return self.reopened_at is None


def _row(snapshot: PeriodSnapshot) -> SnapshotRow:
    return SnapshotRow(
        id=snapshot.id,
        label=snapshot.label,
        start=snapshot.start_date,
        end=snapshot.end_date,
        closed_at=snapshot.closed_at,
        closed_by=snapshot.closed_by,
        snapshot=snapshot.snapshot,
        reopened_at=snapshot.reopened_at,
        reopened_by=snapshot.reopened_by,
    )


def _current_of_days(session: Session, start: date, end: date) -> PeriodSnapshot | None:
    return session.scalars(
        select(PeriodSnapshot).where(
            PeriodSnapshot.start_date == start,
            PeriodSnapshot.end_date == end,
            PeriodSnapshot.reopened_at.is_(None),
        )
    ).one_or_none()


def current_snapshot(session: Session, label: str) -> SnapshotRow | None:
    """The current (not reopened) snapshot closed under ``label``, or None."""
    found = session.scalars(
        select(PeriodSnapshot)
        .where(PeriodSnapshot.label == label, PeriodSnapshot.reopened_at.is_(None))
        .order_by(PeriodSnapshot.closed_at.desc(), PeriodSnapshot.id.desc())
        .limit(1)
    ).one_or_none()
    return None if found is None else _row(found)


def current_snapshot_of_days(session: Session, start: date, end: date) -> SnapshotRow | None:
    """The current snapshot of exactly these days (``end`` exclusive), or None.

    FY2024 closed as ``FY2024`` is found for 2024-04-01..2025-03-31 under any label.
    """
    found = _current_of_days(session, start, end)
    return None if found is None else _row(found)


def snapshots(session: Session) -> list[SnapshotRow]:
    """Every closing, reopened ones too: by first day, then label, then oldest closing first."""
    stmt = select(PeriodSnapshot).order_by(
        PeriodSnapshot.start_date,
        PeriodSnapshot.end_date,
        PeriodSnapshot.label,
        PeriodSnapshot.closed_at,
        PeriodSnapshot.id,
    )
    return [_row(s) for s in session.scalars(stmt)]


def close_period(
    session: Session,
    *,
    label: str,
    start: date,
    end: date,
    snapshot: str,
    actor: str,
    now: datetime,
    summary: Mapping[str, Any] | None = None,
) -> SnapshotRow:
    """Store ``snapshot`` as the current one of these days and audit ``period_close``.

    ``summary`` (headline numbers, say) goes into the audit event beside the
    snapshot id. Raises ``PeriodError`` when the days are already closed, as
    whatever label.
    """
    existing = _current_of_days(session, start, end)
    if existing is not None:
        raise PeriodError(
            f"{label} is already closed (as {existing.label} on "
            f"{existing.closed_at.isoformat()} by {existing.closed_by}); reopen it first"
        )
    row = PeriodSnapshot(
        label=label,
        start_date=start,
        end_date=end,
        closed_at=now,
        closed_by=actor,
        snapshot=snapshot,
        reopened_at=None,
        reopened_by=None,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # closed by someone else between the check and the insert
        # the unit of work is spoilt; the caller's session_scope rolls it back
        raise PeriodError(f"{label} was closed at the same time by someone else") from None
    record_audit(
        session,
        actor=actor,
        action="period_close",
        entity="period",
        entity_id=label,
        before={},
        after={
            "snapshot_id": row.id,
            "start": start.isoformat(),
            "end": end.isoformat(),
            **(summary or {}),
        },
        now=now,
    )
    session.flush()
    return _row(row)


def check_admin(session: Session, name: str) -> None:
    """Raise ``NotAllowed`` unless ``name`` is an enabled account with the admin role."""
    user = session.scalars(select(User).where(User.name == name)).one_or_none()
    if user is None:
        raise NotAllowed(f"no user {name!r}; reopening a period needs an admin account")
    if user.disabled:
        raise NotAllowed(f"user {name!r} is disabled; reopening a period needs an admin account")
    if UserRole(user.role) != UserRole.ADMIN:
        raise NotAllowed(f"user {name!r} is a {user.role}; only an admin may reopen a period")


def reopen_period(
    session: Session, *, start: date, end: date, by: str, now: datetime
) -> SnapshotRow:
    """Reopen the closed days: stamp the current snapshot reopened (kept) and audit it.

    ``by`` must be an enabled admin (``NotAllowed`` otherwise); ``PeriodError``
    when the days are not closed. Returns the snapshot as it is now.
    """
    check_admin(session, by)
    existing = _current_of_days(session, start, end)
    if existing is None:
        raise PeriodError(
            f"{start.isoformat()}..{end.isoformat()} (end exclusive) is not closed; "
            "nothing to reopen"
        )
    existing.reopened_at = now
    existing.reopened_by = by
    record_audit(
        session,
        actor=by,
        action="period_reopen",
        entity="period",
        entity_id=existing.label,
        before={
            "snapshot_id": existing.id,
            "closed_at": existing.closed_at,
            "closed_by": existing.closed_by,
            "reopened_at": None,
        },
        after={"snapshot_id": existing.id, "reopened_at": now, "reopened_by": by},
        now=now,
    )
    session.flush()
    return _row(existing)
