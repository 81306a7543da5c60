"""Run one source through every stage for one cycle, and save it once.

Takes a ``SourceConfig``; fetches it, parses entries and fetches article pages
where the source asks for full text (within the source's wall-clock budget), then,
in a worker thread, one source at a time: sorts out known entries, has
``pipeline.dedup.batch`` plan the new ones against storage and each other, matches
them, and has storage apply the plan -- documents, stories, mentions and the
source's new state -- in ONE transaction. Returns a ``SourceReport`` with the
cycle's counts. This is the only module that sequences stages and the only
pipeline module that writes to storage. It never raises for a bad source: failures
become the source's recorded state.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TextIO

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pipeline import dedup
from pipeline.budget import heavy_work, run_bounded, text_bytes
from pipeline.classify.model import model_for_service
from pipeline.config import expand_sources
from pipeline.dates import parse_date
from pipeline.dedup import batch
from pipeline.dedup.stories import Signature
from pipeline.extract import ExtractError, detect_language, extract_article
from pipeline.fetch import Fetcher, error_text
from pipeline.limits import bounded_text
from pipeline.match import DETECTED, Matcher
from pipeline.outlets import media_type_for, on_institute_site, outlet_named_in
from pipeline.parse import ITEM_GUID_PREFIX, ParseError, parse_feed, parse_page
from pipeline.settings import Settings, models_folder
from pipeline.types import (
    Article,
    Config,
    Entry,
    FetchOutcome,
    FetchResult,
    OutletConfig,
    PublicationRecord,
    SourceConfig,
    SourceKind,
    TargetKind,
)
from storage import queries, writes
from storage.db import session_scope

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(days=1)
#: With autovacuum off, PostgreSQL's statistics are refreshed after this many new documents.
ANALYZE_AFTER_DOCUMENTS = 1000
#: How long the first unchanged fetch waits for others to be recorded with it.
UNCHANGED_BATCH_WAIT_SECONDS = 0.01


@dataclass(slots=True)
class SourceReport:
    """What one source's cycle did: the outcome and its counts."""

    source: str
    outcome: FetchOutcome
    parsed: bool = False
    entries: int = 0
    new_documents: int = 0
    updated_documents: int = 0
    new_mentions: int = 0
    new_publications: int = 0
    drops: Counter[str] = field(default_factory=Counter)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class _Candidate:
    """An entry on its way to becoming a document, with its fetched article."""

    entry: Entry
    article: Article
    canonical_url: str
    url_keys: tuple[str, ...]
    outlet: OutletConfig | None


@dataclass(frozen=True, slots=True)
class _Update:
    """A known entry whose feed text changed, with its re-read article.

    ``takeover``: the entry comes from a source that offers a fuller text than the
    snippet the document was stored with (see ``Collector._takes_over``);
    ``stored_length`` is the length of the stored text.
    """

    document_id: int
    entry: Entry
    article: Article
    takeover: bool = False
    stored_length: int = 0


_Fresh = tuple[Entry, str, tuple[str, ...]]
_Changed = tuple[queries.DocumentRef, Entry, bool]


@dataclass(slots=True)
class _Gathered:
    """What a source's cycle fetched, waiting to be stored.

    ``sorted``: known entries were already sorted out and the article pages fetched
    (``candidates``/``updates``); otherwise the store step sorts ``entries`` itself.
    """

    source: SourceConfig
    state: queries.SourceState | None
    result: FetchResult
    report: SourceReport
    entries: list[Entry]
    candidates: list[_Candidate] = field(default_factory=list)
    updates: list[_Update] = field(default_factory=list)
    sorted: bool = False


@dataclass(slots=True)
class _Touched:
    """Stories whose original must be chosen again before a cycle's transaction ends.

    Chosen once per story per cycle (``Collector._refresh_originals``), not once per
    document: ``documents`` are the cycle's new documents (their stories are looked up
    at the end, after any merges), ``stories`` those a refiled document entered or left.
    """

    documents: set[int] = field(default_factory=set)
    stories: set[int] = field(default_factory=set)


def _entry_changed(entry: Entry, ref: queries.DocumentRef, source: SourceConfig) -> bool:
    """Did this source's entry change since its document was stored?

    Only the source that stored a document may update it (two feeds with
    different summaries of one article must not flip it back and forth).
    With full text the stored title is the page's, so only summaries compare.
    """
    if ref.source_name != source.name:
        return False
    if source.full_text:
        return dedup.content_fingerprint("", entry.summary) != dedup.content_fingerprint(
            "", ref.summary
        )
    return dedup.content_fingerprint(entry.title, entry.summary) != ref.fingerprint


def _owning_entries(
    keyed: Sequence[_Fresh],
    known: Mapping[str, int],
    refs: Mapping[int, queries.DocumentRef],
) -> dict[int, int]:
    """For each known document, the position of the feed entry that speaks for it.

    A feed may carry one article twice (two sections, two URLs); the second was
    stored as the same article, so both entries lead to one document. Only one may
    be compared with it: the entry at the document's canonical URL, else the
    first entry that leads to it.
    """
    owners: dict[int, int] = {}
    for position, (_, canonical, keys) in enumerate(keyed):
        document = next((known[key] for key in keys if key in known), None)
        if document is None:
            continue
        ref = refs.get(document)
        if document not in owners or (
            ref is not None
            and canonical == ref.canonical_url
            and keyed[owners[document]][1] != ref.canonical_url
        ):
            owners[document] = position
    return owners


def entry_article(entry: Entry, language: str | None) -> Article:
    """An entry as the article matching sees when there is no page text: title and summary."""
    return Article(
        url=entry.url,
        title=entry.title,
        text=entry.summary,
        published=entry.published,
        byline=entry.author,
        language=language,
        links=entry.links,
    )


def next_due_after(
    source: SourceConfig, result: FetchResult, failures: int, now: datetime
) -> datetime:
    """When the source should next be fetched: its interval, or a back-off after failures."""
    if result.outcome in (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED):
        return now + source.every
    delay: timedelta = min(source.every * (2 ** min(failures, 10)), max(MAX_BACKOFF, source.every))
    if result.retry_after:
        delay = max(delay, timedelta(seconds=result.retry_after))
    return now + delay


class Collector:
    """Collects sources: owns the fetcher and the matcher, writes through storage."""

    def __init__(
        self,
        config: Config,
        settings: Settings,
        engine: Engine,
        fetcher: Fetcher,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Prepare a collector; the matcher is compiled once here."""
        self.config = config
        self.settings = settings
        self.engine = engine
        self.fetcher = fetcher
        self.clock = clock
        self.role_model = model_for_service(
            settings.role_model_file, models_folder(settings.database_url)
        )
        self.matcher = self._build_matcher()
        self._sources = {source.name: source for source in expand_sources(config)}
        # Sources are stored one at a time: SQLite has one writer, and the matcher and
        # the role model are not shared between threads.
        self._store_lock = threading.Lock()
        self._grown = 0
        # Read by ``register`` at the start of a cycle; each source takes its own once
        # (a source run again in the same cycle reads its state afresh).
        self._states: dict[str, queries.SourceState] = {}
        # Unchanged fetches waiting to be recorded together (``_record_unchanged``).
        self._unchanged: list[tuple[writes.UnchangedFetch, asyncio.Future[None]]] = []
        self._recording: asyncio.Task[None] | None = None
        with session_scope(self.engine) as session:
            self._autovacuum = queries.autovacuum_on(session)
        if self._autovacuum is False:
            log.warning(
                "PostgreSQL autovacuum is off: the collector runs ANALYZE after every %d new "
                "documents so that look-ups keep using their indexes",
                ANALYZE_AFTER_DOCUMENTS,
            )

    def _build_matcher(self) -> Matcher:
        with session_scope(self.engine) as session:
            publications = queries.publication_records(session)
        return Matcher(
            self.config,
            publications,
            role_model=self.role_model,
            max_hits_per_name=self.settings.max_hits_per_name,
        )

    def register(self) -> None:
        """Bring the sources' state rows in line with the whole config.

        New sources are due at once; sources no longer configured are disabled.
        Always the whole config, even when one cycle collects only some sources.
        """
        with session_scope(self.engine) as session:
            writes.ensure_sources(session, list(self._sources.values()), self.clock())
            # The cycle's sources start from these: one read for all instead of one each.
            self._states = queries.source_states(session)

    def due(self, sources: Sequence[SourceConfig]) -> list[SourceConfig]:
        """The sources whose next fetch time has come (decided by storage)."""
        with session_scope(self.engine) as session:
            due_names = set(queries.due_sources(session, self.clock()))
        return [source for source in sources if source.name in due_names]

    def record_failure(
        self, source: SourceConfig, message: str, *, retry_next_cycle: bool = False
    ) -> None:
        """Record a cycle that crashed, so the source backs off and staff see why.

        ``retry_next_cycle``: the failure was not the source's (the database's), so it
        is due again at once rather than backed off.
        """
        now = self.clock()
        with session_scope(self.engine) as session:
            state = queries.source_state(session, source.name)
            failures = (state.consecutive_failures if state else 0) + 1
            result = FetchResult(url=source.url, outcome=FetchOutcome.SOFT_ERROR, error=message)
            writes.record_fetch(
                session,
                source.name,
                result,
                now=now,
                next_due_at=(
                    now if retry_next_cycle else next_due_after(source, result, failures, now)
                ),
                parsed=False,
                entries=0,
                new_documents=0,
                updated_documents=0,
                new_mentions=0,
                drops={},
            )

    def refresh_matcher(self) -> None:
        """Recompile the matcher, e.g. after new publications were stored."""
        self.matcher = self._build_matcher()

    async def collect_source(self, source: SourceConfig) -> SourceReport:
        """One cycle of one source; never raises for the source's own failures but one:
        TimeoutError past its wall-clock budget (the scheduler records that).

        Fetching, parsing and article pages count against the budget
        (``Settings.source_budget_seconds``); saving does not, and runs in a worker
        thread, one source at a time, so matching and deduplicating one source never
        stalls the other sources' fetches. A save once started runs to its commit.
        """
        gathered = await asyncio.wait_for(
            self._gather(source), timeout=self.settings.source_budget_seconds
        )
        if (
            not gathered.entries
            and not gathered.report.parsed
            and gathered.result.outcome in (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED)
        ):
            return await self._record_unchanged(gathered)
        return await asyncio.to_thread(self._store, gathered)

    async def _record_unchanged(self, gathered: _Gathered) -> SourceReport:
        """Record a fetch that brought nothing to store (a 304, the same body).

        Most sources of a re-poll are unchanged: their records are written together,
        in one transaction with bulk statements (``writes.record_unchanged_fetches``),
        by one worker thread for the sources that finished meanwhile, instead of a
        transaction and a thread hand-off each. Returns once its record is committed.
        """
        source, result, report = gathered.source, gathered.result, gathered.report
        now = self.clock()
        fetch = writes.UnchangedFetch(
            source_name=source.name,
            result=result,
            now=now,
            next_due_at=next_due_after(source, result, 0, now),
            drops=dict(report.drops),
        )
        recorded: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._unchanged.append((fetch, recorded))
        if self._recording is None or self._recording.done():
            self._recording = asyncio.create_task(self._record_pending())
        await recorded
        _log_report(source, report)
        return report

    async def _record_pending(self) -> None:
        """Write the waiting unchanged fetches, batch after batch, until none wait."""
        while self._unchanged:
            # Sources polled together finish within milliseconds of each other: a short
            # wait lets them share the transaction instead of one each.
            await asyncio.sleep(UNCHANGED_BATCH_WAIT_SECONDS)
            pending, self._unchanged = self._unchanged, []
            try:
                await asyncio.to_thread(self._write_unchanged, [fetch for fetch, _ in pending])
            except Exception as error:  # each source's own cycle handles it (_guarded)
                for _, recorded in pending:
                    if not recorded.done():
                        recorded.set_exception(error)
            else:
                for _, recorded in pending:
                    if not recorded.done():
                        recorded.set_result(None)

    def _write_unchanged(self, fetches: Sequence[writes.UnchangedFetch]) -> None:
        with self._store_lock, session_scope(self.engine) as session:
            writes.record_unchanged_fetches(session, fetches)

    async def _gather(self, source: SourceConfig) -> _Gathered:
        """Fetch and parse the source, and fetch the article pages it asks for."""
        now = self.clock()
        state = self._states.pop(source.name, None)
        if state is None:
            with session_scope(self.engine) as session:
                state = queries.source_state(session, source.name)
        result = await self.fetcher.fetch(
            source.url,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            encoding=source.encoding,
            now=now,
            is_source=True,
        )
        report = SourceReport(source=source.name, outcome=result.outcome, error=result.error)
        entries: list[Entry] = []
        if result.outcome is FetchOutcome.NOT_MODIFIED:
            report.drops["not_modified"] += 1
        elif result.outcome is FetchOutcome.OK:
            if (
                state is not None
                and state.content_hash
                and state.content_hash == result.content_hash
            ):
                report.drops["unchanged_body"] += 1
            else:
                try:
                    entries = await asyncio.to_thread(
                        run_bounded, len(result.content), self.settings.heavy_document_bytes,
                        self._parse, source, result,
                    )  # fmt: skip
                    report.parsed = True
                    # The body is read: let it go now, not after the (queued) save.
                    result = replace(result, content=b"", text=None)
                except ParseError as error:
                    result = replace(
                        result,
                        outcome=FetchOutcome.SOFT_ERROR,
                        error=error_text("parse_error", str(error)),
                    )
                    report.outcome, report.error = result.outcome, result.error
        report.entries = len(entries)
        gathered = _Gathered(source, state, result, report, entries)
        if entries and source.kind is not SourceKind.PUBLICATIONS and source.full_text:
            # Article pages cost a request each: known entries are sorted out first.
            with session_scope(self.engine) as session:
                fresh, changed = self._sort_entries(session, source, entries, report)
            gathered.candidates, gathered.updates = await self._with_pages(
                source, fresh, changed, report
            )
            gathered.sorted = True
        return gathered

    def _store(self, gathered: _Gathered) -> SourceReport:
        """Dedup, match and save what a source's cycle gathered, in ONE transaction."""
        texts = [entry.summary for entry in gathered.entries]
        texts += [c.article.text for c in gathered.candidates]
        texts += [u.article.text for u in gathered.updates]
        with self._store_lock, heavy_work(text_bytes(texts), self.settings.heavy_document_bytes):
            report = self._store_locked(gathered)
            self._keep_statistics(report.new_documents)
        return report

    def _keep_statistics(self, new_documents: int) -> None:
        """With autovacuum off, ANALYZE the growing tables every so many new documents."""
        if self._autovacuum is not False:
            return
        self._grown += new_documents
        if self._grown < ANALYZE_AFTER_DOCUMENTS:
            return
        with session_scope(self.engine) as session:
            writes.analyze_growing_tables(session)
        log.info("statistics refreshed (ANALYZE) after %d new documents", self._grown)
        self._grown = 0

    def _store_locked(self, gathered: _Gathered) -> SourceReport:
        source, state, result, report = (
            gathered.source,
            gathered.state,
            gathered.result,
            gathered.report,
        )
        with session_scope(self.engine) as session:
            if gathered.entries:
                # Before any read: the plan must see every save committed before it.
                writes.lock_for_saving(session)
            publications: list[PublicationRecord] = []
            candidates, updates = gathered.candidates, gathered.updates
            if source.kind is SourceKind.PUBLICATIONS:
                publications = self._publications(source, gathered.entries)
            elif gathered.entries and not gathered.sorted:
                fresh, changed = self._sort_entries(session, source, gathered.entries, report)
                candidates, updates = self._build(
                    source,
                    fresh,
                    changed,
                    [entry_article(entry, source.language) for entry, _, _ in fresh]
                    + [entry_article(entry, source.language) for _, entry, _ in changed],
                )
            if report.drops["deferred_full_text"] or report.drops["deferred_article"]:
                # Forget validators and hash so the next cycle parses the feed again.
                result = replace(result, etag=None, last_modified=None, content_hash=None)
            now = self.clock()
            failures = (state.consecutive_failures if state else 0) + (
                0 if result.outcome in (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED) else 1
            )
            for record in publications:
                if writes.upsert_publication(session, record, source.name, now):
                    report.new_publications += 1
                else:
                    report.drops["known_publication"] += 1
            touched = _Touched()
            for update in updates:
                self._update(session, update, source, report, now, touched)
            if candidates:
                self._save_batch(session, candidates, source, report, now, touched)
            self._refresh_originals(session, touched)
            writes.record_fetch(
                session,
                source.name,
                result,
                now=now,
                next_due_at=next_due_after(source, result, failures, now),
                parsed=report.parsed,
                entries=report.entries,
                new_documents=report.new_documents,
                updated_documents=report.updated_documents,
                new_mentions=report.new_mentions,
                drops=dict(report.drops),
            )
        _log_report(source, report)
        return report

    # --- stages ---------------------------------------------------------------

    def _parse(self, source: SourceConfig, result: FetchResult) -> list[Entry]:
        caps = self.settings
        text, title, entries = caps.max_text_chars, caps.max_title_chars, caps.max_entries
        if source.selectors is not None:
            return parse_page(
                result, source.selectors,
                max_text_chars=text, max_title_chars=title, max_entries=entries,
            )  # fmt: skip
        return parse_feed(
            result, encoding=source.encoding,
            max_text_chars=text, max_title_chars=title, max_entries=entries,
        )  # fmt: skip

    def _publications(
        self, source: SourceConfig, entries: Sequence[Entry]
    ) -> list[PublicationRecord]:
        records = []
        for entry in entries:
            text = f"{entry.title}\n{entry.author or ''}\n{entry.summary}"
            article = Article(url=entry.url, title=entry.title, text=text, byline=entry.author)
            authors = tuple(
                candidate.target_id
                for candidate in self.matcher.find_mentions(article)
                if candidate.target_kind is TargetKind.EXPERT and candidate.confidence >= DETECTED
            )
            records.append(
                PublicationRecord(
                    url=dedup.canonical_url(entry.url),
                    title=entry.title,
                    pub_type=source.pub_type or source.name,
                    language=source.language or detect_language(entry.title + entry.summary),
                    published=entry.published,
                    authors=authors,
                )
            )
        return records

    def _outlet_for(
        self, source: SourceConfig, url: str, entry: Entry | None = None
    ) -> OutletConfig | None:
        """The outlet of an item: the source's own, else the publisher an aggregator names,
        else the one its URL belongs to, else (an activity-log entry) the one it names."""
        own = self.config.outlet(source.outlet)
        if own is not None:
            return own
        if entry is not None and entry.publisher:
            named = self.config.outlet(entry.publisher)
            if named is not None:
                return named
        if entry is not None and entry.publisher_url:
            by_publisher = media_type_for(entry.publisher_url, self.config)
            if by_publisher is not None:
                return by_publisher
        by_url = media_type_for(url, self.config)
        if by_url is None and entry is not None and self._records_an_appearance(entry):
            # An activity-log entry names where the appearance was (「TBSの「ひるおび」に
            # 出演」): that outlet, even one sources.yaml does not list yet.
            return outlet_named_in(f"{entry.title}\n{entry.summary}", self.config)
        return by_url

    def _records_an_appearance(self, entry: Entry) -> bool:
        """An activity-log line, or an item on the institute's own site (its media log)."""
        return _is_listing_item(entry) or on_institute_site(entry.url, self.config)

    def _sort_entries(
        self,
        session: Session,
        source: SourceConfig,
        entries: Sequence[Entry],
        report: SourceReport,
    ) -> tuple[list[_Fresh], list[_Changed]]:
        """New entries, and known entries whose feed text changed (or that offer a
        fuller text); known, unchanged entries are dropped with one look-up for all.

        Past the per-cycle budget of article pages, entries wait for the next cycle.
        """
        keyed: list[_Fresh] = []
        seen_in_cycle: set[str] = set()
        for entry in entries:
            canonical, keys = _identity(entry)
            if seen_in_cycle.intersection(keys):
                report.drops["duplicate_in_feed"] += 1
                continue
            seen_in_cycle.update(keys)
            keyed.append((entry, canonical, keys))
        known = queries.known_url_keys(session, [key for _, _, keys in keyed for key in keys])
        refs = queries.document_refs(session, known.values())
        fresh: list[_Fresh] = []
        changed: list[_Changed] = []
        owners = _owning_entries(keyed, known, refs)
        for position, (entry, canonical, keys) in enumerate(keyed):
            known_ids = [known[key] for key in keys if key in known]
            if not known_ids:
                fresh.append((entry, canonical, keys))
                continue
            ref = refs.get(known_ids[0])
            own = ref is not None and ref.source_name == source.name
            if own and owners.get(known_ids[0]) != position:
                # Another entry of this feed is the document's own (a second placement
                # of the article, stored as the same article): comparing this one too
                # would take it for an edit on every parse and flip the text. (Taking
                # over another source's document needs a longer text: no flip there.)
                report.drops["known_url"] += 1
            elif ref is not None and _entry_changed(entry, ref, source):
                changed.append((ref, entry, False))
            elif ref is not None and self._takes_over(entry, ref, source):
                changed.append((ref, entry, True))
            else:
                report.drops["known_url"] += 1
        if source.full_text:
            # Article pages cost a request each: past the per-cycle budget, entries wait
            # for the next cycle (the store step then forgets the feed's validators).
            budget = self.settings.full_text_per_cycle
            deferred = len(fresh) + len(changed) - budget
            if deferred > 0:
                report.drops["deferred_full_text"] += deferred
                fresh = fresh[:budget]
                changed = changed[: max(0, budget - len(fresh))]
        return fresh, changed

    async def _with_pages(
        self,
        source: SourceConfig,
        fresh: list[_Fresh],
        changed: list[_Changed],
        report: SourceReport,
    ) -> tuple[list[_Candidate], list[_Update]]:
        """Fetch the article pages of new and changed entries, concurrently."""
        wanted = [entry for entry, _, _ in fresh] + [entry for _, entry, _ in changed]
        articles = await asyncio.gather(
            *(
                self._article(
                    source,
                    entry,
                    report,
                    fetch_page=source.full_text and not _is_listing_item(entry),
                )
                for entry in wanted
            )
        )
        return self._build(source, fresh, changed, articles)

    def _build(
        self,
        source: SourceConfig,
        fresh: list[_Fresh],
        changed: list[_Changed],
        articles: Sequence[Article | None],
    ) -> tuple[list[_Candidate], list[_Update]]:
        """Candidates and updates from sorted entries and their articles (None: the page
        failed for now and the entry waits)."""
        candidates = []
        for (entry, canonical, keys), article in zip(fresh, articles[: len(fresh)], strict=True):
            if article is None:
                continue
            if article.canonical_url and not _is_listing_item(entry):
                page_canonical = dedup.canonical_url(
                    article.url, html_canonical=article.canonical_url
                )
                if page_canonical != canonical:
                    keys = (*keys, dedup.url_key(page_canonical))
                    canonical = page_canonical
            if not _is_listing_item(entry) and on_institute_site(entry.url, self.config):
                # The institute's record of an appearance is dated by the day it names
                # (「5月22日、TBSの…に出演」); its posting time is only the fallback.
                named_day = parse_date(
                    f"{entry.title}\n{entry.summary}", reference=entry.published or self.clock()
                )
                article = replace(article, published=named_day or article.published)
            candidates.append(
                _Candidate(
                    entry, article, canonical, keys, self._outlet_for(source, article.url, entry)
                )
            )
        updates = [
            _Update(ref.id, entry, article, takeover, ref.text_length)
            for (ref, entry, takeover), article in zip(changed, articles[len(fresh) :], strict=True)
            if article is not None
        ]
        return candidates, updates

    def _takes_over(self, entry: Entry, ref: queries.DocumentRef, source: SourceConfig) -> bool:
        """May ``source`` give a known document a fuller text than the one it has?

        A document first stored from a snippet (a news search's, a mobile feed's) is
        taken over by a source that fetches the article's page, or by a feed whose
        entry carries a longer text; only a longer text replaces the stored one, so
        two sources never take a document back and forth. A document whose source
        fetched pages keeps it (only that source updates it, see ``_entry_changed``),
        as does a document staff entered by hand.
        """
        if ref.source_name in (source.name, writes.MANUAL_SOURCE_NAME) or _is_listing_item(entry):
            return False
        owner = self._sources.get(ref.source_name)
        if owner is not None and owner.full_text:
            return False  # the text of the article's page
        if source.full_text:
            return True  # the page is fetched; the text is replaced only when it is longer
        return len(entry.summary) > ref.text_length

    async def _article(
        self, source: SourceConfig, entry: Entry, report: SourceReport, *, fetch_page: bool
    ) -> Article | None:
        """The entry's article page when asked for and reachable, else the entry itself.

        None when the page failed for now (timeout, 5xx, 429): the entry waits for
        the next cycle rather than being stored, for good, with its summary only.
        """
        fallback = entry_article(entry, source.language)
        if not fetch_page:
            return fallback
        page = await self.fetcher.fetch(entry.url, now=self.clock(), is_source=False)
        if page.outcome is FetchOutcome.SOFT_ERROR:
            report.drops["deferred_article"] += 1
            log.warning(
                "source=%s url=%s article fetch failed for now, retried next cycle: %s",
                source.name,
                entry.url,
                page.error,
            )
            return None
        if page.outcome is not FetchOutcome.OK:
            report.drops[f"article_{page.outcome}"] += 1
            log.warning(
                "source=%s url=%s article fetch %s: %s",
                source.name,
                entry.url,
                page.outcome,
                page.error,
            )
            return fallback
        try:
            article = await asyncio.to_thread(
                run_bounded, len(page.content), self.settings.heavy_document_bytes,
                extract_article, page,
            )  # fmt: skip
        except ExtractError as error:
            report.drops["article_unreadable"] += 1
            log.warning("source=%s url=%s article not extracted: %s", source.name, entry.url, error)
            return fallback
        return replace(
            article,
            title=article.title or entry.title,
            text=bounded_text(article.text, self.settings.max_text_chars) or entry.summary,
            # The feed's date is declared; a page without date metadata may offer
            # only a date found in its text, which can be another event's.
            published=entry.published or article.published,
            byline=article.byline or entry.author,
            language=source.language or article.language,
            links=tuple(dict.fromkeys(article.links + entry.links)),
        )

    def _save_batch(
        self,
        session: Session,
        candidates: Sequence[_Candidate],
        source: SourceConfig,
        report: SourceReport,
        now: datetime,
        touched: _Touched,
    ) -> None:
        """Dedup a source's new candidates against storage and each other, and save them.

        ``pipeline.dedup.batch`` plans them all against one look-up per kind; storage
        applies the plan with bulk statements. A candidate whose fuller text replaces a
        known document's stops the plan: what came before it is applied, it is saved on
        its own (``_save``), and the rest are planned again.
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
            self._apply(session, plan, candidates[start:], source, report, now, touched)
            if plan.stopped_at is None:
                return
            stopped = start + plan.stopped_at
            self._save(session, candidates[stopped], source, report, now, touched)
            start = stopped + 1

    def _apply(
        self,
        session: Session,
        plan: batch.Plan,
        candidates: Sequence[_Candidate],
        source: SourceConfig,
        report: SourceReport,
        now: datetime,
        touched: _Touched,
    ) -> None:
        """Match the plan's documents and have storage apply it."""
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
        report.new_documents += len(applied.ids)
        report.new_mentions += applied.new_mentions
        if plan.same:
            report.drops["same_article"] += len(plan.same)
        if plan.known or applied.skipped:
            report.drops["known_url"] += len(plan.known) + len(applied.skipped)
        touched.documents.update(applied.ids.values())

    def _save(
        self,
        session: Session,
        candidate: _Candidate,
        source: SourceConfig,
        report: SourceReport,
        now: datetime,
        touched: _Touched,
    ) -> None:
        """Dedup one candidate against storage and save it with its mentions.

        Its story's original is chosen at the end of the cycle (``touched``).
        """
        article = candidate.article
        outlet = candidate.outlet
        outlet_name = outlet.name if outlet else None
        fingerprint = dedup.content_fingerprint(article.title, article.text)
        signature, lines = _signature(session, article)
        band_keys = dedup.band_keys(signature)
        # A listing item without a URL of its own (an activity-log line) is one event:
        # the same words on another day are another appearance, so it joins nothing.
        standalone = _is_listing_item(candidate.entry)
        same_text = None if standalone else queries.document_by_fingerprint(session, fingerprint)
        same_article = same_text if same_text and same_text.outlet == outlet_name else None
        known = queries.known_url_keys(session, candidate.url_keys)
        if known:
            # Another source stored this URL while this one fetched its page.
            first = next(known[key] for key in candidate.url_keys if key in known)
            same_article = queries.document_ref(session, first)
        if same_article is None and outlet_name is not None and not standalone:
            same_article = self._same_headline(session, article, outlet_name)
        if same_article is not None:
            # One article reached by another URL (mobile, AMP, a new GUID, a news search's
            # link): one document, which keeps the fuller of the two texts.
            writes.add_url_keys(session, same_article.id, candidate.url_keys)
            mentions = self.matcher.find_mentions(article, outlet)
            if len(article.text) > same_article.text_length:
                writes.update_document(
                    session,
                    same_article.id,
                    title=article.title,
                    text=article.text,
                    summary=candidate.entry.summary,
                    fingerprint=fingerprint,
                    signature=signature.to_bytes(),
                    band_keys=band_keys,
                    now=now,
                    headline_key=dedup.headline_key(article.title),
                )
                if self._takes_over(candidate.entry, same_article, source):
                    writes.set_document_source(session, same_article.id, source.name)
                # The fuller text is better evidence for mentions nobody has reviewed yet.
                writes.refresh_pending_mentions(session, same_article.id, mentions)
                if not standalone:
                    self._refile(session, same_article.id, signature, now, touched)
            report.new_mentions += writes.add_mentions(session, same_article.id, mentions, now)
            report.drops["same_article"] += 1
            return
        story_id = same_text.story_id if same_text is not None else None
        if story_id is None and band_keys and not standalone:
            story_id = _story_for(session, signature, label=f"url={article.url}")
        document = _new_document(
            source,
            candidate,
            story_id=story_id,
            fingerprint=fingerprint,
            signature=signature,
            band_keys=tuple(band_keys),
            headline_key=dedup.headline_key(article.title),
            now=now,
        )
        document_id = writes.add_document(session, document)
        if document_id is None:
            report.drops["known_url"] += 1
            return
        publisher = dedup.publisher_key(outlet_name, candidate.entry.publisher, article.url)
        writes.count_lines(session, [(publisher, lines)])
        report.new_documents += 1
        mentions = self.matcher.find_mentions(article, outlet)
        report.new_mentions += writes.add_mentions(session, document_id, mentions, now)
        touched.documents.add(document_id)

    @staticmethod
    def _same_headline(
        session: Session, article: Article, outlet_name: str
    ) -> queries.DocumentRef | None:
        """A stored document of the same outlet with the same headline, published close by.

        Catches one article reached through two routes whose texts differ (the
        outlet's feed and a news search's snippet of it). One indexed probe of the
        headline's key (``queries.same_headline_document``): the newest such document.
        """
        if article.published is None or len(article.title.strip()) < batch.MIN_HEADLINE_CHARS:
            return None
        return queries.same_headline_document(
            session,
            outlet_name,
            dedup.headline_key(article.title),
            article.published - batch.SAME_HEADLINE_WINDOW,
            article.published + batch.SAME_HEADLINE_WINDOW,
        )

    def _update(
        self,
        session: Session,
        update: _Update,
        source: SourceConfig,
        report: SourceReport,
        now: datetime,
        touched: _Touched,
    ) -> None:
        """An edited entry updates its document; mentions already found stay as they are.

        So does an entry that offers the fuller text of a document stored from a
        snippet (``_Update.takeover``). The document is filed again by its new text.
        """
        article = update.article
        if update.takeover:
            if len(article.text) <= update.stored_length:
                # Nothing fuller after all (the page failed, or says less).
                report.drops["known_url"] += 1
                return
            # This source gives the article's text from now on.
            writes.set_document_source(session, update.document_id, source.name)
        outlet = self._outlet_for(source, article.url, update.entry)
        mentions = self.matcher.find_mentions(article, outlet)
        signature, _lines = _signature(session, article)
        writes.update_document(
            session,
            update.document_id,
            title=article.title,
            text=article.text,
            summary=update.entry.summary,
            fingerprint=dedup.content_fingerprint(article.title, article.text),
            signature=signature.to_bytes(),
            band_keys=dedup.band_keys(signature),
            now=now,
            links=article.links,
            headline_key=dedup.headline_key(article.title),
        )
        report.updated_documents += 1
        if not _is_listing_item(update.entry):
            self._refile(session, update.document_id, signature, now, touched)
        # Reviewed mentions stay as staff left them; pending ones take the new evidence;
        # a new target becomes a new pending mention.
        writes.refresh_pending_mentions(session, update.document_id, mentions)
        report.new_mentions += writes.add_mentions(session, update.document_id, mentions, now)

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


def _log_report(source: SourceConfig, report: SourceReport) -> None:
    """The one log line of a source's cycle."""
    log.info(
        "source=%s url=%s outcome=%s parsed=%s entries=%d new_documents=%d updated=%d "
        "new_mentions=%d new_publications=%d drops=%s%s",
        source.name,
        source.url,
        report.outcome,
        report.parsed,
        report.entries,
        report.new_documents,
        report.updated_documents,
        report.new_mentions,
        report.new_publications,
        dict(report.drops),
        f" error={report.error}" if report.error else "",
    )


def _item(candidate: _Candidate) -> batch.Item:
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
        standalone=_is_listing_item(candidate.entry),
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
    candidate: _Candidate,
    *,
    story_id: int | None,
    fingerprint: str,
    signature: Signature,
    band_keys: tuple[str, ...],
    headline_key: str,
    now: datetime,
) -> writes.NewDocument:
    """The stored form of a candidate's article: what the plan and the one-by-one save share."""
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


def _is_listing_item(entry: Entry) -> bool:
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


def _identity(entry: Entry) -> tuple[str, tuple[str, ...]]:
    """The entry's canonical URL and the keys that recognise it next time.

    A listing item without a URL of its own is known by its GUID alone: the URL
    it shares (the programme's page, the listing itself) says nothing about it.
    """
    canonical = dedup.canonical_url(entry.url)
    if entry.guid and _is_listing_item(entry):
        item = entry.guid.removeprefix(ITEM_GUID_PREFIX)
        return f"{canonical}#item-{item}", (dedup.guid_key(entry.guid),)
    return canonical, _keys_for(canonical, entry.guid)


def _keys_for(canonical: str, guid: str | None) -> tuple[str, ...]:
    keys = [dedup.url_key(canonical)]
    if guid:
        keys.append(dedup.guid_key(guid))
    return tuple(dict.fromkeys(keys))


@dataclass(frozen=True, slots=True)
class RematchResult:
    """What a rematch run did."""

    documents: int
    new_mentions: int


def rematch(
    config: Config,
    engine: Engine,
    *,
    since: datetime | None = None,
    progress: TextIO | None = None,
    batch_size: int = 200,
) -> RematchResult:
    """Re-run matching over stored documents, adding only new pending mentions.

    Mentions that already exist for a document and target, whatever their
    status, are left exactly as they are (confirmed and rejected included).
    """
    with session_scope(engine) as session:
        publications = queries.publication_records(session)
    matcher = Matcher(config, publications)
    documents = new_mentions = 0
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        stored = list(queries.documents_for_rematch(session, since))
    total = len(stored)
    for start in range(0, total, batch_size):
        batch = stored[start : start + batch_size]
        with session_scope(engine) as session:
            for doc in batch:
                article = Article(
                    url=doc.url,
                    title=doc.title,
                    text=doc.text,
                    published=doc.published_at,
                    byline=doc.byline,
                    language=doc.language,
                    links=doc.links,
                )
                outlet = config.outlet(doc.outlet) or media_type_for(doc.url, config)
                new_mentions += writes.add_mentions(
                    session, doc.id, matcher.find_mentions(article, outlet), now
                )
                documents += 1
        if progress is not None:
            print(
                f"rematch: {documents}/{total} documents, {new_mentions} new mentions",
                file=progress,
            )
    return RematchResult(documents=documents, new_mentions=new_mentions)
