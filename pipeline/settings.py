"""Where and how the service runs: database URL, user agent, fetch limits.

Read once from the environment (``MEDIAWATCH_*`` variables) into a frozen
value; nothing else in the project reads ``os.environ``. What to watch lives
in sources.yaml (see ``pipeline.config``), not here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from sqlalchemy.engine import make_url

from pipeline import limits

DEFAULT_DATABASE_URL = "sqlite:///data/mediawatch.db"
DEFAULT_USER_AGENT = (
    "mediawatch/0.1 (media monitoring for a policy institute; polite crawler; "
    "+https://github.com/mediawatch/mediawatch)"
)


class SettingsError(ValueError):
    """An environment variable holds a value that cannot be used."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime settings; every field can be set as ``MEDIAWATCH_<FIELD>``.

    ``allow_private_addresses`` turns off the fetcher's address guard, which
    otherwise refuses URLs that resolve to loopback, private, link-local and
    other non-public addresses unless their host is a configured source's host.
    """

    database_url: str = DEFAULT_DATABASE_URL
    user_agent: str = DEFAULT_USER_AGENT
    timeout_seconds: float = 20.0
    max_body_bytes: int = 5_000_000
    max_connections: int = 16
    per_host_connections: int = 2
    per_host_delay_seconds: float = 1.0
    retries: int = 2
    backoff_seconds: float = 1.0
    max_retry_after_seconds: float = 120.0
    obey_robots: bool = True
    allow_private_addresses: bool = False
    full_text_per_cycle: int = 50
    count_placements: bool = False
    log_level: str = "INFO"
    heartbeat_file: str = "data/mediawatch.heartbeat"
    #: one source's wall-clock budget per cycle, retries included
    source_budget_seconds: float = 60.0
    #: bounded work per document (``pipeline.limits``): characters of text kept,
    #: of a title, hits of one name form kept by matching, entries taken per fetch
    max_text_chars: int = limits.TEXT_CHARS
    max_title_chars: int = limits.TITLE_CHARS
    max_hits_per_name: int = limits.HITS_PER_NAME
    max_entries: int = limits.ENTRIES
    #: documents at least this large are worked on one at a time (``pipeline.budget``)
    heavy_document_bytes: int = limits.HEAVY_DOCUMENT_BYTES
    #: the role model file to use; empty: the newest in ``models_folder``, else the shipped one
    role_model_file: str = ""


def models_folder(database_url: str) -> Path:
    """Where trained role models live: ``models/`` beside a SQLite file, else ``./models``."""
    url = make_url(database_url)
    database = url.database or ""
    no_file = database in ("", ":memory:") or database.startswith("file:")
    if url.get_backend_name() == "sqlite" and not no_file:
        return Path(database).expanduser().parent / "models"
    return Path("models")


def _convert(raw: str, kind: type, name: str) -> object:
    try:
        if kind is bool:
            lowered = raw.strip().lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        return kind(raw)
    except ValueError as error:
        raise SettingsError(
            f"MEDIAWATCH_{name.upper()}={raw!r} is not a valid {kind.__name__}"
        ) from error


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from ``environ`` (default: the process environment)."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    kinds = {"str": str, "float": float, "int": int, "bool": bool}
    for item in fields(Settings):
        raw = env.get(f"MEDIAWATCH_{item.name.upper()}")
        if raw is None or raw == "":
            continue
        kind = kinds[item.type if isinstance(item.type, str) else item.type.__name__]
        values[item.name] = _convert(raw, kind, item.name)
    return Settings(**values)  # type: ignore[arg-type]
