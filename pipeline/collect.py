"""Run one source through every stage for one cycle, and save it once.

Takes a ``SourceConfig``; fetches it, parses entries and fetches article pages
where the source asks for full text (within the source's wall-clock budget), then,
in a worker thread, one source at a time: sorts out known entries, has
``pipeline.filing`` file the new and changed ones (planned by ``pipeline.dedup.batch``,
matched, applied by storage) and records the source's new state -- in ONE
transaction. Returns a ``SourceReport`` with the cycle's counts. This is the only
module that sequences stages; it and ``pipeline.filing`` are the only pipeline
modules that write to storage. It never raises for a bad source: failures become
the source's recorded state.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
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
from pipeline.extract import ExtractError, detect_language, extract_article
from pipeline.fetch import Fetcher, error_text
from pipeline.filing import Candidate, Filer, UnchangedFetches, Update, is_listing_item
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
    candidates: list[Candidate] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    sorted: bool = False


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
        self._sources = {source.name: source for source in expand_sources(config)}
        self.filer = Filer(self._build_matcher(), self._sources)
        # Sources are stored one at a time: SQLite has one writer, and the matcher and
        # the role model are not shared between threads.
        self._store_lock = threading.Lock()
        self._grown = 0
        # Read by ``register`` at the start of a cycle; each source takes its own once
        # (a source run again in the same cycle reads its state afresh).
        self._states: dict[str, queries.SourceState] = {}
        # Unchanged fetches, recorded together (``_record_unchanged``).
        self._unchanged = UnchangedFetches(engine, self._store_lock)
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

    @property
    def matcher(self) -> Matcher:
        """The compiled matcher (the filer's: one matcher matches what is filed)."""
        return self.filer.matcher

    @matcher.setter
    def matcher(self, matcher: Matcher) -> None:
        self.filer.matcher = matcher

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
        """Record a fetch that brought nothing to store (a 304, the same body), in a
        transaction shared with the other unchanged sources (``UnchangedFetches``).
        Returns once its record is committed."""
        source, result, report = gathered.source, gathered.result, gathered.report
        now = self.clock()
        await self._unchanged.record(
            writes.UnchangedFetch(
                source_name=source.name,
                result=result,
                now=now,
                next_due_at=next_due_after(source, result, 0, now),
                drops=dict(report.drops),
            )
        )
        _log_report(source, report)
        return report

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
            filed = self.filer.file(
                session,
                source,
                publications=publications,
                updates=updates,
                candidates=candidates,
                now=now,
            )
            report.new_documents += filed.new_documents
            report.updated_documents += filed.updated_documents
            report.new_mentions += filed.new_mentions
            report.new_publications += filed.new_publications
            report.drops.update(filed.drops)
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
        return is_listing_item(entry) or on_institute_site(entry.url, self.config)

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
            elif ref is not None and self.filer.takes_over(entry, ref, source):
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
    ) -> tuple[list[Candidate], list[Update]]:
        """Fetch the article pages of new and changed entries, concurrently."""
        wanted = [entry for entry, _, _ in fresh] + [entry for _, entry, _ in changed]
        articles = await asyncio.gather(
            *(
                self._article(
                    source,
                    entry,
                    report,
                    fetch_page=source.full_text and not is_listing_item(entry),
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
    ) -> tuple[list[Candidate], list[Update]]:
        """Candidates and updates from sorted entries and their articles (None: the page
        failed for now and the entry waits)."""
        candidates = []
        for (entry, canonical, keys), article in zip(fresh, articles[: len(fresh)], strict=True):
            if article is None:
                continue
            if article.canonical_url and not is_listing_item(entry):
                page_canonical = dedup.canonical_url(
                    article.url, html_canonical=article.canonical_url
                )
                if page_canonical != canonical:
                    keys = (*keys, dedup.url_key(page_canonical))
                    canonical = page_canonical
            if not is_listing_item(entry) and on_institute_site(entry.url, self.config):
                # The institute's record of an appearance is dated by the day it names
                # (「5月22日、TBSの…に出演」); its posting time is only the fallback.
                named_day = parse_date(
                    f"{entry.title}\n{entry.summary}", reference=entry.published or self.clock()
                )
                article = replace(article, published=named_day or article.published)
            candidates.append(
                Candidate(
                    entry, article, canonical, keys, self._outlet_for(source, article.url, entry)
                )
            )
        updates = [
            Update(
                ref.id,
                entry,
                article,
                self._outlet_for(source, article.url, entry),
                takeover,
                ref.text_length,
            )
            for (ref, entry, takeover), article in zip(changed, articles[len(fresh) :], strict=True)
            if article is not None
        ]
        return candidates, updates

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


def _identity(entry: Entry) -> tuple[str, tuple[str, ...]]:
    """The entry's canonical URL and the keys that recognise it next time.

    A listing item without a URL of its own is known by its GUID alone: the URL
    it shares (the programme's page, the listing itself) says nothing about it.
    """
    canonical = dedup.canonical_url(entry.url)
    if entry.guid and is_listing_item(entry):
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
