"""Labelled examples for the role model, from the shipped corpus and from staff decisions.

``examples_from_corpus`` runs the project's matcher with the rules alone over
each labelled text and pairs what the rules saw (window, rule, rule role,
media type) with the label; experts the matcher finds that the labels do not
list become ``not_expert`` examples. ``examples_from_labels`` does the same
for staff decisions (``storage.labels.StaffLabel``): the final role, or
``not_expert`` for a rejection. The model itself (features, training,
files) is ``pipeline.classify.model``, re-exported here for the commands.
No database and no network: staff labels are handed in by the caller.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from pipeline.classify.features import mention_tokens
from pipeline.classify.model import (
    NOT_EXPERT,
    WINDOW_RADIUS,
    Example,
    ModelFileError,
    RoleFeatures,
    RoleModel,
    TrainingError,
    evaluate,
    features_for,
    find_name,
    fold,
    joined_text,
    load,
    metadata_path,
    text_window,
    train,
)
from pipeline.config import load_config
from pipeline.match import Matcher
from pipeline.normalize import is_japanese
from pipeline.types import Article, Config, MediaType, MentionCandidate, OutletConfig, TargetKind

__all__ = [
    "CAPPED_TEXT",
    "CORPUS_EXPERTS",
    "NOT_EXPERT",
    "WINDOW_RADIUS",
    "Example",
    "LabelLike",
    "ModelFileError",
    "RoleModel",
    "TrainingError",
    "batch_number",
    "convention_files",
    "corpus_files",
    "evaluate",
    "examples_from_corpus",
    "examples_from_forms",
    "examples_from_labels",
    "features_at",
    "form_files",
    "load",
    "metadata_path",
    "text_window",
    "train",
    "window_of",
]

#: How much of a text stands in for a window when the name cannot be located.
CAPPED_TEXT = 2 * WINDOW_RADIUS
#: Where the corpus keeps the experts its labels name.
CORPUS_EXPERTS = "experts.yaml"
#: The sub-folder of a corpus holding its conventions corpus (``convention_files``).
CONVENTIONS = "conventions"
#: The sub-folder of a corpus holding its forms corpus (``form_files``).
FORMS = "forms"

_NUMBER = re.compile(r"(\d+)")
_SURFACE = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)


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
    def proposed_role(self) -> str:
        """The role the machine proposed."""

    @property
    def rule(self) -> str:
        """The rule that proposed it."""

    @property
    def media_type(self) -> str | None:
        """The document's media type."""

    @property
    def decision(self) -> str:
        """confirmed, corrected or rejected."""

    @property
    def reject_reason(self) -> str | None:
        """Why staff rejected it (namesake, not_about_expert, duplicate, other), or None."""


def window_of(label: LabelLike) -> str:
    """The window around a staff label's name in title, byline and text, else its snippet.

    Tries the alias, then the matched words of the snippet (between ``[[ ]]``:
    the form the name took in the document); without either in the text, the
    snippet itself (whitespace folded).
    """
    return _located(label)[0]


def _located(label: LabelLike) -> tuple[str, str]:
    """The window of a staff label's name and its cue and document tokens (``window_of``;
    no tokens when the name is not in the text)."""
    combined = joined_text(label.title, label.byline, label.text)
    surfaces = [label.alias]
    matched = _SURFACE.search(label.snippet)
    if matched:
        surfaces.append(matched.group(1))
    for surface in surfaces:
        span = find_name(combined, surface) if surface else None
        if span is not None:
            tokens = mention_tokens(label.title, label.byline, label.text, *span)
            return text_window(combined, *span), " ".join(tokens)
    return fold(label.snippet), ""


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
        window, tokens = _located(label)
        features = RoleFeatures(
            window=window,
            lang=label.lang,
            rule=label.rule,
            rule_role=str(label.proposed_role),
            media_type=label.media_type,
            tokens=tokens,
        )
        examples.append(Example(features, role, source="staff"))
    return examples


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


def convention_files(folder: str | Path) -> list[Path]:
    """The conventions corpus of a corpus folder (``conventions/*.jsonl``), by name.

    Hand-written texts that illustrate the labelling conventions. They are
    training data only, written after every blind batch, so no batch's blind
    score may train on them: ``corpus_files`` leaves them out.
    """
    return sorted((Path(folder) / CONVENTIONS).glob("*.jsonl"))


def form_files(folder: str | Path) -> list[Path]:
    """The forms corpus of a corpus folder (``forms/*.jsonl``), by name.

    The hand-written role-form cases of the test tables, generated from them by
    ``python -m tests.forms_corpus``. Like the conventions corpus they are
    training data only: ``corpus_files`` leaves them out, so no cross-batch or
    leave-one-out score trains on them.
    """
    return sorted((Path(folder) / FORMS).glob("*.jsonl"))


def features_at(
    text: str,
    start: int,
    end: int,
    *,
    others: Iterable[tuple[int, int]] = (),
    media_type: str | None = None,
    title: str = "",
) -> RoleFeatures:
    """The features of the name at ``text[start:end]`` (offsets in ``text``), the other
    names at ``others``, on an outlet of ``media_type``: what the matcher gives the
    model when it finds the name there, with no rule proposal."""
    offset = len(title) + 1 if title else 0
    joined = f"{title}\n{text}" if title else text
    tokens = mention_tokens(
        title,
        None,
        text,
        start + offset,
        end + offset,
        others=[(a + offset, b + offset) for a, b in others],
    )
    return RoleFeatures(
        window=text_window(joined, start + offset, end + offset),
        lang="ja" if any(is_japanese(c) for c in text) else "en",
        rule="",
        rule_role="none",
        media_type=media_type,
        tokens=" ".join(tokens),
    )


def examples_from_forms(path: str | Path) -> list[Example]:
    """Labelled examples from a forms corpus file (``form_files``).

    Each line is a corpus line with one expert, plus where its name stands
    (``span``) and where the other names of the case stand (``others``), both
    as offsets in ``text``: the features are the ones ``features_at`` gives,
    the ones the role-form tests decide on, whether or not the name is one of
    ``experts.yaml``.
    """
    examples = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        (expert,) = record["experts"]
        start, end = record["span"]
        features = features_at(
            str(record["text"]),
            start,
            end,
            others=[(a, b) for a, b in record["others"]],
            media_type=record.get("outlet_media_type") or None,
            title=str(record.get("title") or ""),
        )
        examples.append(Example(features, str(expert["role"])))
    return examples


def _corpus_config(path: Path, config: Config | None) -> Config | None:
    if config is not None:
        return config
    experts = (path if path.is_dir() else path.parent) / CORPUS_EXPERTS
    return load_config(experts) if experts.is_file() else None


def corpus_outlet(media_type: str | None) -> OutletConfig | None:
    """The stand-in outlet of a corpus text labelled with a media type."""
    if not media_type:
        return None
    return OutletConfig(name=f"corpus {media_type}", media_type=MediaType(media_type))


def _record_examples(
    record: Mapping[str, Any], matcher: Matcher | None, config: Config | None
) -> list[Example]:
    lang = str(record["lang"])
    title = str(record.get("title") or "")
    byline = str(record.get("byline") or "")
    text = str(record["text"])
    media = record.get("outlet_media_type") or None
    combined = joined_text(title, byline, text)
    gold = {str(item["id"]): str(item["role"]) for item in record["experts"]}
    found: dict[str, MentionCandidate] = {}
    if matcher is not None:
        article = Article(url="corpus:", title=title, text=text, byline=byline or None)
        found = {
            c.target_id: c
            for c in matcher.find_mentions(article, corpus_outlet(media))
            if c.target_kind is TargetKind.EXPERT
        }
    names = {expert.id: expert.all_names for expert in config.experts} if config else {}

    def features(candidate: MentionCandidate) -> RoleFeatures:
        others = [c for c in found.values() if c is not candidate]
        return features_for(
            candidate,
            title=title,
            byline=byline,
            text=text,
            lang=lang,
            media_type=media,
            others=others,
        )

    examples = []
    for expert_id, role in gold.items():
        if expert_id in found:
            examples.append(Example(features(found[expert_id]), role))
            continue
        window, tokens = fold(combined)[:CAPPED_TEXT], ""
        for name in names.get(expert_id, ()):
            span = find_name(combined, name)
            if span is not None:
                window = text_window(combined, *span)
                tokens = " ".join(mention_tokens(title, byline, text, *span))
                break
        examples.append(Example(RoleFeatures(window, lang, "", "none", media, tokens), role))
    for expert_id, candidate in sorted(found.items()):
        if expert_id not in gold:  # the matcher's namesakes and strays
            examples.append(Example(features(candidate), NOT_EXPERT))
    return examples


def examples_from_corpus(path: str | Path, config: Config | None = None) -> list[Example]:
    """Labelled examples from a corpus JSON Lines file, or every file of a corpus folder.

    Each labelled expert of a text gives one example: what the rules decided
    of the occurrence the matcher found (window, rule, role, media type), or,
    when the matcher missed it, the window around the first occurrence of one
    of the expert's names, else the text capped to ``CAPPED_TEXT`` characters.
    A folder gives its numbered and development files, then its conventions
    corpus (``convention_files``), then its forms corpus (``form_files``, read
    by ``examples_from_forms``).
    Experts the matcher finds but the labels do not list give ``not_expert``
    examples. ``config`` names the experts (default: ``experts.yaml`` beside
    the corpus files). The matcher runs with the rules alone (no model), so
    the examples never depend on a model trained before.
    """
    path = Path(path)
    files = [*corpus_files(path), *convention_files(path)] if path.is_dir() else [path]
    config = _corpus_config(path, config)
    matcher = Matcher(config, role_model=None) if config is not None else None
    examples: list[Example] = []
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                examples.extend(_record_examples(json.loads(line), matcher, config))
    if path.is_dir():
        for file in form_files(path):
            examples.extend(examples_from_forms(file))
    return examples
