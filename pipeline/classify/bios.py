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
* a closing bio may carry an appositive ("X, a former ambassador, is president of …").
"""

from __future__ import annotations

import re

from pipeline.classify.decision import RoleDecision
from pipeline.classify.text import fold, sentence_bounds
from pipeline.types import Role

# An op-ed's sign-off: 「…課題だ。（桒原響子・日本国際問題研究所研究員）」 ending the text.
# The title may come first: 「…べきだ。（日本国際問題研究所所長　市川とみ子）」, 「（元駐米大使
# 佐々江賢一郎）」, the title ending in kanji or katakana; not a credit of something else
# (写真, 聞き手, 構成).
_SIGNOFF_BEFORE = re.compile(
    r"(?:^|[。.!?！？]\s*)[(（]\s*"
    r"(?:(?![^()（）]*(?:写真|撮影|聞き手|構成|取材|協力|提供|photo))[^()（）\n。、,，「」a-z]{0,39}?[\u4e00-\u9fff\u30a0-\u30ffー]\s?)?$"
)
_SIGNOFF_AFTER = re.compile(r"^[^()（）\n]{0,100}[)）]\s*$")
_SIGNOFF_SPOKEN = re.compile(r"談(?:話)?\s*[)）]\s*$")
_TAGLINE_AFTER = re.compile(
    r"^\s*,?\s*(?:,\s*(?:a|an|the)\s+[^,.;]{3,80},\s*)?(?:is|was)\s+(?:a|an|the)\s+[^.;]{0,80}?"
    r"\b(?:fellow|director|president|"
    r"researcher|professor|analyst|chairman|scholar|ambassador|director-general|head)\b"
)
# The closing bio of an op-ed in its other forms: without an article ("X is director of
# the Center …") or for several authors ("X and Y are research fellows at …"). Other
# names in the sentence are masked as \x00. Only at the end of a text with a body
# before it, since "X is president of …" alone may as well open a news item.
_CLOSING_BIO_AFTER = re.compile(
    r"^(?:\s*(?:,\s*(?:and\s+)?|and\s+)\x00+)*\s*,?\s*(?:,\s*(?:a|an|the)\s+[^,.;]{3,80},\s*)?"
    r"(?:is|are|was|were)\s+"
    r"(?:(?:a|an|the)\s+)?[^.;]{0,80}?\b(?:fellow|director|president|researcher|professor|"
    r"analyst|chairman|scholar|ambassador|director-general|head)s?\b"
)
# An author bio block opened by the name or its kana reading and a space: 「こたに・てつお
# 1973年生まれ。…修了。日本国際問題研究所主任研究員…」, 「とさき・ひろふみ　…所長。…専門は…」,
# also with the reading in brackets after the name: 「佐々江賢一郎（ささえ・けんいちろう）
# 1951年…」.
_BIO_BLOCK_AFTER = re.compile(
    r"^(?:\s*[(（][\u3041-\u309f\u30a0-\u30ffー・\s]{2,30}[)）])?[ \t]+[^\n]{0,200}?"
    r"(?:[12]\d{3}年生まれ|(?:博士|修士)(?:課程|号)[^\n。]{0,10}(?:修了|取得)|専門は)"
)
_CLOSING_BIO_LEAD = re.compile(r"(?:\x00+\s*(?:,\s*and|,|and)\s*)*")
#: Most text (characters) that may follow a closing bio: "The views expressed are his own."
CLOSING_BIO_TAIL = 200
# Reported speech before a tagline: the text is a news report, the tagline its closing bio.
_REPORTED_SPEECH = re.compile(r"\b(?:said|says|told|according to)\b")
_AUTHOR_LABEL = re.compile(r"(?:about the|the|about)\s+(?:author|writer)s?\s*[:：,]?")


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
_PROFILE_NEXT = re.compile(
    r"^\s*(?:(?:he|she)\s+(?:is|was|has|had|also|served|holds|held|received|joined|previously|"
    r"currently|teaches|taught|specializes|specialises)|(?:his|her)\s+(?:publications|research|"
    r"books|works|areas?|recent|main|fields?|expertise|interests|career)|"
    r"(?P<surname>[a-z][\w'’-]+)\s+(?:is also|was|has been|had been|also|served|holds|received|"
    r"joined|previously|specializes|specialises))\b"
)


# A sentence of a bio: "X is a professor of … at …", "Y was a visiting fellow …".
BIO_SENTENCE = re.compile(
    r"^\s*(?:[\w.'’-]+\s+){1,4}(?:is|was|has been|had been)\s+(?:also\s+)?(?:(?:a|an|the)\s+)?"
    r"[^.;]{0,80}?\b(?:fellow|director|president|researcher|professor|analyst|chairman|scholar|"
    r"ambassador|director-general|head)s?\b"
)


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
