"""The minimal config: what staff actually type for each expert.

The maintainers measure expert recall with a config that lists only each expert's
name (Japanese, as written in the config) and one English form: the first romanised
alias written in "Given Surname" order (not ``KOTANI Tetsuo``, not ``Kotani,
Tetsuo``). ``minimal_config`` derives that config from a full one: every other alias
and the titles are dropped; groups, since/until, require_context, exclude and topics
are kept as they are. ``python -m tests.minimal_aliases`` prints the scores of every
corpus file under it.
"""

from __future__ import annotations

import dataclasses

from pipeline.types import Config, ExpertConfig


def _is_latin(alias: str) -> bool:
    return alias.isascii() and any(char.isalpha() for char in alias)


def _given_surname_order(alias: str) -> bool:
    """True for "Tetsuo Kotani": no comma, and no word written all in capitals (KOTANI)."""
    words = alias.split()
    return (
        "," not in alias
        and len(words) >= 2
        and not any(len(word) > 1 and word.isupper() for word in words)
    )


def english_form(expert: ExpertConfig) -> str | None:
    """The first romanised alias in "Given Surname" order, or None."""
    latin = [alias for alias in expert.aliases if _is_latin(alias)]
    return next((alias for alias in latin if _given_surname_order(alias)), None)


def minimal_expert(expert: ExpertConfig) -> ExpertConfig:
    """``expert`` with its name and one English form only, and no titles."""
    english = english_form(expert)
    return dataclasses.replace(expert, aliases=(english,) if english else (), titles=())


def minimal_config(config: Config) -> Config:
    """``config`` with every expert reduced to :func:`minimal_expert`."""
    return dataclasses.replace(
        config, experts=tuple(minimal_expert(expert) for expert in config.experts)
    )


def main() -> int:
    """Print precision and recall per corpus file and language under the minimal config."""
    import sys

    from pipeline.config import load_config
    from pipeline.match import Matcher
    from tests.matchcorpus import CORPUS_DIR, load_corpus, score

    config = minimal_config(load_config(CORPUS_DIR / "experts.yaml"))
    matcher = Matcher(config)
    verbose = "-v" in sys.argv[1:]
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        for lang, result in sorted(score(matcher, load_corpus(path)).items()):
            print(
                f"{path.stem:14} {lang}: precision {result.precision:.3f} "
                f"recall {result.recall:.3f} (tp={result.tp} fp={result.fp} fn={result.fn})"
            )
            if verbose:
                for error in result.errors:
                    if " role " not in error.split("::")[0]:
                        print(f"    {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
