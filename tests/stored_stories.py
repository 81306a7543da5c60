"""File documents into stories through real storage, as the collector does.

``StoredStories`` stands where an in-memory index used to: each ``add`` plans one
document with ``pipeline.dedup.batch`` against a real SQLite database (the band
look-up ``storage.queries.band_documents``) and applies the plan with
``storage.writes.apply_plan`` (stories created and merged by the database). A story
is named by the caller's id of its first document, so tests read as before:
a document that starts a story gets its own id, and merges keep the lowest.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from pipeline.dedup import batch, signature
from pipeline.dedup.stories import Signature
from pipeline.filing import band_documents, dedup_snapshot
from storage import writes
from storage.db import make_engine, session_scope, upgrade
from storage.models import Document

NOW = datetime(2026, 12, 1, tzinfo=UTC)


class StoredStories:
    """Documents filed one at a time in a SQLite database under ``folder``."""

    def __init__(self, folder: Path) -> None:
        """Create the database (every migration)."""
        self.engine = make_engine(f"sqlite:///{folder / 'stories.db'}")
        upgrade(self.engine)
        self._stored: dict[int, int] = {}  # caller's id -> database id
        self._callers: dict[int, int] = {}
        #: Stories merged into others so far (as the planner counted them).
        self.merges = 0

    def __len__(self) -> int:
        return len(self._stored)

    def add(self, doc_id: int, text: str) -> int:
        """File document ``doc_id`` with ``text``; return its story (see the module)."""
        return self.add_signature(doc_id, signature(text), text)

    def add_signature(self, doc_id: int, sig: Signature, text: str = "") -> int:
        """File a document whose signature is already known; return its story."""
        self.add_all([(doc_id, sig, text)])
        return self.story_of(doc_id)

    def add_all(self, documents: Sequence[tuple[int, Signature, str]], feed: int = 250) -> None:
        """File documents in order, ``feed`` at a time in one plan and transaction each,
        as the collector files a feed's items."""
        for start in range(0, len(documents), feed):
            self._file(documents[start : start + feed])

    def _file(self, documents: Sequence[tuple[int, Signature, str]]) -> None:
        items = []
        for doc_id, sig, text in documents:
            if doc_id in self._stored:
                raise ValueError(f"document {doc_id} is already stored")
            items.append(
                batch.Item(
                    title="",
                    # Each its own text and outlet: only the signature decides, never the
                    # same-text or same-article rules.
                    text=f"document {doc_id}\n{text}",
                    published=None,
                    outlet=f"outlet-{doc_id}",
                    publisher="tests",
                    canonical_url=f"https://stories.test/{doc_id}",
                    url_keys=(f"doc-{doc_id}",),
                    signature=sig,
                )
            )
        with session_scope(self.engine) as session:

            def lookup(keys: Collection[str]) -> dict[str, list[tuple[int, int, Signature]]]:
                return band_documents(session, keys)

            planner = batch.Planner(items, common_at=1 << 30, lookup_bands=lookup)
            planner.snap = dedup_snapshot(session, planner)
            likely = planner.likely_band_keys()
            planner.add_bands(lookup(likely), likely)
            plan = planner.plan()
            assert len(plan.new) == len(items) and plan.stopped_at is None
            self.merges += planner.merges
            applied = writes.apply_plan(
                session,
                writes.SavePlan(
                    now=NOW,
                    merges=plan.merges,
                    new_stories=plan.new_stories,
                    documents=[
                        writes.PlannedDocument(
                            ref=new.document,
                            story_ref=new.story,
                            document=_document(items[new.index], new),
                            publisher="tests",
                            lines=(),
                        )
                        for new in plan.new
                    ],
                ),
            )
        for (doc_id, _, _), new in zip(documents, plan.new, strict=True):
            self._stored[doc_id] = applied.ids[new.document]
            self._callers[applied.ids[new.document]] = doc_id

    def _stories(self) -> dict[int, list[int]]:
        """Database story id -> the caller's ids of its documents, in filing order."""
        with session_scope(self.engine) as session:
            rows = session.execute(select(Document.id, Document.story_id).order_by(Document.id))
            grouped: dict[int, list[int]] = {}
            for document_id, story_id in rows:
                grouped.setdefault(story_id, []).append(self._callers[document_id])
        return grouped

    def story_of(self, doc_id: int) -> int:
        """The story of a filed document, named by its first document (KeyError if unknown)."""
        return self.labels()[doc_id]

    def labels(self) -> dict[int, int]:
        """Every filed document's story, named by the story's first document."""
        return {doc: members[0] for members in self._stories().values() for doc in members}

    def stories(self) -> dict[int, list[int]]:
        """Every story, named by its first document, with its documents in filing order."""
        return {members[0]: members for members in self._stories().values()}


def _document(item: batch.Item, new: batch.NewDocument) -> writes.NewDocument:
    return writes.NewDocument(
        story_id=None,
        source_name="tests",
        url=item.canonical_url,
        canonical_url=item.canonical_url,
        guid=None,
        title="",
        text=item.text,
        summary="",
        byline=None,
        published_at=None,
        language=None,
        outlet=item.outlet,
        media_type=None,
        fingerprint=new.fingerprint,
        signature=new.signature.to_bytes(),
        band_keys=new.band_keys,
        url_keys=item.url_keys,
        credit=None,
        now=NOW,
    )
