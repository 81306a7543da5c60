"""The name identified at the head or foot of a piece: bios, taglines and sign-offs.

* "<name> is a senior fellow at …"
  opening a sentence (an op-ed tagline, ``authored``), and, closing a text after its
  body, the bio in its other forms ("<name> is director of …", "<A> and <B> are
  research fellows at …"), and a bio block opened by the name or its reading on a line
  of its own or after the piece's last words (「こたに・てつお　1973年生まれ。…」, 「」　<name>
  （…）　1951年生まれ」); an op-ed sign-off 「…。（<name>・…研究員）」, also with the
  title first 「…。（元駐米大使　<name>）」 (``authored``; ending in 談, a statement:
  ``quote``);
* a bio that opens the
  text and goes on about the person ("X is a professor at … X is also an adjunct
  fellow at …", a profile with no piece of the person's) is a ``mention``, not an
  op-ed tagline;
* a closing bio may carry an appositive ("X, a former ambassador, is president of …");
* (a fallback, when nothing else decided) the author's name on lines of its own with only
  its affiliation, at an article's head between the title and the body or at its foot
  after the body (``byline_block``, ``authored``): not over a bio, on a page of a talk,
  an interview or a programme, nor among other names, nor over a log's entry that tells
  what the name did (a role cue, print or a programme in its first line).
"""

from __future__ import annotations

import re

from pipeline.classify.cues import PRINT_WORDS, PROGRAMME, find_cues
from pipeline.classify.decision import RoleDecision
from pipeline.classify.forms import BRACKETED_REST, JA_AFFILIATION_ONLY
from pipeline.classify.table import cue_regex
from pipeline.classify.text import PARTICLE_OPENING, SENTENCE_END_MARK, fold, sentence_bounds
from pipeline.types import Role

# An op-ed's sign-off: 「…課題だ。（桒原響子・日本国際問題研究所研究員）」 ending the text.
# The title may come first: 「…べきだ。（日本国際問題研究所所長　市川とみ子）」, 「（元駐米大使
# 佐々江賢一郎）」, the title ending in kanji or katakana; not a credit of something else
# (写真, 聞き手, 構成).
_SIGNOFF_BEFORE = cue_regex("bios.signoff_before")
_SIGNOFF_AFTER = cue_regex("bios.signoff_after")
_SIGNOFF_SPOKEN = cue_regex("bios.signoff_spoken")
_TAGLINE_AFTER = cue_regex("bios.tagline_after")
# The closing bio of an op-ed in its other forms: without an article ("X is director of
# the Center …") or for several authors ("X and Y are research fellows at …"). Other
# names in the sentence are masked as \x00. Only at the end of a text with a body
# before it, since "X is president of …" alone may as well open a news item.
_CLOSING_BIO_AFTER = cue_regex("bios.closing_bio_after")
# An author bio block opened by the name or its kana reading and a space: 「こたに・てつお
# 1973年生まれ。…修了。日本国際問題研究所主任研究員…」, 「とさき・ひろふみ　…所長。…専門は…」,
# also with the reading in brackets after the name: 「佐々江賢一郎（ささえ・けんいちろう）
# 1951年…」.
_BIO_BLOCK_AFTER = cue_regex("bios.bio_block_after")
_CLOSING_BIO_LEAD = cue_regex("bios.closing_bio_lead")
#: Most text (characters) that may follow a closing bio: "The views expressed are his own."
CLOSING_BIO_TAIL = 200
# Reported speech before a tagline: the text is a news report, the tagline its closing bio.
_REPORTED_SPEECH = cue_regex("bios.reported_speech")
_AUTHOR_LABEL = cue_regex("bios.author_label")


def _masked(text: str, first: int, last: int, others: tuple[tuple[int, int], ...]) -> str:
    """``text[first:last]`` folded, with the other names in it masked as \\x00."""
    pieces: list[str] = []
    cursor = first
    for name_start, name_end in sorted(others):
        if name_start < cursor or name_end > last:
            continue
        pieces.append(fold(text[cursor:name_start]))
        pieces.append("\x00")
        cursor = name_end
    pieces.append(fold(text[cursor:last]))
    return "".join(pieces)


def _closing_bio(text: str, start: int, end: int, others: tuple[tuple[int, int], ...]) -> bool:
    """True for "X is director of …" / "X and Y are research fellows at …" closing a
    text with a body before it: the authors' bio at the foot of an op-ed."""
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    if not text[:sentence_start].strip() or len(text[sentence_end:].strip()) > CLOSING_BIO_TAIL:
        return False
    lead = _masked(text, sentence_start, start, others).strip(' \t"“—–-')
    if not _CLOSING_BIO_LEAD.fullmatch(lead):
        return False
    if _REPORTED_SPEECH.search(fold(text[:sentence_start])):
        return False
    return bool(_CLOSING_BIO_AFTER.match(_masked(text, end, sentence_end, others)))


# A profile goes on about the person: "Nakayama is also an adjunct fellow at …",
# "She previously served …", "His publications include …".
_PROFILE_NEXT = cue_regex("bios.profile_next")


# A sentence of a bio: "X is a professor of … at …", "Y was a visiting fellow …".
BIO_SENTENCE = cue_regex("bios.bio_sentence")


def _sentences(text: str, first: int, last: int) -> list[tuple[int, int]]:
    """The non-empty sentences of ``text[first:last]``."""
    spans: list[tuple[int, int]] = []
    cursor = first
    while cursor < last:
        a, b = sentence_bounds(text, cursor, cursor + 1)
        b = min(max(b, cursor + 1), last)
        if text[a:b].strip():
            spans.append((max(a, first), b))
        cursor = b
    return spans


#: Most text (characters) after a profile's first sentence: more is a piece's body.
PROFILE_TAIL = 800


def _profile(text: str, start: int, end: int) -> bool:
    """True for a bio that opens the text and goes on about the person in the next
    sentence: a profile, not an op-ed's tagline."""
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    if (
        text[:sentence_start].strip()
        or sentence_end >= len(text)
        or len(text) - sentence_end > PROFILE_TAIL  # a piece goes on after its tagline
    ):
        return False
    next_start, next_end = sentence_bounds(text, sentence_end, sentence_end + 1)
    following = _PROFILE_NEXT.match(fold(text[next_start:next_end]))
    if not following:
        return False
    surname = following.group("surname")
    return surname is None or surname in fold(text[start:end]).split()


def identification(
    text: str,
    start: int,
    end: int,
    line_start: int,
    before: str,
    after: str,
    others: tuple[tuple[int, int], ...],
) -> RoleDecision | None:
    """The name identified at the head or foot of a piece: a bio block (「こたに・てつお
    1973年生まれ。…」), an op-ed tagline or closing bio ("X is a senior fellow at …"),
    a sign-off 「（…研究員　X）」 (``authored``; a sign-off ending in 談, ``quote``)."""
    answered = bool(re.search(r"[」”][ \t\u3000]*$", text[line_start:start]))
    if (not text[line_start:start].strip() or answered) and _BIO_BLOCK_AFTER.search(after):
        return RoleDecision(Role.AUTHORED, "bio_block", after[:30].strip())
    sentence_start, _ = sentence_bounds(text, start, end)
    lead = fold(text[sentence_start:start]).strip(' \t"“—–-')
    if (
        (not lead or _AUTHOR_LABEL.fullmatch(lead))
        and _TAGLINE_AFTER.search(after)
        and not _REPORTED_SPEECH.search(fold(text[:sentence_start]))
    ):
        if _profile(text, start, end):
            # "X is a professor at … X is also an adjunct fellow at …": a speaker's or
            # staff profile that goes on about the person, with no piece of theirs
            return RoleDecision(Role.MENTION, "profile", after[:30])
        return RoleDecision(Role.AUTHORED, "bio_tagline", after[:30])
    if _closing_bio(text, start, end, others):
        sentence_start, _ = sentence_bounds(text, start, end)
        if all(BIO_SENTENCE.match(fold(text[a:b])) for a, b in _sentences(text, 0, sentence_start)):
            # the body before is the same profile's: "X is a professor at … Nakayama is
            # also an adjunct fellow at …"
            return RoleDecision(Role.MENTION, "profile", after[:30])
        return RoleDecision(Role.AUTHORED, "bio_tagline", after[:30])
    if _SIGNOFF_BEFORE.search(before) and _SIGNOFF_AFTER.search(fold(text[end:])):
        if _SIGNOFF_SPOKEN.search(fold(text[end:])):  # （小谷哲男主任研究員談）: said, not written
            return RoleDecision(Role.QUOTE, "signoff_dan", "談")
        return RoleDecision(Role.AUTHORED, "signoff", "（…）")
    return None


# A line of running text: a sentence of some length.
_PROSE_LINE = cue_regex("bios.prose_line")
# What a bio says and an article does not: 1970年生まれ, 卒業, 入社, 現職, "born in".
_BIO_WORDS = cue_regex("bios.bio_words")
# Words of a page about a talk, an interview or a programme: no byline there.
_NOT_AN_ARTICLE = cue_regex("bios.not_an_article")
# A credit or a contact above or beside the name: 写真提供, お問い合わせ先, 担当.
_CREDIT_LINE = cue_regex("bios.credit_line")
# A name and its post joined by a colon, as lists of people print them (not a clock).
_LIST_COLON = cue_regex("bios.list_colon")



def byline_block(
    text: str, start: int, end: int, others: tuple[tuple[int, int], ...]
) -> RoleDecision | None:
    """The author's name in an article's head or at its foot, on lines of its own: the
    title, then the name with only its affiliation (on its line or the next), then the
    body (「見出し⏎⏎峯村健司（…主任研究員）⏎⏎2024年5月20日、…。」, 「見出し⏎坂本 正弘⏎…上席研究員⏎
    1.直近の状況⏎…。」), or the body, then the name and affiliation closing the text
    (「…。⏎⏎袴田 茂樹⏎⏎…名誉教授」). Not a bio (生まれ, 卒業 after it), not on a page of a
    talk, an interview or a programme, and not one of several names listed."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not _affiliation_only(text[line_start:start]) or not _affiliation_only(
        text[end:line_end]
    ):
        return None
    lines = text.split("\n")
    index = text.count("\n", 0, start)
    if index + 1 < len(lines) and PARTICLE_OPENING.match(lines[index + 1]):
        return None  # 「…エコノミスト⏎木内登英氏⏎は、…と指摘した」: a broken sentence
    # the block: the name's line and the short lines of affiliation around it
    first = last = index
    while first > 0 and _block_line(lines[first - 1]):
        first -= 1
    while last + 1 < len(lines) and _block_line(lines[last + 1]):
        last += 1
    block_start = line_start - sum(len(line) + 1 for line in lines[first:index])
    block_end = line_start + sum(len(line) + 1 for line in lines[index : last + 1])
    if any(block_start <= o_start < block_end for o_start, _ in others):
        return None
    block_lines = [fold(line) for line in lines[first : last + 1]]
    if any(_LIST_COLON.search(line) or _CREDIT_LINE.search(line) for line in block_lines):
        return None  # 「氏名: 所属」 lines, or a credit or a contact: not an author's
    if _NOT_AN_ARTICLE.search(fold(text[: block_end + 200])):
        return None
    after = [line for line in lines[last + 1 :] if line.strip()]
    before = [line for line in lines[:first] if line.strip()]
    # the body right after the head (a short heading or two may come first) …
    for line in after[:3]:
        if _PROSE_LINE.search(line):
            folded = fold(line)
            if _BIO_WORDS.search(folded) or _tells_of_a_part(folded):
                # a bio, or a log's entry headed by the name that tells what the name did
                # (「金水敏教授⏎産経新聞夕刊の「…」で…と指摘された。」): not its byline
                return None
            return RoleDecision(Role.AUTHORED, "byline_block", text[start:end])
        if len(line.strip()) > 20:
            break
    # … or the body before, and nothing after the foot but its affiliation
    if not after and before and _PROSE_LINE.search(before[-1]):
        return RoleDecision(Role.AUTHORED, "byline_block:foot", text[start:end])
    return None


def _tells_of_a_part(folded: str) -> bool:
    """A line that tells of a part someone took: a role cue, print or a programme in it."""
    return bool(find_cues(folded) or PRINT_WORDS.search(folded) or PROGRAMME.search(folded))



def _affiliation_only(run: str) -> bool:
    """Only an affiliation and post (or nothing) beside the name on its line."""
    return len(run) <= 80 and bool(JA_AFFILIATION_ONLY.match(run) or BRACKETED_REST.match(run))


def _block_line(line: str) -> bool:
    """A short line of a head or foot block: an affiliation, a post, a date, a heading."""
    stripped = line.strip()
    return (
        not stripped
        or (len(stripped) <= 40 and not SENTENCE_END_MARK.search(stripped) and "「" not in stripped)
    ) and not stripped.startswith(("【", "■", "●"))
