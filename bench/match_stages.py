"""The pure per-item stages on the end-to-end benchmark's world: parse, then match.

CPU per item of ``parse_feed`` (feedparser and ``_feed_entry``) and of
``Matcher.find_mentions`` on every entry of the generated world of ``bench/e2e.py``,
with no server, database or dedup: the stages this measures are the pure ones.
``--profile`` prints the cProfile of the match stage (top functions by own time).

    .venv/bin/python bench/match_stages.py --feeds 8 --items 250
    .venv/bin/python bench/match_stages.py --feeds 8 --items 250 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e import generate_world, rss, sources_yaml

from pipeline.collect import entry_article
from pipeline.config import parse_config
from pipeline.match import Matcher
from pipeline.parse import parse_feed
from pipeline.types import FetchOutcome, FetchResult

BASE = "http://127.0.0.1:8000"


def main() -> None:
    """Parse and match the world's feeds; print CPU per item of each stage."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=8)
    parser.add_argument("--items", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs, best reported")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    config = parse_config(sources_yaml(BASE, args.feeds))
    world = generate_world(BASE, args.feeds, args.items, args.seed)
    bodies = [rss(feed, items) for feed, items in enumerate(world)]
    fetched = datetime(2026, 12, 1, 12, tzinfo=UTC)
    results = [
        FetchResult(
            url=f"{BASE}/feeds/{feed:02d}/rss.xml",
            outcome=FetchOutcome.OK,
            status=200,
            content=body,
            text=body.decode(),
            content_type="application/rss+xml; charset=utf-8",
            fetched_at=fetched,
        )
        for feed, body in enumerate(bodies)
    ]
    start = time.process_time()
    matcher = Matcher(config)
    build = time.process_time() - start

    parse_best = match_best = float("inf")
    articles = []
    found: Counter[str] = Counter()
    for _ in range(args.repeat):
        start = time.process_time()
        entries = [entry for result in results for entry in parse_feed(result)]
        parse_best = min(parse_best, time.process_time() - start)
        articles = [entry_article(entry, None) for entry in entries]
        found = Counter()
        start = time.process_time()
        for article in articles:
            for candidate in matcher.find_mentions(article):
                found[candidate.target_kind.value] += 1
        match_best = min(match_best, time.process_time() - start)
    # Items with and without candidates apart (one more pass, each item timed alone).
    spent = {True: [0, 0.0], False: [0, 0.0]}
    for article in articles:
        start = time.process_time()
        named = bool(matcher.find_mentions(article))
        spent[named][0] += 1
        spent[named][1] += time.process_time() - start
    items = len(articles)
    print(f"items {items}; candidates {dict(sorted(found.items()))}")
    print(f"matcher build      {build * 1000:8.1f} ms")
    print(f"parse  per item    {parse_best / items * 1000:8.3f} ms CPU")
    print(f"match  per item    {match_best / items * 1000:8.3f} ms CPU")
    for named, label in ((False, "without"), (True, "with")):
        count, cpu = spent[named]
        if count:
            print(f"  {count:5d} items {label} candidates: {cpu / count * 1000:.3f} ms CPU each")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for article in articles:
            matcher.find_mentions(article)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
