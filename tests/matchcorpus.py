"""Load the labelled matching corpus and its test configuration; score a Matcher on it.

``tests/corpus/experts.yaml`` is a sources.yaml without sources, read with
``pipeline.config.load_config``; ``tests/corpus/mentions.jsonl`` (the
development corpus), ``tests/corpus/heldout.jsonl``,
``tests/corpus/blind_batch4.jsonl``, ``tests/corpus/blind_batch5.jsonl`` and
``tests/corpus/blind_batch6.jsonl`` (texts written blind, see
``tests/test_match_quality.py``) hold one labelled text per line:
id, lang, text, optional title/byline,
outlet_media_type, experts [{id, role}], note. Scoring counts a candidate as
detected only when its confidence is at least ``pipeline.match.DETECTED``: a
low-confidence candidate (a failed ``require_context`` or an ``exclude`` hit) is
"not detected" for precision and recall.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.match import DETECTED, Matcher
from pipeline.types import (
    Article,
    MediaType,
    OutletConfig,
    TargetKind,
)

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled text."""

    id: str
    lang: str
    text: str
    title: str
    byline: str | None
    media_type: MediaType | None
    experts: dict[str, str]
    note: str


def load_corpus(path: Path = CORPUS_DIR / "mentions.jsonl") -> list[Case]:
    """Every labelled case of the corpus file."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        media = record.get("outlet_media_type")
        cases.append(
            Case(
                id=record["id"],
                lang=record["lang"],
                text=record["text"],
                title=record.get("title") or "",
                byline=record.get("byline"),
                media_type=MediaType(media) if media else None,
                experts={item["id"]: item["role"] for item in record["experts"]},
                note=record.get("note", ""),
            )
        )
    return cases


@dataclass(slots=True)
class Score:
    """Detection and role counts for one language."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    role_right: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Detected experts that are right."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """True experts that were detected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def role_accuracy(self) -> float:
        """Detected true experts whose role is right."""
        return self.role_right / self.tp if self.tp else 1.0

    def confusion_table(self) -> str:
        """Gold role (rows) against predicted role (columns)."""
        roles = sorted({role for pair in self.confusion for role in pair})
        width = max([len(role) for role in roles] + [8])
        lines = ["gold \\ predicted".ljust(width + 2) + " ".join(r[:10].rjust(10) for r in roles)]
        for gold in roles:
            counts = " ".join(str(self.confusion[(gold, pred)]).rjust(10) for pred in roles)
            lines.append(gold.ljust(width + 2) + counts)
        return "\n".join(lines)


def outlet_for(case: Case) -> OutletConfig | None:
    """A stand-in outlet of the case's media type."""
    if case.media_type is None:
        return None
    return OutletConfig(name=f"test {case.media_type.value}", media_type=case.media_type)


def score(matcher: Matcher, cases: list[Case]) -> dict[str, Score]:
    """Per-language scores of ``matcher`` on ``cases``."""
    scores: dict[str, Score] = {}
    for case in cases:
        result = scores.setdefault(case.lang, Score())
        article = Article(
            url=f"https://example.test/{case.id}",
            title=case.title,
            text=case.text,
            byline=case.byline,
            language=case.lang,
        )
        found = {
            candidate.target_id: candidate
            for candidate in matcher.find_mentions(article, outlet_for(case))
            if candidate.target_kind is TargetKind.EXPERT and candidate.confidence >= DETECTED
        }
        for expert_id, role in case.experts.items():
            candidate = found.get(expert_id)
            if candidate is None:
                result.fn += 1
                result.errors.append(f"{case.id}: missed {expert_id} ({role}) :: {case.text}")
                continue
            result.tp += 1
            result.confusion[(role, candidate.role.value)] += 1
            if candidate.role.value == role:
                result.role_right += 1
            else:
                result.errors.append(
                    f"{case.id}: {expert_id} role {candidate.role.value} != {role} "
                    f"[{candidate.rule}] :: {candidate.snippet}"
                )
        for expert_id, candidate in found.items():
            if expert_id not in case.experts:
                result.fp += 1
                result.errors.append(
                    f"{case.id}: false {expert_id} [{candidate.rule}; {candidate.reason}] "
                    f":: {candidate.snippet}"
                )
    return scores


def main(argv: list[str] | None = None) -> int:
    """Score the matcher on a labelled JSON Lines file (the corpus format above).

    For measuring texts the gate has never seen: ``python -m tests.matchcorpus
    texts.jsonl --config sources.yaml`` prints precision, recall, role accuracy,
    the confusion table and every error, per language. Exit 0, or 2 on bad input.
    """
    import argparse
    import sys

    from pipeline.config import ConfigError, load_config

    parser = argparse.ArgumentParser(
        prog="python -m tests.matchcorpus",
        description="Score the matcher on labelled texts (JSON Lines, tests/corpus format).",
    )
    parser.add_argument("corpus", type=Path, help="labelled texts, one JSON object per line")
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("sources.yaml"),
        help="experts to match (a sources.yaml; default: sources.yaml)",
    )
    parser.add_argument("--quiet", action="store_true", help="scores only, no error list")
    args = parser.parse_args(argv)
    try:
        cases = load_corpus(args.corpus)
        matcher = Matcher(load_config(args.config))
    except (OSError, ValueError, KeyError, ConfigError) as error:
        print(f"python -m tests.matchcorpus: {error}", file=sys.stderr)
        return 2
    for lang, result in sorted(score(matcher, cases).items()):
        print(
            f"{lang}: precision {result.precision:.3f}  recall {result.recall:.3f}  "
            f"role accuracy {result.role_accuracy:.3f}  "
            f"(tp={result.tp} fp={result.fp} fn={result.fn})"
        )
        if not args.quiet:
            print(result.confusion_table())
            for error in result.errors:
                print(f"  {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
