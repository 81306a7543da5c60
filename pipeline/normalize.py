"""Unicode and Japanese text/name normalisation with a map back to the original.

Takes a ``str`` (an article's text, or one alias), returns a ``NormalizedText``:
the normalised string plus, for every normalised character, the span of the
original string it came from, so a match found in the normalised text can be
shown in the original (``original_span``). The same function is applied to
aliases and to texts, so whatever it folds, it folds on both sides.

What it does, in order, character by character:

* NFKC (full/half width, compatibility forms, half-width kana with their voicing
  marks), and drops variation selectors (IVS / SVS);
* folds variant kanji that NFKC leaves alone (﨑→崎, 髙→高, 邊/邉→辺 …), a
  maintained table below (``VARIANT_KANJI``);
* Latin: lower case, diacritics and macrons removed (ō→o), and long vowels
  folded (``ou``/``oo``/``oh``+consonant → ``o``, ``uu`` → ``u``, ``aa`` → ``a``)
  so that Kōno, Kono, Kohno and Kouno become one form;
* hyphens and dashes become ``-`` (``ー`` between katakana), apostrophes ``'``;
* the kanji iteration mark repeats its kanji (佐々江 → 佐佐江, so 佐佐江 written
  out in full is the same name);
* white space collapses to one space; spaces and middle dots between two
  Japanese characters are removed (小谷 哲男, 小谷・哲男 → 小谷哲男) and the
  position is remembered in ``breaks`` so a matcher can still tell that a word
  boundary stood there (a list 「小谷哲男・戸﨑洋史」 stays two names).

``kana_spellings`` turns one romanised (Hepburn) word into the kana it may have
been romanised from (Kyoko → きょこ, きょうこ …), so a reading printed in kana
(（たかやま・よしあき＝…研究員）) can be matched from the romanised alias.

It never does I/O, never segments words, and never guesses a reading from kanji.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Variant (異体字) kanji that appear in names and that NFKC leaves alone, folded to
# the common form. Keep it sorted by the common form; add pairs as staff find them.
VARIANT_KANJI: dict[str, str] = {
    "亞": "亜",
    "惡": "悪",
    "圓": "円",
    "櫻": "桜",
    "應": "応",
    "會": "会",
    "學": "学",
    "嶽": "岳",
    "舘": "館",
    "氣": "気",
    "龜": "亀",
    "𠮷": "吉",
    "曉": "暁",
    "區": "区",
    "黑": "黒",
    "惠": "恵",
    "藝": "芸",
    "縣": "県",
    "硏": "研",
    "劍": "剣",
    "廣": "広",
    "黃": "黄",
    "國": "国",
    "濟": "済",
    "﨑": "崎",
    "嵜": "崎",
    "碕": "崎",
    "齋": "斎",
    "齊": "斎",
    "斉": "斎",
    "實": "実",
    "澁": "渋",
    "澀": "渋",
    "壽": "寿",
    "條": "条",
    "將": "将",
    "淸": "清",
    "眞": "真",
    "愼": "慎",
    "嶋": "島",
    "嶌": "島",
    "圖": "図",
    "瀨": "瀬",
    "靜": "静",
    "聰": "聡",
    "增": "増",
    "團": "団",
    "瀧": "滝",
    "澤": "沢",
    "傳": "伝",
    "德": "徳",
    "冨": "富",
    "髙": "高",
    "濵": "浜",
    "濱": "浜",
    "晉": "晋",
    "萬": "万",
    "峯": "峰",
    "彌": "弥",
    "與": "与",
    "禮": "礼",
    "邊": "辺",
    "邉": "辺",
    "桒": "桑",
    "榮": "栄",
    "穗": "穂",
    "栁": "柳",
    "埜": "野",
    "龍": "竜",
    "槇": "槙",
    "淺": "浅",
    "關": "関",
    "驛": "駅",
    "檜": "桧",
    "戶": "戸",
    "曾": "曽",
    "靑": "青",
    "彥": "彦",
    "顯": "顕",
    "藏": "蔵",
    "豐": "豊",
    "遙": "遥",
    "渕": "淵",
    "籔": "藪",
    "舩": "船",
}

_DASHES = frozenset("-‐‑‒–—―−－⁃﹣")
_APOSTROPHES = frozenset("'’‘ʼ′`´")
_MIDDLE_DOTS = frozenset("・·•‧∙⋅･")
_VOWELS = frozenset("aeiouy")


def is_kanji(char: str) -> bool:
    """True for CJK ideographs and the marks that behave like them in names (々, ヶ)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or char in "々〆ヶ"
    )


def is_hiragana(char: str) -> bool:
    """True for hiragana letters."""
    return "\u3041" <= char <= "\u309f"


def is_katakana(char: str) -> bool:
    """True for katakana letters and the long-vowel mark (not the middle dot)."""
    return ("\u30a0" <= char <= "\u30ff" and char != "・") or "\u31f0" <= char <= "\u31ff"


def is_japanese(char: str) -> bool:
    """True for a kanji, hiragana or katakana character."""
    return is_kanji(char) or is_hiragana(char) or is_katakana(char)


def is_latin_word_char(char: str) -> bool:
    """True for a character that continues a Latin word (letters and digits, not CJK)."""
    return char.isalnum() and not is_japanese(char)


def _is_variation_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised string with, per character, the original span it came from.

    ``starts[i]``/``ends[i]`` give the original span of normalised character
    ``i``; ``breaks`` holds normalised positions where a space or middle dot
    between two Japanese characters was removed (a possible word boundary).
    """

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    breaks: frozenset[int] = frozenset()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to a span of the original string."""
        size = len(self.text)
        start = max(0, min(start, size))
        end = max(start, min(end, size))
        if start == end:
            position = self.starts[start] if start < size else len(self.original)
            return position, position
        return self.starts[start], self.ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        """The original substring behind the normalised span ``[start, end)``."""
        first, last = self.original_span(start, end)
        return self.original[first:last]


def _fold_char(char: str) -> str:
    """Variant kanji, case, Latin diacritics, dashes, apostrophes, dots, spaces."""
    char = VARIANT_KANJI.get(char, char)
    if char in _DASHES:
        return "-"
    if char in _APOSTROPHES:
        return "'"
    if char in _MIDDLE_DOTS:
        return "・"
    if char.isspace():
        return " "
    if char.isascii():
        return char.lower()
    if is_japanese(char):
        return char
    lowered = char.lower()
    out = []
    for piece in lowered:
        decomposed = unicodedata.normalize("NFD", piece)
        base = decomposed[0]
        if base.isascii() and base.isalpha() and all(
            unicodedata.combining(mark) for mark in decomposed[1:]
        ):
            out.append(base)
        elif piece == "ß":
            out.append("ss")
        elif piece in ("æ", "œ"):
            out.append("ae" if piece == "æ" else "oe")
        elif piece == "ø":
            out.append("o")
        else:
            out.append(piece)
    return "".join(out)


# A base character with its combining marks, kana voicing marks and variation selectors.
_CLUSTER = re.compile(
    "(?s).[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u3099-\u309c\uff9e\uff9f\ufe00-\ufe0f\U000e0100-\U000e01ef]*"
)


@lru_cache(maxsize=65536)
def _fold_cluster(cluster: str) -> str:
    """NFKC and per-character folding of one cluster (cached: texts repeat characters)."""
    cluster = "".join(c for c in cluster if not _is_variation_selector(c))
    if not cluster:
        return ""
    if cluster.isascii():
        if cluster.isspace():
            return " "
        if cluster in _DASHES or cluster in _APOSTROPHES:
            return _fold_char(cluster)
        return cluster.lower()
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFKC", cluster))


# Any character that the cluster pattern would attach to the one before it: a text
# without one is a sequence of one-character clusters (the common case).
_COMBINING = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u3099-\u309c\uff9e\uff9f\ufe00-\ufe0f\U000e0100-\U000e01ef]"
)
# Where pass 2 may do more than copy a character: a space or middle dot, an iteration
# mark, a dash, or a Latin letter that may extend a long vowel (``out[-1]`` can only be
# o/u/a when the character before it in pass 1's output is one of o/u/a/h). Runs
# between these are copied as they are.
_PASS2_SPECIAL = re.compile("[ ・々-]|(?<=[ouah])[ouah]")
# The same for an ASCII text, where a single space after a printable character is
# copied as it is too (no Japanese character before it, so no break; the character
# before it left something in the output that is not a space): the words of an English
# text are copied in bulk.
_PASS2_SPECIAL_ASCII = re.compile("(?<![!-~]) | (?= )|-|(?<=[ouah])[ouah]")
# Folded forms of single characters kept (bounded: a text's characters repeat).
_FOLD_ONE_MAX = 65536
# ASCII folds one character to one (lower case, a space, ``-``, ``'``): a bytes table.
_ASCII_FOLD = bytes(ord(_fold_cluster(chr(code))) for code in range(128)) + bytes(
    range(128, 256)
)


# Characters that fold to nothing (none outside the combining marks, which take the
# cluster path; kept so that the length test of ``_pass1`` never depends on it).
_FOLDS_TO_NOTHING: set[str] = set()


class _FoldTable(dict[int, str]):
    """ord(char) -> ``_fold_cluster(char)`` for ``str.translate``, filled as characters
    are met (bounded: past ``_FOLD_ONE_MAX`` a new character is folded, not kept)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _fold_cluster(char)
        if not folded:
            _FOLDS_TO_NOTHING.add(char)
        if len(self) < _FOLD_ONE_MAX:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_each(text: str) -> list[str]:
    """``_fold_cluster`` of every character (the text has no combining marks)."""
    table = _FOLD_TABLE
    return [table[ord(char)] for char in text]


def _pass1(text: str) -> tuple[str, list[int], list[int]]:
    """Per cluster, NFKC and per-character folding, with each character's original span."""
    if text.isascii():
        folded_ascii = text.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
        return folded_ascii, list(range(len(text))), list(range(1, len(text) + 1))
    if _COMBINING.search(text) is None:
        joined = text.translate(_FOLD_TABLE)
        # As long as the text with no piece empty: then every piece is one character.
        if len(joined) == len(text) and _FOLDS_TO_NOTHING.isdisjoint(text):
            return joined, list(range(len(text))), list(range(1, len(text) + 1))
        folded = _fold_each(text)
        starts: list[int] = []
        ends: list[int] = []
        for index, piece in enumerate(folded):
            starts.extend([index] * len(piece))
            ends.extend([index + 1] * len(piece))
        return joined, starts, ends
    chars: list[str] = []
    starts = []
    ends = []
    for cluster in _CLUSTER.finditer(text):
        first, last = cluster.span()
        piece = _fold_cluster(cluster.group())
        chars.append(piece)
        starts.extend([first] * len(piece))
        ends.extend([last] * len(piece))
    return "".join(chars), starts, ends


def fold_char(char: str) -> str:
    """What ``normalize``'s first pass makes of one character (NFKC and per-character
    folding; a character may fold to none or to several). In a text without combining
    marks (``has_combining``), the first pass is this, character by character."""
    return _fold_cluster(char)


def has_combining(text: str) -> bool:
    """True when ``text`` holds a character that joins the one before it in ``normalize``
    (a combining mark, a kana voicing mark, a variation selector)."""
    return _COMBINING.search(text) is not None


def fold(text: str) -> str:
    """The string ``normalize``'s first pass makes of ``text``, without the offsets."""
    return _pass1(text)[0]


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` for matching, keeping a map back to original offsets."""
    # Pass 1: per cluster, NFKC and per-character folding.
    chars, starts, ends = _pass1(text)

    # Pass 2: spaces, dots and dashes by their neighbours; Latin long vowels.
    search = (_PASS2_SPECIAL_ASCII if chars.isascii() else _PASS2_SPECIAL).search
    if search(chars) is None:  # nothing to change: the first pass is the result
        return NormalizedText(
            original=text, text=chars, starts=tuple(starts), ends=tuple(ends)
        )
    out: list[str] = []  # pieces of the output; ``last`` is its last character
    last = ""
    out_starts: list[int] = []
    out_ends: list[int] = []
    breaks: set[int] = set()
    size = len(chars)
    index = 0
    while index < size:
        special = search(chars, index)
        stop = special.start() if special is not None else size
        if stop > index:
            out.append(chars[index:stop])
            last = chars[stop - 1]
            out_starts.extend(starts[index:stop])
            out_ends.extend(ends[index:stop])
            index = stop
            if index >= size:
                break
        char = chars[index]
        if char == " " or char == "・":
            run_end = index
            while run_end < size and chars[run_end] in (" ", "・"):
                run_end += 1
            after = chars[run_end] if run_end < size else ""
            if last and after and is_japanese(last) and is_japanese(after):
                breaks.add(len(out_starts))
            elif "・" in chars[index:run_end]:
                out.append("・")
                last = "・"
                out_starts.append(starts[index])
                out_ends.append(ends[run_end - 1])
            elif last and last != " ":
                out.append(" ")
                last = " "
                out_starts.append(starts[index])
                out_ends.append(ends[run_end - 1])
            index = run_end
            continue
        if char == "々" and last and is_kanji(last) and last != "々":
            char = last
        if char == "-" and last and is_katakana(last) and index + 1 < size and (
            is_katakana(chars[index + 1])
        ):
            char = "ー"
        if char.isascii() and char.isalpha() and last:
            following = chars[index + 1] if index + 1 < size else ""
            # ou, oo, uu, aa; Hepburn "oh" before a consonant or at the end (Kohno, Ohta).
            long_vowel = (
                (last == "o" and char in "ou")
                or (last == "u" and char == "u")
                or (last == "a" and char == "a")
                or (last == "o" and char == "h" and following not in _VOWELS)
            )
            if long_vowel:
                out_ends[-1] = ends[index]
                index += 1
                continue
        out.append(char)
        last = char
        out_starts.append(starts[index])
        out_ends.append(ends[index])
        index += 1
    return NormalizedText(
        original=text,
        text="".join(out),
        starts=tuple(out_starts),
        ends=tuple(out_ends),
        breaks=frozenset(breaks),
    )


def normalize_name(name: str) -> str:
    """Normalise one alias the way texts are normalised, trimmed of outer space."""
    return normalize(name).text.strip(" ・")


# Hepburn syllables (and the common Kunrei/Nihon-shiki spellings) → hiragana.
_KANA_SYLLABLES: dict[str, str] = {
    "a": "あ", "i": "い", "u": "う", "e": "え", "o": "お",
    "ka": "か", "ki": "き", "ku": "く", "ke": "け", "ko": "こ",
    "ga": "が", "gi": "ぎ", "gu": "ぐ", "ge": "げ", "go": "ご",
    "sa": "さ", "shi": "し", "si": "し", "su": "す", "se": "せ", "so": "そ",
    "za": "ざ", "ji": "じ", "zi": "じ", "zu": "ず", "ze": "ぜ", "zo": "ぞ",
    "ta": "た", "chi": "ち", "ti": "ち", "tsu": "つ", "tu": "つ", "te": "て", "to": "と",
    "da": "だ", "di": "ぢ", "du": "づ", "de": "で", "do": "ど",
    "na": "な", "ni": "に", "nu": "ぬ", "ne": "ね", "no": "の",
    "ha": "は", "hi": "ひ", "fu": "ふ", "hu": "ふ", "he": "へ", "ho": "ほ",
    "ba": "ば", "bi": "び", "bu": "ぶ", "be": "べ", "bo": "ぼ",
    "pa": "ぱ", "pi": "ぴ", "pu": "ぷ", "pe": "ぺ", "po": "ぽ",
    "ma": "ま", "mi": "み", "mu": "む", "me": "め", "mo": "も",
    "ya": "や", "yu": "ゆ", "yo": "よ",
    "ra": "ら", "ri": "り", "ru": "る", "re": "れ", "ro": "ろ",
    "wa": "わ", "wo": "を",
}
for _consonant, _kana_i in (
    ("ky", "き"), ("gy", "ぎ"), ("sh", "し"), ("sy", "し"), ("j", "じ"), ("jy", "じ"),
    ("zy", "じ"), ("ch", "ち"), ("cy", "ち"), ("ty", "ち"), ("ny", "に"), ("hy", "ひ"),
    ("by", "び"), ("py", "ぴ"), ("my", "み"), ("ry", "り"),
):
    for _vowel, _small in (("a", "ゃ"), ("u", "ゅ"), ("o", "ょ")):
        _KANA_SYLLABLES.setdefault(_consonant + _vowel, _kana_i + _small)
_LONGEST_SYLLABLE = max(len(key) for key in _KANA_SYLLABLES)
#: Cap on the kana spellings of one word (long vowels multiply them).
MAX_KANA_SPELLINGS = 64


def kana_spellings(word: str) -> set[str]:
    """The hiragana spellings one romanised Japanese word may stand for.

    Hepburn as printed drops long vowels and the apostrophe of a syllabic n, so
    one romanisation has several kana sources: Kyoko → きょこ / きょうこ,
    Kenichiro → けんいちろ(う) / けにちろ(う), Ono → おの / おおの / おうの. Returns
    an empty set for a word that is not romanised Japanese (Smith, Xi).
    """
    plain = word.lower().replace("-", "'")
    if not plain or not all(c.isascii() and (c.isalpha() or c == "'") for c in plain):
        return set()
    results: set[str] = set()

    def walk(index: int, built: str) -> None:
        if len(results) >= MAX_KANA_SPELLINGS:
            return
        if index == len(plain):
            results.add(built)
            return
        char = plain[index]
        if char == "'":
            walk(index + 1, built)
            return
        following = plain[index + 1] if index + 1 < len(plain) else ""
        # syllabic n: before a consonant, at the end, or before an apostrophe; before a
        # vowel or y it may be ん (Ken'ichiro written Kenichiro) or start a syllable.
        if char == "n" and following not in "aiueoy":
            walk(index + 1, built + "ん")
            return
        if char == "n" and built:
            walk(index + 1, built + "ん")
        if char == "m" and following in ("b", "m", "p"):  # Hepburn mb/mm/mp: Homma, Namba
            walk(index + 1, built + "ん")
            return
        if char == following and char not in "aiueon":
            walk(index + 1, built + "っ")
            return
        if char == "t" and following == "c":
            walk(index + 1, built + "っ")
            return
        for size in range(min(_LONGEST_SYLLABLE, len(plain) - index), 0, -1):
            kana = _KANA_SYLLABLES.get(plain[index : index + size])
            if kana is None:
                continue
            next_index = index + size
            vowel = plain[next_index - 1]
            walk(next_index, built + kana)
            # a long vowel the romanisation dropped: ko → こう / こお, yu → ゆう
            if vowel == "o" and plain[next_index : next_index + 1] not in ("o", "u"):
                walk(next_index, built + kana + "う")
                walk(next_index, built + kana + "お")
            elif vowel == "u" and plain[next_index : next_index + 1] != "u":
                walk(next_index, built + kana + "う")
            return

    walk(0, "")
    return results


def hiragana_to_katakana(text: str) -> str:
    """ひらがな → カタカナ (the two blocks are parallel)."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)
