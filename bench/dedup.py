"""Benchmark story clustering (pipeline.dedup) on a generated news world.

Generates ``--docs`` documents (default 100,000): template-generated Japanese and
English stories reprinted 1-30 times with realistic edits (tests/dedup_corpus.py),
then clusters them with the collector's planner (``pipeline.dedup.batch``) as one
batch over an empty database, each document seeing the ones before it (each its
own outlet, so only the signatures decide). Prints absolute figures: documents per
second for signatures, for the planner (fingerprints, line hashes, band look-ups
and the story decision) and for both; peak resident memory before and after
clustering (and, with ``--trace-memory``, the bytes the planner itself holds,
measured by tracemalloc in a second run); and the pairwise precision/recall against
the known truth.

Run from the project root: ``.venv/bin/python bench/dedup.py [--docs N] [--seed S]``.
No network, no database.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.dedup import (  # noqa: E402
    BANDS,
    NUM_PERM,
    ROWS,
    SIMILARITY_THRESHOLD,
    Signature,
    batch,
    signature,
)
from tests.dedup_corpus import (  # noqa: E402
    HANDWRITTEN,
    Doc,
    build_corpus,
    pairwise_scores,
    synthetic_stories,
)


def generate(count: int, seed: int) -> list[Doc]:
    """Exactly ``count`` documents of a generated world (stories reprinted 1-30 times)."""
    stories_needed = max(10, count // 5)
    while True:
        rng = random.Random(seed)
        stories = [*HANDWRITTEN, *synthetic_stories(rng, stories_needed)]
        docs = build_corpus(stories, rng)
        if len(docs) >= count:
            return docs[:count]
        stories_needed = int(stories_needed * 1.2) + 1


def peak_rss_mib() -> float:
    """The process's peak resident set size so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if platform.system() == "Darwin" else peak / 1024


def cluster(docs: list[Doc], sigs: list[Signature]) -> tuple[batch.Planner, batch.Plan]:
    items = [
        batch.Item(
            title="",
            text=doc.full_text,
            published=None,
            outlet=f"outlet-{doc.doc_id}",
            publisher="bench",
            canonical_url=f"https://bench.example/{doc.doc_id}",
            url_keys=(f"k{doc.doc_id}",),
            signature=sig,
        )
        for doc, sig in zip(docs, sigs, strict=True)
    ]
    planner = batch.Planner(
        items, batch.Snapshot(), common_at=1 << 30, lookup_bands=lambda keys: {}
    )
    return planner, planner.plan()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents to cluster")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated world")
    parser.add_argument(
        "--trace-memory",
        action="store_true",
        help="re-run the clustering under tracemalloc to measure the planner's own bytes",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    docs = generate(args.docs, args.seed)
    generated = time.perf_counter() - started
    chars = sum(len(d.full_text) for d in docs)
    stories = len({d.story for d in docs})
    print(
        f"corpus: {len(docs):,} documents, {stories:,} true stories, "
        f"{chars / len(docs):,.0f} characters per document on average "
        f"({sum(d.lang == 'ja' for d in docs) / len(docs):.0%} Japanese); "
        f"generated in {generated:.1f} s"
    )
    print(
        f"settings: {NUM_PERM} permutations, {BANDS} bands x {ROWS} rows, "
        f"threshold {SIMILARITY_THRESHOLD}"
    )
    rss_before = peak_rss_mib()

    started = time.perf_counter()
    sigs = [signature(d.full_text) for d in docs]
    signing = time.perf_counter() - started

    started = time.perf_counter()
    planner, plan = cluster(docs, sigs)
    indexing = time.perf_counter() - started
    rss_after = peak_rss_mib()

    predicted = [new.story for new in plan.new]
    precision, recall = pairwise_scores([d.story for d in docs], predicted)
    total = signing + indexing
    n = len(docs)
    print(f"signatures:       {n / signing:>10,.0f} docs/s  ({signing:.1f} s)")
    print(f"planner:          {n / indexing:>10,.0f} docs/s  ({indexing:.1f} s)")
    print(f"clustering total: {n / total:>10,.0f} docs/s  ({total:.1f} s)")
    print(
        f"stories found: {len(set(predicted)):,} (merges: {planner.merges:,}); "
        f"pairwise precision {precision:.4f}, recall {recall:.4f}"
    )
    print(
        f"peak RSS: {rss_before:,.0f} MiB after generating the corpus, "
        f"{rss_after:,.0f} MiB after clustering"
    )

    if args.trace_memory:
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        planner, plan = cluster(docs, sigs)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"the planner holds {(current - base) / 2**20:,.1f} MiB for {n:,} documents "
            f"({(current - base) / n:,.0f} bytes each; peak {(peak - base) / 2**20:,.1f} MiB), "
            f"signatures {sum(s.values.nbytes for s in sigs) / 2**20:,.1f} MiB more"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
