"""The cue table: every cue of the role decision as data (``cues.tsv``).

A ``Cue`` is one row: its id, its family, the role it points to, the pattern, the
scope it is looked for in (the name's line, its sentence, the document's title,
or the whole document) and a
window (characters either side of the name within that scope; 0 for the whole
scope). Patterns are matched on NFKC, lower-cased text in which the name is
masked as NUL characters (``\\x00``), so a cue may say where the name stands.

A row whose role is ``-`` is a form (a label, a head, a layout of the name's line) that
points to no role by itself: the rule families read it where they read the line, the
model weighs it as it weighs any row.

A family's rows joined by ``|`` in table order are its vocabulary
(``family_pattern``): the sentence attribution reads the four role vocabularies
that way, and the role model reads every row as a feature of its own
(``pipeline.classify.features``). No row outranks another: the table has no order
of precedence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from pipeline.types import Role

#: The table's file, shipped with the package.
TABLE_FILE = Path(__file__).resolve().parent / "cues.tsv"
_COLUMNS = ("id", "family", "role", "scope", "window", "pattern")


class Scope(StrEnum):
    """Where a cue is looked for, around the name."""

    LINE = "line"
    SENTENCE = "sentence"
    #: the document's title alone
    TITLE = "title"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of the cue table."""

    id: str
    family: str
    #: the role the cue points to; None for a form of a line that points to none by itself
    role: Role | None
    pattern: str
    scope: Scope
    window: int = 0

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern."""
        return _compiled(self.pattern)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def read_table(path: Path = TABLE_FILE) -> tuple[Cue, ...]:
    """The rows of a cue table file; ``ValueError`` names the first bad line."""
    rows: list[Cue] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if tuple(fields) == _COLUMNS:
            continue
        if len(fields) != len(_COLUMNS):
            raise ValueError(f"{path.name}:{number}: {len(fields)} columns, not {len(_COLUMNS)}")
        ident, family, role, scope, window, pattern = fields
        if ident in seen:
            raise ValueError(f"{path.name}:{number}: the id {ident!r} is used twice")
        try:
            re.compile(pattern)
            points_to = None if role == "-" else Role(role)
            row = Cue(ident, family, points_to, pattern, Scope(scope), int(window))
        except (re.error, ValueError) as error:
            raise ValueError(f"{path.name}:{number}: {error}") from None
        seen.add(ident)
        rows.append(row)
    return tuple(rows)


#: Every cue, in the file's order.
CUE_TABLE: tuple[Cue, ...] = read_table()


def family(name: str) -> tuple[Cue, ...]:
    """The rows of one family; ``KeyError`` when there are none."""
    rows = tuple(cue for cue in CUE_TABLE if cue.family == name)
    if not rows:
        raise KeyError(f"no cue of the family {name!r} in {TABLE_FILE.name}")
    return rows


def family_pattern(name: str) -> str:
    """A family's vocabulary: its rows' patterns joined as alternatives."""
    return "|".join(cue.pattern for cue in family(name))


def cue(ident: str) -> Cue:
    """The row with this id; ``KeyError`` when there is none."""
    for row in CUE_TABLE:
        if row.id == ident:
            return row
    raise KeyError(f"no cue {ident!r} in {TABLE_FILE.name}")


def cue_regex(ident: str) -> re.Pattern[str]:
    """One row's pattern, compiled."""
    return cue(ident).regex


def family_regex(name: str) -> re.Pattern[str]:
    """A family's vocabulary, compiled."""
    return _compiled(family_pattern(name))
