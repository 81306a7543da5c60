"""Folding and the bounds of sentences and lines, shared by every rule family.

A sentence ends at 。！？!? a line break (not one after a Japanese particle or comma,
where the line is wrapped), or a full stop before a capital, and before an item mark
(▼, ■); never inside 「」, （）, or quotation marks. A ▽ inside a news sentence that
goes on to its verb on the same line joins the items of a list (the verb is every
item's), where ▼ opens an item of a contents line.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.classify.table import cue_regex


def previous_line(text: str, line_start: int) -> str:
    """The last non-empty line before the line that starts at ``line_start``."""
    above = [line for line in text[:line_start].split("\n") if line.strip()]
    return above[-1] if above else ""


_ABBREVIATIONS = frozenset(
    {
        "mr",
        "ms",
        "mrs",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "no",
        "vol",
        "gen",
        "lt",
        "col",
        "sen",
        "rep",
        "gov",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "vs",
        "etc",
        "inc",
        "co",
        "corp",
        "ltd",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
    }
)
_OPEN = "「『（(【[《“"
_CLOSE = "」』）)】]》”"


def fold(text: str) -> str:
    """NFKC and lower case; lengths may change, so fold pieces, not offsets."""
    return unicodedata.normalize("NFKC", text).lower()


# Marks that open the items of a contents or programme line: 「…▼核軍備管理の空白をどう埋めるか
# 戸﨑洋史▼座談会　…」. Each item is a sentence and a line of its own.
ITEM_MARKS = "▼▽■□◆◇●"


def _inline_item(text: str, index: int) -> bool:
    """A ▽ that joins the items of a list inside a news sentence, which goes on to its
    verb on the same line (「A・事務次長▽X・一橋大教授▽Bがパネリストとして登壇した。」): no
    new sentence, unlike the ▼ of a contents line."""
    if text[index] != "▽" or not text[index - 1].strip():
        return False
    line_end = text.find("\n", index)
    return "。" in text[index : len(text) if line_end < 0 else line_end]


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` holding ``[start, end)``: ends at 。！？!? a line break (not
    one after a Japanese particle or comma, where the line is wrapped: 「…氏の⏎「…」につい
    てのお話です」, nor one before a particle: 「…木内登英氏⏎は、…」), or a full stop
    before a capital, and before an item mark (▼, ■);
    never inside 「」, （）, or quotation marks."""
    bounds = _sentence_starts(text)
    first = 0
    for boundary in bounds:
        if boundary <= start:
            first = boundary
        else:
            break
    last = len(text)
    for boundary in bounds:
        if boundary >= end:
            last = boundary
            break
    return first, last


# A Japanese line that breaks after a particle or a comma goes on on the next line
# (「今週は小谷哲男氏の⏎「…」についてのお話です。」): the line break ends no sentence.
_WRAPPED = cue_regex("text.wrapped")
# … and so does a break before a particle that goes on with the line before
# (「…エコノミスト⏎木内登英氏⏎は、…と指摘した」), after a word (not after 。 or a bracket).
# (a particle, then a comma or a kanji: not a word that starts with the same kana, as the
# heads はじめに, ところで, もちろん do)
PARTICLE_OPENING = cue_regex("text.particle_opening")
_OPEN_CLAUSE = cue_regex("text.open_clause")


@lru_cache(maxsize=16)
def _sentence_starts(text: str) -> tuple[int, ...]:
    """Offsets where sentences start (cached: every name in a text asks again)."""
    starts: list[int] = []
    depth = 0
    in_straight = False
    size = len(text)
    for index, char in enumerate(text):
        if char == "\n":
            depth, in_straight = 0, False
            wrapped = _WRAPPED.search(text[max(0, index - 8) : index]) or (
                PARTICLE_OPENING.match(text, index + 1)
                and _OPEN_CLAUSE.search(text, max(0, index - 8), index)
            )
            if not wrapped or not text[index + 1 : index + 2].strip():
                starts.append(index + 1)
            continue
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char == '"':
            in_straight = not in_straight
        if depth or in_straight:
            continue
        if char in ITEM_MARKS and index and not _inline_item(text, index):
            starts.append(index)  # ▼ opens the next item of a contents line
        elif char in "。！？!?":
            starts.append(index + 1)
        elif char == "." and index + 2 < size and text[index + 1] == " ":
            following = text[index + 2]
            word = re.search(r"([\w.]+)$", text[max(0, index - 12) : index])
            if (following.isupper() or following in "\"“'‘(") and not (
                word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)
            ):
                starts.append(index + 2)
    return tuple(starts)


SENTENCE_END_MARK = cue_regex("text.sentence_end_mark")
