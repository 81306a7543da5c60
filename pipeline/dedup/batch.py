"""Plan one feed's new documents against what storage knows and against each other.

The collector asks storage once per kind for everything a feed's new items could
collide with (their URL keys, fingerprints, headline keys, canonical URLs, line
frequencies and band keys: a ``Snapshot``), then ``plan`` decides every item in
order, exactly as saving them one at a time would: each decision sees the items
before it (a copy inside the same feed joins the first one's story, an outlet's
desk byline becomes boilerplate once the batch has counted it three times). The
result is a ``Plan`` -- new documents with their stories, merges, documents reached
by another URL -- that storage applies in one transaction with bulk statements.

Documents and stories the plan creates have provisional ids (``is_planned``) above
any stored id and in creation order, so "lowest id" ties break as they would after
the inserts. Pure: storage is reached only through the ``Snapshot`` and the band
look-up the caller passes in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pipeline.dedup.stories import (
    Signature,
    assign_story,
    band_keys,
    content_fingerprint,
    distinctive_text,
    headline_key,
    line_hashes,
    signature,
)

#: Provisional ids of planned documents and stories start here (stored ids never do).
PLANNED_BASE = 1 << 50
#: Headlines shorter than this ("社説", "天気") are too generic to identify an article.
MIN_HEADLINE_CHARS = 12
#: How far apart two placements of one headline by one outlet may be published.
SAME_HEADLINE_WINDOW = timedelta(hours=36)


def is_planned(ident: int) -> bool:
    """True for the provisional id of a document or story the plan creates."""
    return ident >= PLANNED_BASE


@dataclass(frozen=True, slots=True)
class Item:
    """One new feed item as dedup sees it.

    ``standalone``: a listing item without a URL of its own (an activity-log line):
    one event, which joins no story and no same-text or same-headline document.
    ``publisher`` is ``publisher_key`` of the item (whose lines it counts).
    ``signature``: one computed already (a benchmark's, a test's); else the planner
    takes it of the item's distinctive text.
    """

    title: str
    text: str
    published: datetime | None
    outlet: str | None
    publisher: str
    canonical_url: str
    url_keys: tuple[str, ...]
    standalone: bool = False
    signature: Signature | None = None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A stored document as the same-article decisions need it."""

    id: int
    story_id: int
    outlet: str | None
    text_length: int
    published: datetime | None = None
    headline_key: str | None = None


@dataclass(slots=True)
class Snapshot:
    """What storage knows about a feed's items, one look-up per kind.

    ``documents`` holds every document the other maps name (except ``bands``' ones,
    whose story and signature are in ``signatures``). ``line_counts``: line hash ->
    publisher -> documents counted. ``headlines``: (outlet, headline key) -> ids.
    """

    url_keys: dict[str, int] = field(default_factory=dict)
    documents: dict[int, StoredDocument] = field(default_factory=dict)
    by_fingerprint: dict[str, int] = field(default_factory=dict)
    headlines: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    canonical_urls: set[str] = field(default_factory=set)
    line_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    bands: dict[str, list[int]] = field(default_factory=dict)
    signatures: dict[int, tuple[int, Signature]] = field(default_factory=dict)


#: Band key -> (document id, story id, signature) of every stored document that has it.
BandLookup = Callable[[Collection[str]], Mapping[str, Sequence[tuple[int, int, Signature]]]]


@dataclass(frozen=True, slots=True)
class NewDocument:
    """An item that becomes a document: ``document`` its provisional id, ``story`` the
    story it is filed in at the end of the plan (stored, or planned)."""

    index: int
    document: int
    story: int
    fingerprint: str
    signature: Signature
    band_keys: tuple[str, ...]
    lines: tuple[str, ...]
    headline_key: str


@dataclass(frozen=True, slots=True)
class SameArticle:
    """An item that is a document already stored or planned, reached by another URL.

    ``fuller``: its text is longer than the document's, which the caller replaces
    (the plan stops at such an item, see ``Plan.stopped_at`` and ``Plan.fuller``).
    """

    index: int
    document: int
    fuller: bool


@dataclass(slots=True)
class Plan:
    """Every change one feed's items make, in item order.

    ``merges``: (into, others) of stored stories, in order; ``new_stories`` the planned
    stories the new documents are filed in, in creation order; ``known`` the indexes of
    items whose canonical URL is stored already. ``stopped_at``: the index of an item
    whose fuller text replaces a known document's, ``fuller`` that decision (the
    document: stored, or one of this plan's); the caller applies the plan, replaces
    the document's text (which may refile it and move stories) and plans the rest again.
    """

    new: list[NewDocument] = field(default_factory=list)
    same: list[SameArticle] = field(default_factory=list)
    known: list[int] = field(default_factory=list)
    merges: list[tuple[int, list[int]]] = field(default_factory=list)
    new_stories: list[int] = field(default_factory=list)
    stopped_at: int | None = None
    fuller: SameArticle | None = None


class _Stories:
    """Story ids as merges leave them: each merged story points at the one it joined."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, story: int) -> int:
        root = story
        while root in self.parent:
            root = self.parent[root]
        while story != root:  # shorten the chain for next time
            self.parent[story], story = root, self.parent[story]
        return root

    def merge(self, into: int, others: Sequence[int]) -> None:
        for other in others:
            if other != into:
                self.parent[other] = into


class Planner:
    """Decides a feed's items in order against a ``Snapshot`` and the items before them."""

    def __init__(
        self,
        items: Sequence[Item],
        snapshot: Snapshot | None = None,
        *,
        common_at: int,
        lookup_bands: BandLookup,
    ) -> None:
        """``common_at``: a line counted in this many documents of one publisher is
        boilerplate; ``lookup_bands`` answers band keys the snapshot lacks. The
        snapshot may come later (``snap``), asked for with ``line_hashes`` and
        ``fingerprints``."""
        self.items = items
        self.snap = snapshot if snapshot is not None else Snapshot()
        self.common_at = common_at
        self.lookup_bands = lookup_bands
        self.stories = _Stories()
        self._next = PLANNED_BASE
        self._lines = [line_hashes(item.title, item.text) for item in items]
        self._fingerprints = [content_fingerprint(item.title, item.text) for item in items]
        self._signatures: dict[tuple[int, frozenset[str]], Signature] = {}

    @property
    def merges(self) -> int:
        """How many stories were merged into others so far."""
        return len(self.stories.parent)

    # --- what to ask storage --------------------------------------------------------

    def line_hashes(self) -> set[str]:
        """Every line hash of the items (their frequencies go in the snapshot)."""
        return {line for lines in self._lines for line in lines}

    def fingerprints(self) -> set[str]:
        """The content fingerprints of the items that may share a text with a document."""
        return {
            fp
            for item, fp in zip(self.items, self._fingerprints, strict=True)
            if not item.standalone
        }

    def likely_band_keys(self, start: int = 0) -> set[str]:
        """The band keys the items from ``start`` will most likely have.

        Counts each item's lines as if every item before it became a document (most
        do); an item whose boilerplate turns out otherwise asks ``lookup_bands`` for
        its own keys while it is planned.
        """
        counts = {line: dict(by) for line, by in self.snap.line_counts.items()}
        keys: set[str] = set()
        for index in range(start, len(self.items)):
            item = self.items[index]
            keys.update(band_keys(self._signature(index, self._common(index, counts))))
            self._count(counts, item.publisher, self._lines[index])
        return keys

    def add_bands(
        self,
        found: Mapping[str, Sequence[tuple[int, int, Signature]]],
        asked: Collection[str] = (),
    ) -> None:
        """Put stored documents sharing band keys into the snapshot; ``asked`` keys that
        ``found`` lacks are known to have none (never asked about again)."""
        for key in asked:
            self.snap.bands.setdefault(key, [])
        for key, documents in found.items():
            ids = self.snap.bands.setdefault(key, [])
            for document_id, story_id, sig in documents:
                ids.append(document_id)
                self.snap.signatures.setdefault(document_id, (story_id, sig))

    # --- deciding -------------------------------------------------------------------

    def plan(self, start: int = 0) -> Plan:
        """Decide the items from ``start`` on, each seeing the decisions before it."""
        plan = Plan()
        snap = self.snap
        planned_story: dict[int, int] = {}
        for index in range(start, len(self.items)):
            item = self.items[index]
            lines = self._lines[index]
            sig = self._signature(index, self._common(index, snap.line_counts))
            bands = band_keys(sig)
            fingerprint = self._fingerprints[index]
            same_text = None
            if not item.standalone and fingerprint in snap.by_fingerprint:
                same_text = snap.documents[snap.by_fingerprint[fingerprint]]
            same = same_text if same_text and same_text.outlet == item.outlet else None
            known = [snap.url_keys[key] for key in item.url_keys if key in snap.url_keys]
            if known:
                same = snap.documents.get(known[0])
            if same is None and item.outlet is not None and not item.standalone:
                same = self._same_headline(item)
            if same is not None:
                fuller = len(item.text) > same.text_length
                if fuller:
                    plan.stopped_at = index
                    plan.fuller = SameArticle(index, same.id, fuller=True)
                    break
                plan.same.append(SameArticle(index, same.id, fuller=False))
                for key in item.url_keys:
                    snap.url_keys.setdefault(key, same.id)
                continue
            story = self.stories.find(same_text.story_id) if same_text is not None else None
            if story is None and bands and not item.standalone:
                story = self._assign(sig, bands, plan)
            if item.canonical_url in snap.canonical_urls:
                plan.known.append(index)
                continue
            document = self._planned_id()
            if story is None:
                story = self._planned_id()
                plan.new_stories.append(story)
            key = headline_key(item.title)
            self._remember(item, document, story, fingerprint, sig, bands, key)
            self._count(snap.line_counts, item.publisher, lines)
            planned_story[len(plan.new)] = story
            plan.new.append(
                NewDocument(index, document, story, fingerprint, sig, tuple(bands), lines, key)
            )
        # Stories merged after a document was filed: the document sits in the survivor.
        plan.new = [
            NewDocument(
                new.index,
                new.document,
                self.stories.find(new.story),
                new.fingerprint,
                new.signature,
                new.band_keys,
                new.lines,
                new.headline_key,
            )
            for new in plan.new
        ]
        used = {new.story for new in plan.new}
        plan.new_stories = [story for story in plan.new_stories if story in used]
        return plan

    def _planned_id(self) -> int:
        ident = self._next
        self._next += 1
        return ident

    def _common(self, index: int, counts: Mapping[str, Mapping[str, int]]) -> frozenset[str]:
        return frozenset(
            line
            for line in self._lines[index]
            if any(count >= self.common_at for count in counts.get(line, {}).values())
        )

    def _signature(self, index: int, common: frozenset[str]) -> Signature:
        given = self.items[index].signature
        if given is not None:
            return given
        # Planning usually finds the boilerplate the look-ahead assumed, and a look-ahead
        # from a later start guesses the same again: one signature per guess.
        cached = self._signatures.get((index, common))
        if cached is not None:
            return cached
        item = self.items[index]
        sig = signature(distinctive_text(item.title, item.text, common))
        self._signatures[(index, common)] = sig
        return sig

    @staticmethod
    def _count(counts: dict[str, dict[str, int]], publisher: str, lines: Sequence[str]) -> None:
        for line in set(lines):
            by = counts.setdefault(line, {})
            by[publisher] = by.get(publisher, 0) + 1

    def _same_headline(self, item: Item) -> StoredDocument | None:
        """The newest document of the item's outlet with its headline, published close by."""
        if item.published is None or len(item.title.strip()) < MIN_HEADLINE_CHARS:
            return None
        assert item.outlet is not None
        start = item.published - SAME_HEADLINE_WINDOW
        end = item.published + SAME_HEADLINE_WINDOW
        best: StoredDocument | None = None
        for ident in self.snap.headlines.get((item.outlet, headline_key(item.title)), ()):
            doc = self.snap.documents[ident]
            if doc.published is None or not start <= doc.published <= end:
                continue
            if best is None or (doc.published, doc.id) > (best.published, best.id):
                best = doc
        return best

    def _assign(self, sig: Signature, bands: Sequence[str], plan: Plan) -> int | None:
        """The story of a text by its band keys' documents, merging what it proves one."""
        missing = [key for key in bands if key not in self.snap.bands]
        if missing:
            self.add_bands(self.lookup_bands(missing), missing)
        ids = {ident for key in bands for ident in self.snap.bands[key]}
        story, merged = assign_story(
            sig,
            (
                (self.stories.find(self.snap.signatures[ident][0]), self.snap.signatures[ident][1])
                for ident in sorted(ids)
            ),
        )
        if story is not None and merged:
            self.stories.merge(story, merged)
            stored = [other for other in merged if not is_planned(other)]
            if stored and not is_planned(story):
                plan.merges.append((story, stored))
        return story

    def _remember(
        self,
        item: Item,
        document: int,
        story: int,
        fingerprint: str,
        sig: Signature,
        bands: Sequence[str],
        key: str,
    ) -> None:
        """What later items must see of a planned document."""
        snap = self.snap
        snap.documents[document] = StoredDocument(
            document, story, item.outlet, len(item.text), item.published, key
        )
        for url_key in item.url_keys:
            snap.url_keys.setdefault(url_key, document)
        snap.by_fingerprint.setdefault(fingerprint, document)
        snap.canonical_urls.add(item.canonical_url)
        if item.outlet is not None:
            snap.headlines.setdefault((item.outlet, key), []).append(document)
        snap.signatures[document] = (story, sig)
        for band in bands:
            snap.bands.setdefault(band, []).append(document)
