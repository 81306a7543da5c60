"""File one source's cycle in storage: new items by a plan, changed known documents in place.

Takes, inside the caller's transaction (a ``Session``), what a source's cycle
brought once its entries were sorted: ``Candidate`` (a new entry with its article,
canonical URL, URL keys and outlet), ``Update`` (a known document's changed entry,
or one offering a fuller text, with its re-read article) and ``PublicationRecord``
(a publications source's items). ``Filer.file`` has ``pipeline.dedup.batch`` plan
the candidates against storage and each other, matches the plan's documents and has
``storage.writes.apply_plan`` apply it; gives a known document the fuller text of
a candidate the plan found to be that document, and updates a known document in
place, each then filed again by its new text (``_refile``); chooses the original of
every story it touched, once per story; and returns the counts and drops as
``Filed``. ``UnchangedFetches`` records, in shared transactions of its own, the
fetches that brought nothing to file.

It never fetches, parses or decides which entries are new (``pipeline.collect``
sorts them) and never records a filed source's fetch state; ``Filer`` never
commits: the caller's transaction holds the cycle's documents, stories, mentions
and source state at once. Beside ``pipeline.collect``, this is the only pipeline
module that writes to storage.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pipeline import dedup
from pipeline.dedup import batch
from pipeline.dedup.stories import Signature
from pipeline.extract import detect_language
from pipeline.match import Matcher
from pipeline.parse import ITEM_GUID_PREFIX
from pipeline.types import Article, Entry, OutletConfig, PublicationRecord, SourceConfig
from storage import queries, writes
from storage.db import session_scope

log = logging.getLogger(__name__)

#: How long the first unchanged fetch waits for others to be recorded with it.
UNCHANGED_BATCH_WAIT_SECONDS = 0.01


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry on its way to becoming a document, with its fetched article."""

    entry: Entry
    article: Article
    canonical_url: str
    url_keys: tuple[str, ...]
    outlet: OutletConfig | None


@dataclass(frozen=True, slots=True)
class Update:
    """A known entry whose feed text changed, with its re-read article and outlet.

    ``takeover``: the entry comes from a source that offers a fuller text than the
    snippet the document was stored with (see ``Filer.takes_over``);
    ``stored_length`` is the length of the stored text.
    """

    document_id: int
    entry: Entry
    article: Article
    outlet: OutletConfig | None
    takeover: bool = False
    stored_length: int = 0


@dataclass(slots=True)
class Filed:
    """What filing a source's cycle did: its counts, and the items it dropped, by reason."""

    new_documents: int = 0
    updated_documents: int = 0
    new_mentions: int = 0
    new_publications: int = 0
    drops: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class _Touched:
    """Stories whose original must be chosen again before a cycle's transaction ends.

    Chosen once per story per cycle (``Filer._refresh_originals``), not once per
    document: ``documents`` are the cycle's new documents (their stories are looked up
    at the end, after any merges), ``stories`` those a refiled document entered or left.
    """

    documents: set[int] = field(default_factory=set)
    stories: set[int] = field(default_factory=set)


class Filer:
    """Files sorted items through storage, matching them with ``matcher``.

    ``sources``: every configured source by name (whose documents keep their text,
    see ``takes_over``). ``matcher`` may be replaced between cycles.
    """

    def __init__(self, matcher: Matcher, sources: Mapping[str, SourceConfig]) -> None:
        """Prepare a filer for the configured ``sources``."""
        self.matcher = matcher
        self._sources = sources

    def file(
        self,
        session: Session,
        source: SourceConfig,
        *,
        publications: Sequence[PublicationRecord],
        updates: Sequence[Update],
        candidates: Sequence[Candidate],
        now: datetime,
    ) -> Filed:
        """File a source's cycle in ``session``'s transaction (never committed here):
        publications, then updates, then new candidates, then the touched stories'
        originals."""
        filed = Filed()
        for record in publications:
            if writes.upsert_publication(session, record, source.name, now):
                filed.new_publications += 1
            else:
                filed.drops["known_publication"] += 1
        touched = _Touched()
        for update in updates:
            self._update(session, update, source, filed, now, touched)
        if candidates:
            self._save_batch(session, candidates, source, filed, now, touched)
        self._refresh_originals(session, touched)
        return filed

    def takes_over(self, entry: Entry, ref: queries.DocumentRef, source: SourceConfig) -> bool:
        """May ``source`` give a known document a fuller text than the one it has?

        A document first stored from a snippet (a news search's, a mobile feed's) is
        taken over by a source that fetches the article's page, or by a feed whose
        entry carries a longer text; only a longer text replaces the stored one, so
        two sources never take a document back and forth. A document whose source
        fetched pages keeps it (only that source updates it, see ``_entry_changed``),
        as does a document staff entered by hand.
        """
        if ref.source_name in (source.name, writes.MANUAL_SOURCE_NAME) or is_listing_item(entry):
            return False
        owner = self._sources.get(ref.source_name)
        if owner is not None and owner.full_text:
            return False  # the text of the article's page
        if source.full_text:
            return True  # the page is fetched; the text is replaced only when it is longer
        return len(entry.summary) > ref.text_length

    def _save_batch(
        self,
        session: Session,
        candidates: Sequence[Candidate],
        source: SourceConfig,
        filed: Filed,
        now: datetime,
        touched: _Touched,
    ) -> None:
        """Dedup a source's new candidates against storage and each other, and save them.

        ``pipeline.dedup.batch`` plans them all against one look-up per kind; storage
        applies the plan with bulk statements. A candidate whose fuller text replaces a
        known document's stops the plan: what came before it is applied, the document
        takes its text (``_take_fuller``: refiling it may move stories the rest would
        be planned against), and the rest are planned again.
        """
        items = [_item(candidate) for candidate in candidates]
        start = 0
        while start < len(candidates):

            def lookup(keys: Collection[str]) -> dict[str, list[tuple[int, int, Signature]]]:
                return band_documents(session, keys)

            planner = batch.Planner(
                items[start:], common_at=queries.COMMON_LINE_DOCUMENTS, lookup_bands=lookup
            )
            planner.snap = dedup_snapshot(session, planner)
            likely = planner.likely_band_keys()
            planner.add_bands(lookup(likely), likely)
            plan = planner.plan()
            applied = self._apply(session, plan, candidates[start:], source, filed, now, touched)
            if plan.fuller is None:
                return
            stopped = start + plan.fuller.index
            document = plan.fuller.document
            if batch.is_planned(document):
                # A document of the plan just applied (-1: skipped, never stored).
                document = applied.ids.get(document, -1)
            self._take_fuller(session, candidates[stopped], document, source, filed, now, touched)
            start = stopped + 1

    def _apply(
        self,
        session: Session,
        plan: batch.Plan,
        candidates: Sequence[Candidate],
        source: SourceConfig,
        filed: Filed,
        now: datetime,
        touched: _Touched,
    ) -> writes.Applied:
        """Match the plan's documents and have storage apply it; returns what it wrote."""
        for into, others in plan.merges:
            log.info("source=%s: stories %s merged into story %s", source.name, others, into)
        documents: list[writes.PlannedDocument] = []
        for new in plan.new:
            candidate = candidates[new.index]
            article = candidate.article
            outlet_name = candidate.outlet.name if candidate.outlet else None
            documents.append(
                writes.PlannedDocument(
                    ref=new.document,
                    story_ref=new.story,
                    document=_new_document(
                        source,
                        candidate,
                        story_id=None,
                        fingerprint=new.fingerprint,
                        signature=new.signature,
                        band_keys=new.band_keys,
                        headline_key=new.headline_key,
                        now=now,
                    ),
                    publisher=dedup.publisher_key(
                        outlet_name, candidate.entry.publisher, article.url
                    ),
                    lines=new.lines,
                )
            )
        targets = sorted(
            [(new.index, new.document) for new in plan.new]
            + [(same.index, same.document) for same in plan.same]
        )
        mentions = [
            (
                document,
                self.matcher.find_mentions(candidates[index].article, candidates[index].outlet),
            )
            for index, document in targets
        ]
        applied = writes.apply_plan(
            session,
            writes.SavePlan(
                now=now,
                merges=plan.merges,
                new_stories=plan.new_stories,
                documents=documents,
                url_keys=[
                    (key, same.document)
                    for same in plan.same
                    for key in candidates[same.index].url_keys
                ],
                mentions=mentions,
            ),
        )
        filed.new_documents += len(applied.ids)
        filed.new_mentions += applied.new_mentions
        if plan.same:
            filed.drops["same_article"] += len(plan.same)
        if plan.known or applied.skipped:
            filed.drops["known_url"] += len(plan.known) + len(applied.skipped)
        touched.documents.update(applied.ids.values())
        return applied

    def _take_fuller(
        self,
        session: Session,
        candidate: Candidate,
        document: int,
        source: SourceConfig,
        filed: Filed,
        now: datetime,
        touched: _Touched,
    ) -> None:
        """A candidate the plan found to be a known document, with a fuller text: the
        document takes the text, the candidate's URL keys and its mentions.

        One article reached by another URL (mobile, AMP, a new GUID, a news search's
        link) is one document, which keeps the fuller of the two texts; it is filed
        again by that text (``_refile``), and its stories choose their originals at the
        end of the cycle (``touched``).
        """
        article = candidate.article
        same_article = queries.document_ref(session, document)
        if same_article is None:
            # Not stored after all (another transaction's document took its URL).
            filed.drops["known_url"] += 1
            return
        writes.add_url_keys(session, same_article.id, candidate.url_keys)
        mentions = self.matcher.find_mentions(article, candidate.outlet)
        if len(article.text) > same_article.text_length:
            signature = _rewrite(session, same_article.id, article, candidate.entry.summary, now)
            if self.takes_over(candidate.entry, same_article, source):
                writes.set_document_source(session, same_article.id, source.name)
            # The fuller text is better evidence for mentions nobody has reviewed yet.
            writes.refresh_pending_mentions(session, same_article.id, mentions)
            # A listing item without a URL of its own (an activity-log line) is one
            # event: it joins no story.
            if not is_listing_item(candidate.entry):
                self._refile(session, same_article.id, signature, now, touched)
        filed.new_mentions += writes.add_mentions(session, same_article.id, mentions, now)
        filed.drops["same_article"] += 1

    def _update(
        self,
        session: Session,
        update: Update,
        source: SourceConfig,
        filed: Filed,
        now: datetime,
        touched: _Touched,
    ) -> None:
        """An edited entry updates its document; mentions already found stay as they are.

        So does an entry that offers the fuller text of a document stored from a
        snippet (``Update.takeover``). The document is filed again by its new text.
        """
        article = update.article
        if update.takeover:
            if len(article.text) <= update.stored_length:
                # Nothing fuller after all (the page failed, or says less).
                filed.drops["known_url"] += 1
                return
            # This source gives the article's text from now on.
            writes.set_document_source(session, update.document_id, source.name)
        outlet = update.outlet
        mentions = self.matcher.find_mentions(article, outlet)
        signature = _rewrite(session, update.document_id, article, update.entry.summary, now)
        filed.updated_documents += 1
        if not is_listing_item(update.entry):
            self._refile(session, update.document_id, signature, now, touched)
        # Reviewed mentions stay as staff left them; pending ones take the new evidence;
        # a new target becomes a new pending mention.
        writes.refresh_pending_mentions(session, update.document_id, mentions)
        filed.new_mentions += writes.add_mentions(session, update.document_id, mentions, now)

    def _refile(
        self,
        session: Session,
        document_id: int,
        signature: dedup.Signature,
        now: datetime,
        touched: _Touched,
    ) -> None:
        """File a document whose text changed as if it had arrived with this text.

        A snippet stored first and then replaced by the article's full text belongs
        with the story the full text matches. The document moves there (stories its
        text proves to be one are merged, as for a new document); documents left
        behind in its old story are filed again in turn, since some may have joined
        only because of the snippet. A document whose new text matches nothing gets a
        story of its own. The stories it touched choose their originals at the end of
        the cycle (``touched``).
        """
        pending = [(document_id, signature)]
        seen: set[int] = set()
        while pending:
            doc_id, sig = pending.pop(0)
            if doc_id in seen:
                continue
            seen.add(doc_id)
            ref = queries.document_ref(session, doc_id)
            if ref is None:
                continue
            target = _story_for(session, sig, label=f"document={doc_id}", exclude_document=doc_id)
            if target is None:
                # Its text matches nothing stored: a story of its own, as a new document.
                left = writes.detach_document(session, doc_id, now)
                if left is None:
                    continue
                log.info("document=%s left story %s for a story of its own", doc_id, left)
            else:
                touched.stories.add(target)
                left = writes.move_document(session, doc_id, target)
                if left is None:
                    continue
                log.info("document=%s moved from story %s to story %s", doc_id, left, target)
            touched.stories.add(left)
            for member in queries.story_members(session, left):
                if member.signature is None or _is_item_guid(member.guid):
                    continue
                pending.append((member.document_id, dedup.Signature.from_bytes(member.signature)))

    @staticmethod
    def _refresh_originals(session: Session, touched: _Touched) -> None:
        """Choose the original of every story the cycle touched, in a few bulk statements.

        Stories merged away or left empty in the meantime have no placements and are
        skipped.
        """
        story_ids = set(touched.stories)
        if touched.documents:
            story_ids |= queries.story_ids_of(session, touched.documents)
        if not story_ids:
            return
        originals: list[tuple[int, int, str | None]] = []
        for story_id, rows in queries.story_placement_map(session, story_ids).items():
            original = dedup.choose_original(
                [
                    dedup.Placement(
                        document_id=row.document_id,
                        outlet=row.outlet,
                        media_type=row.media_type,
                        published=row.published_at,
                        credit=row.credit,
                    )
                    for row in rows
                ]
            )
            originals.append((story_id, original.document_id, original.credit))
        writes.set_story_originals(session, originals)


def _item(candidate: Candidate) -> batch.Item:
    """A candidate as the dedup planner sees it."""
    article = candidate.article
    outlet_name = candidate.outlet.name if candidate.outlet else None
    return batch.Item(
        title=article.title,
        text=article.text,
        published=article.published,
        outlet=outlet_name,
        publisher=dedup.publisher_key(outlet_name, candidate.entry.publisher, article.url),
        canonical_url=candidate.canonical_url,
        url_keys=candidate.url_keys,
        standalone=is_listing_item(candidate.entry),
    )


def _stored(ref: queries.DocumentRef) -> batch.StoredDocument:
    return batch.StoredDocument(
        id=ref.id,
        story_id=ref.story_id,
        outlet=ref.outlet,
        text_length=ref.text_length,
        published=ref.published_at,
        headline_key=ref.headline_key,
    )


def dedup_snapshot(session: Session, planner: batch.Planner) -> batch.Snapshot:
    """What storage knows about the planner's items, one look-up per kind (bands come
    later, see ``band_documents``)."""
    items = planner.items
    url_keys = queries.known_url_keys(session, [key for item in items for key in item.url_keys])
    refs = queries.document_refs(session, url_keys.values())
    by_fingerprint = queries.documents_by_fingerprints(session, planner.fingerprints())
    refs.update({ref.id: ref for ref in by_fingerprint.values()})
    headlines: dict[tuple[str, str], list[int]] = {}
    dated = [
        item
        for item in items
        if item.outlet is not None
        and not item.standalone
        and item.published is not None
        and len(item.title.strip()) >= batch.MIN_HEADLINE_CHARS
    ]
    if dated:
        published = [item.published for item in dated if item.published is not None]
        for ref in queries.same_headline_documents(
            session,
            {(item.outlet, dedup.headline_key(item.title)) for item in dated if item.outlet},
            min(published) - batch.SAME_HEADLINE_WINDOW,
            max(published) + batch.SAME_HEADLINE_WINDOW,
        ):
            refs[ref.id] = ref
            if ref.outlet is not None and ref.headline_key is not None:
                headlines.setdefault((ref.outlet, ref.headline_key), []).append(ref.id)
    return batch.Snapshot(
        url_keys=url_keys,
        documents={ident: _stored(ref) for ident, ref in refs.items()},
        by_fingerprint={fp: ref.id for fp, ref in by_fingerprint.items()},
        headlines=headlines,
        canonical_urls=queries.stored_canonical_urls(session, [i.canonical_url for i in items]),
        line_counts=queries.line_counts(session, planner.line_hashes()),
    )


def band_documents(
    session: Session, keys: Collection[str]
) -> dict[str, list[tuple[int, int, Signature]]]:
    """The newest stored documents of each band key (``queries.BAND_DOCUMENTS``), with
    their stories and signatures; crowded keys' floors move up as the look-up found."""
    postings = queries.band_documents(session, keys)
    writes.raise_band_floors(session, postings.floors)
    signatures: dict[bytes, Signature] = {}
    out: dict[str, list[tuple[int, int, Signature]]] = {}
    for key, found in postings.found.items():
        out[key] = [
            (
                document_id,
                story_id,
                signatures.get(blob) or signatures.setdefault(blob, Signature.from_bytes(blob)),
            )
            for document_id, story_id, blob in found
        ]
    return out


def _new_document(
    source: SourceConfig,
    candidate: Candidate,
    *,
    story_id: int | None,
    fingerprint: str,
    signature: Signature,
    band_keys: tuple[str, ...],
    headline_key: str,
    now: datetime,
) -> writes.NewDocument:
    """The stored form of a candidate's article, as the plan files it."""
    article = candidate.article
    return writes.NewDocument(
        story_id=story_id,
        source_name=source.name,
        url=article.url,
        canonical_url=candidate.canonical_url,
        guid=candidate.entry.guid,
        title=article.title,
        text=article.text,
        summary=candidate.entry.summary,
        byline=article.byline,
        published_at=article.published,
        language=article.language or detect_language(article.title + article.text),
        outlet=candidate.outlet.name if candidate.outlet else None,
        media_type=candidate.outlet.media_type.value if candidate.outlet else None,
        fingerprint=fingerprint,
        signature=signature.to_bytes(),
        band_keys=band_keys,
        url_keys=candidate.url_keys,
        credit=dedup.wire_credit(article.text, article.byline),
        now=now,
        links=article.links,
        headline_key=headline_key,
    )


def _is_item_guid(guid: str | None) -> bool:
    """A GUID made for a listing-page item without a URL of its own (see parse)."""
    return bool(guid and guid.startswith(ITEM_GUID_PREFIX))


def is_listing_item(entry: Entry) -> bool:
    """A listing-page item without a URL of its own (see parse.ITEM_GUID_PREFIX)."""
    return _is_item_guid(entry.guid)


def _signature(session: Session, article: Article) -> tuple[dedup.Signature, tuple[str, ...]]:
    """The near-duplicate signature of the article's distinctive text, and its line hashes.

    The lines storage knows to be boilerplate (and the built-in patterns) are left
    out first, so stories that share only boilerplate never match.
    """
    lines = dedup.line_hashes(article.title, article.text)
    common = queries.common_lines(session, lines)
    text = dedup.distinctive_text(article.title, article.text, common)
    return dedup.signature(text), lines


def _rewrite(
    session: Session,
    document_id: int,
    article: Article,
    summary: str,
    now: datetime,
) -> dedup.Signature:
    """Store ``article`` as the new text of a known document, with everything derived
    from that text (fingerprint, signature, band keys, headline key, its links); its
    signature, for filing the document again."""
    signature, _lines = _signature(session, article)
    writes.update_document(
        session,
        document_id,
        title=article.title,
        text=article.text,
        summary=summary,
        fingerprint=dedup.content_fingerprint(article.title, article.text),
        signature=signature.to_bytes(),
        band_keys=dedup.band_keys(signature),
        now=now,
        links=article.links,
        headline_key=dedup.headline_key(article.title),
    )
    return signature


def _story_for(
    session: Session,
    signature: dedup.Signature,
    *,
    label: str,
    exclude_document: int | None = None,
) -> int | None:
    """The story a text belongs with (None: a story of its own), merging the stories
    it proves to be one; ``label`` names the document in the log."""
    story_id, merged = dedup.assign_story(
        signature,
        (
            (story, dedup.Signature.from_bytes(blob))
            for story, blob in queries.story_candidates(
                session, dedup.band_keys(signature), exclude_document=exclude_document
            )
        ),
    )
    if story_id is not None and merged:
        log.info("%s: stories %s merged into story %s", label, merged, story_id)
        writes.merge_stories(session, story_id, merged)
    return story_id


class UnchangedFetches:
    """Records fetches that brought nothing to file (a 304, the same body), together.

    Most sources of a re-poll are unchanged: their records are written together, in
    one transaction with bulk statements (``writes.record_unchanged_fetches``), by one
    worker thread for the sources that finished meanwhile, instead of a transaction and
    a thread hand-off each. ``lock`` is the one the saves hold (one writer at a time).
    """

    def __init__(self, engine: Engine, lock: threading.Lock) -> None:
        """Prepare an empty queue writing to ``engine`` under ``lock``."""
        self._engine = engine
        self._lock = lock
        self._waiting: list[tuple[writes.UnchangedFetch, asyncio.Future[None]]] = []
        self._recording: asyncio.Task[None] | None = None

    async def record(self, fetch: writes.UnchangedFetch) -> None:
        """Returns once ``fetch`` is committed; raises what the write raised."""
        recorded: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((fetch, recorded))
        if self._recording is None or self._recording.done():
            self._recording = asyncio.create_task(self._record_pending())
        await recorded

    async def _record_pending(self) -> None:
        """Write the waiting unchanged fetches, batch after batch, until none wait."""
        while self._waiting:
            # Sources polled together finish within milliseconds of each other: a short
            # wait lets them share the transaction instead of one each.
            await asyncio.sleep(UNCHANGED_BATCH_WAIT_SECONDS)
            pending, self._waiting = self._waiting, []
            try:
                await asyncio.to_thread(self._write, [fetch for fetch, _ in pending])
            except Exception as error:  # each source's own cycle handles it (_guarded)
                for _, recorded in pending:
                    if not recorded.done():
                        recorded.set_exception(error)
            else:
                for _, recorded in pending:
                    if not recorded.done():
                        recorded.set_result(None)

    def _write(self, fetches: Sequence[writes.UnchangedFetch]) -> None:
        with self._lock, session_scope(self._engine) as session:
            writes.record_unchanged_fetches(session, fetches)
