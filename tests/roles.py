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
from pipeline.classify.model import RoleFeatures, default_model
from pipeline.rolemodel import features_at
from pipeline.types import Article, MediaType, OutletConfig, Role


def name_span(text: str, name: str) -> tuple[int, int]:
    """Where ``name`` stands in ``text``: its first occurrence, or its last with a
    ``last:`` prefix; a trailing "'s" is not part of the span."""
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
    features = case_features(text, name, others, outlet=outlet, context=context)
    ((role, probability),) = model.decide([features])
    return RoleDecision(Role(role), "model", f"{probability:.2f}")


def case_features(
    text: str,
    name: str,
    others: tuple[str, ...] = (),
    *,
    outlet: OutletConfig | None = None,
    context: RoleContext | None = None,
) -> RoleFeatures:
    """The features ``decide_role`` hands the model for ``name`` in ``text``."""
    start, end = name_span(text, name)
    if context is None:
        context = role_context(Article(url="https://example.test/a", text=text), outlet)
    media = context.outlet.media_type.value if context.outlet is not None else None
    return features_at(
        text, start, end, others=other_spans(text, others), media_type=media, title=context.title
    )


def other_spans(text: str, others: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each of the ``others`` first stands in ``text``."""
    return [(text.index(other), text.index(other) + len(other)) for other in others]


def rules_fired(text: str, name: str, others: tuple[str, ...] = ()) -> list[str]:
    """The rule ids of every rule family that fires for ``name`` in ``text``, and the
    document conditions around it (``programme_record``, …)."""
    start, end = name_span(text, name)
    spans = tuple(other_spans(text, others))
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
