"""Deciding the role of one name in a text, as the role-form tests state their cases."""

from __future__ import annotations

from pipeline.classify import RoleContext, RoleDecision, classify_role, role_context
from pipeline.types import Article, MediaType, OutletConfig, Role


def decide_role(
    text: str,
    name: str,
    others: tuple[str, ...] = (),
    *,
    outlet: OutletConfig | None = None,
    context: RoleContext | None = None,
) -> RoleDecision:
    """The role ``classify_role`` gives ``name`` in ``text``, the ``others`` named there too.

    ``name`` is its first occurrence, or its last with a ``last:`` prefix (a turn after
    its head); a trailing "'s" is not part of the span ("X's view"). Without ``context``
    the document's own is used (``role_context``), as the matcher does.
    """
    if name.startswith("last:"):
        name = name.removeprefix("last:")
        start = text.rindex(name)
    else:
        start = text.index(name)
    name = name.removesuffix("'s")
    spans = tuple((text.index(other), text.index(other) + len(other)) for other in others)
    if context is None:
        context = role_context(Article(url="https://example.test/a", text=text), outlet)
    return classify_role(text, start, start + len(name), context, others=spans)


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
    also that the rule which decided starts with it (the case tests that rule)."""
    outlet = None if media is None else OutletConfig(name=f"test {media.value}", media_type=media)
    decision = decide_role(text, name, others, outlet=outlet)
    assert decision.role is role, decision
    assert decision.rule.startswith(rule), decision
