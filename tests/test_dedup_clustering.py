"""Near-duplicate (syndication) clustering: MinHash signatures, LSH, stories in storage.

The world under test is generated here with known truth (tests/dedup_corpus.py):
hand-written wire copy -- including different wire stories about the same summits
that must stay apart -- real articles from the shared fixtures used as base texts,
and template-generated stories, each reprinted 1-30 times with the edits papers and
portals make. Clustering is scored pairwise against the truth.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup

from pipeline.dedup import (
    BANDS,
    MIN_SHINGLES,
    NUM_PERM,
    SIMILARITY_THRESHOLD,
    Signature,
    band_keys,
    best_story,
    signature,
    similarity,
    stories_to_merge,
)
from tests.dedup_corpus import (
    HANDWRITTEN,
    BaseStory,
    Doc,
    build_corpus,
    pairwise_scores,
    reprint,
    synthetic_stories,
)
from tests.stored_stories import StoredStories

PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.97

# --- signatures ------------------------------------------------------------------

WIRE_TEXT = "\n".join(HANDWRITTEN[0].paragraphs)


def test_signature_round_trips_through_bytes() -> None:
    sig = signature(WIRE_TEXT)
    blob = sig.to_bytes()
    assert len(blob) == 7 + 4 * NUM_PERM
    again = Signature.from_bytes(blob)
    assert again == sig and hash(again) == hash(sig)
    assert again.size == sig.size and again.values.dtype == np.uint32


@pytest.mark.parametrize(
    "blob",
    [b"", b"MH1", b"XX1" + bytes(4 + 4 * NUM_PERM), b"MH1" + bytes(4 * NUM_PERM)],
    ids=["empty", "header-only", "bad-magic", "short"],
)
def test_signature_from_bytes_rejects_garbage(blob: bytes) -> None:
    with pytest.raises(ValueError):
        Signature.from_bytes(blob)


STABLE_TEXT = (
    "政府は２日、経済対策を閣議決定した。所得税と住民税の定額減税を来年６月に実施する。"
    "WASHINGTON (Reuters) - The Federal Reserve raised interest rates on Wednesday."
)


def test_signature_is_stable_across_processes() -> None:
    # Signatures and band keys are stored: they must never depend on the process
    # (no salted hash()) or drift between versions without a migration.
    sig = signature(STABLE_TEXT)
    digest = hashlib.sha256(sig.to_bytes()).hexdigest()[:16]
    assert digest == "2635962168d093ca"
    assert band_keys(sig)[0] == "00:0113a679023b0bfa01b20b66"


def test_signature_is_immutable() -> None:
    sig = signature(WIRE_TEXT)
    with pytest.raises(ValueError):
        sig.values[0] = 1
    raw = np.arange(NUM_PERM, dtype=np.uint32)
    wrapped = Signature(raw, 50)
    raw[0] = 99
    assert wrapped.values[0] == 0


def test_signature_ignores_layout_width_and_punctuation() -> None:
    paragraphs = HANDWRITTEN[0].paragraphs
    variants = [
        "\n".join(paragraphs),
        "\n\n".join(paragraphs),
        "".join(paragraphs),
        "\n".join("　" + p for p in paragraphs),
        "\n".join(paragraphs).translate(str.maketrans("０１２３４５６７８９", "0123456789")),
        "\n".join(paragraphs).replace("、", ",").replace("。", ". "),
    ]
    assert len({signature(v) for v in variants}) == 1


def test_short_texts_never_match() -> None:
    short = signature("首相、減税を表明")
    assert short.size < MIN_SHINGLES and not short.usable
    assert band_keys(short) == []
    assert similarity(short, short) == 0.0
    assert best_story(short, [(1, short)]) is None
    empty = signature("")
    assert empty.size == 0 and band_keys(empty) == [] and similarity(empty, empty) == 0.0


def test_band_keys() -> None:
    keys = band_keys(signature(WIRE_TEXT))
    assert len(keys) == BANDS == len(set(keys))
    assert all(re.fullmatch(r"\d\d:[0-9a-f]{24}", key) for key in keys)


def test_similarity_of_copies_and_strangers() -> None:
    rng = random.Random(4)
    original = signature(WIRE_TEXT)
    assert similarity(original, original) == pytest.approx(1.0)
    for _ in range(20):
        title, text, _edits = reprint(HANDWRITTEN[0], rng)
        assert similarity(original, signature(f"{title}\n{text}")) >= SIMILARITY_THRESHOLD
    # the other wire story about the same summit
    other = signature("\n".join(HANDWRITTEN[1].paragraphs))
    assert similarity(original, other) < SIMILARITY_THRESHOLD / 2
    assert similarity(original, other) == similarity(other, original)


def test_trimmed_copy_is_contained() -> None:
    full = "\n".join(HANDWRITTEN[3].paragraphs)
    half = "\n".join(HANDWRITTEN[3].paragraphs[:2])
    assert similarity(signature(full), signature(half)) >= SIMILARITY_THRESHOLD


def test_best_story_takes_the_most_similar_and_breaks_ties_by_lowest_id() -> None:
    sig = signature(WIRE_TEXT)
    near = signature(WIRE_TEXT + "\n県内でも関心が高く、県の担当者は「注視したい」と話している。")
    other = signature("\n".join(HANDWRITTEN[1].paragraphs))
    assert best_story(sig, []) is None
    assert best_story(sig, [(7, other)]) is None
    assert best_story(sig, [(7, other), (9, near), (3, sig)]) == 3
    assert best_story(sig, [(9, sig), (4, sig), (6, near)]) == 4
    assert best_story(sig, iter([(5, near)])) == 5


def test_stories_in_storage_basics(tmp_path: Path) -> None:
    index = StoredStories(tmp_path)
    assert index.add(10, WIRE_TEXT) == 10
    assert index.add(11, WIRE_TEXT.replace("述べた", "語った")) == 10
    assert index.add(12, "\n".join(HANDWRITTEN[1].paragraphs)) == 12
    assert index.add(13, "短い") == 13
    assert index.story_of(11) == 10 and len(index) == 4
    assert index.stories() == {10: [10, 11], 12: [12], 13: [13]}
    with pytest.raises(ValueError):
        index.add(10, WIRE_TEXT)


def test_stories_in_storage_span_many_feeds(tmp_path: Path) -> None:
    index = StoredStories(tmp_path)
    stories = synthetic_stories(random.Random(11), 30)
    texts = [
        stories[doc_id % 30].title + "\n" + "\n".join(stories[doc_id % 30].paragraphs)
        for doc_id in range(1, 1500)
    ]
    index.add_all([(doc_id, signature(text), text) for doc_id, text in enumerate(texts, 1)])
    assert len(index) == 1499 and len(index.stories()) == 30


# --- clustering a generated world --------------------------------------------------


def _cluster(docs: list[Doc], folder: Path) -> list[int]:
    """Each document's story once all are filed in storage, a feed of 250 at a time
    (merges can change earlier ones)."""
    folder.mkdir(exist_ok=True)
    index = StoredStories(folder)
    index.add_all([(doc.doc_id, signature(doc.full_text), doc.full_text) for doc in docs])
    labels = index.labels()
    return [labels[doc.doc_id] for doc in docs]


def _assert_quality(docs: list[Doc], predicted: list[int]) -> tuple[float, float]:
    precision, recall = pairwise_scores([d.story for d in docs], predicted)
    assert precision >= PRECISION_FLOOR, precision
    assert recall >= RECALL_FLOOR, recall
    return precision, recall


def _assert_apart(docs: list[Doc], predicted: list[int], a: str, b: str) -> None:
    stories_a = {p for d, p in zip(docs, predicted, strict=True) if d.story == a}
    stories_b = {p for d, p in zip(docs, predicted, strict=True) if d.story == b}
    assert not stories_a & stories_b, f"{a} and {b} were merged"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_world_clusters_with_known_truth(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    stories = [*HANDWRITTEN, *synthetic_stories(rng, 300)]
    docs = build_corpus(stories, rng, copies={"ja-summit-kyodo": 30, "en-g7-reuters": 25})
    predicted = _cluster(docs, tmp_path)
    _assert_quality(docs, predicted)
    for a, b in [
        ("ja-summit-kyodo", "ja-summit-jiji"),
        ("ja-summit-kyodo", "ja-summit-kyodo-2"),
        ("ja-summit-jiji", "ja-summit-kyodo-2"),
        ("en-g7-reuters", "en-g7-ap"),
        ("en-g7-reuters", "en-g7-kyodo"),
        ("en-g7-ap", "en-g7-kyodo"),
        ("ja-snow-kyodo", "ja-snow-jiji"),
    ]:
        _assert_apart(docs, predicted, a, b)
    # a story reprinted 30 times ends up (almost) whole in one cluster
    kyodo = Counter(p for d, p in zip(docs, predicted, strict=True) if d.story == "ja-summit-kyodo")
    assert kyodo.most_common(1)[0][1] >= 28


def test_clustering_does_not_depend_on_arrival_order(tmp_path: Path) -> None:
    rng = random.Random(5)
    docs = build_corpus([*HANDWRITTEN, *synthetic_stories(rng, 150)], rng)
    _assert_quality(docs, _cluster(docs, tmp_path / "forwards"))
    backwards = docs[::-1]
    _assert_quality(backwards, _cluster(backwards, tmp_path / "backwards"))


# --- real articles as base texts -----------------------------------------------------

_BOILERPLATE = re.compile(
    r"Copyright|All rights reserved|無断転載|著作権|Twitterのサービス|subscriber|"
    r"Advertisement|Supported by|Our Standards|quotes delayed|Read more"
)


def _crude_article(path: Path) -> tuple[str, list[str]]:
    """(title, paragraphs) of a saved article page, crudely: long <p> texts only."""
    soup = BeautifulSoup(path.read_bytes(), "lxml")
    for tag in soup(["script", "style", "noscript", "rt"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else path.stem
    paragraphs = []
    for p in soup.find_all("p"):
        text = " ".join(p.get_text(" ", strip=True).split())
        minimum = 40 if text.isascii() else 25
        if len(text) >= minimum and not _BOILERPLATE.search(text) and text not in paragraphs:
            paragraphs.append(text)
    return title, paragraphs


REAL_ARTICLES = {
    # file -> (language, agency the article credits)
    "htmldate__article.auone.jp-tax.html": ("ja", None),
    "htmldate__japantimes.co.jp.surgical.html": ("en", "Jiji"),
    "htmldate__nhk.or.jp.k100.html": ("ja", None),
    "htmldate__yomiuri.co.jp-gaza.html": ("ja", None),
    "postlight-parser__japan.cnet.com.html": ("ja", None),
    "postlight-parser__www.asahi.com.html": ("ja", None),
    "postlight-parser__www.itmedia.co.jp.html": ("ja", None),
    "postlight-parser__www.nytimes.com--recent.html": ("en", None),
    "postlight-parser__www.reuters.com.html": ("en", "Reuters"),
    "postlight-parser__www.yomiuri.co.jp.html": ("ja", None),
    "readability__yahoo-4__source.html": ("ja", None),
}


def _real_stories(folder: Path) -> list[BaseStory]:
    stories = []
    for name, (lang, agency) in REAL_ARTICLES.items():
        title, paragraphs = _crude_article(folder / name)
        assert paragraphs, name
        stories.append(BaseStory(f"real:{name}", lang, title, tuple(paragraphs), agency))
    return stories


def test_world_built_on_real_articles_clusters(real_world: Path, tmp_path: Path) -> None:
    rng = random.Random(2024)
    real = _real_stories(real_world / "articles")
    stories = [*real, *HANDWRITTEN, *synthetic_stories(rng, 200)]
    copies = {story.key: rng.randint(3, 30) for story in real}
    docs = build_corpus(stories, rng, copies=copies)
    predicted = _cluster(docs, tmp_path)
    _assert_quality(docs, predicted)
    # Two CNET Japan articles (one carried by Yahoo!ニュース) are different stories:
    # same outlet, different text -- they must not merge.
    _assert_apart(
        docs,
        predicted,
        "real:readability__yahoo-4__source.html",
        "real:postlight-parser__japan.cnet.com.html",
    )
    # The two 読売 articles share the outlet's page furniture, not a story.
    _assert_apart(
        docs,
        predicted,
        "real:htmldate__yomiuri.co.jp-gaza.html",
        "real:postlight-parser__www.yomiuri.co.jp.html",
    )


def test_real_portal_page_joins_its_extracted_article(real_world: Path, tmp_path: Path) -> None:
    # The whole Yahoo!ニュース page text (menus, related links and all) against the
    # article body alone: a copy seen through a poor extractor still joins its story,
    # because the body is contained in the page even though their Jaccard is ~0.4.
    path = real_world / "articles" / "readability__yahoo-4__source.html"
    title, paragraphs = _crude_article(path)
    body = "\n".join(paragraphs)
    soup = BeautifulSoup(path.read_bytes(), "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    whole_page = soup.get_text("\n", strip=True)
    index = StoredStories(tmp_path)
    first = index.add(1, f"{title}\n{body}")
    assert index.add(2, body) == first
    assert index.add(3, whole_page) == first


def test_a_bridging_copy_merges_a_split_story(tmp_path: Path) -> None:
    # The first two copies were edited too differently to match each other (the first
    # and the last 70% of the sentences); the full original then matches both closely
    # enough to prove they are one story.
    jiji = next(story for story in HANDWRITTEN if story.key == "ja-summit-jiji")
    sentences = re.findall(r"[^。]+。", "".join(jiji.paragraphs))
    cut = int(len(sentences) * 0.7)
    front = "".join(sentences[:cut])
    back = "".join(sentences[-cut:])
    full = "".join(sentences)
    assert similarity(signature(front), signature(back)) < SIMILARITY_THRESHOLD
    index = StoredStories(tmp_path)
    assert index.add(1, front) == 1
    assert index.add(2, back) == 2
    assert index.add(3, full) == 1
    assert index.stories() == {1: [1, 2, 3]} and index.merges == 1
    assert index.story_of(2) == 1
    sig = signature(full)
    assert stories_to_merge(sig, [(2, signature(back)), (1, signature(front))]) == [1, 2]
    assert stories_to_merge(sig, [(1, signature(front))]) == []


def test_a_round_up_of_two_stories_merges_neither(tmp_path: Path) -> None:
    # A digest page carrying two wire stories side by side contains both, but shares at
    # most half of itself with each: it may join one, it must not merge them.
    a = "\n".join(HANDWRITTEN[0].paragraphs)
    b = "\n".join(HANDWRITTEN[6].paragraphs)
    index = StoredStories(tmp_path)
    index.add(1, a)
    index.add(2, b)
    index.add(3, a + "\n" + b)
    assert index.story_of(1) != index.story_of(2) and index.merges == 0
    assert stories_to_merge(signature(a + "\n" + b), [(1, signature(a)), (2, signature(b))]) == []


def test_a_story_matched_by_many_copies_beats_one_short_copy() -> None:
    # The first half of a story (a feed's snippet, a heavily trimmed reprint) is
    # contained in almost any full copy and scores higher than real reprints do. A
    # new full copy that matches three reprints of one story and that short copy,
    # filed apart, joins the story of the three.
    jiji = next(story for story in HANDWRITTEN if story.key == "ja-summit-jiji")
    full = "\n".join(jiji.paragraphs)
    sentences = re.findall(r"[^。]+。", full)
    first_half = "".join(sentences[: len(sentences) // 2])
    last_70 = "".join(sentences[len(sentences) * 3 // 10 :])
    local = (
        "県内でも関心は高く、県の担当者は「国の動きを注視したい」と話している。",
        "地元の商工会議所は会員企業への影響を調べる方針だ。",
        "市内の企業からは「詳細が早く知りたい」との声が上がった。",
    )
    sig = signature(f"{jiji.title}\n{full}")
    short = signature(first_half)
    reprints = [signature(last_70 + paragraph) for paragraph in local]
    assert all(
        SIMILARITY_THRESHOLD <= similarity(sig, r) < similarity(sig, short) for r in reprints
    )
    assert best_story(sig, [(2, short), *((1, r) for r in reprints)]) == 1
    assert best_story(sig, [(2, short), (1, reprints[0])]) == 2  # one each: the best score
