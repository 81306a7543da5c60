"""What the whole document says: ``role_context`` summarises it once for every mention
(an outlet's broadcast, a podcast episode, an event, a social gathering, the record of
a press conference; ``classify_role`` applies these), and the rules read from its
title and head:

* cues in the title (インタビュー, 対談, 座談会, Opinion …);
* a page headed by its talk (講演CD, 講演録, 講演会, "Lecture", as the title or a short
  first line): a name with no cue is the speaker (``appearance``).
"""

from __future__ import annotations

from pipeline.classify.cues import PRESENTING_EVENT, PROGRAMME, TITLE_CUES
from pipeline.classify.decision import RoleContext, RoleDecision
from pipeline.classify.table import cue_regex
from pipeline.classify.text import SENTENCE_END_MARK, fold
from pipeline.types import Article, OutletConfig, Role

# A gathering the document speaks of ("hosted a reception"); not "party", often a name.
_GATHERING_HELD = cue_regex("document.gathering_held")
# The document speaks of a broadcast (used with a TV/radio outlet only), or names a
# programme (``cues.PROGRAMME``).
_BROADCAST_CONTEXT = cue_regex("document.broadcast_context")

# The document is an episode of a podcast or an online programme: "Ep. 57 — …",
# "Episode 12", "Listen on Apple Podcasts", ポッドキャスト, 第12回配信.
_EPISODE = cue_regex("document.episode")


def role_context(article: Article, outlet: OutletConfig | None = None) -> RoleContext:
    """Summarise the document once for every mention in it."""
    folded = fold(f"{article.title}\n{article.text}")
    # a text that names a programme (NHKラジオ第1「マイあさ！」) speaks of a broadcast too
    broadcast = bool(_BROADCAST_CONTEXT.search(folded) or PROGRAMME.search(folded))
    episode = bool(_EPISODE.search(folded))
    event = bool(PRESENTING_EVENT.search(folded))
    gathering = not (broadcast or episode) and bool(_GATHERING_HELD.search(folded))
    heads = [line.strip() for line in folded.split("\n") if line.strip()][:4]
    conference = any(_CONFERENCE_HEAD.fullmatch(line) for line in heads)
    return RoleContext(
        outlet=outlet,
        title=article.title,
        broadcast=broadcast,
        episode=episode,
        event=event,
        gathering=gathering,
        conference=conference,
    )


# The head line of the record of a press conference, a label and no clause: 会見メモ,
# 記者会見, 日本記者クラブ会見録, "Press Conference" (not 「首相が会見」).
_CONFERENCE_HEAD = cue_regex("document.conference_head")


# Hiragana but の: a head line with them tells of something, it does not label a page.
_CLAUSE_KANA = cue_regex("document.clause_kana")
# The head of a page of a talk: 講演CD, 講演録, 講演会, 講話, "Lecture".
_TALK_HEAD = cue_regex("document.talk_head")


def talk_head(title: str, text: str) -> RoleDecision | None:
    """A page headed by its talk (the title, or a short first line with no sentence in
    it: 「講演CDタイトル⏎…⏎<name>氏（…）」): a name on it with no cue is the speaker."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    for head in (title, first):
        folded = fold(head).strip()
        if (
            folded
            and len(folded) <= 40
            and not SENTENCE_END_MARK.search(folded)
            and not _CLAUSE_KANA.search(folded)  # a label, not a headline (首相が講演)
            and len(folded.split()) <= 4
        ):
            hit = _TALK_HEAD.search(folded)
            if hit:
                return RoleDecision(
                    Role.APPEARANCE, f"talk_head:{hit.group(0)}", hit.group(0), event=True
                )
    return None


def title_cue(title: str) -> RoleDecision | None:
    """A role announced by the document's title (【インタビュー】, Opinion)."""
    folded = fold(title)
    if not folded:
        return None
    for role, pattern in TITLE_CUES:
        hit = pattern.search(folded)
        if hit:
            return RoleDecision(role, f"title_cue:{hit.group(0)}", hit.group(0))
    return None
