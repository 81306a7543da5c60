"""The outlet of a document: ``media_type_for`` finds a URL's outlet by the longest
matching domain suffix; ``outlet_named_in`` the outlet an activity-log entry names
(「5月22日、TBSの「ひるおび」に出演」: by name, alias or programme; an outlet
sources.yaml does not list is returned under its own name, marked unconfigured).
Pure functions.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from pipeline.types import Config, MediaType, OutletConfig


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def domain_matches(host: str, domain: str) -> bool:
    """True when ``host`` is ``domain`` or one of its subdomains."""
    domain = domain.lower().strip(".")
    return host == domain or host.endswith("." + domain)


def media_type_for(url: str, config: Config) -> OutletConfig | None:
    """The outlet whose domain is the longest suffix of ``url``'s host, or None."""
    host = _host(url)
    if not host:
        return None
    best: OutletConfig | None = None
    best_length = -1
    for outlet in config.outlets:
        for domain in outlet.domains:
            if domain_matches(host, domain) and len(domain) > best_length:
                best, best_length = outlet, len(domain)
    return best


# An outlet sources.yaml does not list, as Japanese logs write it: a name ending in
# what kind of outlet it is (…新聞, …テレビ, …放送, …ラジオ, …通信).
_UNLISTED = re.compile(
    r"(?P<name>[\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9・]{1,15}?"
    r"(?P<kind>新聞|新報|日報|タイムズ|テレビ|放送|ラジオ|通信社|通信))"
    r"(?![\u4e00-\u9fff])"
)
_KIND_MEDIA = {
    "新聞": MediaType.NEWSPAPER,
    "新報": MediaType.NEWSPAPER,
    "日報": MediaType.NEWSPAPER,
    "タイムズ": MediaType.NEWSPAPER,
    "テレビ": MediaType.TV,
    "放送": MediaType.TV,
    "ラジオ": MediaType.RADIO,
    "通信社": MediaType.WIRE,
    "通信": MediaType.WIRE,
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def on_institute_site(url: str, config: Config) -> bool:
    """True when ``url`` is on one of the institute's own domains."""
    host = _host(url)
    return bool(host) and any(domain_matches(host, d) for d in config.institute.domains)


def _script(character: str) -> str:
    """The run a character belongs to for word boundaries: latin, katakana or other."""
    if character.isascii() and character.isalnum():
        return "latin"
    if "\u30a0" <= character <= "\u30ff":
        return "katakana"
    return "other"


def _named_at(text: str, name: str) -> int:
    """Where ``name`` first stands in ``text`` as a whole word (-1 when it does not).

    A name is glued to a neighbour of its own script (NHK in NHKS, Nスタ in Nスタッフ);
    next to kanji or kana of another kind it stands alone, as Japanese writes it.
    """
    if not name:
        return -1
    start = 0
    while (at := text.find(name, start)) >= 0:
        end = at + len(name)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        head, tail = _script(name[0]), _script(name[-1])
        glued = (head != "other" and _script(before) == head) or (
            tail != "other" and _script(after) == tail
        )
        if not glued:
            return at
        start = at + 1
    return -1


def outlet_named_in(text: str, config: Config) -> OutletConfig | None:
    """The outlet an entry's text names first: a configured outlet by its name, an
    alias or one of its programmes (the longest at the same place), else a name of
    the form …新聞/…テレビ/…放送/…ラジオ/…通信 as an unconfigured outlet, else None.
    """
    folded = _fold(text)
    best: tuple[int, int, OutletConfig] | None = None
    for outlet in config.outlets:
        for name in (outlet.name, *outlet.aliases, *outlet.programmes):
            at = _named_at(folded, _fold(name))
            if at >= 0 and (best is None or (at, -len(name)) < (best[0], -best[1])):
                best = (at, len(name), outlet)
    if best is not None:
        return best[2]
    unlisted = _UNLISTED.search(unicodedata.normalize("NFKC", text))
    if unlisted is None:
        return None
    return OutletConfig(
        name=unlisted["name"],
        media_type=_KIND_MEDIA[unlisted["kind"]],
        configured=False,
    )
