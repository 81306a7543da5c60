"""What every rule family says of one mention, as features: each on its own, none ordered.

``family_decisions`` runs each family on the name's segment on its own: the
structural forms of the name's line and the text around it (``structure``: labels
and heads of parts, acknowledgements, works referred to, bylines, heads of speeches,
questions and answers, transcript turns, bios, citations and listings), the cues of
its sentence bound to it (``sentence``), a label opening the line (``label``), a head
or column line ending with the name (``headline``), the author's name on lines of
its own at an article's head or foot (``byline_block``), the title's cue (``title``)
and a page headed by its talk (``talk_head``).

``family_tokens`` turns each that fires into ``f:<family>``, ``f:<family>|<role>``
and the kind of rule inside it (``f:<family>:<rule>``, with its role), with
``|event`` and ``|words`` when the family says the role is at an event or reports
words; and the conditions the if-chain once applied on top of the families into
``o:<condition>`` (a programme line opened by a time, a quote after the name on a
head line, an interview of several experts announced above, presenting with no
words, the guests of a gathering, words told to a broadcaster, an activity log's
record of a programme). The model weighs them with the cue table and the document;
no family outranks another.

Pure: no state between calls.
"""

from __future__ import annotations

from pipeline.classify.bios import byline_block
from pipeline.classify.cues import PRINT_WORDS, PROGRAMME, TOLD_BROADCASTER
from pipeline.classify.decision import RoleDecision
from pipeline.classify.document import talk_head, title_cue
from pipeline.classify.headlines import HEADLINE_QUOTE_AFTER, INTERVIEW_INTRO, headline_line
from pipeline.classify.labels import PROGRAMME_TIME, line_label
from pipeline.classify.sentence import in_sentence
from pipeline.classify.structure import structural
from pipeline.classify.table import cue_regex
from pipeline.classify.text import fold, sentence_bounds
from pipeline.normalize import is_japanese


def family_decisions(
    text: str,
    start: int,
    end: int,
    others: tuple[tuple[int, int], ...] = (),
    title: str = "",
) -> dict[str, RoleDecision]:
    """What each family that fires says of the name at ``text[start:end]`` (one segment
    of a document; ``others`` the other names' spans in it; ``title`` the document's
    title), by family."""
    found = {
        "structure": structural(text, start, end, others, title),
        "sentence": in_sentence(text, start, end, others),
        "label": line_label(text, start)[0],
        "headline": headline_line(text, start, end),
        "byline_block": byline_block(text, start, end, others),
        "title": title_cue(title),
        "talk_head": talk_head(title, text),
    }
    return {family: decision for family, decision in found.items() if decision is not None}


def family_tokens(
    text: str,
    start: int,
    end: int,
    others: tuple[tuple[int, int], ...] = (),
    title: str = "",
) -> list[str]:
    """The tokens of every family that fires for the name and of the conditions around
    it (arguments as ``family_decisions``)."""
    found = family_decisions(text, start, end, others, title)
    tokens: list[str] = []
    for family, decision in found.items():
        role = decision.role.value
        kind = decision.rule.split(":", 1)[0]
        tokens += [f"f:{family}", f"f:{family}|{role}", f"f:{family}:{kind}"]
        if kind != family:
            tokens.append(f"f:{family}:{kind}|{role}")
        tokens += [f"f:{family}|{flag}" for flag in ("event", "words") if getattr(decision, flag)]
    line_start = text.rfind("\n", 0, start) + 1
    first, last = sentence_bounds(text, start, end)
    sentence = found.get("sentence")
    conditions = {
        "programme_time": bool(PROGRAMME_TIME.match(fold(text[line_start:start]))),
        "headline_quote": bool(HEADLINE_QUOTE_AFTER.search(fold(text[end : end + 80]))),
        "interview_intro": bool(INTERVIEW_INTRO.search(fold(text[max(0, start - 400) : start]))),
        "presentation": sentence is not None
        and not sentence.words
        and bool(_PRESENTATION.fullmatch(sentence.cue)),
        "guests": any(_GUESTS.fullmatch(d.cue) for d in found.values()),
        "told_broadcaster": bool(TOLD_BROADCASTER.search(fold(text[first:last]))),
        "programme_record": _programme_record(text, start, end),
    }
    return tokens + [f"o:{name}" for name, holds in conditions.items() if holds]


def _programme_record(text: str, start: int, end: int) -> bool:
    """The name's entry in a Japanese log (its line and the two non-empty lines above)
    names a broadcaster's programme (NHK「あさイチ」, BSフジ[…]) and no print: a record of
    the programme."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    above = [line for line in text[:line_start].split("\n") if line.strip()][-2:]
    entry = fold("\n".join([*above, text[line_start : len(text) if line_end < 0 else line_end]]))
    return (
        any(is_japanese(c) for c in entry)
        and bool(_JAPANESE_PROGRAMME.search(entry))
        and bool(PROGRAMME.search(entry))
        and not PRINT_WORDS.search(entry)
    )


# The guests of a gathering ("Guests included … and X"): attending, not speaking.
_GUESTS = cue_regex("rules.guests")
# A broadcaster's programme in a Japanese record: NHK「あさイチ」, テレビ朝日「…」, BSフジ[…].
_JAPANESE_PROGRAMME = cue_regex("rules.japanese_programme")
# Speech nouns that describe presenting (要点を説明した, 情勢を解説した), not a view.
_PRESENTATION = cue_regex("rules.presentation")
