"""The fast normalisation gives exactly what the per-character one gave.

``reference_normalize`` below is ``pipeline.normalize.normalize`` as it was before
its fast path (one regex match and one cached call per character, then one Python
step per character); every field of the result must be identical on real-world
texts, the match corpus and random strings built from the characters each rule
handles (combining marks, variation selectors, spaces and dots between kana,
iteration marks, dashes, Latin long vowels).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import pipeline.normalize as norm
from pipeline.normalize import NormalizedText, normalize

REAL_WORLD = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real-world"
CORPUS = Path(__file__).resolve().parent / "corpus"


def reference_normalize(text: str) -> NormalizedText:
    """The per-character implementation before the fast path (the oracle)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    # Pass 1: per cluster, NFKC and per-character folding.
    for cluster in norm._CLUSTER.finditer(text):
        first, last = cluster.span()
        folded = norm._fold_cluster(cluster.group())
        for char in folded:
            chars.append(char)
            starts.append(first)
            ends.append(last)

    # Pass 2: spaces, dots and dashes by their neighbours; Latin long vowels.
    out: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    breaks: set[int] = set()
    size = len(chars)
    index = 0
    while index < size:
        char = chars[index]
        if char == " " or char == "・":
            run_end = index
            while run_end < size and chars[run_end] in (" ", "・"):
                run_end += 1
            before = out[-1] if out else ""
            after = chars[run_end] if run_end < size else ""
            if before and after and norm.is_japanese(before) and norm.is_japanese(after):
                breaks.add(len(out))
            elif "・" in chars[index:run_end]:
                out.append("・")
                out_starts.append(starts[index])
                out_ends.append(ends[run_end - 1])
            elif out and out[-1] != " ":
                out.append(" ")
                out_starts.append(starts[index])
                out_ends.append(ends[run_end - 1])
            index = run_end
            continue
        if char == "々" and out and norm.is_kanji(out[-1]) and out[-1] != "々":
            char = out[-1]
        if (
            char == "-"
            and out
            and norm.is_katakana(out[-1])
            and index + 1 < size
            and (norm.is_katakana(chars[index + 1]))
        ):
            char = "ー"
        if char.isascii() and char.isalpha() and out:
            previous = out[-1]
            following = chars[index + 1] if index + 1 < size else ""
            # ou, oo, uu, aa; Hepburn "oh" before a consonant or at the end (Kohno, Ohta).
            long_vowel = (
                (previous == "o" and char in "ou")
                or (previous == "u" and char == "u")
                or (previous == "a" and char == "a")
                or (previous == "o" and char == "h" and following not in norm._VOWELS)
            )
            if long_vowel:
                out_ends[-1] = ends[index]
                index += 1
                continue
        out.append(char)
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


def _texts() -> list[str]:
    texts: list[str] = []
    for folder in (REAL_WORLD / "articles", REAL_WORLD / "feeds", CORPUS):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.stat().st_size < 2_000_000:
                text = path.read_bytes().decode("utf-8", errors="replace")
                # whole files and their lines: short strings meet the edge cases
                texts.append(text[:200_000])
                texts.extend(line for line in text.splitlines()[:400] if line.strip())
    return texts


_ALPHABET = (
    "aouhAOUHeikn -・･·  　\t\n々ヶ〆佐江小谷哲男カタナー-–—−ｰｶﾞﾊﾟ"
    "ﾞﾟ\u3099\u309a\u0301\u0304\ufe00\U000e0100ŌōÖöéßæœøİẞ髙﨑ＡＢｏｕ'’`ʼ.,1２"
)


def _random_texts(count: int, seed: int = 12) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def _same(text: str) -> None:
    got = normalize(text)
    want = reference_normalize(text)
    assert got == want, text[:80]


def test_real_world_texts_normalise_as_before() -> None:
    texts = _texts()
    assert len(texts) > 100, "the real-world fixtures were not found"
    for text in texts:
        _same(text)


def test_random_texts_normalise_as_before() -> None:
    for text in _random_texts(20_000):
        _same(text)


_ASCII_ALPHABET = "aouhyAOUHeiknst -'`.,1\t\n"


def test_random_ascii_texts_normalise_as_before() -> None:
    """ASCII texts take their own paths (a bytes table, spaces copied in bulk)."""
    rng = random.Random(13)
    for _ in range(20_000):
        text = "".join(rng.choice(_ASCII_ALPHABET) for _ in range(rng.randint(0, 40)))
        assert text.isascii()
        _same(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "・",
        "々",
        "-",
        "oh",
        "ohh",
        "Ōhno",
        "Kouno  Kohno",
        "ｺﾀﾆ ﾃﾂｵ",
        "辻\U000e0100",
        "佐々江 賢一郎・小谷哲男",
        "a\u0301a",
        "カ-タ",
        "oo-uu",
        "ooou",
        "a b",
        " a  b ",
        "o o",
        "a -b",
        "oh oh",
        "é b",
    ],
)
def test_edge_cases_normalise_as_before(text: str) -> None:
    _same(text)
