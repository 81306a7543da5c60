"""The learned role decision: the shipped model, its reproducibility, and the blind gate.

- The model shipped with the package (``pipeline/classify/role_model.pkl``) is the
  one ``mediawatch model train --default`` builds from ``tests/corpus`` (with its
  conventions and forms corpora): retraining gives the same version and the same
  decisions.
- Cross-batch blind scoring: for each numbered batch, a model trained only on the
  files before it (the cue table, what every rule family says, unordered, the
  document and the character n-grams of the window; not the fallback's proposal) is
  scored on it; the mean per language holds the floors of the roles issue (ja ≥ 0.92,
  en ≥ 0.88). The rules were tuned on every batch before the model existed, so
  their evidence is not blind; EVALUATION.md says so beside the figures.
- The model never reads the rule and role the matcher's fallback proposed.
- Every expert mention the matcher finds carries the model's version and its
  probability; ``talk`` is a role the model gives.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from statistics import mean

import pytest

from pipeline import rolemodel
from pipeline.classify import model as role_model
from pipeline.config import load_config
from pipeline.match import Matcher
from pipeline.types import Article, Role, TargetKind

CORPUS = Path(__file__).resolve().parent / "corpus"
FLOORS = {"ja": 0.92, "en": 0.88}


@pytest.fixture(scope="module")
def corpus_examples() -> dict[str, list[role_model.Example]]:
    """The corpus's examples, file by file, in batch order (no conventions corpus)."""
    config = load_config(CORPUS / rolemodel.CORPUS_EXPERTS)
    return {
        path.name: rolemodel.examples_from_corpus(path, config)
        for path in rolemodel.corpus_files(CORPUS)
    }


@pytest.fixture(scope="module")
def convention_examples() -> list[role_model.Example]:
    """The conventions corpus's examples: training data, never in a blind score."""
    config = load_config(CORPUS / rolemodel.CORPUS_EXPERTS)
    return [
        e
        for path in rolemodel.convention_files(CORPUS)
        for e in rolemodel.examples_from_corpus(path, config)
    ]


@pytest.fixture(scope="module")
def form_examples() -> list[role_model.Example]:
    """The forms corpus's examples (the role-form test tables): training data, never in a
    blind score."""
    return [e for path in rolemodel.form_files(CORPUS) for e in rolemodel.examples_from_forms(path)]


def test_the_shipped_model_is_rebuilt_from_the_corpus(
    corpus_examples: dict[str, list[role_model.Example]],
    convention_examples: list[role_model.Example],
    form_examples: list[role_model.Example],
) -> None:
    shipped = role_model.default_model()
    assert shipped is not None, "pipeline/classify/role_model.pkl is missing or unreadable"
    assert convention_examples and form_examples
    examples = [e for examples in corpus_examples.values() for e in examples]
    examples += convention_examples + form_examples
    rebuilt = role_model.train(examples)
    assert rebuilt.version == shipped.version, (
        "the corpus or the rules changed: rebuild the shipped model with "
        "`mediawatch model train --default`"
    )
    sample = [e.features for e in examples[::7]]
    assert rebuilt.predict(sample) == shipped.predict(sample)
    metadata = json.loads(role_model.metadata_path(role_model.DEFAULT_MODEL_FILE).read_text())
    assert metadata["counts"] == {"corpus": len(examples)}


def test_cross_batch_blind_role_accuracy_holds_the_floors(
    corpus_examples: dict[str, list[role_model.Example]],
) -> None:
    names = list(corpus_examples)
    scores: dict[str, list[float]] = {"ja": [], "en": []}
    for index, name in enumerate(names):
        before = [e for other in names[:index] for e in corpus_examples[other]]
        if rolemodel.batch_number(name) is None or not before:
            continue
        result = role_model.evaluate(role_model.train(before), corpus_examples[name])
        for lang in scores:
            if lang in result:
                scores[lang].append(result[lang])
    means = {lang: mean(values) for lang, values in scores.items()}
    assert len(scores["ja"]) >= 10
    for lang, floor in FLOORS.items():
        assert means[lang] >= floor, f"cross-batch mean {lang} {means[lang]:.3f} < {floor}"


def test_inference_without_scikit_learn_gives_its_probabilities(
    corpus_examples: dict[str, list[role_model.Example]],
    convention_examples: list[role_model.Example],
    form_examples: list[role_model.Example],
) -> None:
    # the shipped model's numpy inference against the scikit-learn pipeline it was
    # compiled from, on every example of the corpora
    examples = [e for examples in corpus_examples.values() for e in examples]
    examples += convention_examples + form_examples
    pipeline = role_model.fit_pipeline(examples)
    inputs = [e.features.model_input() for e in examples]
    shipped = role_model.default_model()
    assert shipped is not None
    expected = pipeline.predict_proba(inputs)
    assert tuple(pipeline.classes_) == shipped.classes
    assert abs(shipped.weights.probabilities(inputs) - expected).max() < 1e-9
    assert abs(role_model.Weights.of(pipeline).probabilities(inputs) - expected).max() < 1e-9


def test_the_service_loads_and_uses_the_model_without_scikit_learn() -> None:
    script = (
        "import sys\n"
        "from pipeline.classify.model import RoleFeatures, default_model\n"
        "model = default_model()\n"
        "assert model is not None\n"
        "model.decide([RoleFeatures('a [[X]] said', 'en', '', 'none', None, 'f:sentence')])\n"
        "assert 'sklearn' not in sys.modules, 'scikit-learn was imported'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def test_the_model_does_not_read_the_fallbacks_proposal() -> None:
    plain = role_model.RoleFeatures("a [[X]] b", "en", "", "none", "tv", "f:sentence|quote")
    proposed = role_model.RoleFeatures(
        "a [[X]] b", "en", "cue:said", "quote", "tv", "f:sentence|quote"
    )
    assert plain.model_input() == proposed.model_input()
    assert "m:tv|f:sentence|quote" in plain.indicators().split()


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("日本国際問題研究所の小谷哲男主任研究員がシンポジウムで基調講演を行った。", Role.TALK),
        ("小谷哲男主任研究員がNHK「ニュース7」に出演し、米中関係を解説した。", Role.APPEARANCE),
        ("日本国際問題研究所の小谷哲男主任研究員は「抑止が鍵だ」と述べた。", Role.QUOTE),
        ("Tetsuo Kotani of JIIA moderated a panel at the Shangri-La Dialogue.", Role.TALK),
    ],
    ids=["ja-keynote", "ja-tv", "ja-quote", "en-moderated"],
)
def test_mentions_carry_the_models_role_version_and_probability(text: str, role: Role) -> None:
    config = load_config(CORPUS / rolemodel.CORPUS_EXPERTS)
    shipped = role_model.default_model()
    assert shipped is not None
    (found,) = [
        c
        for c in Matcher(config).find_mentions(Article(url="https://example.jp/a", text=text))
        if c.target_kind is TargetKind.EXPERT
    ]
    assert found.role is role
    assert found.model_version == shipped.version
    assert found.role_confidence is not None and 0.0 < found.role_confidence <= 1.0
    rules_only = Matcher(config, role_model=None).find_mentions(
        Article(url="https://example.jp/a", text=text)
    )
    assert all(c.model_version is None for c in rules_only)
