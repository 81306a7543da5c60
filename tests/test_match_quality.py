"""The matching quality gate: precision, recall and role accuracy on the labelled corpora.

Floors (never lower them; fix the matcher or a wrong label instead): expert
precision >= 0.97 and recall >= 0.97 in each language, role accuracy >= 0.90 in
each language, on every corpus, with the corpus config and with the shipped
sources.yaml. A candidate below ``pipeline.match.DETECTED`` confidence counts as
NOT detected. The roles come from the shipped role model, which was trained on
these corpora: this gate keeps what was reached from regressing, it does not
measure unseen text. ``tests/test_role_model.py`` holds the cross-batch blind
figure; EVALUATION.md says what each corpus is, how each figure is made, and
keeps the history of the blind measurements taken before the model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.match import Matcher
from tests.matchcorpus import CORPUS_DIR, Case, Score, load_corpus, score

# The gate runs with the corpus's own config and with the shipped sources.yaml,
# so the config the service really uses is held to the same floors.
CONFIGS = {
    "corpus-config": CORPUS_DIR / "experts.yaml",
    "shipped-sources-yaml": Path(__file__).resolve().parents[1] / "sources.yaml",
}
CORPORA = {
    "mentions": CORPUS_DIR / "mentions.jsonl",
    "heldout": CORPUS_DIR / "heldout.jsonl",
    "blind_batch4": CORPUS_DIR / "blind_batch4.jsonl",
    "blind_batch5": CORPUS_DIR / "blind_batch5.jsonl",
    "blind_batch6": CORPUS_DIR / "blind_batch6.jsonl",
    "blind_batch7": CORPUS_DIR / "blind_batch7.jsonl",
    "blind_batch8": CORPUS_DIR / "blind_batch8.jsonl",
    "blind_batch9": CORPUS_DIR / "blind_batch9.jsonl",
    "blind_batch10": CORPUS_DIR / "blind_batch10.jsonl",
    "blind_batch11": CORPUS_DIR / "blind_batch11.jsonl",
    "probes": CORPUS_DIR / "probes.jsonl",
    "blind_batch12": CORPUS_DIR / "blind_batch12.jsonl",
    "blind_batch13": CORPUS_DIR / "blind_batch13.jsonl",
    "blind_batch14": CORPUS_DIR / "blind_batch14.jsonl",
    "blind_batch15": CORPUS_DIR / "blind_batch15.jsonl",
    "blind_batch16": CORPUS_DIR / "blind_batch16.jsonl",
    "blind_batch17": CORPUS_DIR / "blind_batch17.jsonl",
}
# Smallest size of each corpus (the issue asks for 300 labelled texts to develop on).
MINIMUM_SIZE = {
    "mentions": 300, "heldout": 150, "blind_batch4": 160, "blind_batch5": 150, "blind_batch6": 120,
    "blind_batch7": 119, "blind_batch8": 140, "blind_batch9": 140, "blind_batch10": 140,
    "blind_batch11": 120, "probes": 120, "blind_batch12": 120, "blind_batch13": 120,
    "blind_batch14": 120, "blind_batch15": 120, "blind_batch16": 120, "blind_batch17": 120,
}
# Fewest texts without any expert, per language. Batches 4 and 5 were each written
# blind with 15 (ja) and 10 (en), batches 6 and 7 with 12 (ja) and 8 (en), batches 8, 9
# and 10 with 14 (ja) and 6 (en), batch 11 with 10 (ja) and 5 (en), the probes with 13
# (ja) and 4 (en), batch 12 with 9 (ja) and 8 (en), batches 13–15 with 4 (ja) and 8 or
# 9 (en), batch 16 with 5 (ja) and 4 (en), batch 17 with 10 (ja) and 6 (en); adding
# negatives now would not be blind, so they keep their own.
MINIMUM_NEGATIVES = {
    "mentions": 20, "heldout": 20, "blind_batch4": 10, "blind_batch5": 10, "blind_batch6": 8,
    "blind_batch7": 8, "blind_batch8": 6, "blind_batch9": 6, "blind_batch10": 6,
    "blind_batch11": 5, "probes": 4, "blind_batch12": 8, "blind_batch13": 4,
    "blind_batch14": 4, "blind_batch15": 4, "blind_batch16": 4, "blind_batch17": 6,
}

PRECISION_FLOOR = 0.97
RECALL_FLOOR = 0.97
ROLE_ACCURACY_FLOOR = 0.90


@pytest.fixture(scope="module", params=sorted(CORPORA), ids=sorted(CORPORA))
def corpus(request: pytest.FixtureRequest) -> tuple[str, list[Case]]:
    return request.param, load_corpus(CORPORA[request.param])


@pytest.fixture(scope="module", params=sorted(CONFIGS), ids=sorted(CONFIGS))
def scores(
    request: pytest.FixtureRequest, corpus: tuple[str, list[Case]]
) -> dict[str, Score]:
    _, cases = corpus
    return score(Matcher(load_config(CONFIGS[request.param])), cases)


def test_corpus_is_big_and_bilingual(corpus: tuple[str, list[Case]]) -> None:
    name, cases = corpus
    assert len(cases) >= MINIMUM_SIZE[name]
    languages = {case.lang for case in cases}
    assert languages == {"ja", "en"}
    assert len({case.id for case in cases}) == len(cases), "case ids must be unique"
    for lang in languages:
        labelled = [case for case in cases if case.lang == lang]
        negatives = sum(1 for case in labelled if not case.experts)
        assert negatives >= MINIMUM_NEGATIVES[name], "too few negatives"


def test_corpora_do_not_share_texts_or_ids() -> None:
    loaded = {name: load_corpus(path) for name, path in CORPORA.items()}
    names = sorted(loaded)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            texts = {case.text for case in loaded[first]} & {case.text for case in loaded[second]}
            ids = {case.id for case in loaded[first]} & {case.id for case in loaded[second]}
            assert not texts, f"{first} and {second} share texts"
            assert not ids, f"{first} and {second} share ids"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_quality_floor(
    corpus: tuple[str, list[Case]], scores: dict[str, Score], lang: str
) -> None:
    result = scores[lang]
    report = (
        f"[{corpus[0]} {lang}] precision={result.precision:.3f} recall={result.recall:.3f} "
        f"role_accuracy={result.role_accuracy:.3f} (tp={result.tp} fp={result.fp} "
        f"fn={result.fn})\n{result.confusion_table()}\n" + "\n".join(result.errors)
    )
    print(report)
    assert result.precision >= PRECISION_FLOOR, report
    assert result.recall >= RECALL_FLOOR, report
    assert result.role_accuracy >= ROLE_ACCURACY_FLOOR, report
