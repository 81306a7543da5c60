"""The matcher's prefilter never turns away a text in which a key can be found.

``pipeline.prefilter`` rests on one identity: the skeleton of a raw text is the
skeleton of its normalised form (``text_skeleton(t) == key_skeleton(normalize(t).text)``).
It is checked here on the match corpora, the real-world fixtures (read in place,
skipped when absent), strings built from the characters each normalisation rule
handles, and hypothesis's texts. Then the property the matcher needs: wherever the
keys' automaton finds a key in the normalised fields, ``may_match`` says True, on the
corpora and on generated texts that hold the experts' names in the forms the press
prints them (variant kanji, half-width katakana, spaces inside names, romanised
spellings with long vowels, upper case, 々); and ``find_mentions`` gives the same
candidates with and without the prefilter.
"""

from __future__ import annotations

import json
import random
import unicodedata
from functools import cache
from pathlib import Path

import ahocorasick
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.aliases import Form, name_forms
from pipeline.config import load_config
from pipeline.match import Matcher
from pipeline.normalize import VARIANT_KANJI, normalize
from pipeline.prefilter import Prefilter, key_skeleton, text_skeleton
from pipeline.types import Article, Config

CORPUS = Path(__file__).resolve().parent / "corpus"
REAL_WORLD = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real-world"


@cache
def _config() -> Config:
    return load_config(CORPUS / "experts.yaml")


@cache
def _matchers() -> tuple[Matcher, Matcher]:
    """The corpus configuration's matcher with and without the prefilter."""
    return Matcher(_config()), Matcher(_config(), prefilter=False)


@cache
def _keys() -> ahocorasick.Automaton:
    """The matcher's own keys, to find them in normalised text as its automaton does."""
    automaton = ahocorasick.Automaton()
    for key in _matchers()[0].key_texts():
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


@cache
def _prefilter() -> Prefilter:
    return Prefilter(_matchers()[0].key_texts())


def _has_key(*fields: str) -> bool:
    keys = _keys()
    return any(next(keys.iter(normalize(field).text), None) for field in fields if field)


def _corpus_fields() -> list[tuple[str, str, str]]:
    """(title, byline, text) of every labelled case of every corpus file."""
    cases = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                cases.append(
                    (record.get("title") or "", record.get("byline") or "", record["text"])
                )
    return cases


def _fixture_texts() -> list[str]:
    """The real-world fixture files, whole and line by line."""
    texts: list[str] = []
    if not REAL_WORLD.is_dir():
        return texts
    for path in sorted(REAL_WORLD.rglob("*")):
        if path.is_file() and path.stat().st_size < 2_000_000:
            text = path.read_bytes().decode("utf-8", errors="replace")
            texts.append(text[:200_000])
            texts.extend(line for line in text.splitlines()[:400] if line.strip())
    return texts


# Characters each rule of the normalisation handles, and some it leaves alone.
_ALPHABET = (
    "aouhAOUHeiknyst -・･·  　\t\n々ヶ〆佐江小谷哲男森カタナー-–—−ｰｶﾞﾊﾟ"
    "ﾞﾟ\u3099\u309a\u0301\u0304\ufe00\U000e0100ŌōÖöéßæœøİẞ髙﨑崎ＡＢｏｕ'’`ʼ.,1２㍿㌔"
)


def _same_skeleton(text: str) -> None:
    assert text_skeleton(text) == key_skeleton(normalize(text).text), text[:80]


def test_skeleton_of_corpus_texts_is_that_of_their_normal_form() -> None:
    cases = _corpus_fields()
    assert len(cases) > 500, "the match corpora were not found"
    for fields in cases:
        for field in fields:
            _same_skeleton(field)


def test_skeleton_of_real_world_texts_is_that_of_their_normal_form() -> None:
    texts = _fixture_texts()
    if not texts:
        pytest.skip("real-world fixtures not present")
    for text in texts:
        _same_skeleton(text)


def test_skeleton_of_rule_characters_is_that_of_their_normal_form() -> None:
    rng = random.Random(20261208)
    for _ in range(20_000):
        _same_skeleton("".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40))))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_skeleton_of_any_text_is_that_of_its_normal_form(text: str) -> None:
    _same_skeleton(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "々",
        "佐々江",
        "佐 々江",
        "Kouno Kohno Koono",
        "ｺﾀﾆ ﾃﾂｵ",
        "カ-タ",
        "ohh",
        "ßẞ",
        "a\u0301a",
    ],
)
def test_skeleton_edge_cases(text: str) -> None:
    _same_skeleton(text)


def test_corpus_texts_with_a_key_pass_and_results_are_unchanged() -> None:
    filtered, full = _matchers()
    prefilter = _prefilter()
    with_key = 0
    for title, byline, text in _corpus_fields():
        may = prefilter.may_match(title, byline, text)
        if _has_key(title, byline, text):
            with_key += 1
            assert may, (title, text[:120])
        article = Article(url="https://example.test/a", title=title, text=text, byline=byline)
        assert filtered.find_mentions(article) == full.find_mentions(article)
    assert with_key > 500  # the corpora name the experts: the check above is exercised


def test_real_world_texts_with_a_key_pass() -> None:
    texts = _fixture_texts()
    if not texts:
        pytest.skip("real-world fixtures not present")
    filtered, full = _matchers()
    prefilter = _prefilter()
    for text in texts:
        if _has_key(text):
            assert prefilter.may_match(text), text[:120]
    for text in texts[:300]:
        article = Article(url="https://example.test/a", title="", text=text)
        assert filtered.find_mentions(article) == full.find_mentions(article)


def test_texts_without_a_key_are_turned_away() -> None:
    """The test is worth having: ordinary news without the names is rejected."""
    prefilter = _prefilter()
    assert not prefilter.may_match("政府は日米首脳会談で合意したと発表した。", "", "")
    assert not prefilter.may_match("The ministry announced the budget on Tuesday.", "", "")
    assert prefilter.may_match("", "", "日本国際問題研究所の小谷哲男主任研究員は")


def test_a_bare_surname_alone_is_turned_away_and_has_no_candidate() -> None:
    """A surname alone makes no candidate (it only gives a name found in full its role),
    so a text holding nothing else is turned away; with an ambassador's post or the
    institute's romanised name it may become one, and passes."""
    filtered, full = _matchers()
    alone = "会見で小谷は「協議を続ける」と述べた。"
    article = Article(url="https://example.test/s", title="", text=alone)
    assert _has_key(alone) is False
    assert not _prefilter().may_match(alone)
    assert filtered.find_mentions(article) == full.find_mentions(article) == []
    for text in ("会見で小谷元駐英大使は", "JIIA's Kotani said", "Kotani of JIIA said"):
        assert _prefilter().may_match(text), text
        article = Article(url="https://example.test/s", title="", text=text)
        assert full.find_mentions(article), text
        assert filtered.find_mentions(article) == full.find_mentions(article)


# --- generated texts holding the names ---------------------------------------------

_VARIANTS: dict[str, list[str]] = {}
for _variant, _common in VARIANT_KANJI.items():
    _VARIANTS.setdefault(_common, []).append(_variant)
# Half-width katakana: NFKC folds each back to its full-width form.
_HALF_WIDTH = {
    unicodedata.normalize("NFKC", chr(code)): chr(code)
    for code in range(0xFF66, 0xFF9E)
    if len(unicodedata.normalize("NFKC", chr(code))) == 1
}


@cache
def _names() -> list[str]:
    """Every name, alias and title of the configured experts and the institute, and the
    experts' surnames alone and as the press writes them with a post or the institute
    (the cases where a bare surname becomes a candidate)."""
    config = _config()
    names = [config.institute.name, *config.institute.aliases]
    for expert in config.experts:
        names.extend([expert.name, *expert.aliases, *expert.titles])
        for form in name_forms(expert.name, expert.aliases, expert.titles):
            if form.form is not Form.SURNAME:
                continue
            if form.latin:
                surname = form.alias.split()[-1] if " " in form.alias else form.text
                names.extend([surname, f"{surname} of JIIA", f"JIIA's {surname}"])
            else:
                names.extend([form.text, f"{form.text}元駐米大使", f"{form.text}駐英大使"])
    return names


@st.composite
def _printed(draw: st.DrawFn, name: str) -> str:
    """``name`` as a page may print it: variant kanji, half-width katakana, spaces or
    middle dots inside, long vowels spelt out, case changed, a repeated kanji as 々."""
    out: list[str] = []
    for char in name:
        choice = draw(st.integers(0, 9))
        if out and char == out[-1] and choice < 5:
            out.append("々")
            continue
        if char in _VARIANTS and choice < 6:
            out.append(draw(st.sampled_from(_VARIANTS[char])))
        elif char in _HALF_WIDTH and choice < 6:
            out.append(_HALF_WIDTH[char])
        elif char in "ou" and choice < 3:
            out.append(char + draw(st.sampled_from(["u", "o", "h", "ou"])))
        elif char.isalpha() and char.isascii() and choice < 4:
            out.append(char.upper())
        elif "\u30a1" <= char <= "\u30f6" and choice < 2:
            out.append(chr(ord(char) - 0x60))  # the hiragana of a katakana name
        else:
            out.append(char)
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from([" ", "　", "・", "\n", "  "])))
    return "".join(out)


_FILLER = st.text(
    alphabet=st.sampled_from([*"の は が 、。 政府日本米国研究所氏教授 said the of at ,.", "\n"]),
    max_size=40,
)


@st.composite
def _article_text(draw: st.DrawFn) -> str:
    parts = [draw(_FILLER)]
    for _ in range(draw(st.integers(1, 3))):
        parts.append(draw(_printed(draw(st.sampled_from(_names())))))
        parts.append(draw(_FILLER))
    return "".join(parts)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_article_text(), st.booleans())
def test_generated_texts_with_names_pass_and_match_the_same(text: str, in_title: bool) -> None:
    filtered, full = _matchers()
    title, body = (text, "") if in_title else ("", text)
    article = Article(url="https://example.test/g", title=title, text=body)
    if _has_key(title, body):
        assert _prefilter().may_match(title, "", body)
    assert filtered.find_mentions(article) == full.find_mentions(article)
