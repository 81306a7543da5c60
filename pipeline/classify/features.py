"""The role model's evidence about one mention: cue features and document features.

``mention_tokens`` reads a document (title, byline and text, one a line, as
``model.joined_text`` joins them) and the span of one name in it, and returns
space-free tokens the model weighs beside the window's character n-grams:

* for every cue of the table (``table.CUE_TABLE``; a row with a role) that fires in its scope
  (the name's line, its sentence, the title, or the whole document): that it fired, whether on the
  name's sentence and line, on which side of the name, and how far from it
  (``c:<id>`` and ``c:<id>|s``, ``|l``, ``|before``/``|after``, ``|d0``–``|d3``); a
  row that fires only near the name (within ``NEAR`` characters, outside its scope:
  the sentence before, "he said" after) gives ``c:<id>|near``;
* the same per role the cues point to, and which roles meet in the name's sentence
  (``mix:appearance+quote|s``: words said at an event, say) and which cue is
  nearest the name on each side;
* the document: its kind (feed item, listing, activity log, article), what it
  speaks of (a broadcast, an episode, an event, a gathering, a press conference:
  ``document.role_context``), the segment and position of the name (title, head,
  body, foot), and the shape of its line (the name opens it, ends it, the line is
  short).

Pure: no state between calls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations, pairwise

from pipeline.classify.document import role_context
from pipeline.classify.families import family_tokens
from pipeline.classify.table import CUE_TABLE, Cue, Scope
from pipeline.classify.text import fold, sentence_bounds
from pipeline.types import Article

#: Characters either side of the name within which a cue outside its scope still counts.
NEAR = 150
#: Characters of a document read by document-scope cues.
DOCUMENT_CAP = 4000
_DISTANCES = (8, 30, 100)

_DATE_LINE = re.compile(
    r"^\s*(?:[-・•●■◆▼▽*]\s*)?(?:\d{4}\s*[年./-]\s*)?\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?|"
    r"^\s*(?:[-・•●■◆▼▽*]\s*)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"^\s*(?:[-・•●■◆▼▽*]\s*)?\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
_ITEM_LINE = re.compile(r"^\s*(?:[-・•●■□◆◇▼▽*]|\d{1,2}[.)）:：])")


def document_kind(text: str) -> str:
    """``activity_log``, ``listing``, ``feed_item`` or ``article``, from the text's lines."""
    lines = [line for line in text.split("\n") if line.strip()]
    dated = sum(bool(_DATE_LINE.match(line)) for line in lines)
    if dated >= 2:
        return "activity_log"
    items = sum(bool(_ITEM_LINE.match(line)) for line in lines)
    short = sum(len(line.strip()) < 60 for line in lines)
    if len(lines) >= 4 and (items >= 3 or short * 3 >= len(lines) * 2):
        return "listing"
    if len(text) < 400 and len(lines) <= 2:
        return "feed_item"
    return "article"


def _position(text: str, start: int, title_end: int) -> str:
    """Where the name stands: the title, the head, the body or the foot of the text."""
    if start < title_end:
        return "title"
    share = (start - title_end) / max(1, len(text) - title_end)
    return "head" if share < 0.15 else "foot" if share > 0.85 else "body"


def _bucket(distance: int) -> str:
    for index, limit in enumerate(_DISTANCES):
        if distance <= limit:
            return f"d{index}"
    return f"d{len(_DISTANCES)}"


class _Folded:
    """A stretch of the document folded piecewise, the name masked as NUL, with the
    folded offsets of the name, its sentence and its line."""

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        bounds: dict[str, tuple[int, int]],
        others: Sequence[tuple[int, int]] = (),
    ):
        first = min(a for a, _ in bounds.values())
        last = max(b for _, b in bounds.values())
        inside = [(a, b) for a, b in others if first <= a < b <= last and (b <= start or a >= end)]
        cuts = sorted(
            {first, last, start, end}
            | {x for pair in bounds.values() for x in pair}
            | {x for pair in inside for x in pair}
        )
        offsets: dict[int, int] = {}
        pieces: list[str] = []
        length = 0
        for a, b in pairwise(cuts):
            offsets[a] = length
            piece = fold(text[a:b])
            if (start <= a and b <= end) or any(x <= a and b <= y for x, y in inside):
                piece = "\x00" * len(piece)
            pieces.append(piece)
            length += len(piece)
        offsets[cuts[-1]] = length
        self.text = "".join(pieces)
        self.name = (offsets[start], offsets[end])
        self.regions = {key: (offsets[a], offsets[b]) for key, (a, b) in bounds.items()}
        self.others = [(offsets[a], offsets[b]) for a, b in inside]


def _between(other: tuple[int, int], name: tuple[int, int], hit: tuple[int, int]) -> bool:
    """``other`` lies between the name and the cue."""
    low, high = min(name[1], hit[1]), max(name[0], hit[0])
    return low <= other[0] and other[1] <= high


def _gap(other: tuple[int, int], hit: tuple[int, int]) -> int:
    """Characters between another name and a cue."""
    return max(0, hit[0] - other[1], other[0] - hit[1])


def _hit_tokens(cue: Cue, folded: _Folded) -> list[str]:
    """The tokens of one cue row in the folded stretch around the name."""
    name_start, name_end = folded.name
    others = folded.others
    scope_start, scope_end = folded.regions["line" if cue.scope is Scope.LINE else "sentence"]
    hits = []
    for hit in cue.regex.finditer(folded.text):
        if hit.end() <= name_start:
            distance, side = name_start - hit.end(), "before"
        elif hit.start() >= name_end:
            distance, side = hit.start() - name_end, "after"
        else:
            distance, side = 0, "on"
        if cue.window and distance > cue.window:
            continue
        in_scope = scope_start <= hit.start() and hit.end() <= scope_end
        hits.append((distance, side, in_scope, hit.start(), hit.end()))
    if not hits:
        return []
    scoped = [h for h in hits if h[2]]
    if not scoped:
        return [f"c:{cue.id}|near"] if min(h[0] for h in hits) <= NEAR else []
    distance, side, _, hit_start, hit_end = min(scoped)
    tokens = [f"c:{cue.id}", f"c:{cue.id}|{side}", f"c:{cue.id}|{_bucket(distance)}"]
    nearer = [
        _gap(other, (hit_start, hit_end))
        for other in others
        if _between(other, (name_start, name_end), (hit_start, hit_end))
        or _gap(other, (hit_start, hit_end)) < distance
    ]
    if nearer:  # another name stands between, or nearer the cue: the cue may be that name's
        tokens += [f"c:{cue.id}|other", f"c:{cue.id}|other|{_bucket(min(nearer))}"]
    for region in ("sentence", "line"):
        a, b = folded.regions[region]
        if any(a <= h[3] and h[4] <= b for h in scoped):
            tokens.append(f"c:{cue.id}|{region[0]}")
    return tokens


def mention_tokens(
    title: str,
    byline: str | None,
    text: str,
    start: int,
    end: int,
    *,
    segment: str = "text",
    others: Sequence[tuple[int, int]] = (),
) -> list[str]:
    """The cue and document tokens of the name at ``[start, end)`` of the joined document
    (title, byline and text, one a line; empty ones left out); ``others`` are the spans
    of the other names found there (masked like the name; a cue nearer one of them is
    marked ``|other``)."""
    joined = "\n".join(part for part in (title, byline or "", text) if part)
    if not 0 <= start < end <= len(joined):
        return [f"segment={segment}", "kind=unknown"]
    line = (joined.rfind("\n", 0, start) + 1, _line_end(joined, end))
    sentence = sentence_bounds(joined, start, end)
    near = (max(0, start - NEAR), min(len(joined), end + NEAR))
    folded = _Folded(joined, start, end, {"line": line, "sentence": sentence, "near": near}, others)

    tokens: list[str] = []
    roles_in: dict[str, set[str]] = {"s": set(), "l": set(), "own": set()}
    nearest: dict[str, tuple[int, str]] = {}
    document_text = ""
    voice = "press"
    for cue in CUE_TABLE:
        if cue.role is None:
            # a form of a line (a label, a head) means something only where its rule
            # family reads it; as features of every line the forms lowered the
            # cross-batch figure (EVALUATION.md), so the model reads the cues alone
            continue
        if cue.scope in (Scope.DOCUMENT, Scope.TITLE):
            if not document_text:
                document_text = fold(joined[:DOCUMENT_CAP])
            scope_text = fold(title) if cue.scope is Scope.TITLE else document_text
            if scope_text and cue.regex.search(scope_text):
                tokens.append(f"c:{cue.id}|{cue.scope.value}")
                voice = "institute" if cue.family == "voice" else voice
            continue
        found = _hit_tokens(cue, folded)
        tokens.extend(found)
        if cue.family == "voice":
            voice = "institute" if f"c:{cue.id}|s" in found else voice
            continue
        if f"c:{cue.id}|s" in found and f"c:{cue.id}|other" not in found:
            roles_in["own"].add(cue.role.value)
        for token in found:
            suffix = token.rsplit("|", 1)[-1]
            if suffix in roles_in:
                roles_in[suffix].add(cue.role.value)
            elif suffix in ("before", "after", "on"):
                distance = _nearest_distance(found)
                if distance is not None and distance < nearest.get(suffix, (10**9, ""))[0]:
                    nearest[suffix] = (distance, cue.role.value)
    # who reports the name's part: the institute's own record (its house style, its
    # event reports) or the press; the talk convention tells the two apart
    tokens.append(f"voice={voice}")
    for where, roles in roles_in.items():
        tokens.extend(f"r:{role}|{where}" for role in sorted(roles))
        tokens.extend(f"r:{role}|{where}|{voice}" for role in sorted(roles))
        for a, b in combinations(sorted(roles), 2):
            tokens += [f"mix:{a}+{b}|{where}", f"mix:{a}+{b}|{where}|{voice}"]
    tokens.extend(f"nearest|{side}:{role}" for side, (_, role) in sorted(nearest.items()))
    tokens += [f"r:none|{where}" for where in ("s", "own") if not roles_in[where]]

    tokens.extend(_document_tokens(title, text))
    tokens.extend(_family_tokens(title, byline or "", text, start, end, others))
    title_end = len(title) if title else 0
    line_text = joined[line[0] : line[1]]
    tokens += [
        f"segment={segment}",
        f"position={_position(joined, start, title_end)}",
    ]
    if not joined[line[0] : start].strip():
        tokens.append("line:opens")
    if len(joined[end : line[1]].strip()) <= 8:
        tokens.append("line:ends")
    if len(line_text.strip()) < 40:
        tokens.append("line:short")
    return tokens


@lru_cache(maxsize=8)
def _document_tokens(title: str, text: str) -> tuple[str, ...]:
    """What the whole document says and its kind: the same for every mention in it, so
    read once per document (the matcher asks for its mentions one after another)."""
    context = role_context(Article(url="features:", title=title, text=text))
    flags = ("broadcast", "episode", "event", "gathering", "conference")
    return (
        *(f"doc:{flag}" for flag in flags if getattr(context, flag)),
        f"kind={document_kind(text)}",
    )


def _family_tokens(
    title: str,
    byline: str,
    text: str,
    start: int,
    end: int,
    others: Sequence[tuple[int, int]],
) -> list[str]:
    """``families.family_tokens`` of the name, read in the segment (title, byline or
    text) that holds it, as the families read a segment; ``start``, ``end`` and
    ``others`` are offsets in the joined document."""
    base = 0
    for name, segment in (("title", title), ("byline", byline), ("text", text)):
        if not segment:
            continue
        if base <= start and end <= base + len(segment):
            spans = tuple(
                (a - base, b - base) for a, b in others if base <= a and b <= base + len(segment)
            )
            tokens = family_tokens(segment, start - base, end - base, spans, title)
            return ["f:byline|authored", *tokens] if name == "byline" else tokens
        base += len(segment) + 1
    return []


def _line_end(text: str, end: int) -> int:
    found = text.find("\n", end)
    return len(text) if found < 0 else found


def _nearest_distance(tokens: list[str]) -> int | None:
    """The distance bucket of a cue's tokens as a number (d0 → 0 …), None without one."""
    for token in tokens:
        suffix = token.rsplit("|", 1)[-1]
        if len(suffix) == 2 and suffix[0] == "d" and suffix[1].isdigit():
            return int(suffix[1])
    return None
