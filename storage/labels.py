"""Staff decisions read back as labelled examples for the role model.

``staff_labels(session, since)`` returns one ``StaffLabel`` per expert
mention a person decided (confirmed, corrected or rejected in review), oldest
decision first: the document's title, byline and text with the name as
matched, the role the machine proposed, the role staff settled on and the
decision. The text window a model learns from is cut by
``pipeline.rolemodel.window_of`` (one cut for corpus and staff examples). Manual entries
are left out (they have no text to learn from), and so are mentions still
pending.

Reads only; returns frozen values, never ORM objects. Nothing here trains or
scores (that is ``pipeline.rolemodel``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.types import MentionStatus, RejectReason, Role, TargetKind
from storage.models import Document, Mention

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


class Decision(StrEnum):
    """What a person decided about a machine-found mention."""

    CONFIRMED = "confirmed"
    CORRECTED = "corrected"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class StaffLabel:
    """One staff decision on one expert mention, as a labelled example.

    ``title``, ``byline`` and ``text`` are the document's, ``alias`` the name
    as matched and ``snippet`` the stored evidence. ``role`` is the final role and
    ``proposed_role`` the one the machine proposed (the same when staff did not
    change it). ``reviewed_at`` is aware UTC.
    """

    mention_id: int
    document_id: int
    expert_id: str
    lang: str
    title: str
    byline: str | None
    text: str
    alias: str
    snippet: str
    rule: str
    media_type: str | None
    role: Role
    proposed_role: Role
    decision: Decision
    reject_reason: RejectReason | None
    reviewed_by: str | None
    reviewed_at: datetime


def _language(declared: str | None, text: str) -> str:
    """The primary subtag of the document's language ("ja-JP" → "ja"), else a guess."""
    if declared and declared.strip():
        return declared.strip().split("-")[0].split("_")[0].lower()
    return "ja" if _JAPANESE.search(text) else "en"


def _decision(mention: Mention) -> Decision:
    if mention.status == MentionStatus.REJECTED:
        return Decision.REJECTED
    if mention.proposed_role is not None and mention.proposed_role != mention.role:
        return Decision.CORRECTED
    return Decision.CONFIRMED


def staff_labels(session: Session, since: datetime | None = None) -> list[StaffLabel]:
    """Every expert mention a person confirmed, corrected or rejected, oldest decision first.

    ``since`` (aware) keeps decisions made at or after it. Manual entries and
    mentions still pending are left out.
    """
    stmt = (
        select(Mention, Document)
        .join(Document, Document.id == Mention.document_id)
        .where(
            Mention.target_kind == str(TargetKind.EXPERT),
            Mention.reviewed_at.is_not(None),
            Mention.manual.is_(False),
            Mention.status.in_([str(MentionStatus.CONFIRMED), str(MentionStatus.REJECTED)]),
        )
        .order_by(Mention.reviewed_at, Mention.id)
    )
    if since is not None:
        stmt = stmt.where(Mention.reviewed_at >= since)
    labels = []
    for mention, document in session.execute(stmt):
        assert mention.reviewed_at is not None  # filtered above
        role = Role(mention.role)
        labels.append(
            StaffLabel(
                mention_id=mention.id,
                document_id=document.id,
                expert_id=mention.target_id,
                lang=_language(document.language, f"{document.title}\n{document.text}"),
                title=document.title,
                byline=document.byline,
                text=document.text,
                alias=mention.alias,
                snippet=mention.snippet,
                rule=mention.rule,
                media_type=document.media_type,
                role=role,
                proposed_role=Role(mention.proposed_role) if mention.proposed_role else role,
                decision=_decision(mention),
                reject_reason=RejectReason(mention.reject_reason)
                if mention.reject_reason
                else None,
                reviewed_by=mention.reviewed_by,
                reviewed_at=mention.reviewed_at,
            )
        )
    return labels
