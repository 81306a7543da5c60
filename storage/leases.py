"""Source leases: several workers on one database share the due sources.

A worker (one ``mediawatch run`` process, on this machine or another) claims
due sources before it collects them: ``claim_sources`` marks each with the
worker's holder id and an expiry time (``sources.lease_holder``,
``sources.lease_expires_at``) in one short transaction, so no other worker
claims it while the lease lives. The worker renews its leases while it works
(``renew_leases``) and gives each source back when its cycle is recorded
(``release_sources``). A worker that dies stops renewing; once its leases
expire the sources are due and unclaimed again, and another worker takes them.

How a claim is kept from being taken twice:

- PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks the rows, and the same
  transaction writes the lease into them. A row another worker is claiming is
  skipped, not waited for; a row another worker claimed a moment ago is
  re-checked against its newest version (the lease is in the locked row itself,
  so the re-check sees it) and left alone.
- SQLite (one file, one machine): the claim runs in a ``BEGIN IMMEDIATE``
  transaction, which takes the database's write lock before it reads, so
  claims are serialised and each sees the leases the one before it wrote.

The claim rule lives here and only here (``claim_predicate``); it builds on
``storage.queries.due_predicate``. Times are passed in; the workers' clocks are
assumed to agree to well within a lease. Leases coordinate workers and hold no
collected content: the content is written by ``pipeline.collect`` alone.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Engine, and_, case, exists, or_, select, update
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from pipeline.types import SourceKind
from storage.db import session_scope
from storage.models import Source
from storage.queries import due_predicate

#: ``sources.kind`` of the institute's publication pages, which a cycle collects first.
PUBLICATIONS_KIND = SourceKind.PUBLICATIONS.value


def lease_free(now: datetime) -> ColumnElement[bool]:
    """No worker holds the source: never claimed, given back, or the lease expired by ``now``."""
    return or_(
        Source.lease_holder.is_(None),
        Source.lease_expires_at.is_(None),
        Source.lease_expires_at <= now,
    )


def _publications_pending(now: datetime) -> ColumnElement[bool]:
    """Some enabled publication page is due, or is being collected under a live lease."""
    publication = aliased(Source)
    return exists().where(
        publication.kind == PUBLICATIONS_KIND,
        publication.enabled.is_(True),
        or_(
            publication.next_due_at.is_(None),
            publication.next_due_at <= now,
            and_(publication.lease_holder.is_not(None), publication.lease_expires_at > now),
        ),
    )


def claim_predicate(now: datetime) -> ColumnElement[bool]:
    """THE "may a worker claim this source now?" rule.

    The source is due (``due_predicate``) and no live lease holds it; and a news
    source waits while any publication page is due or being collected, so that the
    cycle's news already knows the cycle's new publications, whichever worker
    collected them.
    """
    return and_(
        due_predicate(now),
        lease_free(now),
        or_(Source.kind == PUBLICATIONS_KIND, ~_publications_pending(now)),
    )


def news_waiting(engine: Engine, now: datetime) -> bool:
    """Due news sources wait only for publication pages that are due or being collected."""
    with session_scope(engine) as session:
        return bool(
            session.scalar(
                select(
                    and_(
                        exists().where(due_predicate(now), Source.kind != PUBLICATIONS_KIND),
                        _publications_pending(now),
                    )
                )
            )
        )


def claim_sources(
    engine: Engine,
    holder: str,
    *,
    now: datetime,
    expires_at: datetime,
    limit: int,
    names: Collection[str] | None = None,
) -> list[str]:
    """Claim up to ``limit`` claimable sources for ``holder`` until ``expires_at``.

    Publication pages first, then the most overdue. With ``names``, only sources
    of those names (a worker collects what its config knows). Returns the names
    claimed, in that order; commits before returning.
    """
    if limit <= 0:
        return []
    order = (
        case((Source.kind == PUBLICATIONS_KIND, 0), else_=1),
        Source.next_due_at.asc().nulls_first(),
        Source.name,
    )
    pick = select(Source.id, Source.name).where(claim_predicate(now))
    if names is not None:
        pick = pick.where(Source.name.in_(list(names)))
    pick = pick.order_by(*order).limit(limit).with_for_update(skip_locked=True)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Take the write lock before reading: the next claim waits for this one.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            rows = connection.execute(pick).all()
            if rows:
                connection.execute(
                    update(Source)
                    .where(Source.id.in_([row.id for row in rows]))
                    .values(lease_holder=holder, lease_expires_at=expires_at)
                )
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
    return [row.name for row in rows]


def renew_leases(
    engine: Engine, holder: str, names: Collection[str], *, expires_at: datetime
) -> set[str]:
    """Extend ``holder``'s leases on ``names`` to ``expires_at``; returns those still held.

    A name missing from the answer was lost (its lease had expired and another
    worker claimed it) or given back.
    """
    if not names:
        return set()
    with session_scope(engine) as session:
        renewed = session.scalars(
            update(Source)
            .where(Source.name.in_(list(names)), Source.lease_holder == holder)
            .values(lease_expires_at=expires_at)
            .returning(Source.name)
        ).all()
    return set(renewed)


def release_sources(engine: Engine, holder: str, names: Collection[str] | None = None) -> int:
    """Give back ``holder``'s leases on ``names`` (every lease it holds when None).

    Only the holder's own leases are touched: a lease that expired and was taken
    over stays with its new holder. Returns how many were given back.
    """
    condition = Source.lease_holder == holder
    if names is not None:
        if not names:
            return 0
        condition = and_(condition, Source.name.in_(list(names)))
    with session_scope(engine) as session:
        released = session.scalars(
            update(Source)
            .where(condition)
            .values(lease_holder=None, lease_expires_at=None)
            .returning(Source.name)
        ).all()
    return len(released)


def lease_holders(engine: Engine, prefix: str) -> set[str]:
    """The holder ids starting with ``prefix`` that hold a lease now (expired or not)."""
    with session_scope(engine) as session:
        found = session.scalars(
            select(Source.lease_holder)
            .where(Source.lease_holder.startswith(prefix, autoescape=True))
            .distinct()
        ).all()
    return {holder for holder in found if holder is not None}
