"""The cue vocabularies (matched on NFKC, lower-cased text) of the four roles a sentence
can give a name, the patterns of a broadcast programme, and ``find_cues``, which finds
them in a folded sentence; ``sentence`` decides whose each cue is. Every vocabulary is
a family of rows of the cue table (``cues.tsv``, ``table``): the words below live there.

Among the cues that belong to a name: ``authored`` > ``interview`` > ``appearance`` >
``quote`` (``strongest``). Besides the plain cue words:

* in the institute's and others' real prose: a noun of act works in the polite and
  humble past of the activity log as in its plain forms (報告しました, 報告いたしました,
  発言しました); a view carried as the name's column (…所長のコラムとして論評した) is
  ``authored``; a talk on a topic (…についてのお話です), a lecture or presentation given
  (講義を行い, プレゼンテーションを行い), a speaker's part (スピーカーとして) and taking
  the floor (会議で発言しました) are appearances; in English, "a dialogue with X", a
  participle of questioning opening the sentence ("Questioned by Y, X discusses …")
  and a writer who met the name and discussed with him ("I met X … and discussed …")
  are ``interview``, a view offered ("X offered an optimistic outlook", "shared her
  assessment") is a ``quote``, and "think tanks" is no verb of thinking;
* a view laid out ("laid out", "by emphasizing") is a ``quote``; an author page's "X's
  latest contributions to …" is ``authored``;
* besides the cue words, reported speech is recognised by its grammar: a
  quotative と before a sentence-final verb (…は続くと危ぶむ。), a name followed by a
  verb and a "that" clause (X reckoned that …); an appearance by a verb of speaking
  or appearing with an event noun (spoke on a panel, delivered a keynote speech), or
  the remarks an event opens with ("the conference will open with remarks by X");
  "X presented on <topic>" and a host's "we talk to X" or 「…さんをお迎えしてお送りします」
  (a show's guest, "we're joined by X", "Host A talks with X"), 講師は X,
  a broadcaster's named programme spoken with or told ("speaks with ABC Radio National's
  Breakfast", "told BBC World Service's Newsday"; a broadcaster alone, "Speaking to
  CNBC, X said", keeps the words a ``quote``), "Joining the panel …: X", "spoke
  alongside X", findings presented ("presented preliminary findings"), a programme
  joined to discuss ("X joins RN Breakfast to discuss …"), an event's chair (a body's
  chair, "the study group, chaired by X", is a member's post, no part in an event), an
  invitation to a public conversation ("Join us
  for a conversation with X", an event, not an interview), an episode's guest credited
  after its title ("Ep. 57: Title — with
  X", or after a comma in a listing opened by its time or episode: "Tonight on …: the
  vote, with X", "Ep. 112 — …, with X"),
  holding a press conference ("held a press conference", as 記者会見) and a broadcaster
  joined ("joined BBC World News to discuss …") are appearances;
  the guests of a social gathering ("guests at the embassy reception", or "Guests
  included … X" in a text that speaks of a reception and of no programme)
  attended it (no cue: ``mention``); a written
  series' "we speak with X" and "X answered questions from <outlet>" are an
  ``interview``; a contributor's own chapter (", and X, whose chapter traces …") is
  ``authored``; a magazine's 対談 is spoken even where 論じた would be written;
* a verb of written discussion (論じた, 考察した) is ``authored`` in a
  sentence that says a publication carries it (号, 誌上, 収録, 掲載, 『…』, a book's
  chapter: 第3章では…を論じている), not at an event or on air;
* testimony before a parliamentary committee (参考人として出席, 意見陳述) is an event;
  experts who 語り合った held a dialogue (``interview``, as 対談); 語り： (a narrator's
  credit) is not speech; 意見を述べた, the verb form of 意見陳述, says the name spoke at
  a hearing, not what (an ``appearance``, also after 出席し); a quoted title is not
  words (「…」と題して講演した: an appearance).
"""

from __future__ import annotations

import re

from pipeline.classify.decision import ROLE_STRENGTH
from pipeline.classify.table import family_regex
from pipeline.types import Role

CUES: tuple[tuple[Role, re.Pattern[str]], ...] = tuple(
    (Role(name), family_regex(name)) for name in ("authored", "interview", "appearance", "quote")
)
#: A broadcaster named (NHK, BSフジ, テレビ, ラジオ …), alone.
BROADCASTER = family_regex("broadcaster")
#: Words said to a broadcaster: "…," X told CNN (a quote unless a programme is named).
TOLD_BROADCASTER = family_regex("told_broadcaster")
#: Words of print, or of a reporter's questions: a story in a paper or a magazine, not a
#: programme (誌 alone is left out: 活動日誌 is a log's title).
PRINT_WORDS = family_regex("print")
#: A broadcast programme named: 「NHK「日曜討論」で」, "on NHK's program", BSフジ[…].
PROGRAMME = family_regex("programme")
# The parties of a dialogue listed after it is named: 「座談会「…」。出席者は小谷哲男（主任
# 研究員）、伏田寛範（…）、司会は舟津奏（研究員）。」. All take part in it (``interview``,
# as 座談会).
DIALOGUE_NOUN = family_regex("dialogue")
TITLE_CUES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.INTERVIEW, family_regex("title_interview")),
    (Role.AUTHORED, family_regex("title_authored")),
)
# A verb of written discussion (論じた, 考察した): the name's work when the sentence
# says a publication carries it (『国際問題』最新号…論じたほか…も収録した, 誌上で論じた,
# a book's chapter: 第3章では…を論じている),
# not at an event or on air, where the same verb describes a talk.
_DISCOURSE = family_regex("discourse")
_PUBLICATION_FRAME = family_regex("publication_frame")
# A host who takes part with the guests the sentence has invited: 「…氏をお招きし、
# 佐々江賢一郎理事長とともに…を議論しました」 (the name masked as \x00, its title after it).
WITH_HOST = family_regex("with_host")
_INVITED = family_regex("invited")
# A participle of being questioned opening the sentence, its subject the name after it:
# "Questioned by a researcher of the institute, X discusses …".
_QUESTIONED_BY = family_regex("questioned_by")
# A standing body named right before "chaired by" (not a panel discussion): its chair holds
# a post, takes no part in an event.
_BODY_BEFORE_CHAIRED = family_regex("body_before_chaired")
# Events at which a work is presented or announced (記者会見, 講演, 学会 …).
PRESENTING_EVENT = family_regex("presenting_event")


def find_cues(folded: str) -> list[tuple[int, int, Role, str]]:
    """Every cue of the four roles in a folded sentence (names masked as NUL): start,
    end, role and the words."""
    found: list[tuple[int, int, Role, str]] = []
    for role, pattern in CUES:
        for hit in pattern.finditer(folded):
            if (
                role is Role.APPEARANCE
                and _BODY_BEFORE_CHAIRED.search(folded, max(0, hit.start() - 90), hit.start())
                and hit.group(0).startswith("chair")
            ):
                continue  # "The expert panel on …, chaired by X, submitted …": a body's chair
            found.append((hit.start(), hit.end(), role, hit.group(0)))
    for hit in WITH_HOST.finditer(folded):
        if _INVITED.search(folded, 0, hit.start()):
            found.append((hit.start(), hit.end(), Role.APPEARANCE, hit.group(0)))
    for hit in _QUESTIONED_BY.finditer(folded):
        # the subject the participle opening the sentence is about: the comma before it
        found.append((hit.end() - 1, hit.end(), Role.INTERVIEW, hit.group(1)))
    if (
        _PUBLICATION_FRAME.search(folded)
        and not PROGRAMME.search(folded)
        and not PRESENTING_EVENT.search(folded)
        and not DIALOGUE_NOUN.search(folded)  # 「誌上で…と対談し、…を論じた」: spoken
    ):
        for hit in _DISCOURSE.finditer(folded):
            found.append((hit.start(), hit.end(), Role.AUTHORED, hit.group(0)))
    return found


def strongest(cues: list[tuple[int, int, Role, str]]) -> tuple[int, int, Role, str]:
    """The cue of the strongest role, the first of equals."""
    return max(cues, key=lambda cue: (ROLE_STRENGTH[cue[2]], -cue[0]))
