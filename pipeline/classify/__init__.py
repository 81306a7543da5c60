"""The role of a mention: a table of cues plus a model.

* ``cues.tsv``, read by ``table``: every cue vocabulary as data, one row a cue (id,
  family, the role it points to, pattern, scope: the name's line, its sentence, the
  title or the document, and window).
* ``features``: each row of the table as features of a mention (fired, on the name's
  sentence or line, side and distance, bound nearer another name), the roles that
  meet in the sentence, what each rule family says of the mention (``families``), and
  the document (kind: feed item, listing, activity log, article; what it speaks of;
  who reports: the institute or the press; the name's segment, position and line).
* ``families``: the two rule families that read the text, each run on its own and
  none ordered: the structural forms of the name's line (``structure``, with
  ``labels``, ``transcripts``, ``bios``, ``listings``, ``forms``) and the cues of its
  sentence bound to it (``sentence``, with ``cues``). Their answers are features.
* ``model``: a logistic regression (scikit-learn) over those features and the
  window's character n-grams decides the role; its probability is the mention's
  ``role_confidence``, stored with the model's version. ``Matcher`` applies it to
  every expert candidate.

``classify_role`` is the deterministic fallback, used only where no model file can
be loaded, and by the matcher to choose which occurrence of a name to show: the
byline is ``authored``; else the cue of the name's own sentence bound to it;
else a passing ``mention``. No rule outranks the model, and no override applies on
top of it.

Other modules: ``decision`` (``RoleContext``, ``RoleDecision``, the strength of
roles), ``text`` (folding, sentence and line bounds), ``document`` (what the whole
document says: ``role_context``).

Pure functions: no network, no database, no state between calls.
"""

from __future__ import annotations

from pipeline.classify.decision import ROLE_STRENGTH, RoleContext, RoleDecision
from pipeline.classify.document import role_context
from pipeline.classify.sentence import in_sentence
from pipeline.classify.text import sentence_bounds
from pipeline.types import Role

__all__ = [
    "ROLE_STRENGTH",
    "RoleContext",
    "RoleDecision",
    "classify_role",
    "role_context",
    "sentence_bounds",
]


def classify_role(
    text: str,
    start: int,
    end: int,
    context: RoleContext | None = None,
    *,
    others: tuple[tuple[int, int], ...] = (),
    in_byline: bool = False,
) -> RoleDecision:
    """The deterministic fallback role of the name at ``text[start:end]``: the byline is
    ``authored``; else the cue of the name's own sentence bound to it (``sentence``);
    else a passing ``mention``.

    The role model decides every expert mention when a model file is loaded; this
    fallback only decides without one, and tells the matcher which occurrence of a
    name says most. ``text`` is one original segment (title, byline or body);
    ``others`` are the spans of the other names found in it; ``in_byline`` says the
    segment is the byline. ``context`` is accepted for the matcher's call and unused:
    what the document says is the model's evidence, not an override.
    """
    del context
    if in_byline:
        return RoleDecision(Role.AUTHORED, "byline", text[start:end])
    return in_sentence(text, start, end, others) or RoleDecision(Role.MENTION, "passing")
