"""The forms a name takes: every string an expert's name may be printed as.

Takes an expert's canonical name and whatever aliases the config lists (often just
one English form, "Tetsuo Kotani"); returns ``NameForm`` values, each a normalised
key (``pipeline.normalize.normalize_name``) with what it stands for (``Form``):

* the full name: the Japanese name as written (spaces, middle dots and variant kanji
  are folded by the normaliser, so 小谷 哲男, 小谷・哲男 and 戸﨑/戸崎 need no form of
  their own); a romanised name in both orders (Tetsuo Kotani, KOTANI Tetsuo, "Kotani,
  Tetsuo"), its Ken'ichiro / Ken-ichiro / Kenichiro spellings (macrons and long vowels,
  Ōta / Ohta / Oota / Ota, are folded by the normaliser), with and without a middle
  initial (Stephen R. Nagy ↔ Stephen Nagy, either way round);
* the kana a romanised name may be read in (Yoshiaki Takayama → たかやまよしあき);
* the given name's initial and the surname (T. Kotani);
* the surname alone (a secondary form: it never makes a finding by itself), with an
  honorific (小谷氏, 小谷さん, Mr. Kotani, Dr. Kotani) or with a post (小谷主任研究員,
  佐々江理事長, 佐々江元次官, Senior Fellow Kotani, former vice foreign minister Sasae).

The Japanese surname is where the name shows it (小谷 哲男, 市川とみ子, スティーブン・ナギ);
a name written in one run of kanji (佐々江賢一郎) is split where the romanised form's
surname and given name can be read in the kanji before and after the split (each kanji
one to three morae), so 戸﨑洋史 / Hirofumi Tosaki gives 戸崎 and 山﨑周 / Amane Yamazaki
gives 山崎; when more than one split reads (佐々 or 佐々江 for Sasae), each gives a
surname: the forms built on a wrong one (佐々江賢氏) are strings no text prints.

The vocabularies of honorifics and posts are general, not the config's: a config that
lists no titles still finds 佐々江理事長. Never does I/O, never decides whether a form
found in a text is the expert: that is ``pipeline.match``'s job.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from pipeline.normalize import (
    hiragana_to_katakana,
    is_japanese,
    is_kanji,
    is_katakana,
    kana_spellings,
    normalize,
    normalize_name,
)


class Form(StrEnum):
    """What a name form stands for."""

    FULL = "name"  # the full name in any order and spelling
    READING = "reading"  # the kana reading of a romanised name
    INITIAL = "initial+surname"  # T. Kotani: needs the institute or a title nearby
    SURNAME = "surname"  # never a finding by itself
    HONORIFIC = "surname+honorific"  # 小谷氏, Mr. Kotani
    POST = "surname+title"  # 小谷主任研究員, Senior Fellow Kotani, JIIA's Kotani


@dataclass(frozen=True, slots=True)
class NameForm:
    """One normalised key of an expert's name."""

    text: str  # the normalised key
    alias: str  # what it is shown as (the alias it came from, or the key)
    form: Form
    latin: bool


#: Honorifics written after a Japanese surname.
HONORIFICS_JA: tuple[str, ...] = ("氏", "さん")
#: Honorifics written before a romanised surname, as normalised.
HONORIFICS_LATIN: tuple[str, ...] = (
    "mr.",
    "mr",
    "ms.",
    "ms",
    "mrs.",
    "mrs",
    "dr.",
    "dr",
    "prof.",
    "professor",
    "ambassador",
    "amb.",
)
#: Posts of a policy institute's people, written after a Japanese surname or name
#: (小谷主任研究員, 市川所長, 戸﨑センター長). Also the posts that, written next to a name,
#: say it is the institute's kind of person (``INSTITUTE_POSTS_JA``).
INSTITUTE_POSTS_JA: tuple[str, ...] = (
    "研究員",
    "主任研究員",
    "上席研究員",
    "主席研究員",
    "特別研究員",
    "客員研究員",
    "特任研究員",
    "協力研究員",
    "研究主幹",
    "研究部長",
    "研究所長",
    "所長",
    "副所長",
    "所長代行",
    "理事長",
    "副理事長",
    "センター長",
    "副センター長",
)
#: Posts of the academy and the diplomatic service, written after a surname (小谷教授,
#: 佐々江大使, 佐々江元次官); with the institute's posts, what may follow a surname.
OTHER_POSTS_JA: tuple[str, ...] = (
    "教授",
    "准教授",
    "特任教授",
    "客員教授",
    "名誉教授",
    "博士",
    "大使",
    "特命全権大使",
    "次官",
    "外務次官",
    "事務次官",
    "特別顧問",
    "顧問",
    "理事",
)
#: What a post may open with: a former or the present holder (佐々江元次官, 市川前所長).
POST_PREFIXES_JA: tuple[str, ...] = ("", "元", "前", "現")
#: Posts written before a romanised surname (normalised, lower case): "Senior Fellow
#: Kotani", "President Sasae", "former vice foreign minister Sasae", "Director-General
#: Ichikawa". A longer title ends in one of these ("senior research fellow"). A minister
#: is one only as a former or vice minister: "Foreign Minister Kono" is in office, not
#: at an institute. (Ambassador, Professor: ``HONORIFICS_LATIN``.)
POSTS_LATIN: tuple[str, ...] = (
    "fellow",
    "researcher",
    "scholar",
    "analyst",
    "director",
    "director general",
    "director-general",
    "president",
    "chairman",
    "vice minister",
    "vice-minister",
    "vice foreign minister",
    "deputy minister",
    "former minister",
    "former foreign minister",
    "former defense minister",
    "former defence minister",
)
#: Posts that, attached to a romanised name, say it is the institute's kind of person
#: (as a regex alternation, normalised text).
INSTITUTE_POSTS_LATIN = (
    r"(?:(?:senior|principal|chief|visiting|adjunct|associate)\s+)?(?:research\s+)?"
    r"(?:fellow|researcher)|director[- ]general|(?:deputy\s+)?director|(?:vice\s+)?president"
)
_SMALL_KANA = frozenset("ゃゅょぁぃぅぇぉゎ")
#: Morae a kanji of a name is read in, at most (響 kyō, 周 amane).
MAX_MORAE_PER_KANJI = 3


def posts_ja() -> tuple[str, ...]:
    """Every post written after a Japanese surname, with its former-holder forms."""
    posts = (*INSTITUTE_POSTS_JA, *OTHER_POSTS_JA)
    return tuple(dict.fromkeys(prefix + post for post in posts for prefix in POST_PREFIXES_JA))


def is_latin(text: str) -> bool:
    """True for an alias with letters and no Japanese character."""
    return not any(is_japanese(char) for char in text) and any(c.isalpha() for c in text)


# --- romanised names ---------------------------------------------------------


def _is_initial(token: str) -> bool:
    """True for a middle initial: "R." or "R"."""
    return len(token.rstrip(".")) == 1 and token[0].isalpha()


def _token_spellings(token: str) -> list[str]:
    """Ken'ichiro → {kenichiro, ken'ichiro, ken-ichiro}; other tokens unchanged."""
    plain = token.replace("'", "").replace("-", "")
    spellings = {token, plain}
    syllabic_n = [
        index
        for index in range(1, len(plain) - 1)
        if plain[index] == "n" and plain[index + 1] in "aiueoy" and plain[index - 1] in "aiueo"
    ]
    if len(syllabic_n) <= 2:
        for index in syllabic_n:
            for mark in ("'", "-"):
                spellings.add(plain[: index + 1] + mark + plain[index + 1 :])
    return sorted(spellings)


def _spelled(order: list[str]) -> Iterator[list[str]]:
    combos: list[list[str]] = [[]]
    for options in (_token_spellings(token) for token in order):
        combos = [[*combo, option] for combo in combos for option in options]
    yield from combos


def romanised_variants(alias: str) -> set[str]:
    """Spellings of a romanised name: both orders, comma form, Ken'ichiro forms, and
    with and without a middle initial (given-name-first only: "Stephen R. Nagy").

    Returns normalised keys; the input is one alias as written in the config.
    """
    tokens = normalize_name(alias).replace(",", " ").split()
    if not tokens:
        return set()
    orders = [tokens]
    core = [token for token in tokens if not _is_initial(token)]
    if len(core) == 2 and len(tokens) > 2 and tokens[0] == core[0] and tokens[-1] == core[1]:
        orders.append(core)  # Stephen R. Nagy → Stephen Nagy (and Nagy Stephen below)
    if len(core) == 2:
        orders.append([core[1], core[0]])
    variants: set[str] = set()
    for order in orders:
        for combo in _spelled(order):
            variants.add(normalize_name(" ".join(combo)))
            if len(combo) == 2:
                variants.add(normalize_name(f"{combo[0]}, {combo[1]}"))
    if len(tokens) == 2:
        # Stephen Nagy → Stephen R. Nagy, Stephen R Nagy: any middle initial
        for combo in _spelled(tokens):
            for letter in string.ascii_lowercase:
                variants.add(normalize_name(f"{combo[0]} {letter}. {combo[1]}"))
                variants.add(normalize_name(f"{combo[0]} {letter} {combo[1]}"))
    return {variant for variant in variants if variant}


def latin_name(aliases: Iterable[str]) -> tuple[str, str] | None:
    """(surname, given name) of the romanised aliases, normalised: an ALL-CAPS word is
    the surname (KOTANI Tetsuo); else "Surname, Given"; else the last word of the first
    alias in "Given [Initial] Surname" order. None when no alias tells."""
    latin = [alias for alias in aliases if is_latin(alias)]
    for alias in latin:
        words = [word for word in alias.replace(",", " ").split() if not _is_initial(word)]
        capitals = [w for w in words if len(w) >= 2 and w.isupper() and w.isalpha()]
        if len(words) == 2 and len(capitals) == 1:
            surname = capitals[0]
            given = words[1] if words[0] == surname else words[0]
            return normalize_name(surname), normalize_name(given)
    for alias in latin:
        if "," in alias:
            family, _, rest = alias.partition(",")
            given_words = [w for w in rest.split() if not _is_initial(w)]
            if len(family.split()) == 1 and len(given_words) == 1:
                return normalize_name(family), normalize_name(given_words[0])
    for alias in latin:
        words = [word for word in alias.split() if not _is_initial(word)]
        if len(words) == 2:
            return normalize_name(words[1]), normalize_name(words[0])
    return None


def latin_surname(aliases: Iterable[str]) -> str | None:
    """The surname among romanised aliases (see ``latin_name``)."""
    name = latin_name(aliases)
    return name[0] if name else None


def initial_forms(surname: str, given: str) -> set[str]:
    """The given name reduced to its initial, normalised: "Tomiko Ichikawa" →
    "t. ichikawa", "t.ichikawa", "ichikawa, t.", "ichikawa t."."""
    if not given or not given[0].isalpha():
        return set()
    initial = given[0]
    # … and after it, as reference lists write it: "Kotani, T.", "Kotani T."
    return {
        f"{initial}. {surname}",
        f"{initial}.{surname}",
        f"{surname}, {initial}.",
        f"{surname} {initial}.",
    }


def kana_readings(surname: str, given: str) -> set[str]:
    """Kana spellings (hiragana and katakana, surname first) of a romanised name."""
    readings: set[str] = set()
    for family in kana_spellings(surname):
        for personal in kana_spellings(given):
            reading = family + personal
            readings.add(reading)
            readings.add(hiragana_to_katakana(reading))
    return readings


# --- Japanese names ----------------------------------------------------------


def _morae(word: str) -> frozenset[int]:
    """The numbers of morae the romanised ``word`` may stand for (Kyoko: きょこ 2,
    きょうこ 3), empty for a word that is not romanised Japanese."""
    return frozenset(
        sum(1 for char in spelling if char not in _SMALL_KANA) for spelling in kana_spellings(word)
    )


def _readable_morae(kanji: str) -> frozenset[int]:
    """The numbers of morae ``kanji`` (normalised: 々 written out) may be read in, each
    kanji one to three, and a repeated kanji as many as the one it repeats (佐佐: 2, 4 or
    6, so 佐々 is never read "sasae")."""
    totals = {0}
    for run in re.finditer(r"(.)\1*", kanji):
        size = len(run.group(0))
        totals = {
            total + size * morae for total in totals for morae in range(1, MAX_MORAE_PER_KANJI + 1)
        }
    return frozenset(totals)


def _reads_as(kanji: str, morae: frozenset[int]) -> bool:
    """True when ``kanji`` may be read in one of the numbers of ``morae``."""
    return bool(_readable_morae(kanji) & morae)


def japanese_surnames(name: str, romanised: Iterable[str] = ()) -> tuple[str, ...]:
    """The surname(s) of a Japanese name, normalised (see ``surname_spellings``)."""
    return tuple(key for key, _ in surname_spellings(name, romanised))


def surname_spellings(name: str, romanised: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
    """The surname(s) of a Japanese name, each normalised and as written: the part
    before a space or middle dot (小谷 哲男; in a katakana name the part the romanised
    surname reads as, スティーブン・ナギ → ナギ, コタニ・テツオ → コタニ), the kanji before a
    kana given name (市川とみ子), or, for a name in one run of kanji (佐々江賢一郎), each
    split whose two parts can be read as the romanised surname and given name
    (``romanised``: the aliases). A kanji surname has two kanji or more."""
    stripped = name.strip()
    parts = [part for part in re.split(r"[\s\u3000・·･]+", stripped) if part]
    if len(parts) == 2 and all(is_japanese(c) for c in "".join(parts)):
        first, last = (normalize_name(part) for part in parts)
        if all(is_katakana(c) for c in first + last):
            parsed = latin_name(romanised)
            readings = (
                {hiragana_to_katakana(kana) for kana in kana_spellings(parsed[0])}
                if parsed
                else set()
            )
            if parsed and not readings:
                readings = {last}  # a foreign surname has no Hepburn reading: last
            family = [
                (key, written)
                for key, written in zip((first, last), parts, strict=True)
                if key in readings
            ]
            return (family[0],) if len(family) == 1 and len(family[0][0]) >= 2 else ()
        if len(first) >= 2 and all(is_kanji(c) for c in first):
            return ((first, parts[0]),)
        return ()
    match = re.match(r"^([\u4e00-\u9fff々]{2,})[\u3041-\u309f]+[\u4e00-\u9fff]?$", stripped)
    if match:
        return ((normalize_name(match.group(1)), match.group(1)),)
    if len(parts) != 1 or not all(is_kanji(c) for c in stripped):
        return ()
    parsed = latin_name(romanised)
    if parsed is None:
        return ()
    surname_morae, given_morae = _morae(parsed[0]), _morae(parsed[1])
    norm = normalize(stripped)  # 々 written out: 佐々江 → 佐佐江
    kanji = norm.text
    return tuple(
        (kanji[:split], norm.original_text(0, split))
        for split in range(2, len(kanji))
        if _reads_as(kanji[:split], surname_morae) and _reads_as(kanji[split:], given_morae)
    )


def title_forms(titles: Iterable[str]) -> set[str]:
    """Japanese titles as they follow a surname: each title, and the rank that ends a
    compound title (軍縮・科学技術センター所長 → 所長), since news shortens it."""
    endings = posts_ja()
    forms: set[str] = set()
    for title in titles:
        if not title or is_latin(title):
            continue
        forms.add(normalize_name(title))
        ending = [post for post in endings if title.endswith(post)]
        if ending:
            forms.add(max(ending, key=len))
    return forms


# --- all forms of one expert -------------------------------------------------


def name_forms(
    name: str,
    aliases: Iterable[str] = (),
    titles: Iterable[str] = (),
) -> list[NameForm]:
    """Every form of one expert's name: ``name`` (canonical), ``aliases`` (as the config
    lists them) and ``titles`` (the config's, added to the general posts)."""
    names = tuple(dict.fromkeys((name, *aliases)))
    titles = tuple(titles)
    forms: dict[tuple[str, Form], NameForm] = {}

    def add(text: str, alias: str, form: Form, latin: bool) -> None:
        if text and not (latin and len(text) < 3):
            forms.setdefault((text, form), NameForm(text, alias, form, latin))

    japanese_posts = (*posts_ja(), *sorted(title_forms(titles)))
    for alias in names:
        if is_latin(alias):
            for variant in romanised_variants(alias):
                add(variant, alias, Form.FULL, True)
            continue
        add(normalize_name(alias), alias, Form.FULL, False)
        for surname, written in surname_spellings(alias, names):
            add(surname, written, Form.SURNAME, False)
            for honorific in HONORIFICS_JA:
                add(surname + honorific, written + honorific, Form.HONORIFIC, False)
            for post in japanese_posts:
                add(surname + post, written + post, Form.POST, False)
    parsed = latin_name(names)
    if parsed is None:
        return list(forms.values())
    surname, given = parsed
    for reading in kana_readings(surname, given):
        add(reading, reading, Form.READING, False)
    for initial in initial_forms(surname, given):
        add(initial, initial, Form.INITIAL, True)
    if len(surname) >= 3:  # not "Dr. Li": too common a surname to vouch for
        for honorific in HONORIFICS_LATIN:
            add(f"{honorific} {surname}", f"{honorific} {surname}", Form.HONORIFIC, True)
    if len(surname) >= 4:
        add(surname, surname, Form.SURNAME, True)
        latin_posts = (
            *POSTS_LATIN,
            *(normalize_name(title) for title in titles if is_latin(title)),
        )
        for post in latin_posts:
            add(f"{post} {surname}", f"{post} {surname}", Form.POST, True)
    return list(forms.values())
