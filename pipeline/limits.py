"""Bounded work per document: the caps on what one document may cost, in one place.

A hostile or broken source can hand over a multi-megabyte description, one
line four megabytes long, or an expert's name repeated 50,000 times. Each
stage after fetch costs at least linear time in the text it gets, and some
(overlap resolution of hits, the role cues of a sentence) more, so the caps
apply at the stage boundaries: the text an entry or an article carries from
parse and extraction on (stored and matched alike), and the hits of one name
form that matching keeps per document, and the entries taken from one feed.

These are the defaults; ``pipeline.settings.Settings`` carries them
(``MEDIAWATCH_MAX_TEXT_CHARS`` …) and ``collect`` hands them to the stages.
Pure: no imports of ours, no I/O.
"""

from __future__ import annotations

__all__ = [
    "ENTRIES",
    "HEAVY_DOCUMENT_BYTES",
    "HITS_PER_NAME",
    "TEXT_CHARS",
    "TITLE_CHARS",
    "bounded_text",
    "truncation_note",
]

TEXT_CHARS = 200_000
"""Characters of a document's text kept (a long Diet transcript fits; a bomb does not)."""

TITLE_CHARS = 1_000
"""Characters of a title, byline or outlet name kept."""

HITS_PER_NAME = 100
"""Hits of one name form (one alias of one target) kept per document, in text order."""

ENTRIES = 1_000
"""Entries of one feed or listing page taken per fetch, in document order (feeds list
the newest first; a search feed gives 100)."""


HEAVY_DOCUMENT_BYTES = 128 * 1024
"""A document this large or larger (a body's bytes, a source's texts as stored in memory)
is parsed, extracted and saved while no other such document is (``pipeline.budget``):
a feed or an article page is mostly tens of kilobytes; a cut text (200,000 characters)
and a bomb are above it."""


def truncation_note(limit: int) -> str:
    """The line appended to a text cut at ``limit`` characters, so staff see it was cut."""
    return f"[mediawatch: text cut at {limit:,} characters]"


def bounded_text(text: str, limit: int) -> str:
    """``text`` when it has at most ``limit`` characters, else its first ``limit`` and a note.

    A ``limit`` of 0 or less keeps the text whole.
    """
    if limit <= 0 or len(text) <= limit:
        return text
    return f"{text[:limit]}\n{truncation_note(limit)}"
