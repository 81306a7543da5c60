"""What a decision is: the ``RoleDecision``, the ``RoleContext`` it is made in, and
the order of roles.

A ``RoleDecision`` from the sentence's cues says whether its appearance is at an
event rather than on air (``event``) and whether its quote reports words
(``words``), so that the matcher can apply the broadcast/event convention across
the sentences of one document.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.types import OutletConfig, Role

#: Order used when one name has several roles: the strongest wins.
ROLE_STRENGTH: dict[Role, int] = {
    Role.AUTHORED: 6,
    Role.INTERVIEW: 5,
    Role.APPEARANCE: 4,
    Role.TALK: 4,
    Role.QUOTE: 3,
    Role.PUBLICATION_CITATION: 2,
    Role.MENTION: 1,
}


@dataclass(frozen=True, slots=True)
class RoleContext:
    """What classification knows about the whole document."""

    outlet: OutletConfig | None = None
    title: str = ""
    broadcast: bool = False
    #: the document is an episode of a podcast or programme (Ep. 57, "Listen on …")
    episode: bool = False
    #: the document speaks of an event (会見, シンポジウム, "press conference" …)
    event: bool = False
    #: the document speaks of a social gathering ("hosted a reception") and no programme
    gathering: bool = False
    #: the document is the record of a press conference (a head line 会見メモ, 記者会見)
    conference: bool = False


@dataclass(frozen=True, slots=True)
class RoleDecision:
    """A role with the rule that decided it and the cue it saw (for staff)."""

    role: Role
    rule: str
    cue: str = ""
    #: an appearance at an event (lecture, panel, press conference …), not on air
    event: bool = False
    #: a quote that reports what was said (「…」と述べた, "said …"), not only that it was
    words: bool = False
