"""The outlet of a document: ``media_type_for`` finds a URL's outlet by the longest
matching domain suffix. Pure functions.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pipeline.types import Config, OutletConfig


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
