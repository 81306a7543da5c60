"""Wire credits and originals: which agency a text credits, which placement is first.

``wire_credit`` reads which agency a text credits (共同, 時事, Reuters, AP ...);
``choose_original`` picks a story's original among its placements.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

# --- wire credits and originals -----------------------------------------------------

#: Canonical agency name -> the spellings that credit it (matched after NFKC).
_AGENCIES: dict[str, tuple[str, ...]] = {
    "共同通信": ("共同通信社", "共同通信", "共同"),
    "時事通信": ("時事通信社", "時事通信", "時事ドットコム", "時事"),
    "Kyodo News": ("Kyodo News", "Kyodo", "KYODO"),
    "Jiji Press": ("Jiji Press", "JIJI Press", "Jiji", "JIJI"),
    "Reuters": ("Thomson Reuters", "Reuters", "REUTERS", "ロイター通信", "ロイター"),
    "AP": ("Associated Press", "AP通信", "AP"),
    "AFP": ("Agence France-Presse", "AFPBB News", "AFP通信", "AFP"),
    "Bloomberg": ("Bloomberg News", "Bloomberg", "ブルームバーグ"),
    "Xinhua": ("Xinhua News Agency", "Xinhua", "新華社通信", "新華社"),
    "Yonhap": ("Yonhap News Agency", "Yonhap", "聯合ニュース", "聯合", "連合ニュース"),
    "dpa": ("dpa",),
    "EFE": ("EFE",),
    "TASS": ("TASS", "タス通信"),
    "UPI": ("United Press International", "UPI"),
}
_ALIAS_TO_AGENCY: dict[str, str] = {
    alias.casefold(): name for name, aliases in _AGENCIES.items() for alias in aliases
}
_ALIASES = "|".join(re.escape(alias) for alias in sorted(_ALIAS_TO_AGENCY, key=len, reverse=True))
_LATIN_ALIASES = "|".join(
    re.escape(alias)
    for alias in sorted(_ALIAS_TO_AGENCY, key=len, reverse=True)
    if alias.isascii() and alias not in ("dpa", "efe")
)
# "(共同)", "(AFP=時事)", "(ロイター)", "(Reuters)" -- the first name is the originator
_PAREN_CREDIT = re.compile(rf"(?i)\(\s*({_ALIASES})\s*(?:[=/]\s*(?:{_ALIASES})\s*)?\)")
# "【ワシントン共同】", "[東京 3日 ロイター]", "【ソウル聯合ニュース】"
_BRACKET_CREDIT = re.compile(rf"(?i)[\[【][^\]】\n]{{0,30}}?(?<![a-z])({_ALIASES})\s*[\]】]")
# "WASHINGTON (Reuters) -", "SAITAMA, Japan, Dec. 9 Kyodo -"
_DATELINE_CREDIT = re.compile(
    rf"(?m)^\s*[A-Z][A-Za-z0-9 .,'’-]{{1,60}}?\s+\(?((?i:{_LATIN_ALIASES}))\)?\s*(?:-|–|—|--)\s"
)
# "... ==Kyodo", "... — AP", "(Kyodo)" at the very end
_TRAILING_CREDIT = re.compile(rf"(?:==|—|–|--|\s-)\s*((?i:{_LATIN_ALIASES}))\s*\W*\s*$")
_REUTERS_FOOTER = re.compile(r"\bReporting by\b[^\n]{0,400}\bEditing by\b")
_PROVIDER_LABEL = re.compile(
    r"(?:情報提供元|提供元|配信元|記事提供|提供|配信|出典|Source|Credit)\s*[:：]\s*"
    r"([^\n、。,;()|]{2,40}?)\s*(?:\n|$|[、。,;()|])"
)
_PORTALS = (
    r"Yahoo!\s*ニュース|Yahoo!\s*News|livedoor\s*ニュース|goo\s*ニュース|エキサイトニュース"
    r"|au\s*Webポータル|dメニューニュース|SmartNews|LINE\s*NEWS|MSN|Infoseek\s*ニュース"
)
_PORTAL_TITLE = re.compile(rf"\(([^()\n]{{2,40}})\)\s*[-|–]\s*(?:{_PORTALS})")


def _agency(name: str) -> str | None:
    return _ALIAS_TO_AGENCY.get(name.strip().casefold())


def _byline_credit(byline: str) -> str | None:
    text = unicodedata.normalize("NFKC", byline).strip()
    exact = _agency(text)
    if exact:
        return exact
    for match in re.finditer(_ALIASES, text, flags=re.IGNORECASE):
        alias = match.group(0)
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if alias.isascii() and (before.isalnum() or after.isalnum()):
            continue  # "AP" inside "APAC", "Jiji" inside a longer word
        if alias in ("共同", "時事") and not re.fullmatch(r"\W*", text.replace(alias, "")):
            continue  # a bare 共同/時事 in a longer byline is not a credit
        return _agency(alias)
    return None


def _placed_like_credit(text: str, match: re.Match[str]) -> bool:
    """A parenthesised agency name is a credit where a dateline or sign-off goes.

    ``ワシントン(AFP=時事)`` and ``…した。(共同)`` are (Japanese context), as are
    ``TOKYO (AP) —`` and a ``(Kyodo)`` ending a line; ``an access point (AP) is`` is not.
    """
    before = text[match.start() - 1] if match.start() else "\n"
    rest = text[match.end() :]
    if not before.isascii() or before == "\n":
        return True
    return re.match(r"[ \t]*(?:$|\n|[-–—:])", rest) is not None


def wire_credit(text: str, byline: str | None = None) -> str | None:
    """The agency or provider a text credits as its origin, by canonical name.

    Looks at the byline, then at structural credits in the text: datelines
    (``WASHINGTON (Reuters) -``, ``【ワシントン共同】``, ``[東京 3日 ロイター]``),
    parenthesised credits (``（共同）``, ``（AFP＝時事）`` gives AFP, the originator),
    trailing credits (``==Kyodo``), the Reuters ``Reporting by ...; Editing by``
    footer, provider labels (``提供：CNET Japan``) and portal titles (``…（CNET Japan）
    - Yahoo!ニュース``). Returns e.g. ``"共同通信"``, ``"時事通信"``, ``"Reuters"``,
    ``"AP"``, ``"AFP"``, ``"Kyodo News"``, ``"Jiji Press"``, or a portal's provider name
    as written; None when nothing is credited. Mere mentions ("ロイター通信によると",
    "according to Xinhua") are not credits.
    """
    if byline:
        credited = _byline_credit(byline)
        if credited:
            return credited
    normal = unicodedata.normalize("NFKC", text)
    head = normal[:300]
    for pattern in (_BRACKET_CREDIT, _DATELINE_CREDIT):
        match = pattern.search(head)
        if match:
            return _agency(match.group(1))
    parenthesised = [m for m in _PAREN_CREDIT.finditer(normal) if _placed_like_credit(normal, m)]
    if parenthesised:
        first, last = parenthesised[0], parenthesised[-1]
        return _agency((first if first.start() < 300 else last).group(1))
    bracketed = _BRACKET_CREDIT.search(normal)
    if bracketed:
        return _agency(bracketed.group(1))
    trailing = _TRAILING_CREDIT.search(normal[-120:])
    if trailing:
        return _agency(trailing.group(1))
    if _REUTERS_FOOTER.search(normal):
        return "Reuters"
    for pattern in (_PROVIDER_LABEL, _PORTAL_TITLE):
        match = pattern.search(normal)
        if match:
            name = match.group(1).strip()
            return _agency(name) or name
    return None


@dataclass(frozen=True, slots=True)
class Placement:
    """One document of a story, as far as choosing the original needs it.

    ``credit`` is what the document's text credits (``wire_credit``); ``published``
    may be naive (taken as UTC) or aware.
    """

    document_id: int
    outlet: str | None = None
    media_type: str | None = None
    published: datetime | None = None
    credit: str | None = None


def _outlet_key(name: str) -> str:
    agency = _byline_credit(name)
    if agency:
        return agency.casefold()
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def _published_key(placement: Placement) -> tuple[int, float, int]:
    when = placement.published
    if when is None:
        return (1, 0.0, placement.document_id)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (0, when.timestamp(), placement.document_id)


def credited_source(placements: Sequence[Placement]) -> str | None:
    """The name most placements of a story credit (ties: alphabetically first), or None.

    Useful to record the originating agency even when it has no placement of its own
    (a 共同 story seen only in regional papers).
    """
    counts = Counter(p.credit for p in placements if p.credit)
    if not counts:
        return None
    return min(counts, key=lambda name: (-counts[name], name))


def choose_original(placements: Sequence[Placement]) -> Placement:
    """The placement that is the story's original.

    In order of preference: a placement by the outlet the others credit (earliest of
    them); else a placement by a wire (``media_type == "wire"``), earliest; else the
    earliest published; else the lowest document id. ValueError when empty.
    """
    if not placements:
        raise ValueError("a story has at least one placement")
    credited = credited_source(placements)
    if credited is not None:
        wanted = _outlet_key(credited)
        by_credited = [p for p in placements if p.outlet and _outlet_key(p.outlet) == wanted]
        if by_credited:
            return min(by_credited, key=_published_key)
    wires = [p for p in placements if (p.media_type or "").lower() == "wire"]
    if wires:
        return min(wires, key=_published_key)
    return min(placements, key=_published_key)
