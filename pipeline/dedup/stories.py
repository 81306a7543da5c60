"""Which stored story a text belongs with: fingerprints, boilerplate, signatures.

- **Exact duplicates** -- ``content_fingerprint`` of the normalised title and body;
  ``headline_key`` of the title alone.
- **Boilerplate** -- ``line_hashes`` of a document's title and sentences (what storage
  counts per ``publisher_key`` to learn which lines recur across unrelated documents);
  ``distinctive_text`` leaves those lines, and the built-in ``BOILERPLATE_PATTERNS``,
  out before a signature is taken.
- **Near duplicates (syndication)** -- ``signature`` is a MinHash over character
  5-grams that stores as a blob, ``band_keys`` its LSH buckets; ``similarity``,
  ``best_story``, ``stories_to_merge`` and ``assign_story`` decide which story a new
  document joins given the stored documents that share a band key with it
  (``pipeline.dedup.batch`` plans a whole feed's documents with them).

Deterministic across processes and machines (fixed seeds, no salted ``hash()``), so
keys and signatures may be stored.
"""

from __future__ import annotations

import re
import struct
import threading
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from pipeline.dedup.urls import _short_hash, canonical_url, registrable_domain

# --- exact duplicates -------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


def _squash(text: str) -> str:
    """NFKC, case-folded, with every space, punctuation mark and symbol removed.

    Full-width digits and letters become ASCII, half-width katakana full-width; line
    breaks and spacing stop mattering (Japanese has no word spaces to keep).
    """
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def content_fingerprint(title: str, text: str) -> str:
    """Exact-duplicate fingerprint (32 hex digits) of a title and body.

    Insensitive to Unicode width (NFKC), case, whitespace and line breaks, and
    punctuation; sensitive to any change of words or digits.
    """
    return _short_hash("t" + _squash(title) + "\x00" + _squash(text), 16)


def headline_key(title: str) -> str:
    """The key (32 hex digits) that finds a stored document with the same headline.

    ``content_fingerprint(title, "")``: insensitive to width, case, spacing and
    punctuation, like the fingerprint. Stored beside each crawled document and
    looked up through an index, so an article reached through two routes with
    different texts (an outlet's feed and a news search's snippet) is one document.
    """
    return content_fingerprint(title, "")


# --- boilerplate: lines that carry no identity ----------------------------------------

#: Sentences every news site prints around what it carries, known before a database
#: has learned its own (``distinctive_text``): rights lines, links to other articles
#: and navigation, notes about the article itself, paywall and newsletter notices.
#: Matched against the NFKC-normalised, case-folded, trimmed sentence of a body (never
#: a title); anchored at its start where the words could open a real sentence.
BOILERPLATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        # rights: "Copyright 2024 ...", "© NHK", "(c) Kyodo News", 無断転載を禁じます
        r"^(?:copyright\b|©|\(c\)\s)",
        r"\ball rights reserved\b",
        r"無断(?:転載|転用|複製|使用)を?(?:禁|お断)",
        # links to other articles, and navigation: トップ>ニュース>国内, Home | News | Asia
        r"^[【\[(<〈《■▼▶・]?\s*(?:関連記事|関連ニュース|関連リンク|あわせて読みたい"
        r"|合わせて読みたい|おすすめ記事)",
        r"^(?:related(?: articles| stories| coverage| news| links)?|read more|see also"
        r"|more from)\s*:",
        r"^(?:[^>›»|]{1,30}[>›»|]){2,}[^>›»|]{0,30}$",
        # notes about the article itself: ※この記事は…, ※記事の内容は配信当時のものです
        r"^※?(?:この|本)記事は",
        r"^※(?:記事|掲載|写真|情報|内容)",
        r"^this (?:article|story|content) (?:was|is|has been|first appeared|may)\b",
        r"^(?:the )?(?:views|opinions) expressed (?:in this|here|are)\b",
        # paywalls and newsletters
        r"^続きは.{0,30}(?:会員|ログイン|登録|アプリ)",
        r"\bsubscribers? only\b",
        r"^sign up (?:for|to)\b",
    )
)

# Where a body breaks into sentences: after 。！？ (with any closing bracket), after
# . ! ? followed by a space (not inside "U.S." or "2.2"), and at every line break.
_SENTENCE_BREAK = re.compile(
    r"(?<=[。！？])(?![」』）)】\"”’])|(?<=[。！？][」』）)】\"”’])"
    r"|(?<=[.!?])\s+|(?<=[.!?][\"”’)])\s+"
)
_DIGITS = re.compile(r"\d+")


# A planner asks for one text's sentences and their hashes several times (its line
# hashes, then its distinctive text under each guess of the boilerplate): cached.
@lru_cache(maxsize=4096)
def _segments(text: str) -> tuple[str, ...]:
    """The body's sentences, line by line, as written (trimmed; empty ones left out)."""
    pieces = (piece.strip() for line in text.splitlines() for piece in _SENTENCE_BREAK.split(line))
    return tuple(piece for piece in pieces if piece)


@lru_cache(maxsize=65536)
def _line_hash(segment: str) -> str | None:
    """The normalised hash of one line or sentence (None when it has no word in it).

    Normalised as for fingerprints (NFKC, case, spacing and punctuation do not matter)
    and with every run of digits read as one digit, so a byline's date or a counter
    ("最終更新 2024年3月5日", "Page 2 of 7") is the same line every day.
    """
    squashed = _DIGITS.sub("0", _squash(segment))
    if not squashed:
        return None
    return _short_hash("l" + squashed, 8)


# The patterns as one alternation: a sentence is searched once, not once per pattern
# (none has a flag or a group reference that the alternation would change).
_ANY_BOILERPLATE = re.compile("|".join(f"(?:{p.pattern})" for p in BOILERPLATE_PATTERNS))


@lru_cache(maxsize=65536)
def is_boilerplate(sentence: str) -> bool:
    """True when a body sentence is one of :data:`BOILERPLATE_PATTERNS`."""
    normal = unicodedata.normalize("NFKC", sentence).casefold().strip()
    return _ANY_BOILERPLATE.search(normal) is not None


def line_hashes(title: str, text: str) -> tuple[str, ...]:
    """The distinct line hashes of a document, in order: its title, then each sentence.

    What storage counts per outlet when a document is saved (document frequency) and
    what it is asked about before the document is compared (``distinctive_text``).
    """
    hashes = (_line_hash(segment) for segment in (title.strip(), *_segments(text)))
    return tuple(dict.fromkeys(key for key in hashes if key is not None))


def publisher_key(outlet: str | None, publisher: str | None, url: str) -> str:
    """Whose page furniture a document's lines are, for counting them (<= 200 chars).

    The configured outlet's name; else the publisher an aggregator's entry names;
    else ``site:`` and the registrable domain of the document's URL.
    """
    if outlet and outlet.strip():
        key = outlet.strip()
    elif publisher and publisher.strip():
        key = publisher.strip()
    else:
        host = urlsplit(canonical_url(url)).hostname
        key = "site:" + (registrable_domain(host) if host else url.strip())
    return key[:200]


def distinctive_text(title: str, text: str, common_lines: Collection[str] = ()) -> str:
    """The title and body without the lines that carry no identity, one per line.

    Leaves out every sentence (and the title) whose :func:`line_hashes` hash is in
    ``common_lines`` -- lines the stored documents show to recur across many
    unrelated documents: a desk's byline, a paywall notice, navigation residue -- and
    every body sentence matching :data:`BOILERPLATE_PATTERNS`, so a fresh database is
    protected before it has learned anything. Near-duplicate signatures and their
    similarity are computed on this text, so two documents whose distinctive text
    differs are different stories however much boilerplate they share; exact
    fingerprints still use the whole text. With nothing to leave out, the signature of
    the result equals that of ``f"{title}\\n{text}"``. Empty when nothing is left.
    """
    common = common_lines if isinstance(common_lines, (set, frozenset)) else set(common_lines)

    def is_common(segment: str) -> bool:
        key = _line_hash(segment)
        return key is not None and key in common

    head = title.strip()
    kept = [head] if head and not is_common(head) else []
    kept.extend(
        segment
        for segment in _segments(text)
        if not is_common(segment) and not is_boilerplate(segment)
    )
    return "\n".join(kept)


# --- near duplicates: MinHash + LSH ----------------------------------------------

#: MinHash permutations per signature.
NUM_PERM = 128
#: Characters per shingle (of the normalised text).
SHINGLE_SIZE = 5
#: LSH bands and rows per band; the first BANDS*ROWS values are banded.
BANDS = 42
ROWS = 3
#: Texts with fewer distinct shingles than this never join a story by similarity.
MIN_SHINGLES = 25
#: ``similarity`` at or above which a document joins a story.
SIMILARITY_THRESHOLD = 0.65
#: Estimated Jaccard below which two texts are never called similar.
JACCARD_FLOOR = 0.25
#: Estimated Jaccard with which one document proves two stories are one (merge them).
MERGE_JACCARD = 0.6

_SIG_MAGIC = b"MH1"
_MASK64 = (1 << 64) - 1


def _splitmix64(state: int) -> Iterator[int]:
    while True:
        state = (state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        yield z ^ (z >> 31)


def _constants(seed: int, count: int) -> npt.NDArray[np.uint64]:
    stream = _splitmix64(seed)
    return np.array([next(stream) for _ in range(count)], dtype=np.uint64)


_PERM_A = _constants(0x6D656469617761, NUM_PERM) | np.uint64(1)  # odd multipliers
_PERM_B = _constants(0x746368, NUM_PERM)
_ROLL = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_CHUNK = 2048
_EMPTY_VALUES = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
_EMPTY_VALUES.flags.writeable = False


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """A MinHash signature: ``NUM_PERM`` uint32 minima and the text's shingle count.

    Immutable (the array is read-only); ``to_bytes``/``from_bytes`` round-trip it
    through a database blob of ``7 + 4 * NUM_PERM`` bytes.
    """

    values: npt.NDArray[np.uint32]
    size: int

    def __post_init__(self) -> None:
        values = np.ascontiguousarray(self.values, dtype=np.uint32)
        if values.shape != (NUM_PERM,):
            raise ValueError(f"a signature holds {NUM_PERM} values, not {values.shape}")
        if values.flags.writeable:
            values = values.copy()
            values.flags.writeable = False
        object.__setattr__(self, "values", values)

    @property
    def usable(self) -> bool:
        """True when the text was long enough to be compared at all."""
        return self.size >= MIN_SHINGLES

    def to_bytes(self) -> bytes:
        """Serialise: ``b"MH1"``, the shingle count (uint32 LE), the values (uint32 LE)."""
        return _SIG_MAGIC + struct.pack("<I", self.size) + self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Signature:
        """The signature ``to_bytes`` wrote; ValueError for anything else."""
        expected = len(_SIG_MAGIC) + 4 + 4 * NUM_PERM
        if len(blob) != expected or not blob.startswith(_SIG_MAGIC):
            raise ValueError("not a serialised Signature of this version")
        (size,) = struct.unpack_from("<I", blob, len(_SIG_MAGIC))
        values = np.frombuffer(blob, dtype="<u4", offset=len(_SIG_MAGIC) + 4)
        return cls(values.astype(np.uint32), int(size))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Signature):
            return NotImplemented
        return self.size == other.size and bool(np.array_equal(self.values, other.values))

    def __hash__(self) -> int:
        return hash((self.size, self.values.tobytes()))


_LOCAL = threading.local()


def _scratch() -> npt.NDArray[np.uint64]:
    """A per-thread work array, so signatures do not allocate megabytes each time."""
    buffer: npt.NDArray[np.uint64] | None = getattr(_LOCAL, "buffer", None)
    if buffer is None:
        buffer = np.empty((_CHUNK, NUM_PERM), dtype=np.uint64)
        _LOCAL.buffer = buffer
    return buffer


def _shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    """Distinct 64-bit hashes of the normalised text's character 5-grams."""
    squashed = _squash(text)
    codes = np.frombuffer(squashed.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    count = codes.size - SHINGLE_SIZE + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    wide = codes.astype(np.uint64)
    rolled = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_SIZE):
        rolled = rolled * _ROLL + wide[offset : offset + count]
    rolled ^= rolled >> np.uint64(30)
    rolled *= _MIX1
    rolled ^= rolled >> np.uint64(27)
    rolled *= _MIX2
    rolled ^= rolled >> np.uint64(31)
    return np.unique(rolled)


def signature(text: str) -> Signature:
    """The MinHash signature of ``text`` (title and/or body, any language).

    Shingles are overlapping 5-character windows of the text after NFKC, case
    folding and removal of spaces and punctuation, so line breaks, full/half-width
    forms and punctuation do not matter. Texts under ``MIN_SHINGLES`` distinct
    shingles get a signature that matches nothing.
    """
    hashes = _shingle_hashes(text)
    if hashes.size == 0:
        return Signature(_EMPTY_VALUES, 0)
    buffer = _scratch()
    minima = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, hashes.size, _CHUNK):
        block = hashes[start : start + _CHUNK]
        permuted = buffer[: block.size]
        np.multiply(block[:, None], _PERM_A[None, :], out=permuted)
        np.add(permuted, _PERM_B[None, :], out=permuted)
        np.minimum(minima, permuted.min(axis=0), out=minima)
    return Signature((minima >> np.uint64(32)).astype(np.uint32), int(hashes.size))


def band_keys(sig: Signature) -> list[str]:
    """The LSH bucket keys of ``sig``: ``BANDS`` strings like ``"07:1a2b...``.

    Two texts with Jaccard similarity 0.5 share at least one key with probability
    about 0.996 (0.4: 0.94, 0.3: 0.68, 0.2: 0.29, 0.1: 0.04). A signature of a
    too-short text has no keys.
    """
    if not sig.usable:
        return []
    # One hex string for all bands, cut per band: each value is 8 hex digits.
    digits = sig.values[: BANDS * ROWS].astype(">u4").tobytes().hex()
    width = 8 * ROWS
    return [f"{band:02d}:{digits[band * width : (band + 1) * width]}" for band in range(BANDS)]


def _jaccard(sig: Signature, values: npt.NDArray[np.uint32]) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity of ``sig`` with each row of ``values``."""
    equal: npt.NDArray[np.float64] = np.count_nonzero(values == sig.values, axis=1) / NUM_PERM
    return equal


def _scores(
    sig: Signature, jaccard: npt.NDArray[np.float64], sizes: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """``similarity`` of ``sig`` with candidates of known Jaccard estimate and size."""
    if not sig.usable:
        return np.zeros_like(jaccard)
    smaller = np.maximum(np.minimum(sizes, sig.size), 1).astype(np.float64)
    intersection = jaccard * (sizes + sig.size) / (1.0 + jaccard)
    score = np.maximum(jaccard, np.minimum(intersection / smaller, 1.0))
    usable = (sizes >= MIN_SHINGLES) & (jaccard >= JACCARD_FLOOR)
    return np.where(usable, score, 0.0)


def similarity(a: Signature, b: Signature) -> float:
    """How much of the shorter text the longer one contains, estimated (0..1).

    The larger of the estimated Jaccard similarity and the estimated containment of
    the smaller shingle set in the larger, so a copy trimmed at the end still scores
    high. 0.0 when either text is too short or the estimated Jaccard is below
    ``JACCARD_FLOOR`` (containment estimates are noise there).
    """
    values = b.values[None, :]
    return float(_scores(a, _jaccard(a, values), np.array([b.size], dtype=np.int64))[0])


def _pick(story_ids: npt.NDArray[np.int64], scores: npt.NDArray[np.float64]) -> int | None:
    """The story most of whose documents match (score at or above the threshold).

    Ties go to the story with the best single score, then to the lowest id; None
    when nothing reaches the threshold.
    """
    if scores.size == 0:
        return None
    passing = scores >= SIMILARITY_THRESHOLD
    if not passing.any():
        return None
    matched = story_ids[passing]
    if (matched == matched[0]).all():
        return int(matched[0])  # the usual case: every match is in one story
    stories, inverse, counts = np.unique(matched, return_inverse=True, return_counts=True)
    best = np.zeros(stories.size, dtype=np.float64)
    np.maximum.at(best, inverse, scores[passing])
    order = np.lexsort((stories, -best, -counts))
    return int(stories[order[0]])


def best_story(sig: Signature, candidates: Iterable[tuple[int, Signature]]) -> int | None:
    """The story ``sig`` joins: the one with the most candidates that match it.

    ``candidates`` are ``(story_id, signature)`` pairs, typically every stored document
    that shares a band key with ``sig``; a candidate matches when it scores
    ``SIMILARITY_THRESHOLD`` or more. Counting matches rather than taking the single
    most similar candidate keeps a story whole when a few short copies (a feed's
    snippet, a heavily trimmed reprint) formed a story of their own before the fuller
    copies arrived: such copies are contained in almost anything of the story and
    score near 1.0, while the main story matches on many documents. Ties go to the
    story with the best single score, then to the lowest id; None when nothing
    matches (the document starts a story).
    """
    listed = list(candidates)
    if not listed or not sig.usable:
        return None
    values = np.stack([candidate.values for _, candidate in listed])
    sizes = np.array([candidate.size for _, candidate in listed], dtype=np.int64)
    story_ids = np.array([story_id for story_id, _ in listed], dtype=np.int64)
    return _pick(story_ids, _scores(sig, _jaccard(sig, values), sizes))


def stories_to_merge(sig: Signature, candidates: Iterable[tuple[int, Signature]]) -> list[int]:
    """Story ids that a new document shows to be one story, lowest first; else ``[]``.

    A story counts when some candidate of it has an estimated Jaccard similarity of at
    least ``MERGE_JACCARD`` with ``sig`` -- stricter than joining: a round-up carrying
    two separate stories side by side shares at most half of itself with each. When
    two or more stories count, they are one story: the caller merges them into the
    lowest id and files the new document there. This heals a story that split because
    its first copies happened to be edited too differently to match each other.
    """
    story, merged = assign_story(sig, candidates)
    return sorted([story, *merged]) if merged and story is not None else []


def assign_story(
    sig: Signature, candidates: Iterable[tuple[int, Signature]]
) -> tuple[int | None, list[int]]:
    """The whole decision for a new document: ``(story_id, merged_story_ids)``.

    ``story_id`` is the story to file the document in (None: start a new one);
    ``merged_story_ids`` are other stories to fold into ``story_id`` first (see
    :func:`stories_to_merge`), usually empty. Without merges this is exactly
    :func:`best_story`. :class:`StoryIndex` and the database both decide through it.
    """
    listed = list(candidates)
    if not listed:
        return None, []
    return _assign(
        sig,
        np.array([story_id for story_id, _ in listed], dtype=np.int64),
        np.stack([candidate.values for _, candidate in listed]),
        np.array([candidate.size for _, candidate in listed], dtype=np.int64),
    )


def _assign(
    sig: Signature,
    story_ids: npt.NDArray[np.int64],
    values: npt.NDArray[np.uint32],
    sizes: npt.NDArray[np.int64],
) -> tuple[int | None, list[int]]:
    if story_ids.size == 0 or not sig.usable:
        return None, []
    jaccard = _jaccard(sig, values)
    proven = (jaccard >= MERGE_JACCARD) & (sizes >= MIN_SHINGLES)
    if np.count_nonzero(proven) > 1:
        close = sorted({int(story) for story in story_ids[proven]})
        if len(close) > 1:
            return close[0], close[1:]
    return _pick(story_ids, _scores(sig, jaccard, sizes)), []
