"""Deciding the role of one name in a text, as the role-form tests state their cases.

The shipped role model decides (``pipeline.classify.model.default_model``), from the
same features the matcher gives it: the cue table, every rule family that fires, the
document and the window. A case that names a rule also checks that the rule's family
recognises the form (the rule fires as a feature), since no rule decides any more.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.classify import RoleContext, RoleDecision, role_context
from pipeline.classify.families import family_decisions, family_tokens
from pipeline.classify.features import mention_tokens
from pipeline.classify.model import RoleFeatures, default_model, text_window
from pipeline.normalize import is_japanese
from pipeline.types import Article, MediaType, OutletConfig, Role


def _span(text: str, name: str) -> tuple[int, int]:
    if name.startswith("last:"):
        name = name.removeprefix("last:")
        start = text.rindex(name)
    else:
        start = text.index(name)
    return start, start + len(name.removesuffix("'s"))


def decide_role(
    text: str,
    name: str,
    others: tuple[str, ...] = (),
    *,
    outlet: OutletConfig | None = None,
    context: RoleContext | None = None,
) -> RoleDecision:
    """The role the shipped model gives ``name`` in ``text``, the ``others`` named there too.

    ``name`` is its first occurrence, or its last with a ``last:`` prefix (a turn after
    its head); a trailing "'s" is not part of the span ("X's view"). ``context`` gives
    the outlet and the title (else ``outlet`` and no title). The decision's ``rule`` is
    ``model`` and its ``cue`` the probability.
    """
    model = default_model()
    assert model is not None, "the shipped role model is missing"
    start, end = _span(text, name)
    spans = tuple((text.index(other), text.index(other) + len(other)) for other in others)
    if context is None:
        context = role_context(Article(url="https://example.test/a", text=text), outlet)
    title = context.title
    offset = len(title) + 1 if title else 0
    tokens = mention_tokens(
        title,
        None,
        text,
        start + offset,
        end + offset,
        others=[(a + offset, b + offset) for a, b in spans],
    )
    joined = f"{title}\n{text}" if title else text
    media = context.outlet.media_type.value if context.outlet is not None else None
    features = RoleFeatures(
        window=text_window(joined, start + offset, end + offset),
        lang="ja" if any(is_japanese(c) for c in text) else "en",
        rule="",
        rule_role="none",
        media_type=media,
        tokens=" ".join(tokens),
    )
    ((role, probability),) = model.decide([features])
    return RoleDecision(Role(role), "model", f"{probability:.2f}")


def rules_fired(text: str, name: str, others: tuple[str, ...] = ()) -> list[str]:
    """The rule ids of every rule family that fires for ``name`` in ``text``, and the
    document conditions around it (``programme_record``, …)."""
    start, end = _span(text, name)
    spans = tuple((text.index(other), text.index(other) + len(other)) for other in others)
    fired = [d.rule for d in family_decisions(text, start, end, spans).values()]
    conditions = [t[2:] for t in family_tokens(text, start, end, spans) if t.startswith("o:")]
    return fired + conditions


def assert_role(
    text: str,
    name: str,
    others: tuple[str, ...],
    media: MediaType | None,
    role: Role,
    rule: str = "",
) -> None:
    """Assert the role of ``name`` in ``text`` on an outlet of ``media`` (or none), with
    the document's own context, as the role-form tables state their cases; with ``rule``,
    also that a rule starting with it fires for the name (the case tests that rule)."""
    outlet = None if media is None else OutletConfig(name=f"test {media.value}", media_type=media)
    decision = decide_role(text, name, others, outlet=outlet)
    assert decision.role is role, decision
    if rule:
        fired = rules_fired(text, name, others)
        assert any(r.startswith(rule) for r in fired), fired


def cases(table: list[tuple[Any, ...]], disagrees: dict[str, str]) -> list[Any]:
    """The ``pytest.param`` of each case of ``table`` (its id first), marked
    ``xfail(strict=True)`` with its reason when the role model disagrees with it."""
    return [
        pytest.param(
            *case[1:],
            id=case[0],
            marks=[pytest.mark.xfail(strict=True, reason=disagrees[case[0]])]
            if case[0] in disagrees
            else [],
        )
        for case in table
    ]


#: Why the model disagrees with a hand-written case, by kind (``MODEL_DISAGREES``).
RARE_FORM = (
    "the family that recognises this form fires as a feature, but the corpus has too few "
    "examples of it for the model to follow it (the model disagrees; no convention differs)"
)
QUOTE_AT_EVENT = (
    "the model weighs the talk cue over the words or view reported; CONVENTIONS.md makes "
    "words reported at an event a quote (the model disagrees; no convention differs)"
)
BROADCAST_AS_TALK = (
    "the model reads an event's talk; the form names a programme, its host or its cast, an "
    "appearance under CONVENTIONS.md (the model disagrees; no convention differs)"
)
PRESS_CONFERENCE = (
    "the corpus's texts about press conferences are labelled appearance and quote about "
    "equally (17 each) and the model does not tell the conference's speaker, its "
    "questions and its turns apart (the model disagrees; no convention differs)"
)
