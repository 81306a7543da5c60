"""A cheap, exact test that a text cannot hold any of the matcher's keys.

Most documents name no expert, no institute and no publication, yet matching
normalises every field and runs its automaton over them. ``Prefilter(keys)`` answers
``may_match(*fields)`` from a coarser form of the raw text, its *skeleton*, made by
one ``str.translate`` and one regex pass; when it says False, ``normalize`` followed
by the automaton over the same fields would have found no key at all.

The skeleton of a string is ``_skeleton``: every character mapped by ``_SKELETON``
(spaces, middle dots, dashes, ー, 々 and ``h`` dropped; ``o`` and ``u`` read as
``a``), then every run of one repeated character cut to one.

Why a key found in the normalised text is found in the text's skeleton:

* ``normalize`` is two passes. The first folds each character on its own (NFKC, case,
  variant kanji …: ``pipeline.normalize.fold_char``) when the text has no combining
  marks; the skeleton of a raw text is taken from that fold, character by character
  (``fold_char`` then ``_SKELETON``, one table), or from ``pipeline.normalize.fold``
  when it has combining marks.
* The second pass only (a) drops or merges spaces and middle dots, (b) turns ``-``
  into ``ー``, (c) writes 々 as the kanji right before it, and (d) drops a Latin ``o``,
  ``u``, ``a`` or ``h`` that follows an ``o``, ``u`` or ``a`` (Kouno, Kohno → kono).
  The skeleton drops (a) and (b) outright; (c) puts a copy next to the same kanji,
  which the run cut removes; (d) only shortens a run of o/u/a (once h is dropped), which
  the skeleton reads as one ``a``. So the skeleton of ``normalize(text).text`` is the
  skeleton of the folded text (``tests/test_prefilter.py`` checks this on the corpora,
  the real-world fixtures and generated texts).
* Dropping characters, mapping them one by one and cutting runs all keep a substring a
  substring: a key inside the normalised text has its skeleton inside the text's.

So the automaton of the keys' skeletons finds nothing in a text's skeleton only when
the matcher's automaton finds nothing in its normalised fields. The test is coarse
the other way (a skeleton may match where the key does not): it may pass a text, and
then the matcher does its full work, never less.

No I/O; the translation table grows with the distinct characters seen, up to a bound.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable

import ahocorasick

from pipeline.normalize import fold, fold_char, has_combining

# What the skeleton makes of a character the first pass has folded: None drops it.
_SKELETON: dict[int, str | None] = {
    ord(" "): None,
    ord("・"): None,
    ord("-"): None,
    ord("ー"): None,
    ord("々"): None,
    ord("h"): None,
    ord("o"): "a",
    ord("u"): "a",
}
# Any character repeated: cut to one (a 々 copy, a long vowel, a doubled letter).
_RUNS = re.compile(r"(.)\1+", re.DOTALL)
# Distinct characters whose raw-to-skeleton form is remembered.
_TABLE_MAX = 65536


class _RawTable(dict[int, str]):
    """ord(raw character) -> its skeleton form: ``fold_char`` then ``_SKELETON``,
    computed the first time a character is seen (``str.translate`` asks for it)."""

    def __missing__(self, code: int) -> str:
        value = fold_char(chr(code)).translate(_SKELETON)
        if len(self) < _TABLE_MAX:
            self[code] = value
        return value


_RAW = _RawTable()
# The same for ASCII, as a bytes table (an ASCII text has no combining marks, and each
# of its characters folds to at most one ASCII character): the common English text is
# translated without a dict look-up per character.
_ASCII_FORMS = [_RAW[code] for code in range(128)]
assert all(len(form) <= 1 and form.isascii() for form in _ASCII_FORMS)
_ASCII_TABLE = bytes(ord(form) if form else code for code, form in enumerate(_ASCII_FORMS))
_ASCII_TABLE += bytes(range(128, 256))
_ASCII_DROP = bytes(code for code, form in enumerate(_ASCII_FORMS) if not form)
_FIRST = operator.itemgetter(1)


def _skeleton(normalised: str) -> str:
    """The skeleton of a string already normalised (a key, or a folded text)."""
    return _RUNS.sub(_FIRST, normalised.translate(_SKELETON))


def text_skeleton(text: str) -> str:
    """The skeleton of a raw text: that of ``normalize(text).text``, made cheaply."""
    if text.isascii():
        raw = text.encode("ascii").translate(_ASCII_TABLE, _ASCII_DROP).decode("ascii")
    elif has_combining(text):
        return _skeleton(fold(text))
    else:
        raw = text.translate(_RAW)
    return _RUNS.sub(_FIRST, raw)


def key_skeleton(key: str) -> str:
    """The skeleton of one automaton key (a string ``normalize`` already made)."""
    return _skeleton(key)


class Prefilter:
    """The skeletons of a matcher's keys, compiled once; ``may_match`` per document."""

    def __init__(self, keys: Iterable[str]) -> None:
        """Compile the skeleton of every key (normalised strings, as the matcher's
        automaton holds them)."""
        skeletons = {key_skeleton(key) for key in keys}
        # A key whose skeleton is empty would be inside every text: no test at all.
        self._always = "" in skeletons
        self._empty = not skeletons
        self._automaton = ahocorasick.Automaton()
        for skeleton in skeletons:
            if skeleton:
                self._automaton.add_word(skeleton, len(skeleton))
        if not (self._always or self._empty):
            self._automaton.make_automaton()

    def may_match(self, *fields: str) -> bool:
        """False only when no key can be found in any of ``fields`` once normalised;
        True when one may be (the matcher then looks)."""
        if self._always:
            return True
        if self._empty:
            return False
        # "\n" is in no skeleton (the fold makes every space " ", then dropped): no
        # key's skeleton runs across two fields.
        combined = "\n".join(text_skeleton(field) for field in fields if field)
        for _ in self._automaton.iter(combined):
            return True
        return False
