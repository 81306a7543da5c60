"""Memory budget for documents in flight: a heavy document is worked on alone.

Parsing a feed, extracting an article page and saving a source's documents run
in worker threads, so several sources' documents can be in the middle of a stage
at once. For ordinary documents (a feed or a page of some tens of kilobytes)
that costs little; for a large one the transient cost is many times its size
(feedparser on a 4 MB feed, matching a 200,000-character text: some tens of MB
each), and when several large ones overlap their peaks add up. So work on a
document whose size reaches ``limits.HEAVY_DOCUMENT_BYTES``
(``Settings.heavy_document_bytes``) runs alone: it waits for the parses,
extractions and saves already started to end, and none starts until it has
ended. Lighter work runs side by side with other light work. (Other work in
threads, such as fetch's decoding of a body, is not counted.)

A size is the bytes the document occupies in memory: a body's length, a text's
``sys.getsizeof`` (one, two or four bytes a character, as CPython stores it).

Freed memory must also leave the process, or the next heavy document adds its
peak on top of the last one's. After heavy work on a document of ``RELEASE_BYTES``
or more, cyclic garbage is collected
(parse results and ORM objects hold their texts in cycles) and glibc is asked
to return its free pages (``malloc_trim``); and blocks of ``MMAP_BYTES`` or
more (bodies, texts, their copies) are given their own mappings, returned to the
system when freed, instead of glibc's default, which after the first such block
is freed keeps the following ones on its heap. Both are no-ops off glibc.

No imports of ours.
"""

from __future__ import annotations

import ctypes
import gc
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, ParamSpec, TypeVar

__all__ = ["MMAP_BYTES", "heavy_work", "release_free_memory", "run_bounded", "text_bytes"]

P = ParamSpec("P")
T = TypeVar("T")

MMAP_BYTES = 1 << 20
"""Blocks at least this large get their own mapping (glibc's ``M_MMAP_THRESHOLD``)."""

RELEASE_BYTES = MMAP_BYTES
"""Heavy work on a document at least this large releases the memory it freed at its end.

A full garbage collection in a process holding tens of thousands of stored-document
objects costs tens of milliseconds; after every feed of a few hundred kilobytes it took
a tenth of a collect cycle's CPU (``bench/e2e.py``), while the peaks it keeps down are
those of documents of megabytes."""

_M_MMAP_THRESHOLD = -3  # mallopt parameter, glibc's malloc.h


class _Gate:
    """Light work runs side by side; heavy work runs alone.

    A readers-writer lock that prefers the writer: a heavy document waits for the
    light work already started, and light work arriving meanwhile waits for it.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._light = 0
        self._heavy = False
        self._heavy_waiting = 0

    @contextmanager
    def light(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._heavy and not self._heavy_waiting)
            self._light += 1
        try:
            yield
        finally:
            with self._changed:
                self._light -= 1
                self._changed.notify_all()

    @contextmanager
    def heavy(self) -> Iterator[None]:
        with self._changed:
            self._heavy_waiting += 1
            self._changed.wait_for(lambda: not self._heavy and not self._light)
            self._heavy_waiting -= 1
            self._heavy = True
        try:
            yield
        finally:
            with self._changed:
                self._heavy = False
                self._changed.notify_all()


# One per process: the memory it guards is the process's.
_GATE = _Gate()


def text_bytes(texts: Iterable[str]) -> int:
    """The bytes ``texts`` occupy as Python strings (a size for ``heavy_work``)."""
    return sum(sys.getsizeof(text) for text in texts)


@contextmanager
def heavy_work(size: int, threshold: int) -> Iterator[None]:
    """Work on a document of ``size`` bytes within the process's budget.

    At or above ``threshold`` the body runs alone (see the module docstring) and
    the memory it freed is released when it ends (for a document of ``RELEASE_BYTES``
    or more); below it, beside other light
    work. A ``threshold`` of 0 or less turns the budget off: the body runs at once.
    """
    if threshold <= 0:
        yield
        return
    _large_blocks_mapped()
    if size < threshold:
        with _GATE.light():
            yield
        return
    with _GATE.heavy():
        try:
            yield
        finally:
            if size >= RELEASE_BYTES:
                release_free_memory()


def run_bounded(
    size: int, threshold: int, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """``work(*args, **kwargs)`` under ``heavy_work(size, threshold)`` (for ``to_thread``)."""
    with heavy_work(size, threshold):
        return work(*args, **kwargs)


@cache
def _glibc() -> Any:
    """glibc, when this process runs on it (None elsewhere, e.g. musl or macOS)."""
    if not sys.platform.startswith("linux"):
        return None
    # The symbols already loaded into the process (find_library would run a subprocess).
    libc = ctypes.CDLL(None)
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


@cache
def _large_blocks_mapped() -> None:
    """Once per process: blocks of ``MMAP_BYTES`` or more get their own mapping."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_BYTES)


def release_free_memory() -> None:
    """Collect cyclic garbage, then ask glibc to return the free pages of all its arenas."""
    gc.collect()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
