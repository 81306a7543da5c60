"""The learned role decision: features of a mention and the model that weighs them.

In: ``RoleFeatures`` — the text window around the name (the name in
``[[ ]]``), its language, the outlet's media type and the tokens of
``features.mention_tokens`` (every row of the cue table that fired near the name,
and where; what each rule family says, unordered; the document's kind, voice, the
segment and position). Out: the role and its probability (``RoleModel.decide``).
The rules are evidence, not the decision: the media type, the language and the
tokens become indicator features beside the window's character 2–4-grams, and a
logistic regression trained on labelled examples decides. ``RoleFeatures`` still
carries the rule and role the matcher's fallback proposed (staff labels store
them), but the model does not read them.

``train`` fits a scikit-learn pipeline and keeps its ``Weights`` (vocabularies,
IDF, coefficients), deterministically (same examples, same seed, same version, file
and predictions); inference (``Weights.probabilities``) is numpy alone, so the
service never imports scikit-learn. ``RoleModel.save``/``load`` write and read a
versioned model file with JSON metadata beside it; ``default_model`` is the model
shipped with the package (``role_model.pkl``, trained on the shipped corpus by
``mediawatch model train --default``), or None when it is missing or unreadable.
No database, no network, no matcher here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.classify.features import mention_tokens
from pipeline.types import MentionCandidate

log = logging.getLogger(__name__)

#: The role of a window whose name is not the expert (a rejected mention).
NOT_EXPERT = "not_expert"
#: Characters either side of the name in a window.
WINDOW_RADIUS = 200
#: The file format written by ``RoleModel.save``; ``load`` refuses any other.
FORMAT = "mediawatch-role-model/5"
#: The model shipped with the package, trained on the shipped corpus.
DEFAULT_MODEL_FILE = Path(__file__).resolve().parent / "role_model.pkl"

#: Model parameters; part of the version hash.
PARAMS: Mapping[str, Any] = {
    "window_analyzer": "char_wb",
    "ngram_range": [2, 4],
    "sublinear_tf": True,
    "min_df": 2,
    "C": 10.0,
    "solver": "newton-cg",
    "max_iter": 3000,
}

_SEPARATOR = "\x1f"
_SEGMENTS = ("title", "byline")


class TrainingError(ValueError):
    """The examples cannot train a model (none, or only one role)."""


class ModelFileError(ValueError):
    """A model file is missing, of another format, or does not match its metadata."""


# --- windows ---------------------------------------------------------------------


def fold(text: str) -> str:
    """Whitespace runs folded to one space."""
    return " ".join(text.split())


def text_window(text: str, start: int, end: int, radius: int = WINDOW_RADIUS) -> str:
    """``text`` within ``radius`` characters of ``[start, end)``, the span in ``[[ ]]``.

    Whitespace runs are folded, so a window reads the same whether the text
    came with line breaks or not; corpus, staff and live windows are cut alike.
    """
    head = fold(text[max(0, start - radius) : start])
    name = fold(text[start:end])
    tail = fold(text[end : end + radius])
    left = f"{head} " if head and text[start - 1 : start].isspace() else head
    right = f" {tail}" if tail and text[end : end + 1].isspace() else tail
    return f"{left}[[{name}]]{right}"


def joined_text(title: str, byline: str | None, text: str) -> str:
    """Title, byline and text, one a line (empty ones left out): what a window is cut from."""
    return "\n".join(part for part in (title, byline or "", text) if part)


def find_name(text: str, name: str) -> tuple[int, int] | None:
    """The first occurrence of ``name`` in ``text``, any spacing, Latin letters in any case."""
    parts = name.split()
    if not parts:
        return None
    found = re.search(r"\s*".join(re.escape(p) for p in parts), text, flags=re.IGNORECASE)
    return (found.start(), found.end()) if found else None


def segment_of(rule: str) -> tuple[str, str]:
    """(segment, rule) of a candidate's rule: ``title:cue:…`` → (``title``, ``cue:…``)."""
    head, _, rest = rule.partition(":")
    if head in _SEGMENTS and rest:
        return head, rest
    return "text", rule


def candidate_span(
    candidate: MentionCandidate, title: str, byline: str | None, text: str
) -> tuple[str, int, int] | None:
    """(segment, start, end) of the occurrence the matcher chose, in title + byline + text;
    None when its offsets do not fit its segment."""
    segment_name, _ = segment_of(candidate.rule)
    byline = byline or ""
    if segment_name == "title":
        segment, offset = title, 0
    elif segment_name == "byline":
        segment, offset = byline, len(title) + 1 if title else 0
    else:
        segment, offset = text, len(joined_text(title, byline, "")) + 1 if title or byline else 0
    start, end = candidate.start, candidate.end
    if not segment or not 0 <= start < end <= len(segment):
        return None
    return segment_name, offset + start, offset + end


def candidate_window(candidate: MentionCandidate, title: str, byline: str | None, text: str) -> str:
    """The window around the occurrence the matcher chose, in title + byline + text."""
    span = candidate_span(candidate, title, byline, text)
    if span is None:
        return fold(candidate.snippet)
    return text_window(joined_text(title, byline, text), span[1], span[2])


# --- features ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleFeatures:
    """What the model sees of one mention."""

    window: str
    lang: str
    rule: str
    rule_role: str
    media_type: str | None = None
    #: The cue and document tokens of ``features.mention_tokens``, space-separated.
    tokens: str = ""

    def indicators(self) -> str:
        """The media type, the language and the cue, family and document tokens (the
        segment among them), space-separated. The rule and role the matcher's fallback
        proposed are not among them: the families that fire are, each on its own."""
        media = self.media_type or "none"
        tokens = self.tokens.split()
        # a family's role on a TV or radio outlet reads otherwise (a quote there is
        # often the appearance), so each is also crossed with the media type
        crossed = [f"m:{media}|{t}" for t in tokens if t.startswith("f:") and t.count("|") == 1]
        return " ".join((f"media={media}", f"lang={self.lang}", *tokens, *crossed))

    def model_input(self) -> str:
        """The one string the fitted pipeline reads: indicators, a separator, the window."""
        return f"{self.indicators()}{_SEPARATOR}{self.window}"


def features_for(
    candidate: MentionCandidate,
    *,
    title: str,
    byline: str | None,
    text: str,
    lang: str,
    media_type: str | None,
    others: Sequence[MentionCandidate] = (),
) -> RoleFeatures:
    """The features of a rule-decided candidate found in this title, byline and text;
    ``others`` are the other experts' candidates found there."""
    span = candidate_span(candidate, title, byline, text)
    other_spans = [
        (found[1], found[2])
        for found in (candidate_span(other, title, byline, text) for other in others)
        if found is not None
    ]
    tokens = (
        mention_tokens(title, byline, text, span[1], span[2], segment=span[0], others=other_spans)
        if span is not None
        else []
    )
    return RoleFeatures(
        window=candidate_window(candidate, title, byline, text),
        lang=lang,
        rule=candidate.rule,
        rule_role=str(candidate.role),
        media_type=media_type,
        tokens=" ".join(tokens),
    )


def window_part(inputs: Sequence[str]) -> list[str]:
    """The window of each model input (for the character n-grams)."""
    return [value.split(_SEPARATOR, 1)[-1] for value in inputs]


def indicator_part(inputs: Sequence[str]) -> list[str]:
    """The indicator tokens of each model input."""
    return [value.split(_SEPARATOR, 1)[0] if _SEPARATOR in value else "" for value in inputs]


# --- the model -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled mention: its features and role; ``source`` is ``corpus`` or ``staff``."""

    features: RoleFeatures
    role: str
    source: str = "corpus"

    @property
    def lang(self) -> str:
        """The mention's language."""
        return self.features.lang


def training_version(examples: Sequence[Example], seed: int = 0) -> str:
    """``model-<12 hex>``: a hash of the examples, the parameters and the seed."""
    digest = hashlib.sha256()
    digest.update(FORMAT.encode())
    digest.update(json.dumps(dict(PARAMS), sort_keys=True).encode())
    digest.update(str(seed).encode())
    for example in examples:
        digest.update(example.features.model_input().encode("utf-8"))
        digest.update(b"\x00" + example.role.encode() + b"\x00")
    return f"model-{digest.hexdigest()[:12]}"


@dataclass(frozen=True, slots=True)
class Weights:
    """A fitted model as plain arrays: what inference needs, without scikit-learn.

    ``windows`` maps each character n-gram of the window to its column and ``idf`` its
    inverse document frequency; ``tokens`` maps each indicator token to its column
    after them; ``coef`` (one row a class) and ``intercept`` are the logistic
    regression's. ``probabilities`` computes what the fitted scikit-learn pipeline's
    ``predict_proba`` does (char_wb n-grams, sublinear TF-IDF, L2 norm; binary
    indicators; softmax of the linear scores) with numpy alone, so the service never
    imports scikit-learn; ``tests/test_role_model.py`` checks the two agree.
    """

    windows: dict[str, int]
    idf: Any
    tokens: dict[str, int]
    coef: Any
    intercept: Any

    @classmethod
    def of(cls, pipeline: Any) -> Weights:
        """The weights of a fitted pipeline built by ``train``."""
        union = dict(pipeline.named_steps["features"].transformer_list)
        ngrams = union["window"].named_steps["ngrams"]
        indicators = union["indicators"].named_steps["tokens"]
        classifier = pipeline.named_steps["classifier"]
        return cls(
            windows={k: int(v) for k, v in sorted(ngrams.vocabulary_.items())},
            idf=ngrams.idf_.copy(),
            tokens={k: int(v) for k, v in sorted(indicators.vocabulary_.items())},
            coef=classifier.coef_.copy(),
            intercept=classifier.intercept_.copy(),
        )

    def arrays(self) -> dict[str, Any]:
        """The weights as a dict of plain values (what ``RoleModel.save`` writes)."""
        return {name: getattr(self, name) for name in self.__slots__}

    def probabilities(self, inputs: Sequence[str]) -> Any:
        """One row of class probabilities per model input (``RoleFeatures.model_input``)."""
        import numpy as np

        offset = len(self.windows)
        rows = []
        for value in inputs:
            counts = Counter(
                self.windows[g]
                for g in _char_wb_ngrams(window_part([value])[0])
                if g in self.windows
            )
            columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
            weights = (np.log(np.fromiter(counts.values(), dtype=np.float64)) + 1.0) * (
                self.idf[columns]
            )
            norm = np.sqrt(np.dot(weights, weights))
            if norm > 0:
                weights = weights / norm
            present = sorted(
                {self.tokens[t] for t in indicator_part([value])[0].split() if t in self.tokens}
            )
            score = self.coef[:, columns] @ weights + self.intercept
            if present:
                score = score + self.coef[:, [offset + i for i in present]].sum(axis=1)
            rows.append(score)
        scores = np.array(rows, dtype=np.float64)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores


_WHITE_SPACES = re.compile(r"\s\s+")


def _char_wb_ngrams(text: str) -> list[str]:
    """The character n-grams of ``text`` as scikit-learn's ``char_wb`` analyzer reads them
    (lowercased; inside words, each padded with a space)."""
    low, high = PARAMS["ngram_range"]
    grams = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        word = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            grams.append(word[offset : offset + n])
            while offset + n < len(word):
                offset += 1
                grams.append(word[offset : offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return grams


@dataclass(frozen=True, slots=True)
class RoleModel:
    """A fitted role model with its version and what it was trained on."""

    version: str
    weights: Weights
    classes: tuple[str, ...]
    seed: int
    counts: Mapping[str, int] = field(default_factory=dict)
    roles: Mapping[str, int] = field(default_factory=dict)
    languages: Mapping[str, int] = field(default_factory=dict)
    sklearn_version: str = ""

    def probabilities(self, features: Sequence[RoleFeatures]) -> list[dict[str, float]]:
        """Each mention's probability per role."""
        if not features:
            return []
        rows = self.weights.probabilities([f.model_input() for f in features])
        return [{role: float(p) for role, p in zip(self.classes, row, strict=True)} for row in rows]

    def predict(self, features: Sequence[RoleFeatures]) -> list[tuple[str, float]]:
        """The most likely role of each mention (``not_expert`` included) and its probability."""
        return [
            max(row.items(), key=lambda item: (item[1], item[0]))
            for row in self.probabilities(features)
        ]

    def decide(self, features: Sequence[RoleFeatures]) -> list[tuple[str, float]]:
        """The most likely role of each mention among real roles, and its probability.

        ``not_expert`` is left out: whether the name is the expert is the
        matcher's and staff's call; the model only says what role it plays.
        """
        out = []
        for row in self.probabilities(features):
            roles = {role: p for role, p in row.items() if role != NOT_EXPERT}
            total = sum(roles.values()) or 1.0
            role, probability = max(roles.items(), key=lambda item: (item[1], item[0]))
            out.append((role, probability / total))
        return out

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
        """Write the weights to ``path`` (a pickle of plain arrays and vocabularies, no
        scikit-learn object) and the metadata beside it (.json).

        Returns the metadata file's path. Both are written to a temporary
        name first and then renamed, so a reader never sees half a file.
        """
        path = Path(path)
        meta_path = metadata_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        blob = pickle.dumps(self.weights.arrays(), protocol=pickle.HIGHEST_PROTOCOL)
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

    Checks the format and that the file is the one its metadata describes
    (SHA-256). The file holds numpy arrays, dicts and strings only, and loading
    imports no scikit-learn; unpickling still runs code, so load only model files
    this project wrote.
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
    arrays = pickle.loads(blob)
    if not isinstance(arrays, dict) or set(arrays) != set(Weights.__slots__):
        raise ModelFileError(f"{path}: holds no role model weights")
    return RoleModel(
        version=str(metadata["version"]),
        weights=Weights(**arrays),
        classes=tuple(str(c) for c in metadata["classes"]),
        seed=int(metadata["seed"]),
        counts={str(k): int(v) for k, v in metadata["counts"].items()},
        roles={str(k): int(v) for k, v in metadata["roles"].items()},
        languages={str(k): int(v) for k, v in metadata["languages"].items()},
        sklearn_version=str(metadata["sklearn"]),
    )


@cache
def default_model() -> RoleModel | None:
    """The shipped model, loaded once; None (the rules decide) when it cannot be used."""
    if not DEFAULT_MODEL_FILE.is_file():
        log.warning("no role model at %s: roles come from the rules alone", DEFAULT_MODEL_FILE)
        return None
    try:
        return load(DEFAULT_MODEL_FILE)
    except ModelFileError as error:
        log.warning("role model not used: %s", error)
        return None


def model_for_service(explicit: str, folder: Path) -> RoleModel | None:
    """The model the service uses: ``explicit`` if given, else the newest trained one in
    ``folder`` (by its metadata file's time), else the shipped default.

    A file that cannot be used is logged and passed over, never fatal: the
    rules alone still decide.
    """
    candidates = (
        [Path(explicit)]
        if explicit
        else sorted(
            (p.with_suffix(".pkl") for p in folder.glob("role-*.json")),
            key=lambda p: metadata_path(p).stat().st_mtime,
            reverse=True,
        )
    )
    for path in candidates:
        try:
            model = load(path)
        except ModelFileError as error:
            log.warning("role model %s not used: %s", path, error)
            continue
        log.info("role model %s (%s)", model.version, path)
        return model
    return default_model()


def train(examples: Sequence[Example], seed: int = 0) -> RoleModel:
    """Fit the role model on ``examples`` (``fit_pipeline``) and keep its ``Weights``.

    Deterministic: the same examples in the same order and the same seed give
    the same version, the same file and the same predictions. Raises
    ``TrainingError`` without examples of at least two roles.
    """
    import sklearn

    pipeline = fit_pipeline(examples, seed)
    return RoleModel(
        version=training_version(examples, seed),
        weights=Weights.of(pipeline),
        classes=tuple(str(c) for c in pipeline.classes_),
        seed=seed,
        counts=dict(sorted(Counter(e.source for e in examples).items())),
        roles=dict(sorted(Counter(e.role for e in examples).items())),
        languages=dict(sorted(Counter(e.lang for e in examples).items())),
        sklearn_version=sklearn.__version__,
    )


def fit_pipeline(examples: Sequence[Example], seed: int = 0) -> Any:
    """The scikit-learn pipeline fitted on ``examples``: window n-grams (TF-IDF) and
    indicator tokens, then a logistic regression. Only training imports scikit-learn."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    roles = Counter(e.role for e in examples)
    if len(roles) < 2:
        raise TrainingError(
            f"training needs examples of at least two roles; got {len(examples)} "
            f"example(s) of {len(roles)} role(s)"
        )
    low, high = PARAMS["ngram_range"]
    windows = Pipeline(
        [
            ("select", FunctionTransformer(window_part)),
            (
                "ngrams",
                TfidfVectorizer(
                    analyzer=PARAMS["window_analyzer"],
                    ngram_range=(low, high),
                    sublinear_tf=PARAMS["sublinear_tf"],
                    min_df=PARAMS["min_df"],
                ),
            ),
        ]
    )
    indicators = Pipeline(
        [
            ("select", FunctionTransformer(indicator_part)),
            (
                "tokens",
                CountVectorizer(token_pattern=r"\S+", binary=True, lowercase=False),
            ),
        ]
    )
    pipeline = Pipeline(
        [
            ("features", FeatureUnion([("window", windows), ("indicators", indicators)])),
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
        pipeline.fit([e.features.model_input() for e in examples], [e.role for e in examples])
    except ValueError as error:  # e.g. no character n-gram seen twice
        raise TrainingError(f"cannot train on these examples: {error}") from None
    return pipeline


def evaluate(model: RoleModel, examples: Sequence[Example]) -> dict[str, float]:
    """Accuracy of the model's decisions on ``examples``: overall and per language."""
    if not examples:
        return {}
    decided = model.predict([e.features for e in examples])
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for example, (role, _) in zip(examples, decided, strict=True):
        for key in ("all", example.lang):
            totals[key] += 1
            hits[key] += role == example.role
    return {key: hits[key] / totals[key] for key in totals}
