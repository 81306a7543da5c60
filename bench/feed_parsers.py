"""feedparser against fastfeedparser: the same entries on the fixture feeds, and the cost.

``pipeline.parse`` reads feeds with feedparser. fastfeedparser (lxml and a native
core) is about 30x faster per item on the benchmark world's RSS, but it may be put
in front of feedparser only where the ``Entry`` values come out identical. This
script builds each fixture feed's entries both ways -- fastfeedparser's entry
dicts go through the same ``_feed_entry`` as feedparser's, with its
``description`` read as the summary -- and prints, per feed, how many entries are
identical and the first field that differs; then the CPU cost per item on one
feed of ``bench/e2e.py``'s world (250 items).

fastfeedparser is not a dependency of the project: install it into the virtual
environment to run this (``.venv/bin/pip install fastfeedparser``). The real-world
fixtures are read in place. It is a benchmark: it always exits 0.

Run from the project root: ``.venv/bin/python bench/feed_parsers.py [FIXTURES]``
(default ``../shared/fixtures/real-world/feeds``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import e2e  # noqa: E402

from pipeline.encoding import decode_body  # noqa: E402
from pipeline.parse import _UTF8_XML, _as_utf8_document, _feed_entry, _feedparser  # noqa: E402
from pipeline.types import Entry  # noqa: E402

BASE = "http://feeds.example/"


def _adapt(raw: Any) -> dict[str, Any]:
    """A fastfeedparser entry in the shape ``_feed_entry`` reads (feedparser's keys)."""
    entry = dict(raw)
    if "description" in entry and "summary" not in entry:
        entry["summary"] = entry["description"]
    return entry


def _document(data: bytes) -> bytes:
    return _as_utf8_document(decode_body(data, "application/xml")[0])


def with_feedparser(document: bytes) -> list[Entry]:
    """The entries ``parse_feed`` makes of a decoded feed."""
    raw = _feedparser(document, _UTF8_XML).get("entries") or []
    return [entry for entry in (_feed_entry(r, BASE) for r in raw) if entry]


def with_fastfeedparser(document: bytes) -> list[Entry]:
    """The entries the same ``_feed_entry`` makes of fastfeedparser's dicts."""
    import fastfeedparser

    raw = fastfeedparser.parse(document)["entries"]
    return [entry for entry in (_feed_entry(_adapt(r), BASE) for r in raw) if entry]


def _first_difference(a: list[Entry], b: list[Entry]) -> str:
    if len(a) != len(b):
        return f"{len(a)} entries against {len(b)}"
    for left, right in zip(a, b, strict=True):
        for name in Entry.__dataclass_fields__:
            if getattr(left, name) != getattr(right, name):
                return f"{name}: {getattr(left, name)!r:.60} against {getattr(right, name)!r:.60}"
    return ""


def _per_item_ms(parse: Callable[[bytes], list[Entry]], document: bytes, repeat: int = 5) -> float:
    started = time.process_time()
    for _ in range(repeat):
        count = len(parse(document))
    return 1000 * (time.process_time() - started) / repeat / max(1, count)


def main(argv: list[str] | None = None) -> int:
    """Compare the two parsers on every fixture feed, then time them on a world feed."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else ROOT.parent / "shared" / "fixtures" / "real-world" / "feeds"
    try:
        import fastfeedparser  # noqa: F401
    except ImportError:
        print("fastfeedparser is not installed: .venv/bin/pip install fastfeedparser")
        return 0
    identical_feeds = 0
    feeds = [p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix != ".tsv"]
    for path in feeds:
        document = _document(path.read_bytes())
        ours = with_feedparser(document)
        try:
            theirs = with_fastfeedparser(document)
        except Exception as error:  # any refusal means: fall back to feedparser
            print(f"{path.name:50} {len(ours):4} entries; fastfeedparser refused: {error!s:.60}")
            continue
        same = sum(1 for a, b in zip(ours, theirs, strict=False) if a == b)
        difference = _first_difference(ours, theirs)
        identical_feeds += not difference
        print(f"{path.name:50} {len(ours):4} entries, {same:4} identical  {difference}")
    print(f"identical on {identical_feeds} of {len(feeds)} fixture feeds")

    world = e2e.generate_world(BASE.rstrip("/"), 1, 250, e2e.SEED)
    document = _document(e2e.rss(0, world[0]))
    same = with_feedparser(document) == with_fastfeedparser(document)
    print(f"world feed (250 items): entries identical: {same}")
    for name, parse in (("feedparser", with_feedparser), ("fastfeedparser", with_fastfeedparser)):
        print(f"{name:15} {_per_item_ms(parse, document):.3f} ms CPU per item (entries included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
