"""A small stored world for the review app's tests: known stories, mentions and one hostile item.

``build(engine)`` stores, all pending, in FY2024:
- a wire story (共同) carried by three papers, naming 田中太郎 (quote): one queue row;
- a TV programme page naming 田中太郎 (appearance);
- an article naming a namesake 鈴木花子 (low confidence);
- a hostile feed item: a title with ``<script>``, a snippet with an ``onerror``
  image and a ``javascript:`` link, naming 田中太郎.
It returns the lead mention id of each, by name. ``CONFIG`` is the matching
config, parsed from ``CONFIG_YAML`` (write that to a file for the CLI).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from pipeline.config import parse_config
from pipeline.types import MentionCandidate, Role, TargetKind
from storage import writes
from storage.db import session_scope

CONFIG_YAML = """\
institute:
  name: 日本国際問題研究所
experts:
  - {id: tanaka, name: 田中太郎, groups: [米国研究会]}
  - {id: suzuki, name: 鈴木花子, groups: [中国研究会]}
outlets:
  - {name: NHK, media_type: tv}
sources: []
"""
CONFIG = parse_config(CONFIG_YAML, "reviewworld")
NOW = datetime(2024, 9, 1, 3, 0, tzinfo=UTC)
HOSTILE_TITLE = "<script>alert(1)</script>速報"
HOSTILE_SNIPPET = '[[田中太郎]]氏は<img src=x onerror="alert(2)">と述べた'
HOSTILE_URL = "javascript:alert(3)"


def _document(
    session: object,
    name: str,
    *,
    story_id: int | None,
    title: str,
    outlet: str,
    media_type: str,
    when: datetime,
    url: str | None = None,
) -> int:
    url = url or f"https://news.example.jp/{name}"
    document_id = writes.add_document(
        session,  # type: ignore[arg-type]
        writes.NewDocument(
            story_id=story_id,
            source_name="feed",
            url=url,
            canonical_url=url if url.startswith("http") else f"https://news.example.jp/{name}",
            guid=None,
            title=title,
            text=f"{title} 本文",
            summary="",
            byline=None,
            published_at=when,
            language="ja",
            outlet=outlet,
            media_type=media_type,
            fingerprint=f"fp-{name}",
            signature=None,
            band_keys=(),
            url_keys=(),
            credit=None,
            now=NOW,
        ),
    )
    assert document_id is not None
    return document_id


def _mention(
    session: object,
    document_id: int,
    expert: str,
    role: Role,
    confidence: float,
    snippet: str,
) -> int:
    candidate = MentionCandidate(
        TargetKind.EXPERT,
        expert,
        "田中太郎" if expert == "tanaka" else "鈴木花子",
        0,
        4,
        snippet,
        role,
        confidence,
        rule="name+title",
        reason="title nearby",
    )
    writes.add_mentions(session, document_id, [candidate], NOW)  # type: ignore[arg-type]
    from sqlalchemy import select

    from storage.models import Mention

    found = session.scalar(  # type: ignore[attr-defined]
        select(Mention.id).where(Mention.document_id == document_id, Mention.target_id == expert)
    )
    assert isinstance(found, int)
    return found


def build(engine: Engine) -> dict[str, int]:
    """Store the world; returns lead mention ids: wire, tv, namesake, hostile."""
    ids: dict[str, int] = {}
    base = datetime(2024, 7, 10, 1, 0, tzinfo=UTC)
    with session_scope(engine) as session:
        first = _document(
            session,
            "wire-1",
            story_id=None,
            title="日米協議、来月に（共同）",
            outlet="東京新聞",
            media_type="newspaper",
            when=base,
        )
        from storage.models import Document

        story_id = session.get(Document, first).story_id  # type: ignore[union-attr]
        ids["wire"] = _mention(
            session, first, "tanaka", Role.QUOTE, 0.9, "[[田中太郎]]主任研究員は「…」と話した"
        )
        for number, outlet in ((2, "北海道新聞"), (3, "中日新聞")):
            document = _document(
                session,
                f"wire-{number}",
                story_id=story_id,
                title="日米協議、来月に（共同）",
                outlet=outlet,
                media_type="newspaper",
                when=base + timedelta(hours=number),
            )
            _mention(
                session,
                document,
                "tanaka",
                Role.QUOTE,
                0.9,
                "[[田中太郎]]主任研究員は「…」と話した",
            )
        tv = _document(
            session,
            "tv-1",
            story_id=None,
            title="ニュース7 出演",
            outlet="NHK",
            media_type="tv",
            when=base + timedelta(days=3),
        )
        ids["tv"] = _mention(
            session, tv, "tanaka", Role.APPEARANCE, 0.8, "[[田中太郎]]氏が出演し解説した"
        )
        namesake = _document(
            session,
            "sports-1",
            story_id=None,
            title="市民マラソン結果",
            outlet="地方新聞",
            media_type="newspaper",
            when=base + timedelta(days=5),
        )
        ids["namesake"] = _mention(
            session, namesake, "suzuki", Role.MENTION, 0.3, "2位は[[鈴木花子]]さん（42）"
        )
        hostile = _document(
            session,
            "hostile-1",
            story_id=None,
            title=HOSTILE_TITLE,
            outlet="まとめサイト",
            media_type="web",
            when=base + timedelta(days=6),
            url=HOSTILE_URL,
        )
        ids["hostile"] = _mention(session, hostile, "tanaka", Role.QUOTE, 0.7, HOSTILE_SNIPPET)
    return ids
