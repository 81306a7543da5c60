"""Matching throughput: documents per second for 10, 100 and 1,000 experts.

Builds synthetic experts (kanji names, romanised names in both orders, titles)
and one generated corpus of Japanese and English documents that mention a few
of them, then times ``Matcher.find_mentions`` over the same documents for each
expert count. Prints absolute figures and the 1000/10 ratio (the automaton
makes the cost per document nearly independent of the number of experts).
No network, no database. Run: ``.venv/bin/python bench/match.py``.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.match import Matcher
from pipeline.types import Article, Config, ExpertConfig, InstituteConfig

KANJI = "山田中川小谷戸崎高原桑森林井上石木村松本佐藤伊東大野宮島西北南岡坂藤吉長谷橋"
GIVEN = "哲男洋史響子嘉顕周寛範奏賢一郎健太翔平真理恵美和也直樹浩二優花陽菜"
SYLLABLES = ["ka", "ko", "ta", "te", "tsu", "to", "na", "ni", "ha", "hi", "ya", "yo", "ma",
             "mi", "ri", "sa", "shi", "su", "ki", "no", "mo", "ra", "wa", "ro", "se", "fu"]
FILLER_JA = (
    "政府は来年度予算案で防衛費を大幅に増額する方針を固めた。与党内には財源をめぐる異論もある。"
    "米中関係の先行きは不透明で、専門家の間でも見方が分かれている。"
)
FILLER_EN = (
    "The government is expected to raise defence spending sharply next year, officials said. "
    "Analysts disagree about the outlook for relations between Washington and Beijing. "
)
DOCUMENTS = 300
REPEATS = 3


def synthetic_experts(count: int, rng: random.Random) -> tuple[ExpertConfig, ...]:
    """``count`` experts with distinct kanji and romanised names."""
    experts: list[ExpertConfig] = []
    seen: set[str] = set()
    while len(experts) < count:
        surname = "".join(rng.sample(KANJI, 2))
        given = "".join(rng.sample(GIVEN, 2))
        if surname + given in seen:
            continue
        seen.add(surname + given)
        roman_surname = "".join(rng.sample(SYLLABLES, 3)).capitalize()
        roman_given = "".join(rng.sample(SYLLABLES, 3)).capitalize()
        experts.append(
            ExpertConfig(
                id=f"expert-{len(experts)}",
                name=surname + given,
                aliases=(f"{surname} {given}", f"{roman_given} {roman_surname}",
                         f"{roman_surname.upper()} {roman_given}"),
                titles=("研究員", "Research Fellow"),
                require_context=len(experts) % 5 == 0,
            )
        )
    return tuple(experts)


def documents(experts: tuple[ExpertConfig, ...], rng: random.Random) -> list[Article]:
    """Documents of ~1,500 characters naming some of the first ten experts."""
    articles = []
    for index in range(DOCUMENTS):
        expert = experts[index % 10]
        if index % 2:
            mention = f"日本国際問題研究所の{expert.name}研究員は「難しい局面だ」と指摘した。"
            body = FILLER_JA * 8 + mention + FILLER_JA * 4
        else:
            body = FILLER_EN * 6 + f"{expert.aliases[1]}, a research fellow at JIIA, said. "
            body += FILLER_EN * 3
        articles.append(Article(url=f"https://example.test/{index}", title="", text=body))
    rng.shuffle(articles)
    return articles


def throughput(experts: tuple[ExpertConfig, ...], articles: list[Article]) -> float:
    """Best documents/second over ``REPEATS`` runs (compilation not timed)."""
    config = Config(
        institute=InstituteConfig(name="日本国際問題研究所", aliases=("JIIA",)), experts=experts
    )
    matcher = Matcher(config)
    best = 0.0
    for _ in range(REPEATS):
        started = time.perf_counter()
        for article in articles:
            matcher.find_mentions(article)
        elapsed = time.perf_counter() - started
        best = max(best, len(articles) / elapsed)
    return best


def main() -> None:
    """Print documents/second per expert count and the 1000/10 ratio."""
    rng = random.Random(20240501)
    all_experts = synthetic_experts(1000, rng)
    articles = documents(all_experts, rng)
    results: dict[int, float] = {}
    for count in (10, 100, 1000):
        results[count] = throughput(all_experts[:count], articles)
        print(f"{count:>5} experts: {results[count]:8.1f} documents/second")
    ratio = results[10] / results[1000]
    print(f"10-expert speed / 1000-expert speed: {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
