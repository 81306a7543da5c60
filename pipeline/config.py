"""Read sources.yaml into a validated, typed ``Config``.

Takes a path (or YAML text), returns ``pipeline.types.Config``. A bad file is
one ``ConfigError`` naming the file, the entry and the field; no half-read
config ever escapes. Values that would hurt an unattended service are refused
here too: intervals outside 1 minute..366 days, source URLs that are not
http(s) with a valid host and port, CSS selectors that do not compile, and
expert or institute aliases too short to be a name (fewer than 2 characters in
Japanese/CJK script, 3 in Latin script) unless listed under ``short_aliases``.
No network, no database.
"""

from __future__ import annotations

import io
import ipaddress
import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

import soupsieve
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pipeline.normalize import is_japanese
from pipeline.types import (
    Config,
    ExpertConfig,
    GroupSpan,
    InstituteConfig,
    MediaType,
    OutletConfig,
    Selectors,
    SourceConfig,
    SourceKind,
)

SEARCH_PLACEHOLDER = "{query}"
# Other spellings of the placeholder that people write; all expand the same way.
SEARCH_PLACEHOLDERS = (SEARCH_PLACEHOLDER, "{alias}", "{name}")


def _fill_placeholder(template: str, value: str) -> str:
    for placeholder in SEARCH_PLACEHOLDERS:
        template = template.replace(placeholder, value)
    return template


_DURATION_PART = re.compile(r"(\d+)\s*([smhdw])", re.IGNORECASE)
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_MIN_INTERVAL = timedelta(minutes=1)
_MAX_INTERVAL = timedelta(days=366)
#: Fewest letters an alias needs to be a name: Japanese/CJK script, other (Latin) script.
MIN_NAME_CHARS_CJK = 2
MIN_NAME_CHARS_LATIN = 3
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


class ConfigError(ValueError):
    """sources.yaml cannot be used; the message names file, entry and field."""


def parse_duration(text: str) -> timedelta:
    """Turn ``30m``, ``6h``, ``1d``, ``1h30m`` or ``90s`` into a timedelta."""
    cleaned = str(text).strip()
    parts = _DURATION_PART.findall(cleaned)
    if not parts or _DURATION_PART.sub("", cleaned).strip():
        raise ValueError(f"{text!r} is not a duration like 30m, 6h or 1d")
    seconds = sum(int(amount) * _DURATION_UNITS[unit.lower()] for amount, unit in parts)
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        raise ValueError(f"{text!r} is too long a duration") from None


def _interval(value: Any) -> timedelta:
    """A source's ``every``: a duration text or a number of seconds, 1 minute..366 days."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration like 30m, 6h or 1d")
    if isinstance(value, timedelta):
        seconds: float = value.total_seconds()
    elif isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a duration like 30m, 6h or 1d")
        seconds = value
    else:
        seconds = parse_duration(str(value)).total_seconds()
    if seconds < _MIN_INTERVAL.total_seconds():
        raise ValueError("must be at least 1m (be polite to the sites we watch)")
    if seconds > _MAX_INTERVAL.total_seconds():
        raise ValueError("must be at most 366d (set enabled: false to stop watching a source)")
    return timedelta(seconds=seconds)


def _valid_host(host: str) -> bool:
    """True for an IP address or a DNS name (Unicode labels allowed, as IDNA)."""
    if ":" in host:
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return False
        return True
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        pass
    else:
        return True
    name = host.removesuffix(".")
    if not name or len(name) > 253:
        return False
    labels = name.split(".")
    if labels[-1].isdigit():  # no top-level domain is a number: a broken IPv4 address
        return False
    for label in labels:
        try:
            ascii_label = label.encode("idna").decode("ascii") if not label.isascii() else label
        except UnicodeError:
            return False
        if not _HOST_LABEL.match(ascii_label.lower()):
            return False
    return True


def _check_http_url(url: str, *, template: bool = False) -> str:
    """``url`` when it is http(s) with a valid host and port, else ValueError."""
    probe = _fill_placeholder(url, "q") if template else url
    try:
        parts = urlsplit(probe)
    except ValueError as error:  # e.g. an unclosed [IPv6 literal
        raise ValueError(f"{url!r} is not a URL ({error})") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL with a host")
    if not _valid_host(parts.hostname):
        raise ValueError(f"{url!r}: host {parts.hostname!r} is not a valid host name")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port is not None and not 1 <= port <= 65535:
        raise ValueError(f"{url!r}: the port must be a number in 1..65535")
    return url


def _too_short(text: str) -> str | None:
    """Why ``text`` is too short to be a name, or None when it is long enough.

    Letters and digits are counted (after NFKC, so full-width Latin is Latin):
    at least ``MIN_NAME_CHARS_CJK`` when any is Japanese, Chinese or Korean,
    else ``MIN_NAME_CHARS_LATIN``. A one-letter alias would match everywhere.
    """
    letters = [char for char in unicodedata.normalize("NFKC", text) if char.isalnum()]
    cjk = any(is_japanese(char) or "\uac00" <= char <= "\ud7a3" for char in letters)
    needed = MIN_NAME_CHARS_CJK if cjk else MIN_NAME_CHARS_LATIN
    if len(letters) >= needed:
        return None
    script = "CJK" if cjk else "Latin"
    return f"{text!r} is too short to be a name (fewer than {needed} {script} characters)"


def _long_enough_name(text: str) -> str:
    """``text`` (a canonical name) when it is long enough to be a name, else ValueError."""
    problem = _too_short(text)
    if problem:
        raise ValueError(problem)
    return text


def _long_enough_alias(text: str) -> str:
    """``text`` (an alias) when it is long enough to be a name, else ValueError."""
    problem = _too_short(text)
    if problem:
        raise ValueError(f"{problem}; if it really is one, list it under short_aliases")
    return text


def _compiles(selector: str | None) -> str | None:
    """``selector`` when soupsieve compiles it (as ``pipeline.parse`` will), else ValueError."""
    if selector is None:
        return None
    if not selector:
        raise ValueError("empty CSS selector")
    try:
        soupsieve.compile(selector)
    except soupsieve.SelectorSyntaxError as error:
        detail = str(error).splitlines()[0]
        raise ValueError(f"{selector!r} is not a valid CSS selector ({detail})") from None
    return selector


#: A person's canonical name, long enough to be one.
_Name = Annotated[str, Field(min_length=1), AfterValidator(_long_enough_name)]
#: An alias of a person or of the institute, long enough to be a name.
_Alias = Annotated[str, Field(min_length=1), AfterValidator(_long_enough_alias)]
#: An alias the config vouches for although it is short (e.g. a two-letter romanised surname).
_ShortAlias = Annotated[str, Field(min_length=1)]
_Selector = Annotated[str | None, AfterValidator(_compiles)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Institute(_Strict):
    name: str = Field(min_length=1)
    aliases: list[_Alias] = []
    short_aliases: list[_ShortAlias] = []
    domains: list[str] = []
    fiscal_year_start: int = Field(default=4, ge=1, le=12)


class _Group(_Strict):
    name: str = Field(min_length=1)
    since: date | None = None
    until: date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> _Group:
        if self.since and self.until and self.until < self.since:
            raise ValueError("until is before since")
        return self


class _Expert(_Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: _Name
    aliases: list[_Alias] = []
    short_aliases: list[_ShortAlias] = []
    titles: list[str] = []
    # A group by name, or with the days the expert belonged to it (a group change).
    groups: list[str | _Group] = []
    since: date | None = None
    until: date | None = None
    require_context: bool = False
    topics: list[str] = []
    exclude: list[str] = []

    @model_validator(mode="after")
    def _dates_in_order(self) -> _Expert:
        if self.since and self.until and self.until < self.since:
            raise ValueError("until is before since")
        return self


class _Outlet(_Strict):
    name: str = Field(min_length=1)
    media_type: MediaType
    domestic: bool = True
    language: str = "ja"
    domains: list[str] = []
    aliases: list[str] = []
    programmes: list[str] = []


class _Selectors(_Strict):
    item: Annotated[str, Field(min_length=1), AfterValidator(_compiles)]
    link: _Selector = None
    title: _Selector = None
    date: _Selector = None
    summary: _Selector = None


class _Source(_Strict):
    name: str = Field(min_length=1)
    kind: Literal["feed", "page", "search", "publications"]
    url: str
    every: timedelta = timedelta(hours=1)
    outlet: str | None = None
    full_text: bool = False
    selectors: _Selectors | None = None
    encoding: str | None = None
    enabled: bool = True
    language: str | None = None
    pub_type: str | None = None

    @field_validator("every", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> timedelta:
        return _interval(value)

    @field_validator("encoding")
    @classmethod
    def _known_codec(cls, value: str | None) -> str | None:
        if value is None:
            return None
        import codecs

        try:
            codecs.lookup(value)
        except LookupError as error:
            raise ValueError(f"unknown encoding {value!r}") from error
        return value

    @model_validator(mode="after")
    def _kind_rules(self) -> _Source:
        if self.kind == "search" and not any(
            placeholder in self.url for placeholder in SEARCH_PLACEHOLDERS
        ):
            raise ValueError(
                f"a search url must contain {SEARCH_PLACEHOLDER}, where each alias goes"
            )
        try:
            _check_http_url(self.url, template=self.kind == "search")
        except ValueError as error:
            raise ValueError(f"url: {error}") from None
        if self.kind == "page" and self.selectors is None:
            raise ValueError("a page source needs selectors (at least item)")
        return self


class _File(_Strict):
    institute: _Institute
    experts: list[_Expert] = []
    outlets: list[_Outlet] = []
    sources: list[_Source] = []

    @model_validator(mode="after")
    def _references(self) -> _File:
        _unique((expert.id for expert in self.experts), "experts", "id")
        _unique((outlet.name for outlet in self.outlets), "outlets", "name")
        _unique((source.name for source in self.sources), "sources", "name")
        owner: dict[str, str] = {}
        for outlet in self.outlets:
            for other_name in (*outlet.aliases, *outlet.programmes):
                if owner.get(other_name, outlet.name) != outlet.name or (
                    other_name != outlet.name and other_name in {o.name for o in self.outlets}
                ):
                    raise _EntryError(f"outlets ({outlet.name}): {other_name!r} names two outlets")
                owner[other_name] = outlet.name
        outlet_names = {outlet.name for outlet in self.outlets}
        for index, source in enumerate(self.sources):
            if source.outlet is not None and source.outlet not in outlet_names:
                raise _EntryError(
                    f"sources[{index}] ({source.name}): outlet: "
                    f"{source.outlet!r} is not one of the outlets"
                )
        return self


class _EntryError(ValueError):
    """A cross-entry rule failed; the message already names the entry."""


def _unique(values: Iterable[str], section: str, field: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise _EntryError(f"{section}[{index}]: {field}: {value!r} appears twice")
        seen.add(value)


def _describe_location(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Name the entry a pydantic error points at, e.g. ``sources[2] (nhk): every``."""
    words: list[str] = []
    node: Any = raw
    index = 0
    while index < len(loc):
        part = loc[index]
        if isinstance(part, int) and words:
            label = f"{words.pop()}[{part}]"
            entry = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(entry, dict):
                named = entry.get("name") or entry.get("id")
                if named:
                    label += f" ({named})"
            words.append(label)
            node = entry
        else:
            words.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
        index += 1
    if len(words) <= 1:
        return words[0] if words else "(top level)"
    return f"{words[0]}: {'.'.join(words[1:])}"


def _format_validation_error(path: str, raw: Any, error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        location = _describe_location(raw, tuple(problem["loc"]))
        message = str(problem["msg"]).removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown field (check the spelling)"
        elif problem["type"] == "missing":
            message = "is required"
        lines.append(f"{path}: {location}: {message}")
    return "\n".join(lines)


def _to_config(parsed: _File) -> Config:
    return Config(
        institute=InstituteConfig(
            name=parsed.institute.name,
            aliases=tuple(
                dict.fromkeys((*parsed.institute.aliases, *parsed.institute.short_aliases))
            ),
            domains=tuple(domain.lower() for domain in parsed.institute.domains),
            fiscal_year_start=parsed.institute.fiscal_year_start,
        ),
        experts=tuple(
            ExpertConfig(
                id=expert.id,
                name=expert.name,
                aliases=tuple(dict.fromkeys((*expert.aliases, *expert.short_aliases))),
                titles=tuple(expert.titles),
                groups=tuple(
                    dict.fromkeys(g if isinstance(g, str) else g.name for g in expert.groups)
                ),
                group_spans=tuple(
                    GroupSpan(g, None, None)
                    if isinstance(g, str)
                    else GroupSpan(g.name, g.since, g.until)
                    for g in expert.groups
                ),
                since=expert.since,
                until=expert.until,
                require_context=expert.require_context,
                topics=tuple(expert.topics),
                exclude=tuple(expert.exclude),
            )
            for expert in parsed.experts
        ),
        outlets=tuple(
            OutletConfig(
                name=outlet.name,
                media_type=outlet.media_type,
                domestic=outlet.domestic,
                language=outlet.language,
                domains=tuple(domain.lower() for domain in outlet.domains),
                aliases=tuple(dict.fromkeys(a.strip() for a in outlet.aliases if a.strip())),
                programmes=tuple(dict.fromkeys(p.strip() for p in outlet.programmes if p.strip())),
            )
            for outlet in parsed.outlets
        ),
        sources=tuple(
            SourceConfig(
                name=source.name,
                kind=SourceKind(source.kind),
                url=source.url,
                every=source.every,
                outlet=source.outlet,
                full_text=source.full_text,
                selectors=Selectors(**source.selectors.model_dump()) if source.selectors else None,
                encoding=source.encoding,
                enabled=source.enabled,
                language=source.language,
                pub_type=source.pub_type,
            )
            for source in parsed.sources
        ),
    )


def _yaml_problem(error: yaml.YAMLError) -> str:
    """One line: where in the file and what PyYAML could not read."""
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem_mark is None:
        return " ".join(str(error).split())
    mark = error.problem_mark
    message = f"line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
    if error.context:
        context = error.context
        if error.context_mark is not None:
            start = error.context_mark
            context += f" started at line {start.line + 1}, column {start.column + 1}"
        message += f" ({context})"
    return message


def parse_config(text: str, path: str = "sources.yaml") -> Config:
    """Validate YAML ``text`` (read from ``path``, used in messages) into a Config."""
    stream = io.StringIO(text)
    stream.name = path  # so that PyYAML names the file, not "<unicode string>"
    try:
        raw = yaml.safe_load(stream)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {_yaml_problem(error)}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping with institute, experts, outlets, sources")
    try:
        parsed = _File.model_validate(raw)
    except ValidationError as error:
        entry_errors = [
            problem
            for problem in error.errors()
            if isinstance(problem.get("ctx", {}).get("error"), _EntryError)
        ]
        if entry_errors:
            message = str(entry_errors[0]["ctx"]["error"])
            raise ConfigError(f"{path}: {message}") from None
        raise ConfigError(_format_validation_error(path, raw, error)) from None
    return _to_config(parsed)


def load_config(path: str | Path) -> Config:
    """Read and validate the sources.yaml at ``path``."""
    file_path = Path(path)
    try:
        text = file_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{file_path}: no such file (pass --config PATH)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{file_path}: cannot be read: {error}") from None
    return parse_config(text, str(file_path))


def search_query_url(template: str, alias: str) -> str:
    """Expand a search source's URL template for one alias, percent-encoded.

    The alias goes in as it is; a template that wants a phrase search quotes
    the placeholder itself (``q=%22{query}%22``).
    """
    return _fill_placeholder(template, quote(alias, safe=""))


def source_hosts(config: Config) -> frozenset[str]:
    """The lower-case host names of every (expanded) source URL: the hosts the config trusts.

    The fetcher lets these reach private and loopback addresses (a local test
    world, an intranet feed); any other host that resolves to one is refused.
    """
    hosts: set[str] = set()
    for source in (*config.sources, *expand_sources(config)):
        host = urlsplit(_fill_placeholder(source.url, "q")).hostname
        if host:
            hosts.add(host.lower().rstrip("."))
    return frozenset(hosts)


def expand_sources(config: Config) -> tuple[SourceConfig, ...]:
    """Every fetch target: search sources become one target per expert alias.

    An expanded search target is named ``"<source> [<alias>]"`` and keeps its
    own fetch state (ETag, failures) in the database like any other source.
    """
    targets: list[SourceConfig] = []
    for source in config.sources:
        if source.kind is not SourceKind.SEARCH:
            targets.append(source)
            continue
        seen: set[str] = set()
        for expert in config.experts:
            for alias in expert.all_names:
                if alias in seen:
                    continue
                seen.add(alias)
                targets.append(
                    SourceConfig(
                        name=f"{source.name} [{alias}]",
                        kind=SourceKind.SEARCH,
                        url=search_query_url(source.url, alias),
                        every=source.every,
                        outlet=source.outlet,
                        full_text=source.full_text,
                        selectors=source.selectors,
                        encoding=source.encoding,
                        enabled=source.enabled,
                        language=source.language,
                        pub_type=source.pub_type,
                    )
                )
    return tuple(targets)
