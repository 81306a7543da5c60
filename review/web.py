"""What every page of the review app shares: state, templates, the signed-in user, CSRF.

``AppState`` holds the engine, the config, the clock and the optional
"collect now" hook; ``render`` fills a template with the user, the CSRF
token, the language and the helpers templates need. Templates autoescape
everything; ``safe_url`` lets only http(s) links through and ``highlight``
escapes a snippet before marking the matched name. Nothing here decides a
review; the routes call ``storage.review`` for that.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pipeline.types import Config, UserRole
from review import i18n
from review.auth import SESSION_COOKIE, LoginThrottle, same_token, token_digest
from storage import review as store
from storage.db import session_scope

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
LANG_COOKIE = "mw_lang"

CollectHook = Callable[[str], Awaitable[Any]]


@dataclass
class AppState:
    """What the routes need: the database, the config, a clock and the collector hook."""

    engine: Engine
    config: Config
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    collect: CollectHook | None = None
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    secure_cookies: bool = False


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person of a request and their session's CSRF token."""

    user: store.UserRow
    csrf: str

    def may(self, role: UserRole) -> bool:
        """True when the user's role allows what ``role`` may do."""
        return self.user.role.allows(role)


def state(request: Request) -> AppState:
    """The app's state."""
    value: AppState = request.app.state.mediawatch
    return value


@contextmanager
def db(request: Request) -> Iterator[Session]:
    """One unit of work on the app's database."""
    with session_scope(state(request).engine) as session:
        yield session


# --- language ---------------------------------------------------------------------


def language(request: Request) -> str:
    """ja unless the request asks for English (?lang=en, or the language cookie)."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return asked if asked in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


# --- untrusted text ------------------------------------------------------------------

_MARKED = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link with a host; None for anything else."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def highlight(snippet: str | None) -> Markup:
    """The snippet escaped, with the matched name (between ``[[`` and ``]]``) in <mark>."""
    if not snippet:
        return Markup("")
    out = []
    last = 0
    for match in _MARKED.finditer(snippet):
        out.append(escape(snippet[last : match.start()]))
        out.append(Markup("<mark>") + escape(match.group(1)) + Markup("</mark>"))
        last = match.end()
    out.append(escape(snippet[last:]))
    return Markup("").join(out)


def safe_next(target: str | None, default: str = "/queue") -> str:
    """A same-site path to go back to; anything else (other hosts, schemes) gives ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


# --- templates ---------------------------------------------------------------------

_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["safe_url"] = safe_url
_environment.filters["highlight"] = highlight


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    viewer: Viewer | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` with the shared context (user, CSRF token, language, helpers)."""
    lang = language(request)

    def query(**changes: Any) -> str:
        params = dict(request.query_params)
        for key, value in changes.items():
            if value is None or value == "":
                params.pop(key, None)
            else:
                params[key] = str(value)
        return "?" + urlencode(params) if params else "?"

    values = {
        "request_path": request.url.path,
        "viewer": viewer,
        "csrf": viewer.csrf if viewer else "",
        "lang": lang,
        "other_lang": "en" if lang == "ja" else "ja",
        "t": lambda key: i18n.text(lang, key),
        "day": lambda moment: i18n.day(lang, moment),
        "when": lambda moment: i18n.when(lang, moment),
        "query": query,
        "UserRole": UserRole,
        "config": state(request).config,
        "expert_names": {e.id: e.name for e in state(request).config.experts},
    }
    values.update(context)
    body = _environment.get_template(template).render(**values)
    response = HTMLResponse(body, status_code=status_code)
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=365 * 86400, httponly=True, samesite="strict"
        )
    return response


# --- who is asking --------------------------------------------------------------------


class NotSignedIn(Exception):
    """The request needs a signed-in user and has none; answered with a redirect to sign in."""


def current_viewer(request: Request) -> Viewer | None:
    """The signed-in user of this request, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with db(request) as session:
        found = store.session_user(session, token_digest(token), state(request).clock())
    if found is None:
        return None
    user, csrf = found
    return Viewer(user=user, csrf=csrf)


def need(request: Request, role: UserRole = UserRole.VIEWER) -> Viewer:
    """The signed-in user, who must hold ``role``: NotSignedIn or 403 otherwise."""
    viewer = current_viewer(request)
    if viewer is None:
        raise NotSignedIn()
    if not viewer.may(role):
        raise HTTPException(status_code=403, detail="forbidden")
    return viewer


async def need_form(request: Request, role: UserRole) -> tuple[Viewer, dict[str, list[str]]]:
    """For a POST: the user (holding ``role``) and the form, whose CSRF token must match."""
    viewer = need(request, role)
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    if not same_token(viewer.csrf, (values.get("csrf") or [""])[0]):
        raise HTTPException(status_code=403, detail="csrf")
    return viewer, values


def first(form: dict[str, list[str]], key: str) -> str:
    """The first value of a form field, stripped; empty when absent."""
    return (form.get(key) or [""])[0].strip()


def see_other(target: str) -> Response:
    """Redirect after a POST (303), so reloading never repeats the action."""
    return RedirectResponse(target, status_code=303)
