"""The role of a mention: a table of cues plus a model.

* ``cues.tsv``, read by ``table``: every cue vocabulary as data, one row a cue (id,
  family, the role it points to, pattern, scope: the name's line, its sentence, the
  title or the document, and window).
* ``features``: each row of the table as features of a mention (fired, on the name's
  sentence or line, side and distance, bound nearer another name), the roles that
  meet in the sentence, and the document (kind: feed item, listing, activity log,
  article; what it speaks of; who reports: the institute or the press; the name's
  segment, position and line).
* ``model``: a logistic regression (scikit-learn) over those features, the rules'
  proposal below and the window's character n-grams decides the role; its
  probability is the mention's ``role_confidence``, stored with the model's version.
  ``Matcher`` applies it to every expert candidate.

``classify_role`` is the rules' proposal, which the model weighs as one more
feature (the rule id and its role) and which the matcher uses to choose a name's
occurrence and on its own when no model is loaded. It takes one segment of a
document (its title, byline or body, as the original string), the span of one
name in it, the spans of the other names found there, and a ``RoleContext``
(outlet, title, whether the document speaks of a broadcast); it returns a
``RoleDecision``: the ``Role``, the rule that fired and the cue text that made it
fire. (The outlet of a URL is ``pipeline.outlets.media_type_for``.) Its families
still run in an order; moving them into the table and the model is the open part
of the roles issue.

The rules, strongest first, so each proposal can be explained to staff; each module
lists, in its own docstring, the rules that live in it:

* the byline (``authored``);
* structural forms of the name's line and of the text around it, in the order
  ``structure.structural`` tries them: line labels and heads of parts
  (``labels``), acknowledgements, works referred to, credits of help, bylines,
  heads of speeches and messages and signatures (``structure``), interviews laid
  out as questions and answers, transcripts and attributions without a verb
  (``transcripts``), bios, taglines and sign-offs (``bios``), citations and
  listings of works (``listings``);
* cues in the sentence that holds the name, each attributed to the name it is bound
  to (``sentence``; the cue vocabularies are in ``cues``), then the next sentence
  ("he said", 同氏は) and the interview the piece announces;
* a line label naming several roles, when the sentence has no cue (``labels``);
* a line of an event's programme opened by a time (``labels``);
* a Japanese headline or column line (``headlines``);
* the author's name on lines of its own at an article's head or foot (``bios``);
* cues in the title and a page headed by its talk (``document``);
* the record of a press conference (a head line 会見メモ, 記者会見): the speaker heading
  it and the questions put to the speaker (…氏に…について聞いた) are the conference's,
  an ``appearance`` at an event;
* in a document that is an episode of a podcast or programme (Ep. 57, "Listen on
  Apple Podcasts", ポッドキャスト, a part's running time "(08:50)"), a quote or interview is
  the guest's ``appearance``;
* in a record with no outlet that names a broadcaster's programme and no print (an
  activity log's 「NHK「あさイチ」　特集「…」で、…X准教授が…とコメント」), a quote is the
  ``appearance`` on that programme;
* on a TV or radio outlet whose text speaks of a broadcast (番組, 放送, 出演,
  program, aired …, or names a programme: NHKラジオ第1「…」, BSフジ[…]), a quote, interview or
  passing mention is an ``appearance``;
* otherwise a passing ``mention``.

The last four read what the whole document says (``document.role_context``) and
are applied here, in ``classify_role``.

Modules:

* ``table`` — the cue table (``cues.tsv``): rows, scopes, a family's vocabulary.
* ``features`` — the cue and document features of a mention, for the model.
* ``model`` — the role model: features, training, files.
* ``decision`` — ``RoleContext``, ``RoleDecision`` and the strength of roles.
* ``text`` — folding, and where sentences and lines begin and end.
* ``cues`` — the four role vocabularies and the programme patterns, built from the
  table's families, and ``find_cues``.
* ``sentence`` — the attribution of a sentence's cues to its names.
* ``structure`` — the structural rules in their order, and the bylines, heads,
  credits and signatures no other family holds.
* ``labels`` — line labels, labels before names, heads of parts above them.
* ``transcripts`` — questions and answers, transcript turns, quotes without a verb.
* ``bios`` — bio blocks, taglines, closing bios, profiles, sign-offs.
* ``listings`` — citations and listings of works, contents, CV entries, dialogues.
* ``headlines`` — head and column lines that end with the name.
* ``forms`` — the pieces of a name's line that the structural families share.
* ``document`` — what the whole document says: ``role_context``, title cues, talk
  pages.

Pure functions: no network, no database, no state between calls.
"""

from __future__ import annotations

from pipeline.classify.bios import byline_block
from pipeline.classify.cues import PRINT_WORDS, PROGRAMME, TOLD_BROADCASTER
from pipeline.classify.decision import ROLE_STRENGTH, RoleContext, RoleDecision
from pipeline.classify.document import role_context, talk_head, title_cue
from pipeline.classify.headlines import (
    HEADLINE_QUOTE_AFTER,
    HEADLINE_QUOTES,
    INTERVIEW_INTRO,
    headline_line,
)
from pipeline.classify.labels import PROGRAMME_TIME, line_label
from pipeline.classify.sentence import in_sentence
from pipeline.classify.structure import structural
from pipeline.classify.table import cue_regex
from pipeline.classify.text import fold, sentence_bounds
from pipeline.normalize import is_japanese
from pipeline.types import MediaType, Role

__all__ = [
    "ROLE_STRENGTH",
    "RoleContext",
    "RoleDecision",
    "classify_role",
    "role_context",
    "sentence_bounds",
]


_BROADCAST_MEDIA = frozenset({MediaType.TV, MediaType.RADIO})


def classify_role(
    text: str,
    start: int,
    end: int,
    context: RoleContext | None = None,
    *,
    others: tuple[tuple[int, int], ...] = (),
    in_byline: bool = False,
) -> RoleDecision:
    """Decide the role of the name at ``text[start:end]``.

    ``text`` is one original segment (title, byline or body); ``others`` are the
    spans of the other names found in it (to attribute cues to the nearest
    name); ``in_byline`` says the segment is the byline.
    """
    context = context or RoleContext()
    if in_byline:
        return RoleDecision(Role.AUTHORED, "byline", text[start:end])
    decision = structural(text, start, end, others, context.title) or in_sentence(
        text, start, end, others
    )
    if decision is None:  # a label naming several roles, when the sentence has no cue
        decision, _ = line_label(text, start)
    if decision is None and PROGRAMME_TIME.match(
        fold(text[text.rfind("\n", 0, start) + 1 : start])
    ):  # a line of an event's programme (14:10　報告　伏田寛範（…）), or a session of a
        # lecture series (第1回〔9月15日(金)〕　題　伏田寛範　…教授): a speaker
        decision = RoleDecision(Role.APPEARANCE, "programme_time", "hh:mm", event=True)
    if decision is None and HEADLINE_QUOTE_AFTER.search(fold(text[end : end + 80])):
        decision = RoleDecision(Role.QUOTE, "headline_quote", "「")
    if decision is None:
        decision = headline_line(text, start, end)
        if (
            decision is not None
            and decision.rule.startswith("signature")
            and context.outlet is not None
            and context.outlet.media_type in _BROADCAST_MEDIA
        ):  # on a TV or radio site, a head line naming a person lists the programme's guest
            decision = RoleDecision(Role.APPEARANCE, "programme_listing", decision.cue)
    if (
        decision is not None
        and decision.rule in HEADLINE_QUOTES
        and INTERVIEW_INTRO.search(fold(text[max(0, start - 400) : start]))
    ):
        # 「…展望を3人の識者に聞いた。⏎「対中で強靱さを」　X・…理事長」: the heads of the
        # answers of an interview with several experts
        decision = RoleDecision(Role.INTERVIEW, "interviewed_expert", decision.cue)
    if decision is None and not context.broadcast:
        decision = byline_block(text, start, end, others)
    if decision is None:
        decision = title_cue(context.title)
    if decision is None:
        decision = talk_head(context.title, text)
    if decision is None:
        decision = RoleDecision(Role.MENTION, "passing")
    if (
        context.event
        and decision.role is Role.QUOTE
        and not decision.words
        and _PRESENTATION.fullmatch(decision.cue)
    ):
        # 「会見には…が出席。…戸﨑氏が報告書の要点を説明した」: presenting at the document's
        # event with no words reported is a part in it, not a statement
        return RoleDecision(
            Role.APPEARANCE, f"event_presentation:{decision.cue}", decision.cue, event=True
        )
    if context.conference and decision.rule == "qa_layout":
        # a turn answering a question at a press conference: the speaker's words there
        return RoleDecision(
            Role.QUOTE, "press_conference:turn", decision.cue, event=True, words=True
        )
    if context.conference and (
        decision.role is Role.INTERVIEW or decision.rule.startswith("signature")
    ):
        # the record of a press conference: the speaker heading it and the questions put
        # to the speaker (「…氏に、…について聞いた」) are the conference's, an event
        return RoleDecision(
            Role.APPEARANCE, f"press_conference:{decision.rule}", decision.cue, event=True
        )
    if context.gathering and decision.role is Role.APPEARANCE and _GUESTS.fullmatch(decision.cue):
        # "… hosted a reception. Guests included … and X": the gathering's guest attended
        return RoleDecision(Role.MENTION, "gathering_guest", decision.cue)
    if context.episode and decision.role in (Role.QUOTE, Role.INTERVIEW):
        # the guest of a podcast or programme episode: on air, words and all
        return RoleDecision(Role.APPEARANCE, "episode_guest", decision.cue)
    if (
        context.outlet is None
        and decision.role is Role.QUOTE
        and context.broadcast
        and any(is_japanese(c) for c in decision.cue)
        and _programme_record(text, start, end)
    ):
        # an activity log's record of a programme: 「NHK「あさイチ」　2月27日　特集「…」で、
        # …X准教授が…とコメント」: words said on the programme are the appearance
        return RoleDecision(Role.APPEARANCE, "programme_record", decision.cue)
    if (
        context.outlet is not None
        and context.outlet.media_type in _BROADCAST_MEDIA
        and context.broadcast
        and decision.role in (Role.QUOTE, Role.MENTION, Role.INTERVIEW)
        and decision.rule not in _NOT_ON_AIR
        # words told to a broadcaster ("…," X told CNN) are a quote unless a programme is
        # named, which the sentence's own rules see
        and not (decision.role is Role.QUOTE and _told_a_broadcaster(text, start, end))
    ):
        return RoleDecision(Role.APPEARANCE, "outlet_broadcast", context.outlet.name)
    return decision


_GUESTS = cue_regex("rules.guests")


def _told_a_broadcaster(text: str, start: int, end: int) -> bool:
    """The name's sentence says its words were told to a broadcaster ("…," X told CNN)."""
    first, last = sentence_bounds(text, start, end)
    return bool(TOLD_BROADCASTER.search(fold(text[first:last])))


def _programme_record(text: str, start: int, end: int) -> bool:
    """The name's entry in a Japanese log (its line and the two non-empty lines above)
    names a broadcaster's programme (NHK「あさイチ」, BSフジ[…]) and no print: a record of
    the programme."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    above = [line for line in text[:line_start].split("\n") if line.strip()][-2:]
    entry = fold("\n".join([*above, text[line_start : len(text) if line_end < 0 else line_end]]))
    return (
        bool(_JAPANESE_PROGRAMME.search(entry))
        and bool(PROGRAMME.search(entry))
        and not PRINT_WORDS.search(entry)
    )


# A broadcaster's programme in a Japanese record: NHK「あさイチ」, テレビ朝日「…」, BSフジ[…].
_JAPANESE_PROGRAMME = cue_regex("rules.japanese_programme")


# Speech nouns that describe presenting (要点を説明した, 情勢を解説した), not a view.
_PRESENTATION = cue_regex("rules.presentation")

# Mentions that say the name took no part on air (a credit of help, a work referred to).
_NOT_ON_AIR = frozenset({"credit", "referred_work", "acknowledgement"})
