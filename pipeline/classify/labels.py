"""Labels and heads that name the part of the people on or under them.

* a line label (【出演】, 【寄稿】; a label naming several roles,
  【寄稿・コメント】, cannot say which item is whose, so it yields to the sentence's own
  cue and is only the fallback; its words are never the sentence's cues);
* a label such as 出演： / ゲスト： / Speakers: before the name, also as one
  item of a list under it ("Speakers: A (…); B (…)", 基調講演：, "Opening Remarks:",
  「パネリスト:A 所属、B 所属」), the one invited to speak (講師に…の, 講師には、) and the
  speaker after a lecture's head and title (講演会「…」　…(副所長)X氏),
  or on a line of its own above the names and affiliations under it (講師, Speakers,
  ゲスト; in Japanese the name may run into its affiliation: 「ゲスト⏎神保謙慶應義塾大学教授」),
  or an event part's head above them (【パネルディスカッション】「…」, 講演12時30分),
  and the list of speakers after their speeches ("congratulatory addresses by A, …; X,
  President of …") (``appearance``);
* heads and labels of real pages: a name after an item mark under a cast head (■出演⏎▼X
  （…）) and a name under the head of ceremony speeches (挨拶・祝辞, 来賓祝辞) are
  ``appearance``; the bio right under "About the speaker", "Speaker bios:", "Episode
  Contributors" or 講師紹介 is the event or programme speaker's (``appearance``); a post
  or course label opening the name's line
  (顧問, 主査, 委員, 教員名/Instructor) lists a post held, a ``mention``, unless it names
  a programme's speaker: under a talk head (a time, 報告, 基調講演), before a talk's
  「title」 on its line, or a post holder said later to speak (主査が…報告し):
  ``appearance``;
* the speakers listed under a part of an event's programme ("Panel II: …⏎X, Senior
  Fellow, JIIA") are appearances;
* a line of an event's programme opened by a time (「14:10　第1セッション報告　伏田寛範
  （同主任研究員）」) or a session of a series with its date (「第1回〔9月15日(金)〕　題　X」),
  with no cue of its own: the name is a speaker (``appearance``).
"""

from __future__ import annotations

import re

from pipeline.classify.cues import CUES
from pipeline.classify.decision import RoleDecision
from pipeline.classify.forms import AFFILIATION_ONLY, BRACKETED_REST, JA_AFFILIATION_ONLY
from pipeline.classify.table import cue_regex
from pipeline.classify.text import ITEM_MARKS, SENTENCE_END_MARK, fold, previous_line
from pipeline.types import Role

# A list of speakers after the speeches they gave: "congratulatory addresses by A, …; B,
# …; X, President of …", "welcome speeches by X, Director General of …, and Y".
BY_LIST_BEFORE = cue_regex("labels.by_list_before")
LABEL_BEFORE = cue_regex("labels.label_before")
# A programme's or an event's list of people under one label, any number of items
# before the name, each item a name with its affiliation in parentheses, separated by
# ; / 、 (commas inside the parentheses do not end an item): "Speakers: Kenichiro Sasae
# (President, JIIA); Hirofumi Tosaki (Director, …); Kanade Funatsu (…)". Nothing that
# ends a sentence may stand between the label and the name.
LIST_LABEL_BEFORE = cue_regex("labels.list_label_before")
# A line of an event's programme opens with its time: 「14:10　第1セッション報告　伏田寛範」.
PROGRAMME_TIME = cue_regex("labels.programme_time")
# A post or course label opening the line before the name: members of a study group
# (主査, 顧問, 委員), a course's instructor (教員名, 担当教員, Instructor).
POST_LABEL_BEFORE = re.compile(
    r"^[ \t\u3000]*(主査|顧問|委員長?|幹事|監事|理事|評議員|メンバー|担当教員|教員名?|担当者|"
    r"(?:[^\s/:：]{1,8}\s*/\s*)?instructors?(?:\s*\([^()\n]{1,20}\))?)[ \t\u3000:：]+$",
    re.IGNORECASE,
)
# A programme or talk head over a post-labelled line: 「13:10　基調講演「…」」, 「第4回会合 報告」.
_SPEAKER_HEAD = re.compile(
    r"\d{1,2}[:：]\d{2}|報告|講演|基調|発表|登壇|セッション|パネル|討論|"
    r"\b(?:session|keynote|talk|lecture|panel|presentation|remarks)\b",
    re.IGNORECASE,
)
_TITLE_ON_LINE = cue_regex("labels.title_on_line")


def post_line_lists_a_talk(text: str, line_start: int, end: int, label: str) -> bool:
    """A post label that introduces a speaker, not a member: the line before is a
    programme or talk head (a time, 報告, 基調講演), the name's line goes on to a talk's
    title (「委員　X（…）「題」」), or the text later has the post holder speak
    (「主査　X」 … 「主査が…を報告し」)."""
    head = previous_line(text, line_start)
    if _SPEAKER_HEAD.search(head):
        return True
    line_end = text.find("\n", end)
    if _TITLE_ON_LINE.match(text[end : len(text) if line_end < 0 else line_end]):
        return True
    later = re.search(re.escape(label) + r"(?:が|は)([^。\n]*)", text[end:])
    if later is None:
        return False
    clause = fold(later.group(1))
    return any(
        pattern.search(clause) for role, pattern in CUES if role in (Role.APPEARANCE, Role.QUOTE)
    )


# The head over a speaker's bio: "About the speaker", "Speaker bios:", 講師プロフィール.
SPEAKER_BIO_HEAD = cue_regex("labels.speaker_bio_head")


NAME_BRACKET = cue_regex("labels.name_bracket")


# The head of a part of an event's programme: "Panel II: …", "Session 3 — …", "Keynote".
_PROGRAMME_PART_HEAD = re.compile(
    r"^\s*(?:panel|session|plenary(?: session)?|keynote(?: (?:address|speech|session))?|"
    r"roundtable|round-table|opening session|closing session|fireside chat|breakout)\b"
    r"\s*(?:[ivx]+|\d+|[a-c])?\s*(?:[:：—–-]|$)",
    re.IGNORECASE,
)
_SENTENCE_LINE = cue_regex("labels.sentence_line")


def under_programme_part(text: str, line_start: int) -> bool:
    """A line opened by the name sits under a programme part's head, with only other
    speakers' lines (no sentences) between them."""
    above = [line for line in text[:line_start].split("\n") if line.strip()]
    for line in reversed(above[-6:]):
        if _PROGRAMME_PART_HEAD.match(line):
            return True
        if len(line) > 160 or _SENTENCE_LINE.search(line):
            return False
    return False


_LINE_LABELS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (
        Role.APPEARANCE,
        re.compile(r"出演|テレビ|tv|ラジオ|radio|放送|講演|登壇|パネル|セミナー|シンポジウム"),
    ),
    (
        Role.AUTHORED,
        re.compile(
            r"寄稿|論考|論稿|論文|執筆|著書|オピニオン|論評|書評|連載|コラム|論点|視点|時評|論壇|"
            r"正論|私見|エッセー|エッセイ"
        ),
    ),
    (Role.INTERVIEW, re.compile(r"インタビュー|対談|鼎談|座談会|interview")),
    (Role.QUOTE, re.compile(r"コメント|談話|取材|識者|見方|(?<![対鼎座])談(?!会)")),
)
LINE_LABEL = cue_regex("labels.line_label")


_MEDIA_LABEL = cue_regex("labels.media_label")


def line_label(text: str, start: int) -> tuple[RoleDecision | None, bool]:
    """A label opening the line: 【出演】, 【寄稿】 in activity logs; "Watch:" or
    "Listen:" before a video or audio item (``appearance``). The flag is True when
    the label names several roles (【寄稿・コメント】): it files the line's items
    together and cannot say which is whose, so the sentence's own cue decides and
    the label is only a fallback."""
    line_start = text.rfind("\n", 0, start) + 1
    media = _MEDIA_LABEL.match(fold(text[line_start:start]))
    if media:
        decision = RoleDecision(Role.APPEARANCE, f"line_label:{media.group(1)}", media.group(1))
        return decision, False
    label = LINE_LABEL.match(fold(text[line_start:start]))
    if not label:
        return None, False
    roles = [role for role, pattern in _LINE_LABELS if pattern.search(label.group(1))]
    if not roles:
        return None, False
    decision = RoleDecision(roles[0], f"line_label:{label.group(1)}", label.group(1))
    return decision, len(set(roles)) > 1


# A line that is only the label of a part people take: 「登壇者」, 【講師】, "Speakers".
_ROLE_HEAD_LINE = cue_regex("labels.role_head_line")
# The head of a part of an event's programme, on a line of its own or before the part's
# title: 【パネルディスカッション】「…」, 講演12時30分, 第2部　シンポジウム.
_EVENT_PART_HEAD_LINE = cue_regex("labels.event_part_head_line")


def role_head_above(text: str, start: int, end: int, line_start: int) -> str:
    """The label of a part (「講師」, "Speakers") on a line of its own above the name, which
    opens its line with only its affiliation after it; the lines between are other
    names and affiliations (no sentence). Empty when there is none."""
    if text[line_start:start].strip(" \t\u3000" + ITEM_MARKS):  # 「■出演⏎▼X（…）」
        return ""
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    if not (
        BRACKETED_REST.match(rest)
        or AFFILIATION_ONLY.match(fold(rest))
        or JA_AFFILIATION_ONLY.match(rest)
    ):
        return ""
    # a guest list may run to eight guests, a name and an affiliation line each
    above = [line for line in text[:line_start].split("\n") if line.strip()][-16:]
    for line in reversed(above):
        folded = fold(line)
        if _ROLE_HEAD_LINE.match(folded) or _EVENT_PART_HEAD_LINE.match(folded):
            return folded.strip()[:20]
        if len(line) > 100 or SENTENCE_END_MARK.search(line):
            return ""
    return ""
