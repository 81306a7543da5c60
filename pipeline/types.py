"""The values handed from stage to stage.

Every stage takes and returns these frozen dataclasses and enums; nothing
between stages is a ``dict[str, Any]``. No I/O here, no logic beyond small
derived properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum


class SourceKind(StrEnum):
    """How a source is fetched and parsed."""

    FEED = "feed"
    PAGE = "page"
    SEARCH = "search"
    PUBLICATIONS = "publications"


class MediaType(StrEnum):
    """The kind of outlet that published an item."""

    NEWSPAPER = "newspaper"
    TV = "tv"
    RADIO = "radio"
    MAGAZINE = "magazine"
    WIRE = "wire"
    WEB = "web"
    JOURNAL = "journal"


class FetchOutcome(StrEnum):
    """What a fetch came to; fetch never raises for an HTTP status."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    SOFT_ERROR = "soft_error"
    HARD_ERROR = "hard_error"


class Role(StrEnum):
    """What kind of appearance a mention is."""

    APPEARANCE = "appearance"
    QUOTE = "quote"
    AUTHORED = "authored"
    INTERVIEW = "interview"
    MENTION = "mention"
    PUBLICATION_CITATION = "publication_citation"
    TALK = "talk"


class MentionStatus(StrEnum):
    """Where a mention stands in review."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class RejectReason(StrEnum):
    """Why a reviewer rejected a mention."""

    NAMESAKE = "namesake"
    NOT_ABOUT_EXPERT = "not_about_expert"
    DUPLICATE = "duplicate"
    OTHER = "other"


class UserRole(StrEnum):
    """What a staff account may do: read, review and add, or also manage users and sources."""

    VIEWER = "viewer"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    def allows(self, needed: UserRole) -> bool:
        """True when this role includes everything ``needed`` may do."""
        order = (UserRole.VIEWER, UserRole.REVIEWER, UserRole.ADMIN)
        return order.index(self) >= order.index(needed)


class TargetKind(StrEnum):
    """What a mention points at."""

    EXPERT = "expert"
    INSTITUTE = "institute"
    PUBLICATION = "publication"


# --- configuration ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Selectors:
    """CSS selectors that pick items out of a listing page.

    ``item`` selects each item's element; the others are evaluated inside it
    (``link`` defaults to the first ``a[href]``, ``title`` to the link text).
    """

    item: str
    link: str | None = None
    title: str | None = None
    date: str | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One thing fetched on a schedule, as declared in sources.yaml."""

    name: str
    kind: SourceKind
    url: str
    every: timedelta
    outlet: str | None = None
    full_text: bool = False
    selectors: Selectors | None = None
    encoding: str | None = None
    enabled: bool = True
    language: str | None = None
    pub_type: str | None = None


@dataclass(frozen=True, slots=True)
class InstituteConfig:
    """The organisation being monitored."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    fiscal_year_start: int = 4


@dataclass(frozen=True, slots=True)
class GroupSpan:
    """An expert's membership of a research group, with the days it held (None: open)."""

    name: str
    since: date | None = None
    until: date | None = None

    def holds_on(self, day: date) -> bool:
        """True when the expert belonged to the group on ``day``."""
        return not (self.since is not None and day < self.since) and not (
            self.until is not None and day > self.until
        )


@dataclass(frozen=True, slots=True)
class ExpertConfig:
    """A person of the institute whose appearances are counted."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    require_context: bool = False
    topics: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: the groups with their days; empty means every group in ``groups``, always
    group_spans: tuple[GroupSpan, ...] = ()

    def groups_on(self, day: date) -> tuple[str, ...]:
        """The groups the expert belonged to on ``day`` (a group change moves them)."""
        if not self.group_spans:
            return self.groups
        return tuple(dict.fromkeys(g.name for g in self.group_spans if g.holds_on(day)))

    @property
    def all_names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))

    def is_member_on(self, day: date) -> bool:
        """True when ``day`` falls within the expert's time at the institute."""
        if self.since is not None and day < self.since:
            return False
        return not (self.until is not None and day > self.until)


@dataclass(frozen=True, slots=True)
class OutletConfig:
    """Who publishes items: a paper, a broadcaster, a wire, a site."""

    name: str
    media_type: MediaType
    domestic: bool = True
    language: str = "ja"
    domains: tuple[str, ...] = ()
    #: other names the outlet goes by (TBSテレビ, ＴＢＳ) and its programmes (ひるおび)
    aliases: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    #: False for an outlet an activity-log entry named that sources.yaml does not list
    configured: bool = True


@dataclass(frozen=True, slots=True)
class Config:
    """The whole validated sources.yaml."""

    institute: InstituteConfig
    experts: tuple[ExpertConfig, ...] = ()
    outlets: tuple[OutletConfig, ...] = ()
    sources: tuple[SourceConfig, ...] = ()

    def outlet(self, name: str | None) -> OutletConfig | None:
        """The outlet called ``name`` (its name or one of its aliases), or None."""
        if name is None:
            return None
        for outlet in self.outlets:
            if outlet.name == name:
                return outlet
        for outlet in self.outlets:
            if name in outlet.aliases:
                return outlet
        return None

    def source(self, name: str) -> SourceConfig | None:
        """The source called ``name``, or None."""
        for source in self.sources:
            if source.name == name:
                return source
        return None


# --- collection ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One HTTP fetch's outcome; ``text`` is the decoded body when OK."""

    url: str
    outcome: FetchOutcome
    final_url: str | None = None
    status: int | None = None
    content: bytes = b""
    text: str | None = None
    content_type: str | None = None
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    error: str | None = None
    retry_after: float | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One item found by one fetch: a feed entry or a listing-page item."""

    url: str
    title: str = ""
    summary: str = ""
    published: datetime | None = None
    guid: str | None = None
    author: str | None = None
    publisher: str | None = None
    publisher_url: str | None = None
    links: tuple[str, ...] = ()  # links in the summary, e.g. to a report it cites


@dataclass(frozen=True, slots=True)
class Article:
    """An article page reduced to what matching needs."""

    url: str
    title: str = ""
    text: str = ""
    published: datetime | None = None
    byline: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MentionCandidate:
    """An expert, the institute or a publication found in a document's text.

    ``start``/``end`` are offsets in the original (un-normalised) text;
    ``snippet`` is the evidence around it with the match wrapped in ``[[ ]]``.
    ``confidence`` says how sure the matcher is that the name is the target;
    ``role_confidence`` how sure the role model is of ``role``.
    """

    target_kind: TargetKind
    target_id: str
    alias: str
    start: int
    end: int
    snippet: str
    role: Role = Role.MENTION
    confidence: float = 1.0
    rule: str = ""
    reason: str = ""
    #: the role model's probability of ``role`` and the model's version (None: rules alone)
    role_confidence: float | None = None
    model_version: str | None = None


@dataclass(frozen=True, slots=True)
class PublicationRecord:
    """One of the institute's own outputs, found on a publications source."""

    url: str
    title: str
    pub_type: str
    language: str
    published: datetime | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
