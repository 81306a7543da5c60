"""A character-n-gram role model, trained on the labelled corpus and on staff decisions.

Takes labelled text windows (``Example``: the text around an expert's name,
the name in ``[[ ]]``, its language and role) from the project's corpus
(``examples_from_corpus``) and from staff review (``examples_from_labels``:
a rejected mention becomes the role ``not_expert``), and returns a
``RoleModel`` (``train``): TF-IDF over character 2–4-grams inside word
boundaries and a logistic regression (newton-cg), deterministic for the same examples
and seed. ``RoleModel.predict`` gives (role, probability) per text;
``RoleModel.save`` writes a versioned pickle with a JSON metadata file beside
it and ``load`` reads it back; ``evaluate`` scores accuracy per language.

The version (``model-<12 hex>``) is a hash of the training examples, the
parameters and the seed, so the same data always gives the same version.
No database and no network here: staff labels are handed in by the caller.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from pipeline.config import load_config
from pipeline.match import Matcher
from pipeline.types import Article, Config, MentionCandidate, TargetKind

#: The role of a window whose name is not the expert (a rejected mention).
NOT_EXPERT = "not_expert"
#: Characters either side of the name in a window, as ``storage.labels.WINDOW_RADIUS``.
WINDOW_RADIUS = 200
#: How much of a text stands in for a window when the name cannot be located.
CAPPED_TEXT = 2 * WINDOW_RADIUS
#: The file format written by ``RoleModel.save``; ``load`` refuses any other.
FORMAT = "mediawatch-role-model/1"
#: Where the corpus keeps the experts its labels name.
CORPUS_EXPERTS = "experts.yaml"

#: Model parameters; part of the version hash.
PARAMS: Mapping[str, Any] = {
    "analyzer": "char_wb",
    "ngram_range": [2, 4],
    "sublinear_tf": True,
    "min_df": 2,
    "C": 10.0,
    "solver": "newton-cg",
    "max_iter": 2000,
}

_NUMBER = re.compile(r"(\d+)")


class TrainingError(ValueError):
    """The examples cannot train a model (none, or only one role)."""


class ModelFileError(ValueError):
    """A model file is missing, of another format, or does not match its metadata."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text window: the name in ``[[ ]]``, its language and role.

    ``source`` says where the label came from: ``corpus`` or ``staff``.
    """

    text: str
    lang: str
    role: str
    source: str = "corpus"


class LabelLike(Protocol):
    """What ``examples_from_labels`` reads of a staff label (``storage.labels.StaffLabel``)."""

    @property
    def title(self) -> str:
        """The document's title."""

    @property
    def byline(self) -> str | None:
        """The document's byline."""

    @property
    def text(self) -> str:
        """The document's text."""

    @property
    def alias(self) -> str:
        """The name as matched."""

    @property
    def snippet(self) -> str:
        """The stored evidence, the name in ``[[ ]]``."""

    @property
    def lang(self) -> str:
        """The document's language."""

    @property
    def role(self) -> str:
        """The role staff settled on."""

    @property
    def decision(self) -> str:
        """confirmed, corrected or rejected."""

    @property
    def reject_reason(self) -> str | None:
        """Why staff rejected it (namesake, not_about_expert, duplicate, other), or None."""


# --- windows ------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.split())


def text_window(text: str, start: int, end: int, radius: int = WINDOW_RADIUS) -> str:
    """``text`` within ``radius`` characters of ``[start, end)``, the span in ``[[ ]]``.

    Whitespace runs are folded, so a window reads the same whether the text
    came with line breaks or not; corpus and staff windows are cut alike.
    """
    head = _fold(text[max(0, start - radius) : start])
    name = _fold(text[start:end])
    tail = _fold(text[end : end + radius])
    left = f"{head} " if head and text[start - 1 : start].isspace() else head
    right = f" {tail}" if tail and text[end : end + 1].isspace() else tail
    return f"{left}[[{name}]]{right}"


def _find(text: str, name: str) -> tuple[int, int] | None:
    parts = name.split()
    if not parts:
        return None
    found = re.search(r"\s*".join(re.escape(p) for p in parts), text, flags=re.IGNORECASE)
    return (found.start(), found.end()) if found else None


def joined_text(title: str, byline: str | None, text: str) -> str:
    """Title, byline and text, one a line (empty ones left out): what a window is cut from."""
    return "\n".join(part for part in (title, byline or "", text) if part)


_SURFACE = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)


def window_of(label: LabelLike) -> str:
    """The window around a staff label's name in title, byline and text, else its snippet.

    Tries the alias, then the matched words of the snippet (between ``[[ ]]``:
    the form the name took in the document); without either in the text, the
    snippet itself (whitespace folded).
    """
    combined = joined_text(label.title, label.byline, label.text)
    surfaces = [label.alias]
    matched = _SURFACE.search(label.snippet)
    if matched:
        surfaces.append(matched.group(1))
    for surface in surfaces:
        span = _find(combined, surface) if surface else None
        if span is not None:
            return text_window(combined, *span)
    return _fold(label.snippet)


def _candidate_window(
    candidate: MentionCandidate, title: str, byline: str, text: str
) -> str | None:
    """The window around the occurrence the matcher chose, in title + byline + text."""
    if candidate.rule.startswith("title:"):
        segment, offset = title, 0
    elif candidate.rule.startswith("byline:"):
        segment, offset = byline, len(title) + 1 if title else 0
    else:
        segment, offset = text, len(joined_text(title, byline, "")) + 1 if title or byline else 0
    start, end = candidate.start, candidate.end
    if not segment or not 0 <= start < end <= len(segment):
        return None
    return text_window(joined_text(title, byline, text), offset + start, offset + end)


# --- corpus -------------------------------------------------------------------


def batch_number(path: str | Path) -> int | None:
    """The batch number in a corpus file's name (blind_batch7.jsonl → 7), or None."""
    number = _NUMBER.search(Path(path).stem)
    return None if number is None else int(number.group(1))


def corpus_files(folder: str | Path) -> list[Path]:
    """The corpus's JSON Lines files in batch order.

    Files without a number (the development sets: heldout, mentions, probes)
    come first by name, then the numbered batches by number (blind_batch4
    before blind_batch10).
    """

    def key(path: Path) -> tuple[int, int, str]:
        number = batch_number(path)
        return (0, 0, path.name) if number is None else (1, number, path.name)

    return sorted(Path(folder).glob("*.jsonl"), key=key)


def _corpus_config(path: Path, config: Config | None) -> Config | None:
    if config is not None:
        return config
    experts = (path if path.is_dir() else path.parent) / CORPUS_EXPERTS
    return load_config(experts) if experts.is_file() else None


def _record_examples(
    record: Mapping[str, Any], matcher: Matcher | None, config: Config | None
) -> list[Example]:
    lang = str(record["lang"])
    title = str(record.get("title") or "")
    byline = str(record.get("byline") or "")
    text = str(record["text"])
    combined = joined_text(title, byline, text)
    capped = _fold(combined)[:CAPPED_TEXT]
    gold = {str(item["id"]): str(item["role"]) for item in record["experts"]}
    found: dict[str, MentionCandidate] = {}
    if matcher is not None:
        article = Article(url="corpus:", title=title, text=text, byline=byline or None)
        found = {
            c.target_id: c
            for c in matcher.find_mentions(article)
            if c.target_kind is TargetKind.EXPERT
        }
    names = {expert.id: expert.all_names for expert in config.experts} if config else {}
    examples = []
    for expert_id, role in gold.items():
        window = None
        if expert_id in found:
            window = _candidate_window(found[expert_id], title, byline, text)
            window = window or _fold(found[expert_id].snippet)
        for name in names.get(expert_id, ()) if window is None else ():
            span = _find(combined, name)
            if span is not None:
                window = text_window(combined, *span)
                break
        examples.append(Example(window or capped, lang, role))
    for expert_id, candidate in sorted(found.items()):
        if expert_id not in gold:  # the matcher's namesakes and strays
            window = _candidate_window(candidate, title, byline, text)
            examples.append(Example(window or _fold(candidate.snippet), lang, NOT_EXPERT))
    return examples


def examples_from_corpus(path: str | Path, config: Config | None = None) -> list[Example]:
    """Labelled windows from a corpus JSON Lines file, or from every file of a corpus folder.

    Each labelled expert of a text gives one example: the window around the
    occurrence the project's matcher found in title, byline and text, or
    around the first occurrence of one of the expert's names there, else the
    text capped to ``CAPPED_TEXT`` characters.
    Experts the matcher finds but the labels do not list give ``not_expert``
    examples. ``config`` names the experts (default: ``experts.yaml`` beside
    the corpus files; without one, every example is the capped text).
    """
    path = Path(path)
    files = corpus_files(path) if path.is_dir() else [path]
    config = _corpus_config(path, config)
    matcher = Matcher(config) if config is not None else None
    examples: list[Example] = []
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                examples.extend(_record_examples(json.loads(line), matcher, config))
    return examples


def examples_from_labels(labels: Iterable[LabelLike]) -> list[Example]:
    """Staff decisions as examples: the final role, ``not_expert`` for a rejection.

    Rejections for being a duplicate are left out: the name was right, the
    document was counted elsewhere, so they say nothing about the role.
    """
    examples = []
    for label in labels:
        if label.decision == "rejected":
            if label.reject_reason == "duplicate":
                continue
            role = NOT_EXPERT
        else:
            role = str(label.role)
        examples.append(Example(window_of(label), label.lang, role, source="staff"))
    return examples


# --- the model ----------------------------------------------------------------


def training_version(examples: Sequence[Example], seed: int = 0) -> str:
    """``model-<12 hex>``: a hash of the examples (in order), the parameters and the seed."""
    payload = json.dumps(
        {
            "format": FORMAT,
            "params": dict(PARAMS),
            "seed": seed,
            "examples": [[e.text, e.lang, e.role, e.source] for e in examples],
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return "model-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class RoleModel:
    """A trained role model: its version, what it was trained on, and the fitted pipeline.

    ``counts`` is the number of training examples by source (``corpus``,
    ``staff``), ``roles`` by role and ``languages`` by language.
    """

    version: str
    pipeline: Any
    classes: tuple[str, ...]
    seed: int
    counts: Mapping[str, int] = field(default_factory=dict)
    roles: Mapping[str, int] = field(default_factory=dict)
    languages: Mapping[str, int] = field(default_factory=dict)
    sklearn_version: str = sklearn.__version__

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The most likely role of each text window and its probability."""
        if not texts:
            return []
        probabilities = self.pipeline.predict_proba(list(texts))
        results = []
        for row in probabilities:
            best = int(row.argmax())
            results.append((self.classes[best], float(row[best])))
        return results

    def metadata(self) -> dict[str, Any]:
        """What the JSON file beside the model says (without the pickle's digest)."""
        return {
            "format": FORMAT,
            "version": self.version,
            "seed": self.seed,
            "params": dict(PARAMS),
            "classes": list(self.classes),
            "counts": dict(self.counts),
            "roles": dict(self.roles),
            "languages": dict(self.languages),
            "sklearn": self.sklearn_version,
        }

    def save(self, path: str | Path) -> Path:
        """Write the fitted pipeline to ``path`` (pickle) and its metadata beside it (.json).

        Returns the metadata file's path. Both are written to a temporary
        name first and then renamed, so a reader never sees half a file.
        """
        path = Path(path)
        meta_path = metadata_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        blob = pickle.dumps(self.pipeline, protocol=pickle.HIGHEST_PROTOCOL)
        metadata = self.metadata() | {
            "file": path.name,
            "sha256": hashlib.sha256(blob).hexdigest(),
        }
        for target, data in (
            (path, blob),
            (meta_path, json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8")),
        ):
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
        return meta_path


def metadata_path(path: str | Path) -> Path:
    """The JSON metadata file of the model file ``path`` (same name, ``.json``)."""
    path = Path(path)
    if path.suffix == ".json":
        raise ModelFileError(f"{path}: a model file cannot itself end in .json")
    return path.with_suffix(".json")


def load(path: str | Path) -> RoleModel:
    """Read a model written by ``RoleModel.save``.

    Checks the format and that the pickle is the one its metadata describes
    (SHA-256). Unpickling runs code: load only model files this project wrote.
    """
    path = Path(path)
    try:
        metadata = json.loads(metadata_path(path).read_text(encoding="utf-8"))
        blob = path.read_bytes()
    except (OSError, ValueError) as error:
        raise ModelFileError(f"{path}: cannot read the model: {error}") from None
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT:
        raise ModelFileError(f"{path}: not a {FORMAT} file")
    if hashlib.sha256(blob).hexdigest() != metadata.get("sha256"):
        raise ModelFileError(f"{path}: the model does not match its metadata (sha256)")
    pipeline = pickle.loads(blob)
    if not isinstance(pipeline, Pipeline):
        raise ModelFileError(f"{path}: holds no scikit-learn pipeline")
    return RoleModel(
        version=str(metadata["version"]),
        pipeline=pipeline,
        classes=tuple(str(c) for c in metadata["classes"]),
        seed=int(metadata["seed"]),
        counts={str(k): int(v) for k, v in metadata["counts"].items()},
        roles={str(k): int(v) for k, v in metadata["roles"].items()},
        languages={str(k): int(v) for k, v in metadata["languages"].items()},
        sklearn_version=str(metadata["sklearn"]),
    )


def train(examples: Sequence[Example], seed: int = 0) -> RoleModel:
    """Fit TF-IDF character 2–4-grams and a logistic regression on ``examples``.

    Deterministic: the same examples in the same order and the same seed give
    the same version and the same predictions. Raises ``TrainingError``
    without examples of at least two roles.
    """
    roles = Counter(e.role for e in examples)
    if len(roles) < 2:
        raise TrainingError(
            f"training needs examples of at least two roles; got {len(examples)} "
            f"example(s) of {len(roles)} role(s)"
        )
    low, high = PARAMS["ngram_range"]
    pipeline = Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(
                    analyzer=PARAMS["analyzer"],
                    ngram_range=(low, high),
                    sublinear_tf=PARAMS["sublinear_tf"],
                    min_df=PARAMS["min_df"],
                ),
            ),
            (
                "classifier",
                LogisticRegression(
                    C=PARAMS["C"],
                    solver=PARAMS["solver"],
                    max_iter=PARAMS["max_iter"],
                    random_state=seed,
                ),
            ),
        ]
    )
    try:
        pipeline.fit([e.text for e in examples], [e.role for e in examples])
    except ValueError as error:  # e.g. no character n-gram seen twice
        raise TrainingError(f"cannot train on these examples: {error}") from None
    return RoleModel(
        version=training_version(examples, seed),
        pipeline=pipeline,
        classes=tuple(str(c) for c in pipeline.classes_),
        seed=seed,
        counts=dict(sorted(Counter(e.source for e in examples).items())),
        roles=dict(sorted(roles.items())),
        languages=dict(sorted(Counter(e.lang for e in examples).items())),
    )


def evaluate(model: RoleModel, examples: Sequence[Example]) -> dict[str, float]:
    """Accuracy of ``model`` on ``examples`` per language, and over all as ``all``."""
    if not examples:
        return {}
    predicted = model.predict([e.text for e in examples])
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for example, (role, _) in zip(examples, predicted, strict=True):
        for key in (example.lang, "all"):
            total[key] += 1
            right[key] += role == example.role
    return {key: right[key] / total[key] for key in sorted(total)}
