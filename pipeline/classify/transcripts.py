"""Interviews laid out as questions and answers, transcripts, and words attributed
without a verb.

* an interview laid out as questions and answers (a ――/Q:
  question line, then a turn opened by the name, also with its affiliation before the
  answer (「山﨑周・…研究員　表面上は…」), or by the name (a surname too) and its words in
  brackets after the question or a turn, run into one paragraph (「――…ですか。山﨑「…」
  伏田「…」」), or the name heading the piece with a question line next; and in a piece
  with such a question, the bio block, tagline or sign-off that identifies the name
  (「…」　<name>（ささえ・けんいちろう）　1951年生まれ。…, "(<name> is a research fellow
  at …)") names the one who answered: ``interview``);
* the name and its affiliation with the first question right after
  (「…」　X・…理事長　――…どう見ますか。) heads the answers of an interview;
* transcripts and attributions without a verb: a turn "X: …" after a question line opened
  by the interviewer's or the outlet's name ("Harbour Review: …?", "Q3: …?") is an
  ``interview`` (at a press conference, whose record the document is, a ``quote``); a
  turn opened by the name with its title and a sentence of words ("Ms. X, Spokesperson:
  Let me …") is a ``quote``, and so are words in quotation marks closed right before the
  name and its affiliation ('"…," Her Excellency Ms X, Ambassador …', a pull quote
  '"…." — X, JIIA'), when the quotation is a sentence in sentence case, not a title, and
  the line names no year (a cited piece: '"…," X, East Asia Forum, May 2024.'); the
  title of such a turn may hold commas ("X, Director General, JIIA: …").
"""

from __future__ import annotations

import re

from pipeline.classify.table import cue_regex
from pipeline.classify.text import fold
from pipeline.normalize import is_japanese

# An interview laid out as questions and answers: a question line (――…？, Q: …?) and
# turns opened by the speaker's name (「伏田　軍需が…」, "Fushita: They already do").
_QUESTION_LINE = re.compile(
    r"^[ \t\u3000]*(?:[―—─]{1,2}|q\s*\d{0,2}\s*[:：.．]|q[ \t\u3000]+|問\s*[:：]?|"
    # the interviewer's turn opened by the outlet's or the interviewer's name
    # ("Policy Review: How do you see …?")
    r"[^\n:：?？。.]{2,30}[:：](?=[^\n]{10}))[^\n]*(?:[?？]|か[。.]?)[ \t\u3000]*$",
    re.MULTILINE,
)
_TURN_AFTER = cue_regex("transcripts.turn_after")
_EN_TURN_AFTER = cue_regex("transcripts.en_turn_after")
# A question of an interview anywhere before the name, also run into one paragraph with
# its answers: 「――中国はロシアとの関係をどう位置付けていますか。山﨑「…」」, "Q: Who has
# the edge? Takayama: …". An answer follows it (a new line, words in brackets, a turn
# opened by a name), not more prose: 「――それは何のためか。日本は…」 is an essay's dash.
QUESTION = cue_regex("transcripts.question")
# A turn opened by the name (or surname) and its words in brackets, after the question
# or the previous turn: 「…ですか。山﨑「同盟ではありません…」伏田「ロシア側は…」」.
# The first question right after the name and its affiliation (no space inside them).
_QUESTION_AFTER_NAME = cue_regex("transcripts.question_after_name")
# A transcript's turn: the name opening its line (an honorific or title before it), its
# title after a comma, a colon, and its words, a full sentence or more.
TURN_HONORIFIC_BEFORE = re.compile(
    r"^[ \t\u3000]*(?:(?:mr|ms|mrs|dr|prof|professor|ambassador|minister|h\.\s?e)\.?\s+)?$",
    re.IGNORECASE,
)
SPEAKER_TURN_AFTER = cue_regex("transcripts.speaker_turn_after")
# Words in quotation marks closed right before the name, with no verb: '"…,"His
# Excellency Mr X, Ambassador of Japan'.
ATTRIBUTED_QUOTE_BEFORE = cue_regex("transcripts.attributed_quote_before")
_QUOTATION_BEFORE = cue_regex("transcripts.quotation_before")


def sentence_case_quotation(before: str) -> bool:
    """The quotation closed right before the name is words, not a title: a sentence of
    six words or more, most of them in lower case ("There are over 30 million …"), where a
    title capitalises its words ("Taking into Consideration the Reality …")."""
    quoted = _QUOTATION_BEFORE.search(before)
    if not quoted:
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", quoted.group(1))
    return len(words) >= 6 and sum(w[0].islower() for w in words) * 2 > len(words)


# The affiliation after the name, to the end of its line; with no year in it, which
# makes the line a citation ('"…," X, The Diplomat, March 2025.').
AFFILIATION_TAIL = cue_regex("transcripts.affiliation_tail")


_TURN_BEFORE = cue_regex("transcripts.turn_before")
_BRACKET_TURN_AFTER = cue_regex("transcripts.bracket_turn_after")
_HEADER_AFTER = cue_regex("transcripts.header_after")
#: Characters before an answer turn searched for the question it answers.
QA_WINDOW = 600


def qa_layout(text: str, start: int, end: int) -> bool:
    """True for a name in an interview laid out as questions and answers: the name
    opens an answer turn after a question line (「伏田　軍需が…」, "Fushita: They …"), or
    with its words in brackets after a question or a turn (「…ですか。山﨑「…」伏田「…」」),
    or heads the piece on a line of its own with a question line next."""
    line_start = text.rfind("\n", 0, start) + 1
    if _QUESTION_AFTER_NAME.match(fold(text[end : end + 300])):
        # the name and its affiliation heading the answers, the first question next:
        # 「「…」　佐々江賢一郎・…理事長　――今年の情勢をどう見ますか。」
        return True
    if (
        _BRACKET_TURN_AFTER.match(text[end : end + 3])
        and _TURN_BEFORE.search(text[line_start:start])
        and QUESTION.search(fold(text[max(0, start - QA_WINDOW) : start]))
    ):
        return True
    if text[line_start:start].strip(" \t\u3000"):
        return False
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = fold(text[end:line_end])
    latin = not any(is_japanese(c) for c in text[start:end])
    turn = (_EN_TURN_AFTER if latin else _TURN_AFTER).match(rest)
    if turn and _QUESTION_LINE.search(fold(text[max(0, line_start - QA_WINDOW) : line_start])):
        return True
    if not _HEADER_AFTER.match(rest):
        return False
    following = fold(text[line_end:]).lstrip("\n")
    next_line = following.split("\n", 1)[0]
    return bool(next_line.strip()) and bool(_QUESTION_LINE.fullmatch(next_line))
