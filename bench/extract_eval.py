"""Full-text extraction quality and speed on trafilatura's public evaluation set.

Scores ``pipeline.extract.extract_article`` as trafilatura's ``tests/eval_common.py``
scores a library: for every page, each "with" snippet found in the extracted text
(whitespace-normalised substring) is a true positive, each "without" snippet found
a false positive; F1, precision and recall are over the sums of all pages. A page
that raises, or comes back with no text, has failed outright (and scores as a full
miss, as a crash does there).

The previous extractor is read from git (``--old-rev``, the last commit before
extraction moved to trafilatura) and loaded as a module beside the current one,
so both run on the same pages in the same process and the figures compare.

Speed is pages per CPU-second (``time.process_time``) of ``extract_article``
alone: the page is decoded first with ``pipeline.encoding.decode_body``, as
``pipeline.fetch`` does before extraction, and that decoding is not timed.

The set itself is never part of this repository; check it out and pass its path::

    git clone <trafilatura repository> /tmp/trafilatura-eval
    .venv/bin/python bench/extract_eval.py /tmp/trafilatura-eval
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import re
import subprocess
import sys
import time
import types
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.encoding import decode_body  # noqa: E402
from pipeline.types import Article, FetchOutcome, FetchResult  # noqa: E402

# The commit before extraction moved to trafilatura: the hand-written stripper.
OLD_REV = "dc669b8"
_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace-normalised text, as eval_common.norm."""
    return _SPACES.sub(" ", text).strip()


@dataclass
class Score:
    """Confusion counts, failures and CPU time of one extractor over the set."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    failed: list[str] = field(default_factory=list)
    cpu: float = 0.0
    pages: int = 0

    def add(self, item: dict[str, list[str]], text: str | None) -> None:
        """Count one page's snippets against its extracted text (None: failed)."""
        found = norm(text) if text else ""
        tp = sum(1 for snippet in item["with"] if found and norm(snippet) in found)
        fp = sum(1 for snippet in item["without"] if found and norm(snippet) in found)
        self.tp += tp
        self.fp += fp
        self.fn += len(item["with"]) - tp
        self.tn += len(item["without"]) - fp

    def figures(self) -> dict[str, float]:
        """F1, precision, recall, pages failed and pages per CPU-second."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        denominator = 2 * self.tp + self.fp + self.fn
        return {
            "f1": 2 * self.tp / denominator if denominator else 0.0,
            "precision": precision,
            "recall": recall,
            "failed": float(len(self.failed)),
            "pages_per_cpu_second": self.pages / self.cpu if self.cpu else 0.0,
        }


def load_old_extractor(rev: str) -> types.ModuleType:
    """``pipeline/extract.py`` as it was at ``rev``, loaded under another module name."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:pipeline/extract.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader("bench_old_extract", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{rev}:pipeline/extract.py", "exec"), module.__dict__)
    return module


def load_set(checkout: Path) -> list[tuple[str, dict[str, list[str]], bytes]]:
    """(url, annotation, page bytes) for every page of the set, by URL."""
    tests = checkout / "tests"
    data = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url in sorted(data):
        item = data[url]
        for folder in ("cache", "eval"):
            path = tests / folder / item["file"]
            if path.is_file():
                pages.append((url, item, path.read_bytes()))
                break
        else:
            raise SystemExit(f"{url}: page file not found: {item['file']}")
    return pages


def fetch_results(pages: list[tuple[str, dict[str, list[str]], bytes]]) -> list[FetchResult]:
    """Each page as ``pipeline.fetch`` hands it on: bytes and their decoded text."""
    results = []
    for url, _item, content in pages:
        text, codec = decode_body(content, "text/html")
        results.append(
            FetchResult(
                url=url,
                outcome=FetchOutcome.OK,
                status=200,
                content=content,
                text=text,
                encoding=codec,
                content_type="text/html",
            )
        )
    return results


def run(
    name: str,
    extract: Callable[[FetchResult], Article],
    pages: list[tuple[str, dict[str, list[str]], bytes]],
    results: list[FetchResult],
) -> Score:
    """Extract every page, timing extraction only, and score the texts."""
    score = Score(name)
    gc.collect()
    for (url, item, _content), result in zip(pages, results, strict=True):
        start = time.process_time()
        try:
            text: str | None = extract(result).text
        except Exception:
            text = None
        score.cpu += time.process_time() - start
        score.pages += 1
        if not text:
            score.failed.append(url)
        score.add(item, text)
    return score


def library_alone(result: FetchResult) -> Article:
    """trafilatura.extract on the decoded page, fast pass then full pass as extract does."""
    from trafilatura import extract

    from pipeline.extract import _FULL_PASS_BELOW

    options = {"include_comments": False, "include_tables": True}
    text = extract(result.text, fast=True, **options) or ""
    if len(text) < _FULL_PASS_BELOW:
        text = extract(result.text, fast=False, **options) or text
    return Article(url=result.url, text=text)


def main(argv: list[str] | None = None) -> int:
    """Run the old and the new extractor over the set and print both."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", type=Path, help="a checkout of the trafilatura repository")
    parser.add_argument("--old-rev", default=OLD_REV, help="git revision of the old extractor")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (by URL)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--show-failed", action="store_true", help="list failed pages")
    parser.add_argument("--new-only", action="store_true", help="skip the old extractor")
    parser.add_argument(
        "--library",
        action="store_true",
        help="also run trafilatura.extract alone with the same passes (the layer's cost)",
    )
    args = parser.parse_args(argv)

    from pipeline.extract import extract_article

    # The old extractor's BeautifulSoup warns on pages that look like XML; noise here.
    warnings.filterwarnings("ignore", module="bs4")

    pages = load_set(args.checkout)
    if args.limit:
        pages = pages[: args.limit]
    results = fetch_results(pages)
    extractors: list[tuple[str, Callable[[FetchResult], Article]]] = []
    if not args.new_only:
        extractors.append(
            (f"old ({args.old_rev})", load_old_extractor(args.old_rev).extract_article)
        )
    extractors.append(("new", extract_article))
    if args.library:
        extractors.append(("trafilatura", library_alone))
    scores = [run(name, extract, pages, results) for name, extract in extractors]

    print(f"{len(pages)} pages of {args.checkout / 'tests' / 'evaldata.json'}")
    print(f"{'extractor':<16}{'F1':>7}{'prec.':>7}{'recall':>8}{'failed':>8}{'pages/CPU-s':>13}")
    for score in scores:
        f = score.figures()
        print(
            f"{score.name:<16}{f['f1']:>7.3f}{f['precision']:>7.3f}{f['recall']:>8.3f}"
            f"{int(f['failed']):>8}{f['pages_per_cpu_second']:>13.1f}"
        )
        if args.show_failed:
            for url in score.failed:
                print(f"    failed: {url}")
    if args.json:
        args.json.write_text(
            json.dumps({score.name: score.figures() for score in scores}, indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
