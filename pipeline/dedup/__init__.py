"""Tell when two URLs, two texts or two documents are the same story.

Pure functions over strings, dataclasses and numpy arrays, in three modules:

- ``pipeline.dedup.urls`` -- URL identity: ``canonical_url``, ``url_key``, ``guid_key``.
- ``pipeline.dedup.stories`` -- exact fingerprints, headline keys, boilerplate lines,
  MinHash signatures and their LSH band keys, and the decision which story a text
  joins (``assign_story``).
- ``pipeline.dedup.wire`` -- wire credits and the choice of a story's original.

``pipeline.dedup.batch`` plans one feed's new documents against what storage knows
(one look-up per kind for the whole feed) and against each other, with the same
decisions. This module never touches the network or the database.
"""

from __future__ import annotations

from pipeline.dedup.stories import (
    BANDS,
    BOILERPLATE_PATTERNS,
    JACCARD_FLOOR,
    MERGE_JACCARD,
    MIN_SHINGLES,
    NUM_PERM,
    ROWS,
    SHINGLE_SIZE,
    SIMILARITY_THRESHOLD,
    Signature,
    assign_story,
    band_keys,
    best_story,
    content_fingerprint,
    distinctive_text,
    headline_key,
    is_boilerplate,
    line_hashes,
    publisher_key,
    signature,
    similarity,
    stories_to_merge,
)
from pipeline.dedup.urls import (
    KNOWN_PUBLISHER_SITES,
    TRACKING_PARAMS,
    TRACKING_PREFIXES,
    canonical_url,
    guid_key,
    is_tracking_param,
    registrable_domain,
    url_key,
)
from pipeline.dedup.wire import Placement, choose_original, credited_source, wire_credit

__all__ = [
    "BANDS",
    "BOILERPLATE_PATTERNS",
    "JACCARD_FLOOR",
    "KNOWN_PUBLISHER_SITES",
    "MERGE_JACCARD",
    "MIN_SHINGLES",
    "NUM_PERM",
    "ROWS",
    "SHINGLE_SIZE",
    "SIMILARITY_THRESHOLD",
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "Placement",
    "Signature",
    "assign_story",
    "band_keys",
    "best_story",
    "canonical_url",
    "choose_original",
    "content_fingerprint",
    "credited_source",
    "distinctive_text",
    "guid_key",
    "headline_key",
    "is_boilerplate",
    "is_tracking_param",
    "line_hashes",
    "publisher_key",
    "registrable_domain",
    "signature",
    "similarity",
    "stories_to_merge",
    "url_key",
    "wire_credit",
]
